//! The signposting directory as leaders keep it: the queue (entries unchecked for six months,
//! the one checked longest ago first, and what families reported), checking, editing, retiring
//! and adding entries, and bringing in an Open Referral UK feed. Admins and facilitators alike.

use village_shared::api::directory::{DirectoryQueue, EntryBody, ListedEntry};
use village_shared::model::{Bilingual, DirectoryReport, ServiceCategory, ServiceDetails, Verdict};
use village_shared::rules::directory::Freshness;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::{spawn_write, use_writing, WriteFailure};
use crate::admin::api;
use crate::components::{ErrorNotice, Loading};
use crate::hooks::{use_remote, Remote};
use crate::i18n::{use_tr, Tr};

#[function_component]
pub fn Directory() -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let reloads = use_state(|| 0u32);
    let (queue, retry, _) = use_remote(*reloads, move |_| api::directory(lang));
    let editing = use_state(|| None::<(Option<String>, ServiceDetails)>);
    let reload = {
        let reloads = reloads.clone();
        Callback::from(move |_| reloads.set(*reloads + 1))
    };
    let queue: DirectoryQueue = match queue {
        Remote::Loading => return html! { <Loading /> },
        Remote::Failed(failure) => return html! { <ErrorNotice {failure} on_retry={retry} /> },
        Remote::Ready(queue) => queue,
    };
    let edit = {
        let editing = editing.clone();
        Callback::from(move |e: Option<(Option<String>, ServiceDetails)>| editing.set(e))
    };
    let name_of = |id: &str| {
        queue.entries.iter().find(|e| e.entry.id == id).map(|e| e.entry.name.get(lang).to_string()).unwrap_or_default()
    };
    html! {
        <section class="admin-directory">
            <h1>{ tr.dir_heading() }</h1>
            <p><a href="/directory/">{ tr.dir_public_link() }</a>{ " · " }<a href="/api/open-referral/services">{ tr.dir_export() }</a></p>

            <h2>{ tr.dir_needs_checking() }</h2>
            if queue.needs_checking.is_empty() { <p>{ tr.dir_nothing_to_check() }</p> }
            <ul class="cards needs-checking">
                { for queue.needs_checking.iter().map(|e| html! {
                    <EntryRow key={e.entry.id.clone()} listed={e.clone()} on_done={reload.clone()} on_edit={edit.clone()} />
                }) }
            </ul>

            <h2>{ tr.dir_reports() }</h2>
            if queue.reports.is_empty() { <p>{ tr.dir_no_reports() }</p> }
            <ul class="cards reports">
                { for queue.reports.iter().map(|r| report(tr, r, &name_of(&r.entry), lang)) }
            </ul>

            if let Some((id, service)) = (*editing).clone() {
                <EntryForm key={id.clone().unwrap_or_default()} id={id.clone()} {service} on_done={{
                    let (editing, reload) = (editing.clone(), reload.clone());
                    Callback::from(move |saved: bool| { editing.set(None); if saved { reload.emit(()); } })
                }} />
            } else {
                <p><button type="button" class="button-primary add-entry" onclick={{
                    let edit = edit.clone();
                    Callback::from(move |_| edit.emit(Some((None, blank()))))
                }}>{ tr.dir_add() }</button></p>
            }

            <h2>{ tr.dir_all() }</h2>
            <ul class="cards all-entries">
                { for queue.entries.iter().map(|e| html! {
                    <EntryRow key={e.entry.id.clone()} listed={e.clone()} on_done={reload.clone()} on_edit={edit.clone()} />
                }) }
            </ul>
            <Import on_done={reload.clone()} />
        </section>
    }
}

fn blank() -> ServiceDetails {
    ServiceDetails {
        organization: String::new(),
        name: Bilingual::default(),
        description: Bilingual::default(),
        category: ServiceCategory::FamilyHub,
        area: String::new(),
        address: None,
        postcode: None,
        point: None,
        phone: None,
        email: None,
        website: None,
        languages: vec!["en".into()],
        ages: None,
        opening_times: Bilingual::default(),
    }
}

fn report(tr: Tr, r: &DirectoryReport, name: &str, lang: village_shared::Language) -> Html {
    let verdict = match r.verdict {
        Verdict::StillRight => tr.dir_verdict_still_right(),
        Verdict::Changed => tr.dir_verdict_changed(),
        Verdict::Closed => tr.dir_verdict_closed(),
    };
    html! {
        <li class="card report" key={r.id.clone()}>
            <p><strong>{ name }</strong></p>
            <p class="meta">{ verdict }{ " · " }{ crate::i18n::date_time(r.at, lang) }</p>
            if let Some(note) = &r.note { <p class="report-note">{ note }</p> }
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    listed: ListedEntry,
    on_done: Callback<()>,
    on_edit: Callback<Option<(Option<String>, ServiceDetails)>>,
}

/// One entry: how fresh, who checked it when, and check / edit / retire.
#[function_component]
fn EntryRow(props: &RowProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let csrf = crate::admin::use_me().csrf;
    let writing = use_writing();
    let confirming = use_state(|| false);
    let e = &props.listed.entry;
    let state = if e.retired {
        tr.dir_retired()
    } else {
        match props.listed.freshness {
            Freshness::Fresh => tr.dir_fresh(),
            Freshness::Ageing => tr.dir_ageing(),
            Freshness::Hidden => tr.dir_hidden(),
        }
    };
    let act = |what: &'static str| {
        let (id, csrf, writing, done) = (e.id.clone(), csrf.clone(), writing.clone(), props.on_done.clone());
        Callback::from(move |_: MouseEvent| {
            let future = api::entry_act(id.clone(), what, csrf.clone(), lang);
            let done = done.clone();
            spawn_write(future, writing.clone(), move |_| done.emit(()));
        })
    };
    let edit = {
        let (id, on_edit, writing) = (e.id.clone(), props.on_edit.clone(), writing.clone());
        Callback::from(move |_: MouseEvent| {
            let (id, on_edit) = (id.clone(), on_edit.clone());
            let future = api::directory_entry(id.clone(), lang);
            spawn_write(future, writing.clone(), move |saved| on_edit.emit(Some((Some(saved.entry.id), saved.entry.service))));
        })
    };
    let checked = crate::i18n::format::calendar_date(e.checked_on, lang);
    html! {
        <li class={classes!("card", "directory-row", format!("fresh-{}", if e.retired { "retired" } else { match props.listed.freshness { Freshness::Fresh => "fresh", Freshness::Ageing => "ageing", Freshness::Hidden => "hidden" } }))}>
            <p><strong>{ e.name.get(lang) }</strong></p>
            <p class="meta">{ format!("{} · {}", e.category.label(lang), e.area) }</p>
            <p class="meta">{ format!("{state} · {} {checked} {} {}", tr.dir_checked(), tr.dir_by(), e.checked_by.label(lang)) }</p>
            if !e.retired {
                <div class="actions">
                    <button type="button" class="button-secondary check-entry" disabled={writing.busy()} onclick={act("check")}>{ tr.dir_mark_checked() }</button>
                    <button type="button" class="button-secondary edit-entry" disabled={writing.busy()} onclick={edit}>{ tr.dir_edit() }</button>
                    // Retiring is for good: a second tap confirms it.
                    if *confirming {
                        <button type="button" class="button-danger retire-entry" disabled={writing.busy()} onclick={act("retire")}>{ tr.dir_retire_confirm() }</button>
                    } else {
                        <button type="button" class="button-secondary ask-retire" onclick={{
                            let confirming = confirming.clone();
                            Callback::from(move |_| confirming.set(true))
                        }}>{ tr.dir_retire() }</button>
                    }
                </div>
            }
            if let Some(failure) = (*writing).clone() { <WriteFailure {failure} /> }
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct FormProps {
    id: Option<String>,
    service: ServiceDetails,
    /// `true` when saved.
    on_done: Callback<bool>,
}

/// Add or edit a service: what families read, in both languages.
#[function_component]
fn EntryForm(props: &FormProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let csrf = crate::admin::use_me().csrf;
    let writing = use_writing();
    let draft = use_state(|| props.service.clone());
    // One field of the form: a line, or (`long`) a few lines.
    let field = |id: &'static str, label: &'static str, value: String, set: fn(&mut ServiceDetails, String), long: bool| {
        let draft = draft.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            let mut next = (*draft).clone();
            set(&mut next, super::editor::value_of(&e.into()));
            draft.set(next);
        });
        html! {
            <div class="field">
                <label for={id}>{ label }</label>
                if long { <textarea {id} rows="3" {value} {oninput} /> } else { <input {id} {value} {oninput} /> }
            </div>
        }
    };
    let text = |id, label, value, set| field(id, label, value, set, false);
    let area = |id, label, value, set| field(id, label, value, set, true);
    let d = (*draft).clone();
    let on_category = {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let mut next = (*draft).clone();
            if let Some(c) = ServiceCategory::from_code(&e.target_unchecked_into::<HtmlSelectElement>().value()) {
                next.category = c;
            }
            draft.set(next);
        })
    };
    let on_submit = {
        let (id, draft, csrf, writing, done) = (props.id.clone(), draft.clone(), csrf.clone(), writing.clone(), props.on_done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let future = api::save_entry(id.clone(), EntryBody { service: (*draft).clone() }, csrf.clone(), lang);
            let done = done.clone();
            spawn_write(future, writing.clone(), move |_| done.emit(true));
        })
    };
    let cancel = {
        let done = props.on_done.clone();
        Callback::from(move |_| done.emit(false))
    };
    html! {
        <form class="card entry-form" onsubmit={on_submit}>
            <h2>{ if props.id.is_some() { tr.dir_editing() } else { tr.dir_add() } }</h2>
            { text("entry-name-en", tr.dir_name_en(), d.name.en.clone(), |s, v| s.name.en = v) }
            { text("entry-name-es", tr.dir_name_es(), d.name.es.clone(), |s, v| s.name.es = v) }
            { text("entry-organization", tr.dir_organization(), d.organization.clone(), |s, v| s.organization = v) }
            <div class="field">
                <label for="entry-category">{ tr.dir_category() }</label>
                <select id="entry-category" onchange={on_category}>
                    { for ServiceCategory::ALL.iter().map(|c| html! {
                        <option value={c.code()} selected={d.category == *c}>{ c.label(lang) }</option>
                    }) }
                </select>
            </div>
            { text("entry-area", tr.dir_area(), d.area.clone(), |s, v| s.area = v) }
            { text("entry-address", tr.dir_address(), d.address.clone().unwrap_or_default(), |s, v| s.address = Some(v).filter(|v| !v.trim().is_empty())) }
            { text("entry-postcode", tr.dir_postcode(), d.postcode.clone().unwrap_or_default(), |s, v| s.postcode = Some(v).filter(|v| !v.trim().is_empty())) }
            { text("entry-phone", tr.dir_phone(), d.phone.clone().unwrap_or_default(), |s, v| s.phone = Some(v).filter(|v| !v.trim().is_empty())) }
            { text("entry-website", tr.dir_website(), d.website.clone().unwrap_or_default(), |s, v| s.website = Some(v).filter(|v| !v.trim().is_empty())) }
            { text("entry-languages", tr.dir_languages(), d.languages.join(", "), |s, v| {
                s.languages = v.split([',', ' ']).map(|l| l.trim().to_lowercase()).filter(|l| !l.is_empty()).collect()
            }) }
            { text("entry-opening-en", tr.dir_opening_en(), d.opening_times.en.clone(), |s, v| s.opening_times.en = v) }
            { text("entry-opening-es", tr.dir_opening_es(), d.opening_times.es.clone(), |s, v| s.opening_times.es = v) }
            { area("entry-description-en", tr.dir_description_en(), d.description.en.clone(), |s, v| s.description.en = v) }
            { area("entry-description-es", tr.dir_description_es(), d.description.es.clone(), |s, v| s.description.es = v) }
            if let Some(failure) = (*writing).clone() { <WriteFailure {failure} /> }
            <div class="actions">
                <button type="submit" class="button-primary save-entry" disabled={writing.busy()}>{ tr.dir_save() }</button>
                <button type="button" class="button-secondary" onclick={cancel}>{ tr.dir_cancel() }</button>
            </div>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct ImportProps {
    on_done: Callback<()>,
}

/// Paste a council's Open Referral UK page; what came in and what was skipped is said.
#[function_component]
fn Import(props: &ImportProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let csrf = crate::admin::use_me().csrf;
    let writing = use_writing();
    let feed = use_state(String::new);
    let outcome = use_state(|| None::<String>);
    let on_input = {
        let feed = feed.clone();
        Callback::from(move |e: InputEvent| feed.set(e.target_unchecked_into::<HtmlTextAreaElement>().value()))
    };
    let on_submit = {
        let (feed, csrf, writing, outcome, done) = (feed.clone(), csrf.clone(), writing.clone(), outcome.clone(), props.on_done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Ok(value) = serde_json::from_str::<serde_json::Value>(&feed) else {
                outcome.set(Some(tr.dir_import_not_json().into()));
                return;
            };
            let (outcome, done) = (outcome.clone(), done.clone());
            spawn_write(api::import_feed(value, csrf.clone(), lang), writing.clone(), move |answer| {
                outcome.set(Some(tr.dir_imported(answer.imported, answer.skipped.len())));
                done.emit(());
            });
        })
    };
    html! {
        <form class="card import-feed" onsubmit={on_submit}>
            <h2>{ tr.dir_import() }</h2>
            <div class="field">
                <label for="import-feed">{ tr.dir_import() }</label>
                <p class="hint" id="import-help">{ tr.dir_import_help() }</p>
                <textarea id="import-feed" rows="6" aria-describedby="import-help" value={(*feed).clone()} oninput={on_input} />
            </div>
            if let Some(outcome) = (*outcome).clone() { <p class="notice notice-ok import-outcome" role="status">{ outcome }</p> }
            if let Some(failure) = (*writing).clone() { <WriteFailure {failure} /> }
            <button type="submit" class="button-primary" disabled={writing.busy()}>{ tr.dir_import_button() }</button>
        </form>
    }
}
