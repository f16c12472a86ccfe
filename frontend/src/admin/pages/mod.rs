//! The dashboard's pages, one file each.

mod attendance;
mod audit;
mod directory;
mod editor;
mod group;
mod groups;
mod meetings;
mod outbox;
mod overview;
mod people;
mod sign_in;
mod users;

pub use attendance::Attendance;
pub use audit::Audit;
pub use directory::Directory;
pub use editor::GroupEditor;
pub use group::GroupPage;
pub use groups::Groups;
pub use meetings::Meetings;
pub use outbox::Outbox;
pub use overview::Overview;
pub use people::People;
pub use sign_in::{SignIn, SignInWithLink};
pub use users::Users;

use village_shared::model::Publication;
use yew::prelude::*;

pub use crate::hooks::{spawn_write, use_writing};
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

pub use crate::components::WriteFailure;

#[derive(Properties, PartialEq)]
pub struct MoreProps {
    pub more: Option<Callback<MouseEvent>>,
    pub loading: bool,
    #[prop_or_default]
    pub failure: Option<crate::api::ApiFailure>,
}

/// "Show more" under a paged list (nothing after its last page).
#[function_component]
pub fn ShowMore(props: &MoreProps) -> Html {
    let tr = use_tr();
    let Some(more) = props.more.clone() else { return html! {} };
    html! {
        <>
            if let Some(f) = props.failure.clone() { <crate::components::ErrorNotice failure={f} /> }
            <p><button type="button" class="button-secondary show-more" disabled={props.loading} onclick={more}>
                { if props.loading { tr.loading_more() } else { tr.show_more() } }
            </button></p>
        </>
    }
}
