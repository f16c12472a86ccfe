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

/// A list the API answers a page at a time (`?cursor=`): the pages loaded so far, and `more`
/// to add the next one (a "Show more" button; none after the last page).
#[derive(Clone, PartialEq)]
pub struct Paged<T> {
    pub items: Remote<Vec<T>>,
    pub more: Option<Callback<MouseEvent>>,
    /// The next page is on its way (its button waits).
    pub loading_more: bool,
    /// The next page failed: the button tries again.
    pub more_failed: Option<ApiFailure>,
    pub retry: Callback<MouseEvent>,
}

/// Load the first page with `load(deps, None)` whenever `deps` change; `more` loads the page
/// after with the cursor the last one answered.
#[hook]
pub fn use_paged<T, D, F, Fut>(deps: D, load: F) -> Paged<T>
where
    T: Clone + PartialEq + 'static,
    D: Clone + PartialEq + 'static,
    F: Fn(D, Option<String>) -> Fut + 'static,
    Fut: Future<Output = Result<(Vec<T>, Option<String>), ApiFailure>> + 'static,
{
    let load = std::rc::Rc::new(load);
    let first = {
        let load = load.clone();
        move |deps: D| load(deps, None)
    };
    let (remote, retry, _) = use_remote(deps.clone(), first);
    let later = use_state(|| (Vec::<T>::new(), None::<Option<String>>));
    let loading_more = use_state(|| false);
    let more_failed = use_state(|| None::<ApiFailure>);
    {
        // A new first page starts the list again.
        let later = later.clone();
        use_effect_with(remote.clone(), move |_| {
            later.set((Vec::new(), None));
            || ()
        });
    }
    let (items, next) = match &remote {
        Remote::Loading => (Remote::Loading, None),
        Remote::Failed(f) => (Remote::Failed(f.clone()), None),
        Remote::Ready((first, first_next)) => {
            let mut all = first.clone();
            all.extend(later.0.iter().cloned());
            let next = match &later.1 {
                Some(after_later) => after_later.clone(),
                None => first_next.clone(),
            };
            (Remote::Ready(all), next)
        }
    };
    let more = next.map(|cursor| {
        let (later, loading_more, more_failed, load, deps) =
            (later.clone(), loading_more.clone(), more_failed.clone(), load.clone(), deps.clone());
        Callback::from(move |_: MouseEvent| {
            if *loading_more {
                return;
            }
            loading_more.set(true);
            let future = load(deps.clone(), Some(cursor.clone()));
            let (later, loading_more, more_failed) = (later.clone(), loading_more.clone(), more_failed.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match future.await {
                    Ok((page, next)) => {
                        let mut items = later.0.clone();
                        items.extend(page);
                        later.set((items, Some(next)));
                        more_failed.set(None);
                    }
                    Err(failure) => more_failed.set(Some(failure)),
                }
                loading_more.set(false);
            });
        })
    });
    Paged { items, more, loading_more: *loading_more, more_failed: (*more_failed).clone(), retry }
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
