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

/// Run a dashboard write; on success call `done`, on failure show it in `failure`.
pub fn spawn_write<T: 'static>(
    future: impl std::future::Future<Output = Result<T, crate::api::ApiFailure>> + 'static,
    failure: UseStateHandle<Option<crate::api::ApiFailure>>,
    done: impl FnOnce(T) + 'static,
) {
    wasm_bindgen_futures::spawn_local(async move {
        match future.await {
            Ok(value) => {
                failure.set(None);
                done(value);
            }
            Err(f) => failure.set(Some(f)),
        }
    });
}
