//! Following a link from an updates-list email: confirm, or unsubscribe. The request is made
//! by the page (not by opening the link), so mail scanners that fetch links change nothing.

use village_shared::model::SubscriptionStatus;
use yew::prelude::*;

use crate::api;
use crate::components::{ErrorNotice, Loading};
use crate::hooks::{use_remote, Remote};
use crate::i18n::use_tr;
use crate::router::{Link, Route};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub token: String,
    pub unsubscribe: bool,
}

#[function_component]
pub fn UpdatesLinkPage(props: &Props) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let (remote, retry, _) =
        use_remote((props.token.clone(), props.unsubscribe), move |(token, unsubscribe)| async move {
            api::follow_subscription_link(&token, unsubscribe, lang).await
        });
    let text = match remote {
        Remote::Loading => return html! { <Loading /> },
        Remote::Failed(failure) => return html! { <ErrorNotice {failure} on_retry={retry} /> },
        Remote::Ready(answer) => match answer.status {
            SubscriptionStatus::Confirmed => tr.subscription_confirmed(),
            SubscriptionStatus::Unsubscribed => tr.unsubscribed(),
            SubscriptionStatus::Pending => tr.check_email_to_confirm(),
        },
    };
    html! {
        <section class="updates-link">
            <h1>{ tr.updates_heading() }</h1>
            <p class="notice notice-ok" role="status">{ text }</p>
            <p><Link to={Route::Catalogue}>{ tr.back_to_groups() }</Link></p>
        </section>
    }
}
