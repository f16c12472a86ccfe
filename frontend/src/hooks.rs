use std::future::Future;

use yew::prelude::*;

use crate::api::ApiFailure;

/// Something loaded from the API.
#[derive(Clone, PartialEq)]
pub enum Remote<T> {
    Loading,
    Ready(T),
    Failed(ApiFailure),
}

/// Load with `load(deps)` whenever `deps` change; the callback loads again (a "Try again" button).
#[hook]
pub fn use_remote<T, D, F, Fut>(deps: D, load: F) -> (Remote<T>, Callback<MouseEvent>, UseStateHandle<Remote<T>>)
where
    T: Clone + PartialEq + 'static,
    D: Clone + PartialEq + 'static,
    F: Fn(D) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiFailure>> + 'static,
{
    let state = use_state(|| Remote::Loading);
    let attempt = use_state(|| 0u32);
    {
        let state = state.clone();
        use_effect_with((deps, *attempt), move |(deps, _)| {
            state.set(Remote::Loading);
            let future = load(deps.clone());
            wasm_bindgen_futures::spawn_local(async move {
                state.set(match future.await {
                    Ok(value) => Remote::Ready(value),
                    Err(failure) => Remote::Failed(failure),
                });
            });
            || ()
        });
    }
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |_| attempt.set(*attempt + 1))
    };
    ((*state).clone(), retry, state)
}
