//! The signposting directory as leaders keep it: the queue (entries unchecked for six months,
//! the one checked longest ago first, and what families reported), checking, editing, retiring
//! and adding entries, and bringing in an Open Referral UK feed. Admins and facilitators alike.

use village_shared::api::directory::{DirectoryQueue, EntryBody, ListedEntry};
use village_shared::api::FieldMessage;
use village_shared::model::{Bilingual, DirectoryReport, ServiceCategory, ServiceDetails, Verdict};
use village_shared::rules::directory::Freshness;
use yew::prelude::*;

use super::{spawn_write, use_writing, WriteFailure};
use crate::admin::api;
use crate::components::{Control, ErrorNotice, Field, Loading, Problem};
use crate::hooks::{use_remote, use_submit, Remote};
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
    let submit = use_submit();
    let draft = use_state(|| props.service.clone());
    // A field's handler: `set` writes it into the draft; the API's name for it (`problem`)
    // loses its last problem.
    let set = |problem: &'static str, set: fn(&mut ServiceDetails, String)| {
        let (draft, submit) = (draft.clone(), submit.clone());
        Callback::from(move |value: String| {
            let mut next = (*draft).clone();
            set(&mut next, value);
            draft.set(next);
            submit.forget(problem);
        })
    };
    let problems = submit.problems();
    let here = |field: &str| Problem::from(problems.of(field));
    // One problem for both languages (or for several fields) is told under the first of them.
    let told_at = |field: &str, id: &str| {
        if problems.has(field) {
            Problem::ToldAt(format!("{id}-error").into())
        } else {
            Problem::None
        }
    };
    let (name_told, address_told) = (told_at("name", "entry-name-en"), told_at("address", "entry-address"));
    let description_told = told_at("description", "entry-description-en");
    // What the form does not show (an imported entry's email or ages) is listed above it.
    let elsewhere: Vec<AttrValue> =
        ["service", "email", "ages", "point"].iter().filter_map(|f| problems.of(f)).collect();
    let d = (*draft).clone();
    let categories: std::rc::Rc<[(AttrValue, AttrValue)]> =
        ServiceCategory::ALL.iter().map(|c| (AttrValue::from(c.code()), AttrValue::from(c.label(lang)))).collect();
    let on_submit = {
        let (id, draft, csrf, submit, done) =
            (props.id.clone(), draft.clone(), csrf.clone(), submit.clone(), props.on_done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let future = api::save_entry(id.clone(), EntryBody { service: (*draft).clone() }, csrf.clone(), lang);
            let done = done.clone();
            submit.send(future, move |_| done.emit(true));
        })
    };
    let cancel = {
        let done = props.on_done.clone();
        Callback::from(move |_| done.emit(false))
    };
    let multiline = Control::Multiline { rows: 3 };
    html! {
        <form class="card entry-form" novalidate=true onsubmit={on_submit} ref={submit.form()}>
            <h2>{ if props.id.is_some() { tr.dir_editing() } else { tr.dir_add() } }</h2>
            { submit.notice(tr) }
            if !elsewhere.is_empty() {
                <ul class="notice notice-error field-problems">
                    { for elsewhere.into_iter().map(|m| html! { <li>{ m }</li> }) }
                </ul>
            }
            <Field id="entry-name-en" label={tr.dir_name_en()} lang="en" value={d.name.en.clone()}
                problem={here("name")} oninput={set("name", |s, v| s.name.en = v)} />
            <Field id="entry-name-es" label={tr.dir_name_es()} lang="es" value={d.name.es.clone()}
                problem={name_told} oninput={set("name", |s, v| s.name.es = v)} />
            <Field id="entry-organization" label={tr.dir_organization()} value={d.organization.clone()}
                problem={here("organization")} oninput={set("organization", |s, v| s.organization = v)} />
            <Field id="entry-category" label={tr.dir_category()} control={Control::Choice(categories)}
                value={d.category.code()} oninput={set("category", |s, v| {
                    if let Some(c) = ServiceCategory::from_code(&v) {
                        s.category = c;
                    }
                })} />
            <Field id="entry-area" label={tr.dir_area()} value={d.area.clone()} problem={here("area")}
                oninput={set("area", |s, v| s.area = v)} />
            <Field id="entry-address" label={tr.dir_address()} value={d.address.clone().unwrap_or_default()}
                problem={here("address")} oninput={set("address", |s, v| s.address = optional(v))} />
            <Field id="entry-postcode" label={tr.dir_postcode()} value={d.postcode.clone().unwrap_or_default()}
                problem={address_told} oninput={set("address", |s, v| s.postcode = optional(v))} />
            <Field id="entry-phone" label={tr.dir_phone()} control={Control::Tel}
                value={d.phone.clone().unwrap_or_default()} problem={here("phone")}
                oninput={set("phone", |s, v| s.phone = optional(v))} />
            <Field id="entry-website" label={tr.dir_website()} control={Control::Url} literal=true
                value={d.website.clone().unwrap_or_default()} problem={here("website")}
                oninput={set("website", |s, v| s.website = optional(v))} />
            <Field id="entry-languages" label={tr.dir_languages()} literal=true value={d.languages.join(", ")}
                problem={here("languages")} oninput={set("languages", |s, v| {
                    s.languages =
                        v.split([',', ' ']).map(|l| l.trim().to_lowercase()).filter(|l| !l.is_empty()).collect()
                })} />
            <Field id="entry-opening-en" label={tr.dir_opening_en()} lang="en" value={d.opening_times.en.clone()}
                problem={description_told.clone()} oninput={set("description", |s, v| s.opening_times.en = v)} />
            <Field id="entry-opening-es" label={tr.dir_opening_es()} lang="es" value={d.opening_times.es.clone()}
                problem={description_told.clone()} oninput={set("description", |s, v| s.opening_times.es = v)} />
            <Field id="entry-description-en" label={tr.dir_description_en()} lang="en" control={multiline.clone()}
                value={d.description.en.clone()} problem={here("description")}
                oninput={set("description", |s, v| s.description.en = v)} />
            <Field id="entry-description-es" label={tr.dir_description_es()} lang="es" control={multiline}
                value={d.description.es.clone()} problem={description_told}
                oninput={set("description", |s, v| s.description.es = v)} />
            <div class="actions">
                <button type="submit" class="button-primary save-entry" disabled={submit.busy()}>
                    { tr.dir_save() }
                </button>
                <button type="button" class="button-secondary" onclick={cancel}>{ tr.dir_cancel() }</button>
            </div>
        </form>
    }
}

/// An optional line: left empty, none.
fn optional(v: String) -> Option<String> {
    Some(v).filter(|v| !v.trim().is_empty())
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
    let submit = use_submit();
    let feed = use_state(String::new);
    let outcome = use_state(|| None::<String>);
    let on_input = {
        let (feed, submit) = (feed.clone(), submit.clone());
        Callback::from(move |value: String| {
            feed.set(value);
            submit.forget("feed");
        })
    };
    let on_submit = {
        let (feed, csrf, submit, outcome, done) =
            (feed.clone(), csrf.clone(), submit.clone(), outcome.clone(), props.on_done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            // Not JSON: said on the field, nothing sent.
            let Ok(value) = serde_json::from_str::<serde_json::Value>(&feed) else {
                outcome.set(None);
                submit.refuse(vec![FieldMessage { field: "feed".into(), message: tr.dir_import_not_json().into() }]);
                return;
            };
            let (outcome, done) = (outcome.clone(), done.clone());
            submit.send(api::import_feed(value, csrf.clone(), lang), move |answer| {
                outcome.set(Some(tr.dir_imported(answer.imported, answer.skipped.len())));
                done.emit(());
            });
        })
    };
    html! {
        <form class="card import-feed" novalidate=true onsubmit={on_submit} ref={submit.form()}>
            <h2>{ tr.dir_import() }</h2>
            { submit.notice(tr) }
            <Field id="import-feed" label={tr.dir_import()} hint={tr.dir_import_help()}
                control={Control::Multiline { rows: 6 }} value={(*feed).clone()}
                problem={Problem::from(submit.problems().of("feed"))} oninput={on_input} />
            if let Some(outcome) = (*outcome).clone() { <p class="notice notice-ok import-outcome" role="status">{ outcome }</p> }
            <button type="submit" class="button-primary" disabled={submit.busy()}>{ tr.dir_import_button() }</button>
        </form>
    }
}
