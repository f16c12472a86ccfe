//! Signing in: ask for a link by email; follow the link.

use yew::prelude::*;

use crate::admin::api;
use crate::admin::AdminRoute;
use crate::components::{Control, ErrorNotice, Field, Problem};
use crate::hooks::{spawn_write, use_submit, use_writing};
use crate::i18n::use_tr;
use crate::router::{use_routes, RouteLink};

/// Ask for a one-time sign-in link by email. The answer is the same whoever asks.
#[function_component]
pub fn SignIn() -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let email = use_state(String::new);
    let sent = use_state(|| false);
    let submit = use_submit();
    if *sent {
        return html! { <section><h1>{ tr.sign_in_heading() }</h1><p class="notice notice-ok link-sent" role="status">{ tr.sign_in_sent() }</p></section> };
    }
    let on_input = submit.typed(&email, "email");
    let on_submit = {
        let (email, sent, submit) = (email.clone(), sent.clone(), submit.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let sent = sent.clone();
            submit.send(api::ask_for_link(email.to_string(), lang), move |_| sent.set(true));
        })
    };
    let problem = Problem::from(submit.problems().of("email"));
    html! {
        <section>
            <h1>{ tr.sign_in_heading() }</h1>
            <p>{ tr.sign_in_intro() }</p>
            <form class="sign-in-form" novalidate=true onsubmit={on_submit} ref={submit.form()}>
                { submit.notice(tr) }
                <Field id="admin-email" label={tr.email_label()} control={Control::Email} autocomplete="email"
                    value={(*email).clone()} {problem} oninput={on_input} />
                <button type="submit" class="button-primary" disabled={submit.busy()}>
                    { tr.send_sign_in_link() }
                </button>
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
