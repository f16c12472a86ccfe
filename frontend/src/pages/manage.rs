//! The outcome of a signup and the manage link's page: both show one signup with its group.

use village_shared::api::ManageResponse;
use village_shared::model::SignupStatus;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::{ErrorNotice, Loading, SessionList};
use crate::hooks::{use_remote, Remote};
use crate::i18n::{use_tr, Tr};
use crate::routes::Route;
use crate::storage::remember;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub token: String,
}

fn status_text(tr: Tr, m: &ManageResponse) -> String {
    match (m.signup.status, m.signup.waitlist_position) {
        (SignupStatus::Confirmed, _) => tr.status_confirmed().to_string(),
        (SignupStatus::Waitlisted, Some(n)) => tr.status_waitlisted(n),
        _ => tr.status_cancelled().to_string(),
    }
}

#[hook]
fn use_signup(token: String) -> (Remote<ManageResponse>, Callback<MouseEvent>, UseStateHandle<Remote<ManageResponse>>) {
    let lang = use_tr().lang();
    use_remote(token, move |token| async move {
        let result = api::manage(&token, lang).await;
        if let Ok(m) = &result {
            remember(&token, m);
        }
        result
    })
}

/// Right after the form: confirmed, or waitlisted with the position, and the manage link.
#[function_component]
pub fn OutcomePage(props: &Props) -> Html {
    let tr = use_tr();
    let (remote, retry, _) = use_signup(props.token.clone());
    let m = match remote {
        Remote::Loading => return html! { <Loading /> },
        Remote::Failed(failure) => return html! { <ErrorNotice {failure} on_retry={retry} /> },
        Remote::Ready(m) => m,
    };
    let headline = match (m.signup.status, m.signup.waitlist_position) {
        (SignupStatus::Waitlisted, Some(n)) => tr.outcome_waitlisted(n),
        _ => tr.outcome_confirmed().to_string(),
    };
    let manage_path = format!("/manage/{}", props.token);
    let manage_url = format!("{}{manage_path}", gloo_utils::window().location().origin().unwrap_or_default());
    html! {
        <section class="outcome">
            <p class="eyebrow">{ m.group.group.title.get(tr.lang()) }</p>
            <h1 class={if m.signup.status == SignupStatus::Confirmed { "outcome-ok" } else { "outcome-wait" }}>{ headline }</h1>
            <div class="manage-link">
                <h2>{ tr.manage_link_heading() }</h2>
                <p>{ tr.manage_link_help() }</p>
                <p class="link-box"><code>{ manage_url }</code></p>
                <Link<Route> classes="button-primary" to={Route::Manage { token: props.token.clone() }}>{ tr.open_manage() }</Link<Route>>
            </div>
            <p class="back"><Link<Route> to={Route::Catalogue}>{ tr.back_to_groups() }</Link<Route>></p>
        </section>
    }
}

/// The manage link: status, the sessions, and cancelling (with a confirm step).
#[function_component]
pub fn ManagePage(props: &Props) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let (remote, retry, state) = use_signup(props.token.clone());
    let confirming = use_state(|| false);
    let cancel_failure = use_state(|| None::<ApiFailure>);

    let m = match remote {
        Remote::Loading => return html! { <Loading /> },
        Remote::Failed(failure) => return html! { <ErrorNotice {failure} on_retry={retry} /> },
        Remote::Ready(m) => m,
    };
    let ask = { let confirming = confirming.clone(); Callback::from(move |_| confirming.set(true)) };
    let keep = { let confirming = confirming.clone(); Callback::from(move |_| confirming.set(false)) };
    let cancel = {
        let (token, state, confirming, cancel_failure) = (props.token.clone(), state.clone(), confirming.clone(), cancel_failure.clone());
        Callback::from(move |_| {
            let (token, state, confirming, cancel_failure) = (token.clone(), state.clone(), confirming.clone(), cancel_failure.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::cancel(&token, lang).await {
                    Ok(m) => {
                        remember(&token, &m);
                        state.set(Remote::Ready(m));
                    }
                    Err(f) => cancel_failure.set(Some(f)),
                }
                confirming.set(false);
            });
        })
    };
    let cancelled = m.signup.status == SignupStatus::Cancelled;
    html! {
        <section class="manage">
            <p class="back"><Link<Route> to={Route::Catalogue}>{ "← " }{ tr.back_to_groups() }</Link<Route>></p>
            <h1>{ tr.manage_heading() }</h1>
            <h2><Link<Route> to={Route::Group { id: m.group.group.id.clone() }}>{ m.group.group.title.get(lang) }</Link<Route>></h2>
            <p class={classes!("status", format!("status-{:?}", m.signup.status).to_lowercase())}>{ status_text(tr, &m) }</p>
            <p>{ &m.signup.name }{ " · " }{ &m.signup.email }</p>
            if cancelled {
                <p class="notice notice-ok" role="status">{ tr.cancelled_message() }</p>
            }
            if let Some(f) = (*cancel_failure).clone() { <ErrorNotice failure={f} /> }
            <h3>{ tr.sessions_heading() }</h3>
            <SessionList group={m.group.group.clone()} />
            if !cancelled {
                if *confirming {
                    <div class="confirm" role="alertdialog" aria-labelledby="confirm-q">
                        <p id="confirm-q">{ tr.cancel_confirm_question() }</p>
                        <button type="button" class="button-danger" onclick={cancel}>{ tr.cancel_yes() }</button>
                        <button type="button" class="button-secondary" onclick={keep}>{ tr.cancel_no() }</button>
                    </div>
                } else {
                    <button type="button" class="button-secondary" onclick={ask}>{ tr.cancel_signup() }</button>
                }
            }
        </section>
    }
}
