use village_shared::model::{Role, SignupStatus};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::api;
use super::AdminRoute;
use crate::api::{self as public_api, ApiFailure};
use crate::components::{ErrorNotice, Loading};
use crate::hooks::{use_remote, Remote};
use crate::i18n::use_tr;
use crate::router::{use_routes, RouteLink};

/// Signed in: your groups (all of them for an admin). Not signed in: the sign-in form.
#[function_component]
pub fn Home() -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let (me, retry, _) = use_remote((), move |_| api::me(lang));
    let (catalogue, _, _) = use_remote((), move |_| public_api::catalogue(lang));
    let router = use_routes::<AdminRoute>();
    let me = match me {
        Remote::Loading => return html! { <Loading /> },
        Remote::Failed(ApiFailure::Api { status: 401, .. }) => return html! { <SignIn /> },
        Remote::Failed(failure) => return html! { <ErrorNotice {failure} on_retry={retry} /> },
        Remote::Ready(me) => me,
    };
    let groups: Vec<_> = match catalogue {
        Remote::Ready(c) => {
            c.groups.into_iter().filter(|g| me.user.role == Role::Admin || me.user.groups.contains(&g.id)).collect()
        }
        _ => vec![],
    };
    let sign_out = {
        let csrf = me.csrf.clone();
        Callback::from(move |_| {
            let (csrf, router) = (csrf.clone(), router.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let _ = api::sign_out(&csrf, lang).await;
                router.push(AdminRoute::SignIn);
            });
        })
    };
    let role = match me.user.role {
        Role::Admin => tr.role_admin(),
        Role::Facilitator => tr.role_facilitator(),
    };
    html! {
        <section class="admin-home">
            <h1>{ tr.your_groups_heading() }</h1>
            <p class="signed-in-as">{ tr.signed_in_as(&me.user.email, role) }</p>
            <ul class="cards">
                { for groups.iter().map(|g| html! {
                    <li class="card" key={g.id.clone()}>
                        <p class="eyebrow">{ tr.kind(g.kind) }{ " · " }{ g.term.get(lang) }</p>
                        <h2 class="card-title"><RouteLink<AdminRoute> to={AdminRoute::Group { id: g.id.clone() }}>{ g.title.get(lang) }</RouteLink<AdminRoute>></h2>
                        <p class="meta">{ tr.fill(g.capacity - g.seats_left.min(g.capacity), g.capacity, g.waitlist_length) }</p>
                    </li>
                }) }
            </ul>
            if me.user.role == Role::Admin {
                <p><RouteLink<AdminRoute> classes="button-secondary outbox-link" to={AdminRoute::Outbox}>{ tr.outbox_heading() }</RouteLink<AdminRoute>></p>
            }
            <button type="button" class="button-secondary sign-out" onclick={sign_out}>{ tr.sign_out() }</button>
        </section>
    }
}

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
                match api::ask_for_link(&email, lang).await {
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

/// The link from the email: trade it for a session, then go to your groups.
#[function_component]
pub fn SignInWithLink(props: &TokenProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let router = use_routes::<AdminRoute>();
    let (answer, _, _) =
        use_remote(props.token.clone(), move |token| async move { api::open_session(&token, lang).await });
    {
        let done = matches!(answer, Remote::Ready(_));
        use_effect_with(done, move |done| {
            if *done {
                router.push(AdminRoute::Home);
            }
            || ()
        });
    }
    match answer {
        Remote::Failed(failure) => html! {
            <section>
                <h1>{ tr.sign_in_heading() }</h1>
                <ErrorNotice {failure} />
                <RouteLink<AdminRoute> classes="button-primary" to={AdminRoute::SignIn}>{ tr.send_sign_in_link() }</RouteLink<AdminRoute>>
            </section>
        },
        _ => html! { <Loading /> },
    }
}

#[derive(Properties, PartialEq)]
pub struct RosterProps {
    pub id: String,
}

/// A group's people: confirmed, then the waitlist in order.
#[function_component]
pub fn Roster(props: &RosterProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let (roster, retry, _) = use_remote(props.id.clone(), move |id| async move { api::roster(&id, lang).await });
    let back = html! { <p class="back"><RouteLink<AdminRoute> to={AdminRoute::Home}>{ "← " }{ tr.your_groups_heading() }</RouteLink<AdminRoute>></p> };
    let signups = match roster {
        Remote::Loading => return html! { <>{ back }<Loading /></> },
        Remote::Failed(failure) => return html! { <>{ back }<ErrorNotice {failure} on_retry={retry} /></> },
        Remote::Ready(r) => r.signups,
    };
    let list = |status: SignupStatus| {
        let people: Vec<_> = signups.iter().filter(|s| s.status == status).collect();
        html! {
            <ol class={classes!("roster", format!("roster-{:?}", status).to_lowercase())}>
                { for people.iter().map(|s| html! {
                    <li key={s.id.clone()}>
                        <strong>{ &s.name }</strong>{ " · " }{ &s.email }
                        if let Some(phone) = &s.phone { { " · " }{ phone } }
                        { " · " }{ tr.language_name(s.language) }
                    </li>
                }) }
            </ol>
        }
    };
    let confirmed = signups.iter().filter(|s| s.status == SignupStatus::Confirmed).count();
    let waiting = signups.iter().filter(|s| s.status == SignupStatus::Waitlisted).count();
    html! {
        <section class="admin-roster">
            { back }
            <h1>{ tr.roster_heading() }</h1>
            <p>
                <RouteLink<AdminRoute> classes="button-primary take-attendance" to={AdminRoute::Attendance { id: props.id.clone() }}>{ tr.take_attendance() }</RouteLink<AdminRoute>>
                <a class="button-secondary roster-csv" href={format!("/api/admin/groups/{}/roster.csv", props.id)} download="">{ tr.download_csv() }</a>
            </p>
            <h2>{ tr.confirmed_count(confirmed) }</h2>
            { list(SignupStatus::Confirmed) }
            <h2>{ tr.waitlist_count(waiting) }</h2>
            { list(SignupStatus::Waitlisted) }
        </section>
    }
}

/// The phone check-in list: pick a session, tick who came. Each tick is saved at once.
#[function_component]
pub fn Attendance(props: &RosterProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let (me, _, _) = use_remote((), move |_| api::me(lang));
    let (sheet, retry, state) = use_remote(props.id.clone(), move |id| async move { api::attendance(&id, lang).await });
    let chosen = use_state(|| None::<usize>);
    let failure = use_state(|| None::<ApiFailure>);
    let back = html! { <p class="back"><RouteLink<AdminRoute> to={AdminRoute::Group { id: props.id.clone() }}>{ "← " }{ tr.roster_heading() }</RouteLink<AdminRoute>></p> };
    let sheet = match sheet {
        Remote::Loading => return html! { <>{ back }<Loading /></> },
        Remote::Failed(failure) => return html! { <>{ back }<ErrorNotice {failure} on_retry={retry} /></> },
        Remote::Ready(sheet) => sheet,
    };
    let csrf = match me {
        Remote::Ready(me) => me.csrf,
        _ => String::new(),
    };
    // The session in progress or the last one that started; else the first.
    let now = crate::clock::now();
    let default = sheet.sessions.iter().rposition(|s| s.starts_at <= now + chrono::Duration::minutes(30)).unwrap_or(0);
    let index = (*chosen).unwrap_or(default).min(sheet.sessions.len().saturating_sub(1));
    let Some(session) = sheet.sessions.get(index).cloned() else {
        return html! { <>{ back }<p>{ tr.no_upcoming_session() }</p></> };
    };
    let on_session = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            chosen.set(Some(e.target_unchecked_into::<web_sys::HtmlSelectElement>().selected_index().max(0) as usize))
        })
    };
    html! {
        <section class="attendance">
            { back }
            <h1>{ tr.take_attendance() }</h1>
            <div class="field">
                <label for="session">{ tr.sessions_heading() }</label>
                <select id="session" onchange={on_session}>
                    { for sheet.sessions.iter().enumerate().map(|(i, s)| html! {
                        <option selected={i == index}>{ tr.session_number(i + 1) }{ " · " }{ crate::i18n::date_time(s.starts_at, lang) }</option>
                    }) }
                </select>
            </div>
            if let Some(f) = (*failure).clone() { <ErrorNotice failure={f} /> }
            <ul class="checkins">
                { for sheet.people.iter().map(|p| {
                    let present = p.present.get(index).copied().unwrap_or(false);
                    let id = format!("present-{}", p.signup.id);
                    let onchange = {
                        let (group, signup_id, csrf, state, failure, sheet) = (props.id.clone(), p.signup.id.clone(), csrf.clone(), state.clone(), failure.clone(), sheet.clone());
                        let at = session.starts_at;
                        Callback::from(move |_: Event| {
                            let (group, signup_id, csrf, state, failure, mut sheet) = (group.clone(), signup_id.clone(), csrf.clone(), state.clone(), failure.clone(), sheet.clone());
                            wasm_bindgen_futures::spawn_local(async move {
                                match api::mark(&group, at, &signup_id, !present, &csrf, lang).await {
                                    Ok(_) => {
                                        // Reflect the tick at once; the counts come from the server next load.
                                        if let Some(person) = sheet.people.iter_mut().find(|p| p.signup.id == signup_id) {
                                            if let Some(mark) = person.present.get_mut(index) {
                                                *mark = !present;
                                            }
                                            person.attended = person.present.iter().filter(|p| **p).count() as u32;
                                        }
                                        state.set(Remote::Ready(sheet));
                                    }
                                    Err(f) => failure.set(Some(f)),
                                }
                            });
                        })
                    };
                    html! {
                        <li key={p.signup.id.clone()}>
                            <label class="check checkin" for={id.clone()}>
                                <input type="checkbox" id={id} checked={present} {onchange} />
                                <span><strong>{ &p.signup.name }</strong>{ " · " }{ tr.attended_of(p.attended, sheet.sessions.len()) }</span>
                            </label>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}

/// Every message with its delivery state; anything not sent can be tried again.
#[function_component]
pub fn Outbox() -> Html {
    use village_shared::model::DeliveryStatus;
    let tr = use_tr();
    let lang = tr.lang();
    let (me, _, _) = use_remote((), move |_| api::me(lang));
    let (outbox, retry, _) = use_remote(0u32, move |_| api::outbox(lang));
    let failure = use_state(|| None::<ApiFailure>);
    let back = html! { <p class="back"><RouteLink<AdminRoute> to={AdminRoute::Home}>{ "← " }{ tr.your_groups_heading() }</RouteLink<AdminRoute>></p> };
    let messages = match outbox {
        Remote::Loading => return html! { <>{ back }<Loading /></> },
        Remote::Failed(failure) => return html! { <>{ back }<ErrorNotice {failure} on_retry={retry} /></> },
        Remote::Ready(o) => o.messages,
    };
    let csrf = match me {
        Remote::Ready(me) => me.csrf,
        _ => String::new(),
    };
    html! {
        <section class="admin-outbox">
            { back }
            <h1>{ tr.outbox_heading() }</h1>
            if let Some(f) = (*failure).clone() { <ErrorNotice failure={f} /> }
            <ul class="cards">
                { for messages.iter().rev().map(|m| {
                    let status = match m.status {
                        DeliveryStatus::Sent => tr.message_sent(),
                        DeliveryStatus::Pending => tr.message_pending(),
                        DeliveryStatus::Failed => tr.message_failed(),
                    };
                    let resend = {
                        let (id, csrf, retry, failure) = (m.id.clone(), csrf.clone(), retry.clone(), failure.clone());
                        Callback::from(move |e: MouseEvent| {
                            let (id, csrf, retry, failure) = (id.clone(), csrf.clone(), retry.clone(), failure.clone());
                            wasm_bindgen_futures::spawn_local(async move {
                                match api::resend(&id, &csrf, lang).await {
                                    Ok(_) => retry.emit(e),
                                    Err(f) => failure.set(Some(f)),
                                }
                            });
                        })
                    };
                    html! {
                        <li class="card" key={m.id.clone()}>
                            <p class="meta delivery"><strong>{ status }</strong>{ " · " }{ tr.attempts(m.attempts) }</p>
                            <p><strong>{ &m.subject }</strong></p>
                            <p class="meta">{ &m.to }{ " · " }{ crate::i18n::date_time(m.created_at, lang) }</p>
                            if let Some(error) = &m.last_error { <p class="field-error">{ error }</p> }
                            if m.status != DeliveryStatus::Sent {
                                <button type="button" class="button-secondary resend" onclick={resend}>{ tr.resend() }</button>
                            }
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
