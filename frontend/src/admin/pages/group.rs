//! One group: its state and actions (edit, publish / unpublish / archive, duplicate for next
//! term) and its people: confirmed, the waitlist in order, and who left — with the roster
//! actions (seat now, private note, remove with a reason, move to another group).

use village_shared::api::admin::{AdminGroup, DuplicateRequest, RosterView};
use village_shared::model::{GroupKind, Publication, Signup, SignupStatus};
use village_shared::rules::term::{default_shift_weeks, WEEKS_AHEAD};
use yew::prelude::*;

use super::{spawn_write, use_writing, StatusTag, WriteFailure};
use crate::admin::{api, use_me, AdminRoute};
use crate::api::ApiFailure;
use crate::components::{Control, ErrorNotice, Field, Loading, Problem};
use crate::hooks::{use_remote, use_submit, Remote};
use crate::i18n::use_tr;
use crate::router::{use_routes, RouteLink};

#[derive(Properties, PartialEq)]
pub struct GroupProps {
    pub id: String,
}

#[derive(Clone, PartialEq)]
struct Loaded {
    group: AdminGroup,
    roster: RosterView,
    /// Groups a person can be moved to (admins only).
    others: Vec<AdminGroup>,
}

async fn load(id: String, lang: village_shared::Language, admin: bool) -> Result<Loaded, ApiFailure> {
    let group = api::group(id.clone(), lang).await?;
    let roster = api::roster(id.clone(), lang).await?;
    let others = if admin {
        api::working_groups(lang)
            .await?
            .into_iter()
            .filter(|g| {
                g.group.id != id
                    && g.group.kind.takes_signups()
                    && matches!(g.group.status, Publication::Published | Publication::Unpublished)
            })
            .collect()
    } else {
        vec![]
    };
    Ok(Loaded { group, roster, others })
}

#[function_component]
pub fn GroupPage(props: &GroupProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let me = use_me();
    let admin = crate::admin::acts_for_network(&me);
    let (loaded, retry, state) = use_remote(props.id.clone(), move |id| async move { load(id, lang, admin).await });
    let failure = use_writing();
    // After an edit, the editor says how many people on the waitlist were seated.
    let promoted = use_routes::<AdminRoute>()
        .location
        .query
        .iter()
        .find(|(k, _)| k == "promoted")
        .and_then(|(_, v)| v.parse::<u64>().ok());
    let notice = use_state(|| promoted.map(|n| tr.promoted_after_save(n)));
    let back = html! { <p class="back"><RouteLink<AdminRoute> to={AdminRoute::Home}>{ "← " }{ tr.your_groups_heading() }</RouteLink<AdminRoute>></p> };
    let data = match loaded {
        Remote::Loading => return html! { <>{ back }<Loading /></> },
        Remote::Failed(failure) => return html! { <>{ back }<ErrorNotice {failure} on_retry={retry} /></> },
        Remote::Ready(data) => data,
    };
    // After a write: load again (the roster object is the truth), keep the page.
    let reload = {
        let (state, id, notice) = (state.clone(), props.id.clone(), notice.clone());
        Callback::from(move |message: String| {
            let (state, id, notice) = (state.clone(), id.clone(), notice.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(data) = load(id, lang, admin).await {
                    state.set(Remote::Ready(data));
                }
                notice.set(Some(message));
            });
        })
    };
    let group = &data.group.group;
    let status_button = |to: Publication, label: &'static str, class: &'static str| {
        let busy = failure.busy();
        let (id, csrf, failure, reload, done) =
            (group.id.clone(), me.csrf.clone(), failure.clone(), reload.clone(), tr.status_changed().to_string());
        let onclick = Callback::from(move |_: MouseEvent| {
            let (reload, done) = (reload.clone(), done.clone());
            spawn_write(api::set_status(id.clone(), to, csrf.clone(), lang), failure.clone(), move |_| {
                reload.emit(done)
            });
        });
        html! { <button type="button" class={classes!("button-secondary", class)} disabled={busy} {onclick}>{ label }</button> }
    };
    let signups = &data.roster.signups;
    let in_status = |status: SignupStatus| signups.iter().filter(|s| s.status == status).cloned().collect::<Vec<_>>();
    let (confirmed, waiting, gone) =
        (in_status(SignupStatus::Confirmed), in_status(SignupStatus::Waitlisted), in_status(SignupStatus::Cancelled));
    let person_list = |people: Vec<Signup>, class: &'static str| {
        html! {
            <ol class={classes!("roster", class)}>
                { for people.into_iter().map(|s| {
                    let note = data.roster.notes.get(&s.id).cloned().unwrap_or_default();
                    let key = s.id.clone();
                    html! {
                        <Person {key} group_id={group.id.clone()} {note}
                            others={data.others.clone()} signup={s} on_done={reload.clone()} />
                    }
                }) }
            </ol>
        }
    };
    html! {
        <section class="admin-roster">
            { back }
            <p class="eyebrow">{ tr.kind(group.kind) }{ " · " }{ group.term.get(lang) }{ " " }<StatusTag status={group.status} /></p>
            <h1>{ group.title.get(lang) }</h1>
            if group.kind.takes_signups() {
                <p class="meta">{ tr.fill(data.group.count.confirmed, data.group.count.capacity, data.group.count.waitlist_length) }</p>
            }
            if let Some(message) = (*notice).clone() { <p class="notice notice-ok" role="status">{ message }</p> }
            if let Some(f) = (*failure).clone() { <WriteFailure failure={f} /> }
            <div class="actions">
                <RouteLink<AdminRoute> classes="button-primary take-attendance" to={AdminRoute::Attendance { id: group.id.clone() }}>{ tr.take_attendance() }</RouteLink<AdminRoute>>
                if group.kind == GroupKind::LocalGroup {
                    <RouteLink<AdminRoute> classes="button-primary open-meetings" to={AdminRoute::Meetings { id: group.id.clone() }}>{ tr.meetings_and_issues() }</RouteLink<AdminRoute>>
                }
                <a class="button-secondary roster-csv" href={format!("/api/admin/groups/{}/roster.csv", api::segment(&group.id))} download="">{ tr.download_csv() }</a>
                if group.status.is_public() {
                    <a class="button-secondary" href={format!("/groups/{}?lang={}", api::segment(&group.id), lang.code())}>{ tr.public_page() }</a>
                }
            </div>
            if admin {
                <div class="actions group-admin">
                    <RouteLink<AdminRoute> classes="button-secondary edit-group" to={AdminRoute::EditGroup { id: group.id.clone() }}>{ tr.edit_group() }</RouteLink<AdminRoute>>
                    if group.status != Publication::Published { { status_button(Publication::Published, tr.publish(), "publish") } }
                    if group.status == Publication::Published { { status_button(Publication::Unpublished, tr.unpublish(), "unpublish") } }
                    if group.status != Publication::Archived { { status_button(Publication::Archived, tr.archive(), "archive") } }
                </div>
                <Duplicate group={data.group.clone()} />
            }
            if group.audiences.contains(&village_shared::model::Audience::Families) {
                <HelpingOut group={group.clone()} />
                <TopicIdeas group_id={group.id.clone()} />
                <Buddies group_id={group.id.clone()} />
            }
            <h2>{ tr.confirmed_count(confirmed.len()) }</h2>
            { person_list(confirmed, "roster-confirmed") }
            <h2>{ tr.waitlist_count(waiting.len()) }</h2>
            { person_list(waiting, "roster-waitlisted") }
            if !gone.is_empty() {
                <h2>{ tr.cancelled_heading() }{ format!(" ({})", gone.len()) }</h2>
                { person_list(gone, "roster-cancelled") }
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct DuplicateProps {
    group: AdminGroup,
}

/// "Duplicate for next term": a new id and a number of weeks; the copy opens in the editor.
#[function_component]
fn Duplicate(props: &DuplicateProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let me = use_me();
    let router = use_routes::<AdminRoute>();
    let group = &props.group.group;
    let id = use_state(|| format!("{}-next", group.id));
    let weeks = use_state(|| default_shift_weeks(group).to_string());
    let submit = use_submit();
    let on_submit = {
        let (from, id, weeks, csrf, submit) =
            (group.id.clone(), id.clone(), weeks.clone(), me.csrf.clone(), submit.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let request = DuplicateRequest { id: id.trim().to_string(), weeks: weeks.trim().parse().unwrap_or(0) };
            let router = router.clone();
            submit.send(api::duplicate(from.clone(), request, csrf.clone(), lang), move |copy| {
                router.push(AdminRoute::EditGroup { id: copy.group.id })
            });
        })
    };
    let problem = |field: &str| Problem::from(submit.problems().of(field));
    html! {
        <details class="duplicate">
            <summary>{ tr.duplicate() }</summary>
            <form class="duplicate-form" novalidate=true onsubmit={on_submit} ref={submit.form()}>
                <p class="meta">{ tr.duplicate_help() }</p>
                { submit.notice(tr) }
                <Field id="duplicate-id" label={tr.duplicate_id()} value={(*id).clone()} autocomplete="off" literal=true
                    problem={problem("id")} oninput={submit.typed(&id, "id")} />
                <Field id="duplicate-weeks" label={tr.duplicate_weeks()} control={Control::Number}
                    min={WEEKS_AHEAD.start().to_string()} max={WEEKS_AHEAD.end().to_string()} value={(*weeks).clone()}
                    problem={problem("weeks")} oninput={submit.typed(&weeks, "weeks")} />
                <button type="submit" class="button-primary" disabled={submit.busy()}>{ tr.duplicate() }</button>
            </form>
        </details>
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Open {
    Nothing,
    Note,
    Remove,
    Move,
}

impl Open {
    /// The field the API names when it refuses this form ("": no form).
    fn field(self) -> &'static str {
        match self {
            Open::Nothing => "",
            Open::Note => "note",
            Open::Remove => "reason",
            Open::Move => "to",
        }
    }
}

#[derive(Properties, PartialEq)]
struct PersonProps {
    group_id: String,
    signup: Signup,
    note: String,
    others: Vec<AdminGroup>,
    /// Called with what to tell the user after a change.
    on_done: Callback<String>,
}

/// One person on the roster, with the actions their place allows.
#[function_component]
fn Person(props: &PersonProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let me = use_me();
    let open = use_state(|| Open::Nothing);
    let text = use_state(|| props.note.clone());
    let target = use_state(|| props.others.first().map(|g| g.group.id.clone()).unwrap_or_default());
    // Seating is a lone button; the note, removal and move are the row's form.
    let failure = use_writing();
    let submit = use_submit();
    let s = &props.signup;
    let toggle = |which: Open| {
        let (open, text, note, submit) = (open.clone(), text.clone(), props.note.clone(), submit.clone());
        Callback::from(move |_: MouseEvent| {
            // A problem of the form being closed is no longer anyone's.
            submit.forget((*open).field());
            text.set(if which == Open::Note { note.clone() } else { String::new() });
            open.set(if *open == which { Open::Nothing } else { which });
        })
    };
    // Whatever the write answers, the row closes and the page says so.
    fn finished<T>(on_done: Callback<String>, open: UseStateHandle<Open>, message: String) -> impl FnOnce(T) + Clone {
        move |_: T| {
            open.set(Open::Nothing);
            on_done.emit(message);
        }
    }
    let done = |message: String| (props.on_done.clone(), open.clone(), message);
    let (group_id, signup_id, csrf) = (props.group_id.clone(), s.id.clone(), me.csrf.clone());
    let seat = {
        let (g, id, csrf, failure, done) =
            (group_id.clone(), signup_id.clone(), csrf.clone(), failure.clone(), done(tr.saved().into()));
        Callback::from(move |_: MouseEvent| {
            let (on_done, open, message) = done.clone();
            spawn_write(api::seat(g.clone(), id.clone(), csrf.clone(), lang), failure.clone(), finished(on_done, open, message))
        })
    };
    let on_submit = {
        let (g, id, csrf, submit) = (group_id.clone(), signup_id.clone(), csrf.clone(), submit.clone());
        let (open, text, target) = (open.clone(), text.clone(), target.clone());
        let done = done(tr.saved().into());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (on_done, open_row, message) = done.clone();
            let finished = finished(on_done, open_row, message);
            let (g, id, csrf) = (g.clone(), id.clone(), csrf.clone());
            match *open {
                Open::Note => submit.send(api::note(g, id, (*text).clone(), csrf, lang), finished),
                Open::Remove => submit.send(api::remove(g, id, (*text).clone(), csrf, lang), finished),
                Open::Move => submit.send(api::move_to(g, id, (*target).clone(), csrf, lang), finished),
                Open::Nothing => {}
            }
        })
    };
    let on_text = submit.typed(&text, (*open).field());
    let on_target = submit.typed(&target, "to");
    let problem = Problem::from(submit.problems().of((*open).field()));
    let admin = crate::admin::acts_for_network(&me);
    let active = s.status != SignupStatus::Cancelled;
    let field_id = |what: &str| format!("{what}-{}", s.id);
    let destinations: std::rc::Rc<[(AttrValue, AttrValue)]> = props
        .others
        .iter()
        .map(|g| {
            let count = tr.fill(g.count.confirmed, g.count.capacity, g.count.waitlist_length);
            let label = format!("{} · {} · {count}", g.group.title.get(lang), tr.language_name(g.group.language));
            (AttrValue::from(g.group.id.clone()), AttrValue::from(label))
        })
        .collect();
    html! {
        <li class="person">
            <p class="person-line">
                <strong>{ if s.name.is_empty() { "—" } else { s.name.as_str() } }</strong>{ " · " }{ &s.email }
                if let Some(phone) = &s.phone { { " · " }{ phone } }
                { " · " }{ tr.language_name(s.language) }
            </p>
            if !props.note.is_empty() && *open != Open::Note {
                <p class="person-note"><span class="note-label">{ tr.action_note() }{ ": " }</span>{ &props.note }</p>
            }
            if let Some(f) = (*failure).clone() { <WriteFailure failure={f} /> }
            <div class="person-actions">
                if s.status == SignupStatus::Waitlisted {
                    <button type="button" class="button-small seat" title={tr.action_seat_help()} disabled={failure.busy() || submit.busy()} onclick={seat}>{ tr.action_seat() }</button>
                }
                <button type="button" class="button-small note" aria-expanded={(*open == Open::Note).to_string()} onclick={toggle(Open::Note)}>{ tr.action_note() }</button>
                if active {
                    <button type="button" class="button-small remove" aria-expanded={(*open == Open::Remove).to_string()} onclick={toggle(Open::Remove)}>{ tr.action_remove() }</button>
                }
                if active && admin && !props.others.is_empty() {
                    <button type="button" class="button-small move" aria-expanded={(*open == Open::Move).to_string()} onclick={toggle(Open::Move)}>{ tr.action_move() }</button>
                }
            </div>
            if *open != Open::Nothing {
                <form class="person-form" novalidate=true onsubmit={on_submit} ref={submit.form()}>
                    { submit.notice(tr) }
                    { match *open {
                        Open::Note => html! {
                            <Field id={field_id("note")} label={tr.action_note()} hint={tr.note_help()}
                                control={Control::Multiline { rows: 3 }} value={(*text).clone()} {problem}
                                oninput={on_text} />
                        },
                        Open::Remove => html! {
                            <Field id={field_id("reason")} label={tr.remove_reason()}
                                control={Control::Multiline { rows: 2 }} value={(*text).clone()} {problem}
                                oninput={on_text} />
                        },
                        Open::Move => html! {
                            <Field id={field_id("move")} label={tr.move_to()} control={Control::Choice(destinations)}
                                value={(*target).clone()} {problem} oninput={on_target} />
                        },
                        Open::Nothing => html! {},
                    } }
                    <button type="submit" disabled={submit.busy() || failure.busy()}
                        class={if *open == Open::Remove { "button-danger" } else { "button-primary" }}>
                        { match *open {
                            Open::Note => tr.save_note(),
                            Open::Remove => tr.action_remove_confirm(),
                            _ => tr.action_move_confirm(),
                        } }
                    </button>
                </form>
            }
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct BuddiesProps {
    group_id: String,
}

/// What families would like a visitor to talk about, newest first (shown when there are any).
#[function_component]
fn TopicIdeas(props: &BuddiesProps) -> Html {
    use village_shared::api::helping::TopicList;
    let tr = use_tr();
    let lang = tr.lang();
    let path = format!("/api/admin/groups/{}/topics", api::segment(&props.group_id));
    let (list, _, _) = crate::hooks::use_remote(path, move |path| async move {
        crate::api::request_with::<TopicList>(gloo_net::http::Method::GET, &path, None::<&()>, lang, None).await.map(|(_, l)| l)
    });
    let Remote::Ready(list) = list else { return html! {} };
    if list.ideas.is_empty() {
        return html! {};
    }
    html! {
        <section class="topic-ideas">
            <h2>{ tr.topic_ideas_heading() }</h2>
            <ul>
                { for list.ideas.iter().map(|i| html! {
                    <li>{ &i.text }<span class="meta">{ " — " }{ &i.name }{ ", " }{ crate::i18n::date_time(i.at, lang) }</span></li>
                }) }
            </ul>
        </section>
    }
}

/// A family group's buddies: who waits (longest first) with suggestions ranked by the shared
/// rule — pair in one tap — and the pairings, each ended as completed or ended.
#[function_component]
fn Buddies(props: &BuddiesProps) -> Html {
    use village_shared::api::buddies::{BuddyBoard, EndPairingBody, PairBody};
    use village_shared::i18n::language_name;
    use village_shared::rules::buddies::PairingState;
    let tr = use_tr();
    let lang = tr.lang();
    let csrf = crate::admin::use_me().csrf;
    let writing = super::use_writing();
    let base = format!("/api/admin/groups/{}/buddies", api::segment(&props.group_id));
    let (board, _, state) = crate::hooks::use_remote(base.clone(), move |path| async move {
        crate::api::request_with::<BuddyBoard>(gloo_net::http::Method::GET, &path, None::<&()>, lang, None).await.map(|(_, b)| b)
    });
    let Remote::Ready(board) = board else { return html! {} };
    let send = |path: String, body: serde_json::Value| {
        let (csrf, writing, state) = (csrf.clone(), writing.clone(), state.clone());
        Callback::from(move |_: MouseEvent| {
            let (path, body, csrf) = (path.clone(), body.clone(), csrf.clone());
            let future = async move {
                crate::api::request_with::<BuddyBoard>(gloo_net::http::Method::POST, &path, Some(&body), lang, Some(&csrf)).await.map(|(_, b)| b)
            };
            let state = state.clone();
            super::spawn_write(future, writing.clone(), move |board| state.set(Remote::Ready(board)));
        })
    };
    let languages = |codes: &[String]| codes.iter().map(|c| language_name(c, lang)).collect::<Vec<_>>().join(", ");
    html! {
        <section class="buddies">
            <h2>{ tr.buddies_heading() }</h2>
            if let Some(f) = (*writing).clone() { <WriteFailure failure={f} /> }
            <h3>{ tr.buddies_waiting(board.waiting.len()) }</h3>
            if board.waiting.is_empty() { <p class="meta">{ tr.buddies_nobody_waiting() }</p> }
            <ul class="cards buddy-queue">
                { for board.waiting.iter().map(|w| html! {
                    <li class="card waiting-family">
                        <p><strong>{ &w.name }</strong>{ " · " }{ language_name(&w.ask.language, lang) }{ " · " }{ w.ask.age_band.label(lang) }</p>
                        <p class="meta">{ tr.waiting_since() }{ " " }{ crate::i18n::date_time(w.since, lang) }</p>
                        if w.suggestions.is_empty() { <p class="meta">{ tr.no_buddy_free() }</p> }
                        <ul class="suggestions">
                            { for w.suggestions.iter().map(|s| {
                                let body = serde_json::to_value(PairBody { newcomer: w.signup_id.clone(), buddy: s.signup_id.clone() }).unwrap_or_default();
                                html! {
                                    <li class="suggestion">
                                        <span>{ &s.name }{ " · " }{ languages(&s.languages) }{ " · " }{ s.age_band.label(lang) }</span>
                                        <button type="button" class="button-primary pair" disabled={writing.busy()}
                                            onclick={send(format!("{base}/pairings"), body)}>{ tr.pair_them() }</button>
                                    </li>
                                }
                            }) }
                        </ul>
                    </li>
                }) }
            </ul>
            <h3>{ tr.buddies_offering(board.offering.len()) }</h3>
            <p class="meta">{ board.offering.iter().map(|o| format!("{} ({})", o.name, o.free)).collect::<Vec<_>>().join(" · ") }</p>
            if !board.pairings.is_empty() {
                <h3>{ tr.pairings_heading() }</h3>
                <ul class="cards pairings">
                    { for board.pairings.iter().map(|p| {
                        let end = |completed: bool| send(format!("{base}/pairings/{}/end", p.id), serde_json::to_value(EndPairingBody { completed }).unwrap_or_default());
                        html! {
                            <li class="card pairing">
                                <p><strong>{ &p.newcomer }</strong>{ " ↔ " }<strong>{ &p.buddy }</strong></p>
                                <p class="meta">{ tr.paired_on() }{ " " }{ crate::i18n::date_time(p.paired_at, lang) }{ " · " }{ match p.state {
                                    PairingState::Active => tr.pairing_is_active(),
                                    PairingState::Completed => tr.pairing_is_completed(),
                                    PairingState::Ended => tr.pairing_is_ended(),
                                } }</p>
                                if p.state == PairingState::Active {
                                    <div class="actions">
                                        <button type="button" class="button-secondary complete-pairing" disabled={writing.busy()} onclick={end(true)}>{ tr.mark_completed() }</button>
                                        <button type="button" class="button-secondary end-pairing" disabled={writing.busy()} onclick={end(false)}>{ tr.mark_ended() }</button>
                                    </div>
                                }
                            </li>
                        }
                    }) }
                </ul>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct HelpingProps {
    group: village_shared::model::Group,
}

/// A family group's upcoming sessions with their tasks covered so far, and "Add the usual tasks"
/// (`rules::helping::templates`) where a session has none.
#[function_component]
fn HelpingOut(props: &HelpingProps) -> Html {
    use village_shared::api::helping::{SessionTasks, SetTasksBody};
    let tr = use_tr();
    let lang = tr.lang();
    let csrf = crate::admin::use_me().csrf;
    let writing = super::use_writing();
    let reloads = use_state(|| 0u32);
    let upcoming: Vec<i64> = props
        .group
        .sessions
        .iter()
        .filter(|s| s.starts_at > crate::clock::now())
        .take(4)
        .map(|s| s.starts_at.timestamp())
        .collect();
    let id = props.group.id.clone();
    let (sessions, _, _) = crate::hooks::use_remote((upcoming.clone(), *reloads), move |(starts, _)| {
        let id = id.clone();
        async move {
            let mut all = Vec::new();
            for start in starts {
                let path = format!("/api/groups/{}/sessions/{start}/tasks", api::segment(&id));
                let (_, tasks) = crate::api::request_with::<SessionTasks>(gloo_net::http::Method::GET, &path, None::<&()>, lang, None).await?;
                all.push((start, tasks));
            }
            Ok(all)
        }
    });
    let Remote::Ready(sessions) = sessions else { return html! {} };
    html! {
        <section class="helping-out">
            <h2>{ tr.helping_out_heading() }</h2>
            if let Some(f) = (*writing).clone() { <WriteFailure failure={f} /> }
            <ul class="cards">
                { for sessions.into_iter().map(|(start, tasks)| {
                    let covered: u8 = tasks.tasks.iter().map(|t| t.taken).sum();
                    let needed: u8 = tasks.tasks.iter().map(|t| t.needed).sum();
                    let add = {
                        let (id, csrf, writing, reloads) = (props.group.id.clone(), csrf.clone(), writing.clone(), reloads.clone());
                        Callback::from(move |_: MouseEvent| {
                            let path = format!("/api/admin/groups/{}/sessions/{start}/tasks", api::segment(&id));
                            let body = SetTasksBody { tasks: village_shared::rules::helping::templates() };
                            let csrf = csrf.clone();
                            let future = async move {
                                crate::api::request_with::<SessionTasks>(gloo_net::http::Method::PUT, &path, Some(&body), lang, Some(&csrf)).await.map(|(_, t)| t)
                            };
                            let reloads = reloads.clone();
                            super::spawn_write(future, writing.clone(), move |_| reloads.set(*reloads + 1));
                        })
                    };
                    html! {
                        <li class="card">
                            <p><strong>{ crate::i18n::date_time(tasks.starts_at, lang) }</strong></p>
                            if tasks.tasks.is_empty() {
                                <button type="button" class="button-secondary add-usual-tasks" disabled={writing.busy()} onclick={add}>{ tr.add_usual_tasks() }</button>
                            } else {
                                <p class="meta">{ tr.places_covered(covered, needed) }</p>
                                <p class="meta">{ tasks.tasks.iter().map(|t| format!("{} {}/{}", t.title.get(lang), t.taken, t.needed)).collect::<Vec<_>>().join(" · ") }</p>
                            }
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
