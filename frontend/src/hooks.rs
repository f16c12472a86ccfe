use std::future::Future;

use village_shared::api::{ApiError, FieldMessage};
use yew::prelude::*;

use crate::api::ApiFailure;
use crate::components::Problems;

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
    use_remote_from(deps, None, load)
}

/// [`use_remote`], starting from `first` when there is one: the answer the page arrived with
/// (the Worker rendered it from it), so the first render shows it and asks for nothing; a
/// change of `deps` loads as usual.
#[hook]
pub fn use_remote_from<T, D, F, Fut>(
    deps: D,
    first: Option<T>,
    load: F,
) -> (Remote<T>, Callback<MouseEvent>, UseStateHandle<Remote<T>>)
where
    T: Clone + PartialEq + 'static,
    D: Clone + PartialEq + 'static,
    F: Fn(D) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiFailure>> + 'static,
{
    let arrived_with = use_mut_ref(|| first.is_some());
    let state = use_state(|| first.map_or(Remote::Loading, Remote::Ready));
    let attempt = use_state(|| 0u32);
    {
        let state = state.clone();
        use_effect_with((deps, *attempt), move |(deps, _)| {
            if !std::mem::take(&mut *arrived_with.borrow_mut()) {
                state.set(Remote::Loading);
                let future = load(deps.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    state.set(match future.await {
                        Ok(value) => Remote::Ready(value),
                        Err(failure) => Remote::Failed(failure),
                    });
                });
            }
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
    use_paged_from(deps, None, load)
}

/// [`use_paged`], starting from `first` (the page the address arrived with) when there is one.
#[hook]
pub fn use_paged_from<T, D, F, Fut>(deps: D, first: Option<(Vec<T>, Option<String>)>, load: F) -> Paged<T>
where
    T: Clone + PartialEq + 'static,
    D: Clone + PartialEq + 'static,
    F: Fn(D, Option<String>) -> Fut + 'static,
    Fut: Future<Output = Result<(Vec<T>, Option<String>), ApiFailure>> + 'static,
{
    let load = std::rc::Rc::new(load);
    let first_page = {
        let load = load.clone();
        move |deps: D| load(deps, None)
    };
    let (remote, retry, _) = use_remote_from(deps.clone(), first, first_page);
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

/// Where a component's writes are: one in flight (its buttons wait meanwhile, so a double tap
/// never sends twice), the last failure of no one field, and the problems by field.
#[derive(Clone, PartialEq, Default)]
struct Sending {
    busy: bool,
    failure: Option<ApiFailure>,
    problems: Problems,
    /// None of the problems is marked on a control of the form (the API named a field this
    /// form does not show): the notice tells them itself.
    unmarked: bool,
}

enum Step {
    Start,
    Done,
    Failed(ApiFailure),
    Refused(Vec<FieldMessage>),
    Forget(String),
    Unmarked,
}

impl Reducible for Sending {
    type Action = Step;
    fn reduce(self: std::rc::Rc<Self>, step: Step) -> std::rc::Rc<Self> {
        std::rc::Rc::new(match step {
            Step::Start => Sending { busy: true, ..(*self).clone() },
            Step::Done => Sending::default(),
            Step::Failed(failure) => Sending { failure: Some(failure), ..Default::default() },
            Step::Refused(found) => Sending { problems: Problems::new(found), ..Default::default() },
            Step::Forget(field) => Sending { problems: self.problems.without(&field), ..(*self).clone() },
            Step::Unmarked => Sending { unmarked: true, ..(*self).clone() },
        })
    }
}

/// A write to run: the call and what to do with its answer. Boxed, so the running of writes is
/// one copy in the Wasm rather than one per form.
type Write = std::pin::Pin<Box<dyn Future<Output = Result<(), ApiFailure>>>>;

/// A form's sending: one at a time, the problems found by field (by the shared rules before
/// sending, or by the API after), a failure of no one field, and the focus taken to the first
/// control marked wrong. Every form in the four apps sends through it;
/// [`crate::components::Field`] shows its problems.
#[derive(Clone, PartialEq)]
pub struct Submit {
    state: UseReducerHandle<Sending>,
    form: NodeRef,
}

#[hook]
pub fn use_submit() -> Submit {
    use_submit_from(None)
}

/// [`use_submit`], starting from an answer already given (`status`, `error`): a form the
/// Worker answered when it was posted without the app.
#[hook]
pub fn use_submit_from(answered: Option<(u16, ApiError)>) -> Submit {
    let state = use_reducer(move || match answered {
        Some((_, error)) if !error.fields.is_empty() => Sending { problems: Problems::new(error.fields), ..Default::default() },
        Some((status, error)) => Sending { failure: Some(ApiFailure::Api { status, error }), ..Default::default() },
        None => Sending::default(),
    });
    Submit { state, form: use_node_ref() }
}

impl Submit {
    /// The `<form ref={…}>`: the focus goes to the first problem inside it.
    pub fn form(&self) -> NodeRef {
        self.form.clone()
    }

    pub fn busy(&self) -> bool {
        self.state.busy
    }

    pub fn problems(&self) -> &Problems {
        &self.state.problems
    }

    /// What went wrong that is no one field's (the network, a conflict, a closed group).
    pub fn failure(&self) -> Option<ApiFailure> {
        self.state.failure.clone()
    }

    /// The person is changing `field`: its problem goes until the next attempt.
    pub fn forget(&self, field: &str) {
        if self.state.problems.has(field) {
            self.state.dispatch(Step::Forget(field.to_string()));
        }
    }

    /// An input's handler for a field kept in `state`: what is typed goes there, and the
    /// field's problem goes until the next attempt.
    pub fn typed(&self, state: &UseStateHandle<String>, field: &'static str) -> Callback<String> {
        let (state, submit) = (state.clone(), self.clone());
        Callback::from(move |value: String| {
            state.set(value);
            submit.forget(field);
        })
    }

    /// Found wrong before sending (the same rules the Worker applies): show them, send nothing.
    /// (Not while a send is on its way: its answer decides.)
    pub fn refuse(&self, found: Vec<FieldMessage>) {
        if !self.busy() {
            self.mark(found);
        }
    }

    /// Put `found` on the fields and bring the first into view.
    fn mark(&self, found: Vec<FieldMessage>) {
        let found_problems = !found.is_empty();
        self.state.dispatch(Step::Refused(found));
        self.reveal(found_problems);
    }

    /// Send unless a send is in flight. Success calls `done`; a refusal naming fields marks
    /// them; any other failure is kept for the form's notice. Either way the first problem is
    /// brought into view.
    pub fn send<T: 'static>(
        &self,
        future: impl Future<Output = Result<T, ApiFailure>> + 'static,
        done: impl FnOnce(T) + 'static,
    ) {
        self.run(Box::pin(async move { future.await.map(done) }), true);
    }

    /// Run `write` unless one is in flight; a form's writes (`marks_fields`) put the fields an
    /// API refusal names on those fields and bring the first problem into view.
    fn run(&self, write: Write, marks_fields: bool) {
        if self.busy() {
            return;
        }
        self.state.dispatch(Step::Start);
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            match write.await {
                Ok(()) => this.state.dispatch(Step::Done),
                Err(ApiFailure::Api { error, .. }) if marks_fields && !error.fields.is_empty() => {
                    this.mark(error.fields)
                }
                Err(failure) => {
                    this.state.dispatch(Step::Failed(failure));
                    if marks_fields {
                        this.reveal(false);
                    }
                }
            }
        });
    }

    /// The top of the form after a failed attempt: "fix what is marked" when fields are at
    /// fault (each says what below; if none of them is on this form, the problems themselves),
    /// otherwise what went wrong. (A function, not a component: one less component's
    /// machinery in every bundle.)
    pub fn notice(&self, tr: crate::i18n::Tr) -> Html {
        let Sending { problems, unmarked, .. } = &*self.state;
        if !problems.is_empty() {
            let text = if *unmarked { problems.messages().join(" ") } else { tr.fix_errors().to_string() };
            return html! { <div class="notice notice-error" role="alert"><p>{ text }</p></div> };
        }
        match self.failure() {
            Some(failure) => html! { <crate::components::ErrorNotice {failure} /> },
            None => Html::default(),
        }
    }

    /// After the re-render that shows them: focus the first control marked wrong (a screen
    /// reader then reads its problem with it), or else bring the form's notice into view (on a
    /// phone the submit button is often below the fold of what went wrong) and, when problems
    /// were found but nothing is marked, let the notice tell them.
    fn reveal(&self, found_problems: bool) {
        let (form, state) = (self.form.clone(), self.state.clone());
        gloo_timers::callback::Timeout::new(0, move || {
            let Some(form) = form.cast::<web_sys::Element>() else { return };
            if let Ok(Some(field)) = form.query_selector("[aria-invalid=true]") {
                if let Ok(field) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(field) {
                    let _ = field.focus();
                    return;
                }
            }
            if found_problems {
                state.dispatch(Step::Unmarked);
            }
            if let Ok(Some(notice)) = form.query_selector(".notice-error") {
                notice.scroll_into_view();
            }
        })
        .forget();
    }
}

/// A lone button's writes (no fields): the same sending as a form's, its failure kept whole
/// for [`crate::components::WriteFailure`].
#[derive(Clone, PartialEq)]
pub struct Writing(Submit);

impl std::ops::Deref for Writing {
    type Target = Option<ApiFailure>;
    fn deref(&self) -> &Self::Target {
        &self.0.state.failure
    }
}

impl Writing {
    pub fn busy(&self) -> bool {
        self.0.busy()
    }
}

#[hook]
pub fn use_writing() -> Writing {
    Writing(use_submit())
}

/// Run a lone button's write unless one is in flight; on success call `done`.
pub fn spawn_write<T: 'static>(
    future: impl Future<Output = Result<T, ApiFailure>> + 'static,
    writing: Writing,
    done: impl FnOnce(T) + 'static,
) {
    writing.0.run(Box::pin(async move { future.await.map(done) }), false);
}
