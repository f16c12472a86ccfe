//! A local group's meetings, key issues and elections, as its leaders run them: schedule the
//! next meeting at a volunteer's setting (the one who hosted least recently is suggested),
//! change who hosts, see who is coming, keep the issues tidy (merge duplicates, hide one), and
//! open an election (who stands, turnout, the result). The rules are the
//! object's; this page shows what the API answers and sends what the leader chose.

use gloo_net::http::Method;
use village_shared::api::admin::AdminGroup;
use village_shared::api::local_group::{
    HostRow, IssueStatus, IssueSummary, LeaderMeeting, LeaderRole, MeetingPlan, MergeBody, ScheduleMeetingBody,
    SetHostBody, StartElectionBody,
};
use village_shared::api::FieldMessage;
use village_shared::rules::election::TERM_MONTHS;
use village_shared::Language;
use yew::prelude::*;

use super::{spawn_write, use_writing, WriteFailure};
use crate::admin::{api, use_me, zone, AdminRoute};
use crate::api::ApiFailure;
use crate::components::{Control, ErrorNotice, Field, Loading, Problem};
use crate::hooks::{use_remote, use_submit, Remote};
use crate::i18n::format::date_time_in_zone;
use crate::i18n::use_tr;
use crate::router::RouteLink;

/// A meeting lasts this long unless the leader says otherwise (a term's evening meeting).
const DEFAULT_MINUTES: &str = "120";

#[derive(Properties, PartialEq)]
pub struct MeetingsProps {
    pub id: String,
}

async fn load(id: String, lang: Language) -> Result<(AdminGroup, MeetingPlan), ApiFailure> {
    Ok((api::group(id.clone(), lang).await?, api::meeting_plan(id, lang).await?))
}

#[derive(Properties, PartialEq)]
struct ElectionsProps {
    group_id: String,
    zone: String,
}

/// The group's elections (phase, who stands, turnout, result) and opening a new one: voting
/// opens and closes when the leader says, on the group's clock; every member is told.
#[function_component]
fn LeaderElections(props: &ElectionsProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let me = use_me();
    let (answer, retry, state) =
        use_remote(props.group_id.clone(), move |id| async move { api::elections(id, lang).await });
    let role = use_state(|| LeaderRole::Leader);
    let opens = use_state(String::new);
    let closes = use_state(String::new);
    let months = use_state(|| TERM_MONTHS.to_string());
    let submit = use_submit();
    let done = use_state(|| false);
    let on_submit = {
        let (group_id, zone, csrf, submit, state, done) =
            (props.group_id.clone(), props.zone.clone(), me.csrf.clone(), submit.clone(), state.clone(), done.clone());
        let (role, opens, closes, months) = (role.clone(), opens.clone(), closes.clone(), months.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            // An unreadable time goes as "now": the Worker names the field.
            let when = |value: &str| zone::parse_local(value, &zone).unwrap_or_else(crate::clock::now);
            let body = StartElectionBody {
                role: *role,
                voting_opens_at: when(&opens),
                closes_at: when(&closes),
                term_months: months.trim().parse().ok(),
            };
            let (state, group_id, done) = (state.clone(), group_id.clone(), done.clone());
            submit.send(api::start_election(group_id.clone(), body, csrf.clone(), lang), move |_| {
                done.set(true);
                wasm_bindgen_futures::spawn_local(async move {
                    if let Ok(answer) = api::elections(group_id, lang).await {
                        state.set(Remote::Ready(answer));
                    }
                });
            });
        })
    };
    let on_role = {
        let role = role.clone();
        Callback::from(move |value: String| {
            role.set(if value == "co_leader" { LeaderRole::CoLeader } else { LeaderRole::Leader })
        })
    };
    let role_code = |r: LeaderRole| if r == LeaderRole::Leader { "leader" } else { "co_leader" };
    let roles: std::rc::Rc<[(AttrValue, AttrValue)]> =
        LeaderRole::ALL.iter().map(|r| (AttrValue::from(role_code(*r)), AttrValue::from(r.label(lang)))).collect();
    let problem = |field: &str| Problem::from(submit.problems().of(field));
    let list = match answer {
        Remote::Loading => html! { <Loading /> },
        Remote::Failed(failure) => html! { <ErrorNotice {failure} on_retry={retry} /> },
        Remote::Ready(answer) => html! {
            <>
                { for answer.leaders.iter().map(|l| html! {
                    <p class="meta leader-now"><strong>{ l.role.label(lang) }{ ": " }</strong>{ &l.name }{ " · " }
                        { date_time_in_zone(l.until, lang, &props.zone) }{ if l.acting { tr.acting_mark() } else { "" } }</p>
                }) }
                <ol class="leader-elections">
                    { for answer.elections.iter().map(|e| html! {
                        <li class="leader-election">
                            <p class="person-line"><strong>{ e.role.label(lang) }</strong>{ " · " }{ tr.election_phase(e.phase) }</p>
                            <p class="meta">
                                { tr.standing_count(e.candidates.len()) }{ " · " }{ tr.turnout(e.turnout) }
                                { " · " }{ tr.voting_window(&date_time_in_zone(e.voting_opens_at, lang, &props.zone), &date_time_in_zone(e.closes_at, lang, &props.zone)) }
                            </p>
                            if let Some(elected) = &e.elected { <p class="meta">{ tr.elected_is(&elected.name) }</p> }
                        </li>
                    }) }
                </ol>
            </>
        },
    };
    html! {
        <section class="leader-elections-section" aria-labelledby="elections-heading">
            <h2 id="elections-heading">{ tr.elections_heading() }</h2>
            { list }
            if *done { <p class="notice notice-ok" role="status">{ tr.election_started() }</p> }
            <form class="election-form schedule-meeting" novalidate=true onsubmit={on_submit} ref={submit.form()}>
                <h3>{ tr.start_election() }</h3>
                if submit.problems().is_empty() {
                    { submit.notice(tr) }
                } else {
                    // the form notice's words, with the class this notice has always had (tests wait for it).
                    <div class="notice notice-error field-problems" role="alert"><p>{ tr.fix_errors() }</p></div>
                }
                <Field id="election-role" label={tr.election_role()} control={Control::Choice(roles)}
                    value={role_code(*role)} problem={problem("role")} oninput={on_role} />
                <Field id="election-opens" label={tr.voting_opens(&props.zone)} hint={tr.voting_opens_help()}
                    control={Control::DateTime} value={(*opens).clone()} problem={problem("voting_opens_at")}
                    oninput={submit.typed(&opens, "voting_opens_at")} />
                <Field id="election-closes" label={tr.voting_closes(&props.zone)} control={Control::DateTime}
                    value={(*closes).clone()} problem={problem("closes_at")}
                    oninput={submit.typed(&closes, "closes_at")} />
                <Field id="election-months" label={tr.term_months()} control={Control::Number} min="1" max="36"
                    value={(*months).clone()} problem={problem("term_months")}
                    oninput={submit.typed(&months, "term_months")} />
                <button type="submit" class="button-primary start-election" disabled={submit.busy()}>
                    { tr.start_election() }
                </button>
            </form>
        </section>
    }
}

#[function_component]
pub fn Meetings(props: &MeetingsProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let (loaded, retry, state) = use_remote(props.id.clone(), move |id| load(id, lang));
    let notice = use_state(|| None::<String>);
    let back = html! { <p class="back"><RouteLink<AdminRoute> to={AdminRoute::Group { id: props.id.clone() }}>{ "← " }{ tr.roster_heading() }</RouteLink<AdminRoute>></p> };
    let (group, plan) = match loaded {
        Remote::Loading => return html! { <>{ back }<Loading /></> },
        Remote::Failed(failure) => return html! { <>{ back }<ErrorNotice {failure} on_retry={retry} /></> },
        Remote::Ready(loaded) => loaded,
    };
    // A change answers the plan as it is now; scheduling answers the meeting, so load again.
    let show = {
        let (state, group, notice) = (state.clone(), group.clone(), notice.clone());
        Callback::from(move |(plan, message): (MeetingPlan, String)| {
            state.set(Remote::Ready((group.clone(), plan)));
            notice.set(Some(message));
        })
    };
    let reload = {
        let (show, id) = (show.clone(), props.id.clone());
        Callback::from(move |message: String| {
            let (show, id) = (show.clone(), id.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(plan) = api::meeting_plan(id, lang).await {
                    show.emit((plan, message));
                }
            });
        })
    };
    let zone = group.group.time_zone.clone();
    let now = crate::clock::now();
    let (upcoming, past): (Vec<&LeaderMeeting>, Vec<&LeaderMeeting>) = plan
        .meetings
        .iter()
        .partition(|m| m.meeting.starts_at + chrono::Duration::minutes(m.meeting.duration_minutes.into()) > now);
    let open_issues: Vec<IssueSummary> =
        plan.issues.iter().filter(|i| i.status == IssueStatus::Open).cloned().collect();
    let meeting_list = |meetings: Vec<&LeaderMeeting>| {
        html! {
            <ol class="leader-meetings">
                { for meetings.into_iter().map(|m| html! {
                    <MeetingItem key={m.meeting.id.clone()} group_id={props.id.clone()} meeting={m.clone()}
                        hosts={plan.hosts.clone()} zone={zone.clone()} on_plan={show.clone()} />
                }) }
            </ol>
        }
    };
    html! {
        <section class="leader-meetings-page">
            { back }
            <p class="eyebrow">{ group.group.title.get(lang) }</p>
            <h1>{ tr.meetings_and_issues() }</h1>
            if let Some(message) = (*notice).clone() { <p class="notice notice-ok" role="status">{ message }</p> }
            <ScheduleForm group_id={props.id.clone()} hosts={plan.hosts.clone()} suggested={plan.suggested_host.clone()}
                zone={zone.clone()} on_done={reload} />
            <h2>{ tr.upcoming_meetings() }</h2>
            if upcoming.is_empty() { <p class="meta">{ tr.no_upcoming_meetings() }</p> } else { { meeting_list(upcoming) } }
            <h2>{ tr.issues_heading() }</h2>
            if plan.issues.is_empty() { <p class="meta">{ tr.no_issues_yet() }</p> }
            <ol class="leader-issues">
                { for plan.issues.iter().map(|issue| html! {
                    <IssueItem key={issue.id.clone()} group_id={props.id.clone()} issue={issue.clone()}
                        others={open_issues.iter().filter(|o| o.id != issue.id).cloned().collect::<Vec<_>>()} on_plan={show.clone()} />
                }) }
            </ol>
            <LeaderElections group_id={props.id.clone()} zone={zone.clone()} />
            if !past.is_empty() {
                <h2>{ tr.past_meetings() }</h2>
                { meeting_list(past) }
            }
        </section>
    }
}

/// "Name — setting, area (last hosted …)" for a host choice.
fn host_label(tr: crate::i18n::Tr, host: &HostRow, zone: &str) -> String {
    let last = match host.last_hosted {
        Some(at) => tr.last_hosted(&date_time_in_zone(at, tr.lang(), zone)),
        None => tr.never_hosted().to_string(),
    };
    format!("{} — {}, {} · {} · {}", host.name, host.offer.setting, host.offer.area, tr.fits(host.offer.places), last)
}

/// The choice of host: nobody yet, or a volunteer (the suggested one marked).
fn host_choices(
    tr: crate::i18n::Tr,
    hosts: &[HostRow],
    zone: &str,
    suggested: Option<&str>,
) -> std::rc::Rc<[(AttrValue, AttrValue)]> {
    let nobody = (AttrValue::from(""), AttrValue::from(tr.no_host_yet()));
    let volunteers = hosts.iter().map(|h| {
        let mark = if suggested == Some(h.signup_id.as_str()) { tr.suggested_mark() } else { "" };
        (AttrValue::from(h.signup_id.clone()), AttrValue::from(format!("{}{mark}", host_label(tr, h, zone))))
    });
    std::iter::once(nobody).chain(volunteers).collect()
}

#[derive(Properties, PartialEq)]
struct ScheduleProps {
    group_id: String,
    hosts: Vec<HostRow>,
    suggested: Option<String>,
    zone: String,
    on_done: Callback<String>,
}

/// Schedule a meeting: when (on the group's clock), how long, who hosts, how many places.
#[function_component]
fn ScheduleForm(props: &ScheduleProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let me = use_me();
    let starts = use_state(String::new);
    let minutes = use_state(|| DEFAULT_MINUTES.to_string());
    let host = use_state(|| props.suggested.clone().unwrap_or_default());
    let places = use_state(String::new);
    let submit = use_submit();
    let on_submit = {
        let (group_id, zone, csrf, submit, on_done) =
            (props.group_id.clone(), props.zone.clone(), me.csrf.clone(), submit.clone(), props.on_done.clone());
        let (starts, minutes, host, places) = (starts.clone(), minutes.clone(), host.clone(), places.clone());
        let (done, needed) = (tr.meeting_scheduled().to_string(), tr.meeting_starts_needed().to_string());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(starts_at) = zone::parse_local(&starts, &zone) else {
                submit.refuse(vec![FieldMessage { field: "starts_at".into(), message: needed.clone() }]);
                return;
            };
            let body = ScheduleMeetingBody {
                starts_at,
                // Out of range on purpose when unreadable: the Worker names the field.
                duration_minutes: minutes.trim().parse().unwrap_or(0),
                host: (!host.is_empty()).then(|| (*host).clone()),
                places: places.trim().parse().ok(),
            };
            let (on_done, done, starts) = (on_done.clone(), done.clone(), starts.clone());
            submit.send(api::schedule_meeting(group_id.clone(), body, csrf.clone(), lang), move |_| {
                starts.set(String::new());
                on_done.emit(done);
            });
        })
    };
    let chosen_places = props.hosts.iter().find(|h| h.signup_id == *host).map(|h| h.offer.places);
    let problem = |field: &str| Problem::from(submit.problems().of(field));
    let starts_problem = submit.problems().of("starts_at");
    let starts_told = match starts_problem {
        Some(_) => Problem::ToldAt("meeting-starts-problem".into()),
        None => Problem::None,
    };
    let hosts = host_choices(tr, &props.hosts, &props.zone, props.suggested.as_deref());
    let host_help = if props.hosts.is_empty() { tr.no_hosts_yet() } else { tr.suggested_help() };
    html! {
        <section class="schedule-meeting" aria-labelledby="schedule-heading">
            <h2 id="schedule-heading">{ tr.schedule_meeting() }</h2>
            <form class="schedule-form" novalidate=true onsubmit={on_submit} ref={submit.form()}>
                { submit.notice(tr) }
                // Its problem keeps the id it has always had (the tests wait for it).
                <Field id="meeting-starts" label={tr.meeting_starts(&props.zone)} control={Control::DateTime}
                    value={(*starts).clone()} oninput={submit.typed(&starts, "starts_at")}
                    problem={starts_told}>
                    if let Some(message) = starts_problem {
                        <p class="field-error" id="meeting-starts-problem">{ message }</p>
                    }
                </Field>
                <Field id="meeting-minutes" label={tr.meeting_minutes()} control={Control::Number} min="1" max="1440"
                    value={(*minutes).clone()} problem={problem("duration_minutes")}
                    oninput={submit.typed(&minutes, "duration_minutes")} />
                <Field id="meeting-host" label={tr.meeting_host()} hint={host_help} control={Control::Choice(hosts)}
                    value={(*host).clone()} problem={problem("host")} oninput={submit.typed(&host, "host")} />
                // Left empty, the places are what the chosen setting takes: its hint says how many.
                <Field id="meeting-places" label={tr.meeting_places()} control={Control::Number} min="1" max="200"
                    hint={chosen_places.map(|p| AttrValue::from(tr.fits(p)))} value={(*places).clone()}
                    problem={problem("places")} oninput={submit.typed(&places, "places")} />
                <button type="submit" class="button-primary schedule" disabled={submit.busy()}>
                    { tr.schedule_meeting() }
                </button>
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct MeetingProps {
    group_id: String,
    meeting: LeaderMeeting,
    hosts: Vec<HostRow>,
    zone: String,
    on_plan: Callback<(MeetingPlan, String)>,
}

/// One meeting: when, where, who is coming, and changing the host (those coming are told).
#[function_component]
fn MeetingItem(props: &MeetingProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let me = use_me();
    let m = &props.meeting;
    let current = m.host.as_ref().map(|h| h.signup_id.clone()).unwrap_or_default();
    let host = use_state(|| current.clone());
    let submit = use_submit();
    let on_submit = {
        let (group_id, meeting, csrf, submit, on_plan, host) = (
            props.group_id.clone(),
            m.meeting.id.clone(),
            me.csrf.clone(),
            submit.clone(),
            props.on_plan.clone(),
            host.clone(),
        );
        let done = tr.host_changed().to_string();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = SetHostBody { host: (!host.is_empty()).then(|| (*host).clone()) };
            let rest = format!("meetings/{}/host", api::segment(&meeting));
            let (on_plan, done) = (on_plan.clone(), done.clone());
            let write = api::change_plan(Method::PUT, group_id.clone(), rest, body, csrf.clone(), lang);
            submit.send(write, move |plan| on_plan.emit((plan, done)));
        })
    };
    let over = m.meeting.starts_at <= crate::clock::now();
    let hosts = host_choices(tr, &props.hosts, &props.zone, None);
    // Nothing to send while one is on its way, or while the host chosen is the host already.
    let waits = submit.busy() || *host == current;
    html! {
        <li class="leader-meeting">
            <p class="person-line"><strong>{ date_time_in_zone(m.meeting.starts_at, lang, &props.zone) }</strong></p>
            <p class="meta">
                { match &m.host {
                    Some(h) => format!("{} — {}, {}", h.name, h.offer.setting, h.offer.address),
                    None => tr.no_host_yet().to_string(),
                } }
            </p>
            <p class="meta">{ tr.coming_count(m.meeting.going, m.meeting.places, m.meeting.waiting) }</p>
            if !m.coming.is_empty() {
                <p class="coming-names">{ m.coming.join(", ") }</p>
            }
            if !m.meeting.agenda.is_empty() {
                <p class="meta">{ if m.meeting.agenda_final { tr.agenda_heading() } else { tr.agenda_so_far() } }</p>
                <ol class="agenda">{ for m.meeting.agenda.iter().map(|i| html! { <li key={i.id.clone()}>{ &i.title }{ " · " }{ tr.supports(i.supports) }</li> }) }</ol>
            }
            if !over {
                <form class="host-form" novalidate=true onsubmit={on_submit} ref={submit.form()}>
                    { submit.notice(tr) }
                    <div class="inline-form">
                        <Field id={format!("host-{}", m.meeting.id)} label={tr.meeting_host()}
                            control={Control::Choice(hosts)} value={(*host).clone()}
                            problem={Problem::from(submit.problems().of("host"))}
                            oninput={submit.typed(&host, "host")} />
                        <button type="submit" class="button-small change-host" disabled={waits}>
                            { tr.change_host() }
                        </button>
                    </div>
                </form>
            }
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct IssueProps {
    group_id: String,
    issue: IssueSummary,
    /// Open issues it could be merged into.
    others: Vec<IssueSummary>,
    on_plan: Callback<(MeetingPlan, String)>,
}

/// One key issue with its count; a leader merges a duplicate into another or hides it.
#[function_component]
fn IssueItem(props: &IssueProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let me = use_me();
    let into = use_state(|| props.others.first().map(|o| o.id.clone()).unwrap_or_default());
    // Hiding is a lone button; merging is a form.
    let failure = use_writing();
    let submit = use_submit();
    let issue = &props.issue;
    let hide = {
        let (group_id, id, csrf, failure, on_plan) =
            (props.group_id.clone(), issue.id.clone(), me.csrf.clone(), failure.clone(), props.on_plan.clone());
        let done = tr.issue_hidden().to_string();
        Callback::from(move |_: MouseEvent| {
            let rest = format!("issues/{}/hide", api::segment(&id));
            let (on_plan, done) = (on_plan.clone(), done.clone());
            let write = api::change_plan(Method::POST, group_id.clone(), rest, (), csrf.clone(), lang);
            spawn_write(write, failure.clone(), move |plan| on_plan.emit((plan, done)));
        })
    };
    let merge = {
        let into = into.clone();
        let group_id = props.group_id.clone();
        let (id, csrf, submit, on_plan) = (issue.id.clone(), me.csrf.clone(), submit.clone(), props.on_plan.clone());
        let done = tr.issue_merged().to_string();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let rest = format!("issues/{}/merge", api::segment(&id));
            let (on_plan, done) = (on_plan.clone(), done.clone());
            let body = MergeBody { into: (*into).clone() };
            let write = api::change_plan(Method::POST, group_id.clone(), rest, body, csrf.clone(), lang);
            submit.send(write, move |plan| on_plan.emit((plan, done)));
        })
    };
    let others: std::rc::Rc<[(AttrValue, AttrValue)]> =
        props.others.iter().map(|o| (AttrValue::from(o.id.clone()), AttrValue::from(o.title.clone()))).collect();
    // One write at a time on an issue: hiding waits for a merge, and the other way round.
    let busy = failure.busy() || submit.busy();
    let open = issue.status == IssueStatus::Open;
    html! {
        <li class="leader-issue">
            <p class="person-line">
                <strong>{ &issue.title }</strong>{ " · " }{ tr.supports(issue.supports) }
                if !open { { " · " }<span class="status-tag">{ tr.on_agenda() }</span> }
            </p>
            if !issue.details.is_empty() { <p class="meta">{ &issue.details }</p> }
            if open {
                if let Some(f) = (*failure).clone() { <WriteFailure failure={f} /> }
                <div class="person-actions">
                    <button type="button" class="button-small hide-issue" disabled={busy} onclick={hide}>
                        { tr.hide_issue() }
                    </button>
                </div>
                if !props.others.is_empty() {
                    <form class="merge-form" novalidate=true onsubmit={merge} ref={submit.form()}>
                        { submit.notice(tr) }
                        <div class="inline-form">
                            <Field id={format!("merge-{}", issue.id)} label={tr.merge_into()}
                                control={Control::Choice(others)} value={(*into).clone()}
                                problem={Problem::from(submit.problems().of("into"))}
                                oninput={submit.typed(&into, "into")} />
                            <button type="submit" class="button-small merge-issue" disabled={busy}>
                                { tr.merge() }
                            </button>
                        </div>
                    </form>
                }
            }
        </li>
    }
}
