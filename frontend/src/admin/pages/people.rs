//! A person's data: find everything held about an email, download it as JSON, erase it.

use village_shared::api::admin::PersonData;
use yew::prelude::*;

use super::{spawn_write, use_writing, WriteFailure};
use crate::admin::{api, use_me};
use crate::components::{Control, Field, Problem};
use crate::hooks::use_submit;
use crate::i18n::use_tr;

#[function_component]
pub fn People() -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let me = use_me();
    let email = use_state(String::new);
    let found = use_state(|| None::<PersonData>);
    let submit = use_submit();
    // Erasing is a lone button, apart from the form.
    let failure = use_writing();
    let confirming = use_state(|| false);
    let erased = use_state(|| false);
    let on_email = submit.typed(&email, "email");
    let on_find = {
        let (email, found, submit, erased, confirming) =
            (email.clone(), found.clone(), submit.clone(), erased.clone(), confirming.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if submit.busy() {
                return;
            }
            erased.set(false);
            confirming.set(false);
            found.set(None);
            let found = found.clone();
            submit.send(api::person(email.trim().to_string(), lang), move |data| found.set(Some(data)));
        })
    };
    let on_erase = {
        let (found, failure, erased, csrf) = (found.clone(), failure.clone(), erased.clone(), me.csrf.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(person) = (*found).clone() else { return };
            let (found, erased) = (found.clone(), erased.clone());
            spawn_write(api::erase(person.email.clone(), csrf.clone(), lang), failure.clone(), move |_| {
                found.set(None);
                erased.set(true);
            });
        })
    };
    let ask = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(true))
    };
    let none = || html! { <p class="meta">{ tr.none() }</p> };
    html! {
        <section class="people">
            <h1>{ tr.people_heading() }</h1>
            <p>{ tr.people_intro() }</p>
            <form class="find-person" novalidate=true onsubmit={on_find} ref={submit.form()}>
                { submit.notice(tr) }
                <Field id="person-email" label={tr.email_label()} control={Control::Email} autocomplete="off"
                    value={(*email).clone()} problem={Problem::from(submit.problems().of("email"))}
                    oninput={on_email} />
                <button type="submit" class="button-primary" disabled={submit.busy()}>{ tr.find() }</button>
            </form>
            if *erased { <p class="notice notice-ok erased" role="status">{ tr.erased() }</p> }
            if let Some(p) = (*found).clone() {
                <article class="person-data">
                    <h2>{ &p.email }</h2>
                    <h3>{ tr.signups_heading() }</h3>
                    if p.signups.is_empty() { { none() } }
                    <ul>
                        { for p.signups.iter().map(|s| html! {
                            <li>
                                <strong>{ s.group_title.get(lang) }</strong>{ " · " }{ &s.signup.name }{ " · " }{ tr.signup_status(s.signup.status, s.signup.waitlist_position) }
                                { " · " }{ tr.attended_sessions(s.attended) }
                                if let Some(note) = &s.note { <br />{ tr.action_note() }{ ": " }{ note } }
                                if let Some(space) = &s.member_space {
                                    <ul class="person-space">
                                        if let Some(offer) = &space.host_offer {
                                            <li>{ tr.offered_setting() }{ ": " }{ &offer.setting }{ ", " }{ &offer.address }</li>
                                        }
                                        { for space.meetings.iter().map(|(at, mine, hosting)| html! {
                                            <li>{ tr.meeting_on(&crate::i18n::date_time(*at, lang)) }{ ": " }{ tr.attendance_word(*mine, *hosting) }</li>
                                        }) }
                                        { for space.proposed.iter().map(|t| html! { <li>{ tr.proposed_issue() }{ ": " }{ t }</li> }) }
                                        { for space.supporting.iter().map(|t| html! { <li>{ tr.supports_issue() }{ ": " }{ t }</li> }) }
                                        { for space.standing.iter().map(|r| html! { <li>{ tr.stands_as() }{ ": " }{ r.label(lang) }</li> }) }
                                        { for space.posts.iter().map(|t| html! { <li>{ tr.board_post() }{ ": " }{ t }</li> }) }
                                        <li class="meta">{ tr.ballots_secret() }</li>
                                    </ul>
                                }
                            </li>
                        }) }
                    </ul>
                    <h3>{ tr.history_heading() }</h3>
                    if p.history.is_empty() { { none() } }
                    <ul>
                        { for p.history.iter().map(|h| html! { <li>{ &h.group_id }{ " · " }{ tr.attended_of(h.sessions_attended, h.sessions_total as usize) }</li> }) }
                    </ul>
                    <h3>{ tr.subscription_heading() }</h3>
                    { match &p.subscriber {
                        Some(s) => html! { <p>{ tr.subscription_status(s.status) }{ " · " }{ tr.language_name(s.language) }</p> },
                        None => none(),
                    } }
                    if let Some(user) = &p.dashboard_user {
                        <h3>{ tr.nav_users() }</h3>
                        <p>{ tr.role(user.role) }</p>
                    }
                    <h3>{ tr.messages_heading() }</h3>
                    if p.messages.is_empty() { { none() } }
                    <ul>
                        { for p.messages.iter().map(|m| html! { <li>{ crate::i18n::date_time(m.created_at, lang) }{ " · " }{ &m.subject }</li> }) }
                    </ul>
                    <p class="actions">
                        <a class="button-secondary download-person" href={format!("/api/admin/people/{}?download", api::segment(&p.email))} download="">{ tr.download_json() }</a>
                    </p>
                    if *confirming {
                        // Shown while asking: a new search starts without it.
                        if let Some(f) = (*failure).clone() { <WriteFailure failure={f} /> }
                        <div class="notice notice-error" role="alert">
                            <p>{ tr.erase_warning() }</p>
                            <button type="button" class="button-danger erase-confirm" disabled={failure.busy()} onclick={on_erase}>{ tr.erase_confirm() }</button>
                        </div>
                    } else {
                        <button type="button" class="button-danger erase" onclick={ask}>{ tr.erase() }</button>
                    }
                </article>
            }
        </section>
    }
}
