//! The outcome of a signup and the manage link's page: both show one signup with its group.

use village_shared::api::{DetailsUpdate, ManageResponse};
use village_shared::model::SignupStatus;
use village_shared::Language;
use yew::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::{Control, ErrorNotice, Field, Loading, Problem, SessionList};
use crate::hooks::{use_remote_from, use_submit, Remote};
use crate::i18n::{use_tr, Tr};
use crate::router::{use_router, Link, Route};
use crate::storage::saved_signup;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub token: String,
}

fn status_text(tr: Tr, m: &ManageResponse) -> String {
    tr.signup_status(m.signup.status, m.signup.waitlist_position)
}

#[hook]
fn use_signup(
    token: String,
    first: Option<ManageResponse>,
) -> (Remote<ManageResponse>, Callback<MouseEvent>, UseStateHandle<Remote<ManageResponse>>) {
    let lang = use_tr().lang();
    // `api::manage` keeps the answer on the device, for reading offline.
    use_remote_from(token, first, move |token| async move { api::manage(&token, lang).await })
}

/// Right after the form: confirmed, or waitlisted with the position, and the manage link.
#[function_component]
pub fn OutcomePage(props: &Props) -> Html {
    let tr = use_tr();
    // Drawn by the Worker (a form sent without the app): the signup it was drawn from, and
    // where Village is served.
    let start = use_router().arrived_with;
    let first = start.as_ref().and_then(|s| s.signup.clone());
    let (remote, retry, _) = use_signup(props.token.clone(), first);
    // This phone keeps its signups ("My groups", the manage page offline): one drawn by the
    // Worker was never asked for here, so ask once, for the keeping.
    let arrived_with_signup = start.as_ref().is_some_and(|s| s.signup.is_some());
    use_effect_with(props.token.clone(), move |token| {
        if arrived_with_signup {
            let (token, lang) = (token.clone(), tr.lang());
            wasm_bindgen_futures::spawn_local(async move {
                let _ = api::manage(&token, lang).await;
            });
        }
    });
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
    let origin = match start {
        Some(start) => start.origin.clone(),
        None => gloo_utils::window().location().origin().unwrap_or_default(),
    };
    let manage_url = format!("{origin}{manage_path}");
    html! {
        <section class="outcome">
            <p class="eyebrow">{ m.group.group.title.get(tr.lang()) }</p>
            <h1 class={if m.signup.status == SignupStatus::Confirmed { "outcome-ok" } else { "outcome-wait" }}>{ headline }</h1>
            <div class="manage-link">
                <h2>{ tr.manage_link_heading() }</h2>
                // Kept on the phone by the app: not by a page drawn without it.
                <p>{ tr.manage_link_help() }if crate::i18n::viewer_known() { { " " }{ tr.manage_link_kept() } }</p>
                <p class="link-box"><code>{ manage_url }</code></p>
                <Link classes="button-primary" to={Route::Manage { token: props.token.clone() }}>{ tr.open_manage() }</Link>
            </div>
            // New to a family group: a buddy can be asked for right away.
            if m.group.group.audiences.contains(&village_shared::model::Audience::Families) && m.signup.status == SignupStatus::Confirmed {
                <p><a class="button-secondary buddy-link" href={format!("/member/{}/buddy?lang={}", props.token, tr.lang().code())}>{ tr.buddy_link() }</a></p>
            }
            <p class="back"><Link to={Route::Catalogue}>{ tr.back_to_groups() }</Link></p>
        </section>
    }
}

/// The manage link: status, meeting details for the confirmed, the sessions, add to calendar,
/// update details, and cancelling (with a confirm step). Readable offline from the last copy.
#[function_component]
pub fn ManagePage(props: &Props) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let (remote, retry, state) = use_signup(props.token.clone(), None);
    let confirming = use_state(|| false);
    // Cancelling and joining again: one at a time (a double tap sends once). Sent like a
    // form's answer, so the provider app carries one way of writing.
    let acting = use_submit();
    let editing = use_state(|| false);

    let (m, offline_copy) = match remote {
        Remote::Loading => return html! { <Loading /> },
        Remote::Failed(ApiFailure::Network) => match saved_signup(&props.token) {
            Some(saved) => (saved, true),
            None => return html! { <ErrorNotice failure={ApiFailure::Network} on_retry={retry} /> },
        },
        Remote::Failed(failure) => return html! { <ErrorNotice {failure} on_retry={retry} /> },
        Remote::Ready(m) => (m, false),
    };
    let ask = {
        let confirming = confirming.clone();
        Callback::from(move |_| confirming.set(true))
    };
    let keep = {
        let confirming = confirming.clone();
        Callback::from(move |_| confirming.set(false))
    };
    let cancel = {
        let (token, state, confirming, acting) =
            (props.token.clone(), state.clone(), confirming.clone(), acting.clone());
        Callback::from(move |_| {
            let (token, state, confirming) = (token.clone(), state.clone(), confirming.clone());
            acting.send(async move { api::cancel(&token, lang).await }, move |m| {
                state.set(Remote::Ready(m));
                confirming.set(false);
            });
        })
    };
    let rejoin = {
        let (token, state, acting) = (props.token.clone(), state.clone(), acting.clone());
        Callback::from(move |_| {
            let (token, state) = (token.clone(), state.clone());
            acting.send(async move { api::rejoin(&token, lang).await }, move |m| state.set(Remote::Ready(m)));
        })
    };
    let on_saved = {
        let (state, editing) = (state.clone(), editing.clone());
        Callback::from(move |m: ManageResponse| {
            state.set(Remote::Ready(m));
            editing.set(false);
        })
    };
    let edit = {
        let editing = editing.clone();
        Callback::from(move |_| editing.set(true))
    };
    let cancelled = m.signup.status == SignupStatus::Cancelled;
    let private = m.private.clone().unwrap_or_default();
    html! {
        <section class="manage">
            <p class="back"><Link to={Route::Catalogue}>{ "← " }{ tr.back_to_groups() }</Link></p>
            <h1>{ tr.manage_heading() }</h1>
            if offline_copy {
                <p class="notice notice-step" role="status">{ tr.saved_copy_offline() }</p>
            }
            <h2><Link to={Route::Group { id: m.group.group.id.clone() }}>{ m.group.group.title.get(lang) }</Link></h2>
            <p class={classes!("status", format!("status-{:?}", m.signup.status).to_lowercase())}>{ status_text(tr, &m) }</p>
            if cancelled {
                <p class="notice notice-ok" role="status">{ tr.cancelled_message() }</p>
                if !offline_copy {
                    <p><button type="button" class="button-primary join-again" onclick={rejoin} disabled={acting.busy()}>{ tr.join_again() }</button></p>
                }
            }
            if m.group.group.kind == village_shared::model::GroupKind::LocalGroup && !cancelled {
                // A local group's meetings and key issues live in the member space (its own bundle).
                <p><a class="button-primary member-space-link" href={format!("/member/{}?lang={}", props.token, lang.code())}>{ tr.open_member_space() }</a></p>
            }
            // A family group's tasks (helping out) and buddies live beside it, in the same bundle.
            if m.group.group.audiences.contains(&village_shared::model::Audience::Families) && m.signup.status == village_shared::model::SignupStatus::Confirmed {
                <p class="family-links">
                    <a class="button-secondary helping-link" href={format!("/member/{}/helping?lang={}", props.token, lang.code())}>{ tr.helping_link() }</a>
                    { " " }
                    <a class="button-secondary buddy-link" href={format!("/member/{}/buddy?lang={}", props.token, lang.code())}>{ tr.buddy_link() }</a>
                </p>
            }
            if let Some(link) = private.meeting_link.clone() {
                <div class="meeting">
                    <h3>{ tr.meeting_link_heading() }</h3>
                    <p><a href={link.clone()} rel="noopener noreferrer" target="_blank">{ link }</a></p>
                </div>
            }
            if let Some(address) = private.address.clone() {
                <div class="meeting">
                    <h3>{ tr.address_heading() }</h3>
                    <p>{ address }</p>
                </div>
            }
            if let Some(f) = acting.failure() { <ErrorNotice failure={f} /> }
            <h3>{ tr.sessions_heading() }</h3>
            <SessionList group={m.group.group.clone()} />
            if !cancelled {
                <p><a class="button-secondary calendar-link" href={api::calendar_url(&props.token)} download="village.ics">{ tr.add_to_calendar() }</a></p>
            }
            <h3>{ tr.your_details_heading() }</h3>
            if *editing {
                <DetailsForm token={props.token.clone()} current={m.signup.clone()} on_saved={on_saved} />
            } else {
                <p>{ &m.signup.name }{ " · " }{ &m.signup.email }
                    if let Some(phone) = m.signup.phone.clone() { { " · " }{ phone } }
                    { " · " }{ tr.language_name(m.signup.language) }
                </p>
                if !offline_copy {
                    <button type="button" class="button-secondary edit-details" onclick={edit}>{ tr.update_details() }</button>
                }
            }
            if !cancelled && !offline_copy {
                if *confirming {
                    <div class="confirm" role="alertdialog" aria-labelledby="confirm-q">
                        <p id="confirm-q">{ tr.cancel_confirm_question() }</p>
                        <button type="button" class="button-danger" onclick={cancel} disabled={acting.busy()}>{ tr.cancel_yes() }</button>
                        <button type="button" class="button-secondary" onclick={keep}>{ tr.cancel_no() }</button>
                    </div>
                } else {
                    <p><button type="button" class="button-secondary cancel-spot" onclick={ask}>{ tr.cancel_signup() }</button></p>
                }
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct DetailsProps {
    token: String,
    current: village_shared::api::SignupView,
    on_saved: Callback<ManageResponse>,
}

/// Name, phone and message language, checked with the signup rules; the email stays.
#[function_component]
fn DetailsForm(props: &DetailsProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let details = use_state(|| DetailsUpdate {
        name: props.current.name.clone(),
        phone: props.current.phone.clone(),
        language: props.current.language,
    });
    let submit = use_submit();
    // `set(|d, v| d.field = v)`: a field's handler, which also forgets its last problem.
    let set = |field: &'static str, f: fn(&mut DetailsUpdate, String)| {
        let (details, submit) = (details.clone(), submit.clone());
        Callback::from(move |value: String| {
            let mut next = (*details).clone();
            f(&mut next, value);
            details.set(next);
            submit.forget(field);
        })
    };
    let on_submit = {
        let (details, submit, token, on_saved) =
            (details.clone(), submit.clone(), props.token.clone(), props.on_saved.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (update, token, on_saved) = ((*details).clone(), token.clone(), on_saved.clone());
            submit.send(async move { api::update_details(&token, &update, lang).await }, move |m| on_saved.emit(m));
        })
    };
    let problem = |field: &str| Problem::from(submit.problems().of(field));
    let languages: std::rc::Rc<[(AttrValue, AttrValue)]> =
        Language::ALL.iter().map(|l| (AttrValue::from(l.code()), AttrValue::from(tr.language_name(*l)))).collect();
    html! {
        <form class="details-form" novalidate=true onsubmit={on_submit} ref={submit.form()}>
            { submit.notice(tr) }
            <Field id="details-name" label={tr.name_label()} autocomplete="name" value={details.name.clone()}
                problem={problem("name")} oninput={set("name", |d, v| d.name = v)} />
            <Field id="details-phone" label={tr.phone_label()} control={Control::Tel} autocomplete="tel"
                value={details.phone.clone().unwrap_or_default()} problem={problem("phone")} oninput={set("phone", |d, v| d.phone = Some(v))} />
            <Field id="details-language" label={tr.message_language_label()} control={Control::Choice(languages)}
                value={details.language.code()} oninput={set("language", |d, v| d.language = Language::from_tag(&v).unwrap_or_default())} />
            <button type="submit" class="button-primary" disabled={submit.busy()}>{ tr.save_details() }</button>
        </form>
    }
}
