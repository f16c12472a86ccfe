//! The phone check-in list (pick a session, tick who came; each tick is saved at once), the
//! completion each person has reached (the shared rule), and the incentives ledger.

use village_shared::api::admin::AttendanceView;
use village_shared::model::LedgerEntry;
use village_shared::rules::progress::PersonProgress;
use yew::prelude::*;

use crate::admin::{api, use_me, AdminRoute};
use crate::api::ApiFailure;
use crate::components::{Control, ErrorNotice, Field, Loading, Problem};
use crate::hooks::{use_remote, use_submit, Remote};
use crate::i18n::use_tr;
use crate::router::RouteLink;

#[derive(Properties, PartialEq)]
pub struct AttendanceProps {
    pub id: String,
}

#[function_component]
pub fn Attendance(props: &AttendanceProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let me = use_me();
    let (sheet, retry, state) =
        use_remote(props.id.clone(), move |id| async move { api::attendance(id.clone(), lang).await });
    let chosen = use_state(|| None::<usize>);
    let failure = use_state(|| None::<ApiFailure>);
    let back = html! { <p class="back"><RouteLink<AdminRoute> to={AdminRoute::Group { id: props.id.clone() }}>{ "← " }{ tr.roster_heading() }</RouteLink<AdminRoute>></p> };
    let sheet: AttendanceView = match sheet {
        Remote::Loading => return html! { <>{ back }<Loading /></> },
        Remote::Failed(failure) => return html! { <>{ back }<ErrorNotice {failure} on_retry={retry} /></> },
        Remote::Ready(sheet) => sheet,
    };
    // The session in progress or the last one that started; else the first.
    let now = crate::clock::now();
    let default = sheet.sessions.iter().rposition(|s| s.starts_at <= now + chrono::Duration::minutes(30)).unwrap_or(0);
    let index = (*chosen).unwrap_or(default).min(sheet.sessions.len().saturating_sub(1));
    let Some(session) = sheet.sessions.get(index).cloned() else {
        return html! { <>{ back }<h1>{ tr.take_attendance() }</h1><p>{ tr.no_sessions_yet() }</p></> };
    };
    let on_session = {
        let chosen = chosen.clone();
        Callback::from(move |value: String| chosen.set(value.parse().ok()))
    };
    let sessions: std::rc::Rc<[(AttrValue, AttrValue)]> = sheet
        .sessions
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let label = format!("{} · {}", tr.session_number(i + 1), crate::i18n::date_time(s.starts_at, lang));
            (AttrValue::from(i.to_string()), AttrValue::from(label))
        })
        .collect();
    let reload = {
        let (state, id) = (state.clone(), props.id.clone());
        Callback::from(move |_: ()| {
            let (state, id) = (state.clone(), id.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(sheet) = api::attendance(id.clone(), lang).await {
                    state.set(Remote::Ready(sheet));
                }
            });
        })
    };
    let total = sheet.sessions.len();
    let completed: Vec<&PersonProgress> = sheet.people.iter().filter(|p| p.completed).collect();
    let offers_incentives = sheet.incentives.stipend.is_some() || sheet.incentives.kit;
    html! {
        <section class="attendance">
            { back }
            <p class="eyebrow">{ sheet.title.get(lang) }</p>
            <h1>{ tr.take_attendance() }</h1>
            <Field id="session" label={tr.sessions_heading()} control={Control::Choice(sessions)}
                value={index.to_string()} oninput={on_session} />
            if let Some(f) = (*failure).clone() { <ErrorNotice failure={f} /> }
            <ul class="checkins">
                { for sheet.people.iter().map(|p| {
                    let present = p.present.get(index).copied().unwrap_or(false);
                    let id = format!("present-{}", p.signup.id);
                    let onchange = {
                        let (group, signup_id, csrf, failure, reload) = (props.id.clone(), p.signup.id.clone(), me.csrf.clone(), failure.clone(), reload.clone());
                        let at = session.starts_at;
                        // Ticks run side by side (a check-in is quick taps); each success loads
                        // the sheet again, so no tick is drawn over another's stale copy.
                        Callback::from(move |_: Event| {
                            let (failure, reload) = (failure.clone(), reload.clone());
                            let mark = api::mark(group.clone(), at, signup_id.clone(), !present, csrf.clone(), lang);
                            wasm_bindgen_futures::spawn_local(async move {
                                match mark.await {
                                    Ok(_) => {
                                        failure.set(None);
                                        reload.emit(());
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
                                <span>
                                    <strong>{ if p.signup.name.is_empty() { "—" } else { p.signup.name.as_str() } }</strong>{ " · " }{ tr.attended_of(p.attended, total) }
                                    if p.completed { { " · " }<span class="completed-tag">{ "✓ " }{ tr.completed() }</span> }
                                </span>
                            </label>
                        </li>
                    }
                }) }
            </ul>
            <p><a class="button-secondary attendance-csv" href={format!("/api/admin/groups/{}/attendance.csv", api::segment(&props.id))} download="">{ tr.download_attendance() }</a></p>
            if offers_incentives {
                <section class="ledger" aria-labelledby="ledger-heading">
                    <h2 id="ledger-heading">{ tr.incentives_heading() }</h2>
                    <p class="meta">{ tr.incentives_intro() }</p>
                    if completed.is_empty() {
                        <p>{ tr.nobody_completed() }</p>
                    } else {
                        <ul class="cards">
                            { for completed.iter().map(|p| html! {
                                <LedgerLine key={p.signup.id.clone()} group_id={props.id.clone()} person={(*p).clone()}
                                    stipend={sheet.incentives.stipend} kit={sheet.incentives.kit}
                                    editable={crate::admin::acts_for_network(&me)} on_saved={reload.clone()} />
                            }) }
                        </ul>
                    }
                </section>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct LedgerProps {
    group_id: String,
    person: PersonProgress,
    stipend: Option<u32>,
    kit: bool,
    /// Recording what was given is the network's (admins'); facilitators see it.
    editable: bool,
    on_saved: Callback<()>,
}

/// One completer: what they are owed, and the dates things were given.
#[function_component]
fn LedgerLine(props: &LedgerProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let me = use_me();
    let ledger = &props.person.ledger;
    let issued = use_state(|| ledger.stipend_issued_on.map(|d| d.to_string()).unwrap_or_default());
    let amount = use_state(|| ledger.stipend_amount.or(props.stipend).map(|a| a.to_string()).unwrap_or_default());
    let shipped = use_state(|| ledger.kit_shipped_on.map(|d| d.to_string()).unwrap_or_default());
    let submit = use_submit();
    let saved = use_state(|| false);
    let input = |state: &UseStateHandle<String>, field: &'static str| {
        let (state, saved, submit) = (state.clone(), saved.clone(), submit.clone());
        Callback::from(move |value: String| {
            saved.set(false);
            state.set(value);
            submit.forget(field);
        })
    };
    let on_submit = {
        let (issued, amount, shipped, submit, saved) =
            (issued.clone(), amount.clone(), shipped.clone(), submit.clone(), saved.clone());
        let (group, signup, csrf, on_saved) =
            (props.group_id.clone(), props.person.signup.id.clone(), me.csrf.clone(), props.on_saved.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let date = |s: &str| s.trim().parse::<chrono::NaiveDate>().ok();
            let entry = LedgerEntry {
                stipend_issued_on: date(&issued),
                stipend_amount: if issued.trim().is_empty() { None } else { amount.trim().parse().ok() },
                kit_shipped_on: date(&shipped),
            };
            let (saved, on_saved) = (saved.clone(), on_saved.clone());
            submit.send(api::record_incentives(group.clone(), signup.clone(), entry, csrf.clone(), lang), move |_| {
                saved.set(true);
                on_saved.emit(());
            });
        })
    };
    let problem = |field: &str| Problem::from(submit.problems().of(field));
    let p = &props.person;
    let owed = p.stipend_owed || p.kit_owed;
    let id = |what: &str| format!("{what}-{}", p.signup.id);
    // Recording is the network's: a facilitator reads what was given, with no form.
    let given = {
        let on = |day: Option<chrono::NaiveDate>| {
            day.map_or_else(|| "—".to_string(), |d| crate::i18n::format::calendar_date(d, lang))
        };
        let mut lines = Vec::new();
        if props.stipend.is_some() {
            lines.push(format!("{}: {}", tr.stipend_issued_on(), on(ledger.stipend_issued_on)));
            if let Some(amount) = ledger.stipend_amount {
                lines.push(format!("{}: {amount}", tr.stipend_amount()));
            }
        }
        if props.kit {
            lines.push(format!("{}: {}", tr.kit_shipped_on(), on(ledger.kit_shipped_on)));
        }
        lines.join(" · ")
    };
    html! {
        <li class={classes!("card", "ledger-line", owed.then_some("owed"))}>
            <p><strong>{ &p.signup.name }</strong>{ " · " }{ tr.attended_of(p.attended, p.present.len()) }</p>
            <p class={classes!("meta", owed.then_some("owed-text"))}>{ if owed { tr.owed() } else { tr.all_given() } }</p>
            if *saved { <p class="notice notice-ok" role="status">{ tr.saved() }</p> }
            if props.editable {
                <form class="ledger-form" novalidate=true onsubmit={on_submit} ref={submit.form()}>
                    { submit.notice(tr) }
                    if props.stipend.is_some() {
                        <div class="side-by-side">
                            <Field id={id("issued")} label={tr.stipend_issued_on()} control={Control::Date}
                                value={(*issued).clone()} problem={problem("stipend_issued_on")}
                                oninput={input(&issued, "stipend_issued_on")} />
                            <Field id={id("amount")} label={tr.stipend_amount()} control={Control::Number} min="0"
                                short=true value={(*amount).clone()} problem={problem("stipend_amount")}
                                oninput={input(&amount, "stipend_amount")} />
                        </div>
                    }
                    if props.kit {
                        <Field id={id("shipped")} label={tr.kit_shipped_on()} control={Control::Date}
                            value={(*shipped).clone()} problem={problem("kit_shipped_on")}
                            oninput={input(&shipped, "kit_shipped_on")} />
                    }
                    <button type="submit" class="button-secondary save-ledger" disabled={submit.busy()}>
                        { tr.save() }
                    </button>
                </form>
            } else {
                <p class="meta ledger-given">{ given }</p>
            }
        </li>
    }
}
