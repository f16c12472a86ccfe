//! Following a link from an updates-list email: confirm, or unsubscribe. Nothing happens until
//! the person taps: mail scanners open links (some run their scripts), and a confirm link may
//! carry a change someone else asked for, which only the address's owner may accept.

use village_shared::model::SubscriptionStatus;
use yew::prelude::*;

use crate::api;
use crate::components::ErrorNotice;
use crate::hooks::{spawn_write, use_writing};
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
    let answer = use_state(|| None::<SubscriptionStatus>);
    let writing = use_writing();
    let on_tap = {
        let (token, unsubscribe) = (props.token.clone(), props.unsubscribe);
        let (answer, writing) = (answer.clone(), writing.clone());
        Callback::from(move |_| {
            let (token, answer) = (token.clone(), answer.clone());
            let follow = async move { api::follow_subscription_link(&token, unsubscribe, lang).await };
            spawn_write(follow, writing.clone(), move |done| answer.set(Some(done.status)));
        })
    };
    let body = match (*answer, (*writing).clone()) {
        (Some(status), _) => {
            let text = match status {
                SubscriptionStatus::Confirmed => tr.subscription_confirmed(),
                SubscriptionStatus::Unsubscribed => tr.unsubscribed(),
                SubscriptionStatus::Pending => tr.check_email_to_confirm(),
            };
            html! { <p class="notice notice-ok" role="status">{ text }</p> }
        }
        (None, Some(failure)) => html! { <ErrorNotice {failure} /> },
        (None, None) => html! {
            <>
                <p>{ if props.unsubscribe { tr.unsubscribe_question() } else { tr.confirm_question() } }</p>
                <p>
                    <button type="button" class="button-primary follow-link" onclick={on_tap} disabled={writing.busy()}>
                        { if props.unsubscribe { tr.unsubscribe_button() } else { tr.confirm_button() } }
                    </button>
                </p>
            </>
        },
    };
    html! {
        <section class="updates-link">
            <h1>{ tr.updates_heading() }</h1>
            { body }
            <p><Link to={Route::Catalogue}>{ tr.back_to_groups() }</Link></p>
        </section>
    }
}
