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

/// A component's writes: the last failure, and whether one is in flight (its buttons are
/// disabled meanwhile, so a double tap never sends twice).
#[derive(Clone, PartialEq)]
pub struct Writing {
    failure: UseStateHandle<Option<crate::api::ApiFailure>>,
    busy: UseStateHandle<bool>,
}

impl std::ops::Deref for Writing {
    type Target = Option<crate::api::ApiFailure>;
    fn deref(&self) -> &Self::Target {
        &self.failure
    }
}

impl Writing {
    pub fn busy(&self) -> bool {
        *self.busy
    }
}

#[hook]
pub fn use_writing() -> Writing {
    Writing { failure: use_state(|| None), busy: use_state(|| false) }
}

/// Run a write unless one is in flight; on success call `done`, on failure keep it
/// for [`WriteFailure`].
pub fn spawn_write<T: 'static>(
    future: impl std::future::Future<Output = Result<T, crate::api::ApiFailure>> + 'static,
    writing: Writing,
    done: impl FnOnce(T) + 'static,
) {
    if writing.busy() {
        return;
    }
    writing.busy.set(true);
    wasm_bindgen_futures::spawn_local(async move {
        let result = future.await;
        writing.busy.set(false);
        match result {
            Ok(value) => {
                writing.failure.set(None);
                done(value);
            }
            Err(f) => writing.failure.set(Some(f)),
        }
    });
}
