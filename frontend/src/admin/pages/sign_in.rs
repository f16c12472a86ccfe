//! Signing in: ask for a link by email; follow the link.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::admin::api;
use crate::admin::AdminRoute;
use crate::api::ApiFailure;
use crate::hooks::{spawn_write, use_writing};
use crate::components::ErrorNotice;
use crate::i18n::use_tr;
use crate::router::{use_routes, RouteLink};

/// Ask for a one-time sign-in link by email. The answer is the same whoever asks.
#[function_component]
pub fn SignIn() -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let email = use_state(String::new);
    let sent = use_state(|| false);
    let failure = use_state(|| None::<ApiFailure>);
    if *sent {
        return html! { <section><h1>{ tr.sign_in_heading() }</h1><p class="notice notice-ok link-sent" role="status">{ tr.sign_in_sent() }</p></section> };
    }
    let on_input = {
        let email = email.clone();
        Callback::from(move |e: InputEvent| email.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_submit = {
        let (email, sent, failure) = (email.clone(), sent.clone(), failure.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (email, sent, failure) = (email.clone(), sent.clone(), failure.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::ask_for_link(email.to_string(), lang).await {
                    Ok(_) => sent.set(true),
                    Err(f) => failure.set(Some(f)),
                }
            });
        })
    };
    html! {
        <section>
            <h1>{ tr.sign_in_heading() }</h1>
            <p>{ tr.sign_in_intro() }</p>
            <form class="sign-in-form" novalidate=true onsubmit={on_submit}>
                if let Some(f) = (*failure).clone() { <ErrorNotice failure={f} /> }
                <div class="field">
                    <label for="admin-email">{ tr.email_label() }</label>
                    <input id="admin-email" type="email" autocomplete="email" value={(*email).clone()} oninput={on_input} />
                </div>
                <button type="submit" class="button-primary">{ tr.send_sign_in_link() }</button>
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct TokenProps {
    pub token: String,
}

/// The link from the email: one tap trades it for a session, then your groups. Not on load:
/// mail scanners that open links (and run their scripts) would spend it before you do.
#[function_component]
pub fn SignInWithLink(props: &TokenProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let router = use_routes::<AdminRoute>();
    let writing = use_writing();
    let on_tap = {
        let (token, writing) = (props.token.clone(), writing.clone());
        Callback::from(move |_| {
            let router = router.clone();
            spawn_write(api::open_session(token.clone(), lang), writing.clone(), move |_| router.push(AdminRoute::Home));
        })
    };
    html! {
        <section>
            <h1>{ tr.sign_in_heading() }</h1>
            if let Some(failure) = (*writing).clone() {
                <ErrorNotice {failure} />
                <RouteLink<AdminRoute> classes="button-primary" to={AdminRoute::SignIn}>{ tr.send_sign_in_link() }</RouteLink<AdminRoute>>
            } else {
                <p>{ tr.sign_in_tap_intro() }</p>
                <p>
                    <button type="button" class="button-primary use-sign-in-link" onclick={on_tap} disabled={writing.busy()}>
                        { tr.sign_in_now() }
                    </button>
                </p>
            }
        </section>
    }
}
