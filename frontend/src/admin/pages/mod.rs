//! The dashboard's pages, one file each.

mod attendance;
mod audit;
mod editor;
mod group;
mod groups;
mod outbox;
mod overview;
mod people;
mod sign_in;
mod users;

pub use attendance::Attendance;
pub use audit::Audit;
pub use editor::GroupEditor;
pub use group::GroupPage;
pub use groups::Groups;
pub use outbox::Outbox;
pub use overview::Overview;
pub use people::People;
pub use sign_in::{SignIn, SignInWithLink};
pub use users::Users;

use village_shared::model::Publication;
use yew::prelude::*;

use crate::i18n::use_tr;

#[derive(Properties, PartialEq)]
pub struct StatusProps {
    pub status: Publication,
}

/// "Draft", "Published", … as a coloured tag.
#[function_component]
pub fn StatusTag(props: &StatusProps) -> Html {
    let tr = use_tr();
    html! { <span class={classes!("status-tag", format!("status-{}", props.status.code()))}>{ tr.publication(props.status) }</span> }
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

/// Run a dashboard write unless one is in flight; on success call `done`, on failure keep it
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

#[derive(Properties, PartialEq)]
pub struct WriteFailureProps {
    pub failure: crate::api::ApiFailure,
}

/// Why a write was refused: the API's message and, when fields were at fault, what each
/// needs (publishing an incomplete draft lists what is missing).
#[function_component]
pub fn WriteFailure(props: &WriteFailureProps) -> Html {
    let fields = match &props.failure {
        crate::api::ApiFailure::Api { error, .. } => error.fields.clone(),
        crate::api::ApiFailure::Network => vec![],
    };
    html! {
        <>
            <crate::components::ErrorNotice failure={props.failure.clone()} />
            if !fields.is_empty() {
                <ul class="notice notice-error field-problems">
                    { for fields.iter().map(|f| html! { <li>{ &f.message }</li> }) }
                </ul>
            }
        </>
    }
}
