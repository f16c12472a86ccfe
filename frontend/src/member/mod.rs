//! A local group's member space (served under `/member/{token}`, its own Wasm bundle): the
//! group's meetings with "I'm coming" (the address once you are), the key issues members
//! propose and support, offering one's setting to host, and electing the group's leaders. The manage link is the key; the
//! Worker decides everything, this shows what it answers.

mod board;
mod buddy;
mod elections;
mod helping;
mod text;

use std::future::Future;

use gloo_net::http::Method;
use serde::{de::DeserializeOwned, Serialize};
use village_shared::api::local_group::{
    MeetingNewsBody, MemberBoard,
    Attendance, HostOfferBody, IssueAnswer, IssueStatus, MemberIssue, MemberMeeting, MemberSpaceView, ProposeBody,
    RsvpAnswer, RsvpBody, SupportAnswer,
};
use village_shared::api::ManageResponse;
use village_shared::Language;
use yew::prelude::*;

use crate::api::{request_with, ApiFailure};
use crate::components::{BundleShell, Control, ErrorNotice, Field, Loading, Problem, WriteFailure};
use crate::hooks::{spawn_write, use_remote, use_submit, use_writing, Remote, Submit, Writing};
use crate::i18n::format::date_time_in_zone;
use crate::i18n::{use_tr, Tr};

const NO_BODY: Option<&()> = None;

async fn space(token: String, lang: Language) -> Result<MemberSpaceView, ApiFailure> {
    request_with(Method::GET, &format!("/api/manage/{token}/space"), NO_BODY, lang, None).await.map(|(_, v)| v)
}

/// The token of `/member/{token}` (or `/member/{token}/helping`, `…/buddy`), and the page
/// after it.
fn token_from_address() -> (String, String) {
    let path = gloo_utils::window().location().pathname().unwrap_or_default();
    let mut segments = path.trim_matches('/').split('/').skip(1);
    let token = segments.next().unwrap_or_default().to_string();
    (token, segments.next().unwrap_or_default().to_string())
}

#[function_component]
pub fn MemberApp() -> Html {
    let (token, page) = token_from_address();
    html! {
        <BundleShell title={Tr::member_title as fn(Tr) -> &'static str}>
            { match page.as_str() {
                "helping" => html! { <helping::HelpingPage {token} /> },
                "buddy" => html! { <buddy::BuddyPage {token} /> },
                _ => html! { <SpacePage {token} /> },
            } }
        </BundleShell>
    }
}

#[derive(Properties, PartialEq)]
struct TokenProps {
    token: String,
}

/// What the page knows, and how to bring it up to date after a write without a flash of
/// "Loading…" (the answer replaces it where it can, a quiet reload where it cannot).
#[derive(Clone, PartialEq)]
struct Space {
    token: String,
    lang: Language,
    state: UseStateHandle<Remote<MemberSpaceView>>,
}

impl Space {
    fn view(&self) -> Option<MemberSpaceView> {
        match &*self.state {
            Remote::Ready(view) => Some(view.clone()),
            _ => None,
        }
    }

    fn reload(&self) {
        let (state, token, lang) = (self.state.clone(), self.token.clone(), self.lang);
        wasm_bindgen_futures::spawn_local(async move {
            if let Ok(view) = space(token, lang).await {
                state.set(Remote::Ready(view));
            }
        });
    }

    fn path(&self, rest: &str) -> String {
        format!("/api/manage/{}{rest}", self.token)
    }

    /// A member's write to their link's `rest`; `done` gets the answer (unless one is in flight;
    /// a refusal stays with `by` for the form or the button to show).
    fn write<T: DeserializeOwned + 'static, B: Serialize + 'static>(
        &self,
        by: &impl Sender,
        method: Method,
        rest: &str,
        body: Option<B>,
        done: impl FnOnce(&Space, T) + 'static,
    ) {
        let (path, lang, space) = (self.path(rest), self.lang, self.clone());
        let future = async move { request_with::<T>(method, &path, body.as_ref(), lang, None).await.map(|(_, v)| v) };
        by.start(future, move |answer| done(&space, answer));
    }
}

/// What sends a member's write: a form's [`Submit`] (a refusal's problems go on its fields)
/// or a lone button's [`Writing`].
trait Sender {
    fn start<T: 'static>(
        &self,
        future: impl Future<Output = Result<T, ApiFailure>> + 'static,
        done: impl FnOnce(T) + 'static,
    );
}

impl Sender for Submit {
    fn start<T: 'static>(
        &self,
        future: impl Future<Output = Result<T, ApiFailure>> + 'static,
        done: impl FnOnce(T) + 'static,
    ) {
        self.send(future, done);
    }
}

impl Sender for Writing {
    fn start<T: 'static>(
        &self,
        future: impl Future<Output = Result<T, ApiFailure>> + 'static,
        done: impl FnOnce(T) + 'static,
    ) {
        spawn_write(future, self.clone(), done);
    }
}

/// A field's `oninput` for a form whose controls hold what is typed: changing it forgets its
/// problem until the next attempt.
fn forgetting(submit: &Submit, field: &'static str) -> Callback<String> {
    let submit = submit.clone();
    Callback::from(move |_| submit.forget(field))
}

#[function_component]
fn SpacePage(props: &TokenProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let (remote, retry, state) = use_remote((props.token.clone(), lang), |(token, lang)| space(token, lang));
    // The board comes on its own (a listing across the network), so the space shows at once.
    let (_, _, board) = use_remote((props.token.clone(), lang), |(token, lang)| async move {
        let path = format!("/api/manage/{token}/board");
        request_with::<MemberBoard>(Method::GET, &path, NO_BODY, lang, None).await.map(|(_, board)| board)
    });
    let space = Space { token: props.token.clone(), lang, state };
    let view = match remote {
        Remote::Loading => return html! { <Loading /> },
        Remote::Failed(failure) => return html! { <ErrorNotice {failure} on_retry={retry} /> },
        Remote::Ready(view) => view,
    };
    let open_posts = match &*board {
        Remote::Ready(b) => b.board.posts.len(),
        _ => 0,
    };
    let (upcoming, past): (Vec<&MemberMeeting>, Vec<&MemberMeeting>) =
        view.meetings.iter().partition(|m| m.meeting.starts_at > crate::clock::now());
    html! {
        <article class="member-space">
            <h1>{ view.group_title.get(lang) }</h1>
            <p>{ tr.hello(&view.name) }{ " " }{ tr.member_intro() }</p>
            <Membership space={space.clone()} member={view.member} waiting={view.waiting} meeting_news={view.meeting_news} />
            <section aria-labelledby="meetings-heading">
                <h2 id="meetings-heading">{ tr.meetings_heading() }</h2>
                if upcoming.is_empty() {
                    <p class="hint">{ tr.no_meetings() }</p>
                }
                <ul class="cards">
                    { for upcoming.iter().enumerate().map(|(i, m)| html! {
                        <MeetingCard space={space.clone()} meeting={(*m).clone()} zone={view.time_zone.clone()} member={view.member}
                            open_posts={if i == 0 { open_posts } else { 0 }} />
                    }) }
                </ul>
                if view.member && !upcoming.is_empty() {
                    <p><a class="button-secondary calendar-link" href={crate::api::calendar_url(&props.token)} download="village-meetings.ics">{ tr.add_to_calendar() }</a></p>
                }
                if !past.is_empty() {
                    <details class="past-meetings">
                        <summary>{ tr.past_meetings() }</summary>
                        <ul>
                            { for past.iter().map(|m| html! {
                                <li>
                                    <strong>{ date_time_in_zone(m.meeting.starts_at, lang, &view.time_zone) }</strong>
                                    { " · " }{ &m.meeting.area }
                                    <Agenda meeting={(*m).clone()} zone={view.time_zone.clone()} />
                                </li>
                            }) }
                        </ul>
                    </details>
                }
            </section>
            <Issues space={space.clone()} view={view.clone()} />
            if view.member {
                <board::Board space={space.clone()} board={board.clone()} zone={view.time_zone.clone()} />
            }
            <elections::Elections space={space.clone()} elections={view.elections.clone()} leaders={view.leaders.clone()}
                nominees={view.nominees.clone()} zone={view.time_zone.clone()} />
            if view.member {
                <HostOffer space={space.clone()} offer={view.host_offer.clone()} />
            }
        </article>
    }
}

#[derive(Properties, PartialEq)]
struct MembershipProps {
    space: Space,
    member: bool,
    waiting: Option<u32>,
    meeting_news: bool,
}

/// Dipping in and out: leaving is one tap, and so is coming back.
#[function_component]
fn Membership(props: &MembershipProps) -> Html {
    let tr = use_tr();
    let writing = use_writing();
    let act = {
        // Someone waiting for a place leaves the queue like a member leaves the group.
        let (space, writing, inside) = (props.space.clone(), writing.clone(), props.member || props.waiting.is_some());
        Callback::from(move |_: MouseEvent| {
            let (method, rest) = if inside { (Method::DELETE, "") } else { (Method::POST, "/rejoin") };
            space.write(&writing, method, rest, NO_BODY, |space, _: ManageResponse| space.reload());
        })
    };
    let news = {
        let (space, writing, on) = (props.space.clone(), writing.clone(), !props.meeting_news);
        Callback::from(move |_: MouseEvent| {
            let body = Some(MeetingNewsBody { on });
            space.write(&writing, Method::PUT, "/meeting-news", body, |space, view: MemberSpaceView| {
                space.state.set(Remote::Ready(view))
            });
        })
    };
    html! {
        <>
            if let Some(position) = props.waiting {
                <p class="notice notice-step" role="status">{ tr.waiting_for_membership(position) }</p>
            } else if !props.member {
                <div class="notice notice-step" role="status">
                    <p>{ tr.member_left() }</p>
                    <button class="button-primary" onclick={act.clone()} disabled={writing.busy()}>{ tr.join_again() }</button>
                    <p>
                        <button class="button-secondary meeting-news" aria-pressed={props.meeting_news.to_string()}
                            onclick={news} disabled={writing.busy()}>
                            { if props.meeting_news { "✓ " } else { "" } }{ tr.tell_me_about_meetings() }
                        </button>
                    </p>
                    <p class="hint">{ if props.meeting_news { tr.meeting_news_on() } else { tr.meeting_news_off() } }</p>
                </div>
            }
            if let Some(failure) = (*writing).clone() { <WriteFailure {failure} /> }
            if props.member || props.waiting.is_some() {
                <details class="leave">
                    <summary>{ tr.leave_group() }</summary>
                    <p class="hint">{ tr.leave_help() }</p>
                    <button class="button-secondary" onclick={act} disabled={writing.busy()}>{ tr.leave_group() }</button>
                </details>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct MeetingProps {
    space: Space,
    meeting: MemberMeeting,
    zone: String,
    member: bool,
    /// Open posts on the opportunities board, listed on the next meeting's agenda.
    #[prop_or_default]
    open_posts: usize,
}

#[function_component]
fn MeetingCard(props: &MeetingProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let writing = use_writing();
    let m = &props.meeting;
    let answer = |going: bool| {
        let (space, writing, id) = (props.space.clone(), writing.clone(), m.meeting.id.clone());
        Callback::from(move |_: MouseEvent| {
            let rest = format!("/meetings/{id}/rsvp");
            space.write(&writing, Method::PUT, &rest, Some(RsvpBody { going }), |space, answer: RsvpAnswer| {
                if let Some(mut view) = space.view() {
                    for slot in view.meetings.iter_mut().filter(|x| x.meeting.id == answer.meeting.meeting.id) {
                        *slot = answer.meeting.clone();
                    }
                    space.state.set(Remote::Ready(view));
                }
            });
        })
    };
    let area = if m.meeting.has_host { m.meeting.area.clone() } else { tr.host_to_confirm().to_string() };
    let status = match m.mine {
        Attendance::Coming => tr.you_are_coming().to_string(),
        Attendance::Waiting { position } => tr.waiting_at(position),
        Attendance::NotComing => tr.you_are_not_coming().to_string(),
        Attendance::NoAnswer => tr.no_answer_yet().to_string(),
    };
    let going = matches!(m.mine, Attendance::Coming | Attendance::Waiting { .. });
    html! {
        <li class="card meeting">
            <h3 class="card-title">{ date_time_in_zone(m.meeting.starts_at, lang, &props.zone) }</h3>
            <p class="hint">{ tr.meeting_facts(&area, m.meeting.going, m.meeting.places, m.meeting.waiting) }</p>
            if m.hosting {
                <p class="notice notice-ok">{ tr.you_host() }</p>
            }
            if props.member {
                <p class="rsvp-status" role="status" aria-live="polite">{ status }</p>
                <div class="rsvp" role="group" aria-label={tr.no_answer_yet()}>
                    <button class={if going { "button-primary" } else { "button-secondary" }} aria-pressed={going.to_string()}
                        onclick={answer(true)} disabled={writing.busy()}>{ tr.coming() }</button>
                    <button class={if m.mine == Attendance::NotComing { "button-primary" } else { "button-secondary" }}
                        aria-pressed={(m.mine == Attendance::NotComing).to_string()}
                        onclick={answer(false)} disabled={writing.busy()}>{ tr.not_coming() }</button>
                </div>
            }
            if let Some(failure) = (*writing).clone() { <WriteFailure {failure} /> }
            if let Some(address) = &m.address {
                <dl class="meeting-place">
                    <dt>{ tr.setting_label() }</dt><dd>{ m.setting.clone().unwrap_or_default() }</dd>
                    <dt>{ tr.address_label() }</dt><dd>{ address }</dd>
                    if let Some(notes) = &m.access_notes {
                        <dt>{ tr.access_label() }</dt><dd>{ notes }</dd>
                    }
                </dl>
            } else if m.meeting.has_host && props.member {
                <p class="hint">{ tr.address_after_rsvp() }</p>
            }
            <Agenda meeting={m.clone()} zone={props.zone.clone()} />
            if props.open_posts > 0 {
                <p class="hint"><a href="#board">{ tr.board_on_agenda(props.open_posts) }</a></p>
            }
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct AgendaProps {
    meeting: MemberMeeting,
    zone: String,
}

/// The chosen issues (or, until the agenda closes, the standing so far).
#[function_component]
fn Agenda(props: &AgendaProps) -> Html {
    let tr = use_tr();
    let m = &props.meeting.meeting;
    let closes = date_time_in_zone(m.agenda_closes_at, tr.lang(), &props.zone);
    html! {
        <div class="agenda">
            <h4>
                if m.agenda_final { { tr.agenda_heading() } } else { { tr.agenda_so_far() }{ " · " }{ tr.agenda_closes(&closes) } }
            </h4>
            if m.agenda.is_empty() {
                <p class="hint">{ tr.agenda_empty() }</p>
            } else {
                <ol>
                    { for m.agenda.iter().map(|i| html! { <li>{ &i.title }{ " · " }<span class="hint">{ tr.supports(i.supports) }</span></li> }) }
                </ol>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct IssuesProps {
    space: Space,
    view: MemberSpaceView,
}

#[function_component]
fn Issues(props: &IssuesProps) -> Html {
    let tr = use_tr();
    let view = &props.view;
    html! {
        <section aria-labelledby="issues-heading">
            <h2 id="issues-heading">{ tr.issues_heading() }</h2>
            <p class="hint">{ tr.issues_intro() }</p>
            if view.member {
                <p class="supports-left" role="status" aria-live="polite"><strong>{ tr.supports_left(view.supports_left, view.supports_per_member) }</strong></p>
            }
            if view.issues.is_empty() {
                <p class="hint">{ tr.no_issues() }</p>
            }
            <ul class="cards issues">
                { for view.issues.iter().map(|issue| html! {
                    <IssueCard space={props.space.clone()} issue={issue.clone()} left={view.supports_left} member={view.member} />
                }) }
            </ul>
            if view.member {
                <ProposeForm space={props.space.clone()} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct IssueProps {
    space: Space,
    issue: MemberIssue,
    left: u32,
    member: bool,
}

#[function_component]
fn IssueCard(props: &IssueProps) -> Html {
    let tr = use_tr();
    let writing = use_writing();
    let (issue, supported) = (&props.issue.issue, props.issue.supported);
    let toggle = {
        let (space, writing, id) = (props.space.clone(), writing.clone(), issue.id.clone());
        Callback::from(move |_: MouseEvent| {
            let method = if supported { Method::DELETE } else { Method::PUT };
            let rest = format!("/issues/{id}/support");
            space.write(&writing, method, &rest, NO_BODY, move |space, answer: SupportAnswer| {
                if let Some(mut view) = space.view() {
                    view.supports_left = answer.supports_left;
                    for slot in view.issues.iter_mut().filter(|i| i.issue.id == answer.issue.id) {
                        slot.issue.supports = answer.issue.supports;
                        slot.supported = !supported;
                    }
                    space.state.set(Remote::Ready(view));
                }
            });
        })
    };
    let open = issue.status == IssueStatus::Open;
    html! {
        <li class="card issue">
            <h3 class="card-title" lang={issue.language.code()}>{ &issue.title }</h3>
            if !issue.details.is_empty() {
                <p lang={issue.language.code()}>{ &issue.details }</p>
            }
            <p class="issue-facts">
                <strong>{ tr.supports(issue.supports) }</strong>
                if !open { <span class="tag">{ tr.on_agenda() }</span> }
                if issue.carried_over { <span class="tag">{ tr.carried_over() }</span> }
                if props.issue.mine { <span class="tag">{ tr.yours() }</span> }
            </p>
            if props.member && open {
                <button class={if supported { "button-primary" } else { "button-secondary" }} aria-pressed={supported.to_string()}
                    onclick={toggle} disabled={writing.busy() || (!supported && props.left == 0)}>
                    { if supported { tr.take_back() } else { tr.support() } }
                </button>
            }
            if let Some(failure) = (*writing).clone() { <WriteFailure {failure} /> }
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct SpaceProps {
    space: Space,
}

#[function_component]
fn ProposeForm(props: &SpaceProps) -> Html {
    let tr = use_tr();
    let submit = use_submit();
    let done = use_state(|| false);
    let (title, details) = (use_state(String::new), use_state(String::new));
    let onsubmit = {
        let (space, submit, done, title, details) =
            (props.space.clone(), submit.clone(), done.clone(), title.clone(), details.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            done.set(false);
            let body = ProposeBody {
                title: (*title).clone(),
                details: Some((*details).clone()).filter(|d| !d.trim().is_empty()),
                language: space.lang,
            };
            let (done, title, details) = (done.clone(), title.clone(), details.clone());
            space.write(&submit, Method::POST, "/issues", Some(body), move |space, _: IssueAnswer| {
                title.set(String::new());
                details.set(String::new());
                done.set(true);
                space.reload();
            });
        })
    };
    let problem = |field: &str| Problem::from(submit.problems().of(field));
    html! {
        <form class="signup member-form" {onsubmit} novalidate=true ref={submit.form()}>
            <h3>{ tr.propose_heading() }</h3>
            { submit.notice(tr) }
            <Field id="issue-title" label={tr.issue_title()} hint={tr.issue_title_hint()} value={(*title).clone()}
                problem={problem("title")} oninput={submit.typed(&title, "title")} />
            <Field id="issue-details" label={tr.issue_details()} control={Control::Multiline { rows: 3 }}
                value={(*details).clone()} problem={problem("details")} oninput={submit.typed(&details, "details")} />
            if *done { <p class="notice notice-ok" role="status">{ tr.proposed() }</p> }
            <button class="button-primary" type="submit" disabled={submit.busy()}>{ tr.propose() }</button>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct HostProps {
    space: Space,
    offer: Option<HostOfferBody>,
}

#[function_component]
fn HostOffer(props: &HostProps) -> Html {
    let tr = use_tr();
    // The form and the withdraw button beside it: one send at a time, and one notice.
    let submit = use_submit();
    let saved = use_state(|| false);
    // What is typed, kept here: the fields show it through every re-render (a send, a refusal).
    let typed = {
        let offer = props.offer.clone().unwrap_or_default();
        use_state(move || {
            let places = if offer.places == 0 { String::new() } else { offer.places.to_string() };
            [offer.setting, offer.address, offer.area, places, offer.access_notes]
        })
    };
    let send = |offer: bool| {
        let (space, submit, saved, typed) = (props.space.clone(), submit.clone(), saved.clone(), typed.clone());
        move || {
            saved.set(false);
            let [setting, address, area, places, access_notes] = (*typed).clone();
            let body = HostOfferBody { setting, address, area, places: places.trim().parse().unwrap_or(0), access_notes };
            let (method, body) = if offer { (Method::PUT, Some(body)) } else { (Method::DELETE, None) };
            let saved = saved.clone();
            space.write(&submit, method, "/host-offer", body, move |space, view: MemberSpaceView| {
                saved.set(offer);
                space.state.set(Remote::Ready(view));
            });
        }
    };
    let onsubmit = {
        let send = send(true);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            send();
        })
    };
    let withdraw = {
        let send = send(false);
        Callback::from(move |_: MouseEvent| send())
    };
    let problem = |field: &str| Problem::from(submit.problems().of(field));
    // Field `i` of what is typed: shown as typed, and its problem forgotten as it changes.
    let edit = |i: usize, field: &'static str| {
        let (typed, submit) = (typed.clone(), submit.clone());
        Callback::from(move |value: String| {
            let mut next = (*typed).clone();
            next[i] = value;
            typed.set(next);
            submit.forget(field);
        })
    };
    html! {
        <section aria-labelledby="host-heading">
            <h2 id="host-heading">{ tr.host_heading() }</h2>
            <p class="hint">{ tr.host_intro() }</p>
            <form class="signup member-form" {onsubmit} novalidate=true ref={submit.form()}>
                { submit.notice(tr) }
                <Field id="setting-name" label={tr.setting_name()} value={typed[0].clone()}
                    problem={problem("setting")} oninput={edit(0, "setting")} />
                <Field id="setting-address" label={tr.setting_address()} value={typed[1].clone()}
                    problem={problem("address")} oninput={edit(1, "address")} />
                <Field id="setting-area" label={tr.setting_area()} value={typed[2].clone()} problem={problem("area")}
                    oninput={edit(2, "area")} />
                <Field id="setting-places" label={tr.setting_places()} control={Control::Number} value={typed[3].clone()}
                    problem={problem("places")} oninput={edit(3, "places")} />
                <Field id="setting-access" label={tr.setting_access()} control={Control::Multiline { rows: 3 }}
                    value={typed[4].clone()} problem={problem("access_notes")} oninput={edit(4, "access_notes")} />
                if *saved { <p class="notice notice-ok" role="status">{ tr.saved_offer() }</p> }
                <button class="button-primary" type="submit" disabled={submit.busy()}>
                    { if props.offer.is_some() { tr.update_offer() } else { tr.offer_setting() } }
                </button>
            </form>
            if props.offer.is_some() {
                <button class="button-secondary withdraw" onclick={withdraw} disabled={submit.busy()}>
                    { tr.withdraw_offer() }
                </button>
            }
        </section>
    }
}
