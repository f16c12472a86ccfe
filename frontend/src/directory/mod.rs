//! The signposting directory (served under `/directory/`, its own Wasm bundle): local services
//! for families, searched and filtered, nearest first from a postcode or the phone, with "tap
//! to call", a map link, when each was last checked and by whom, and "Is this still right?".
//! The Worker decides what is public; this shows what it answers.

mod text;

use gloo_net::http::Method;
use village_shared::api::directory::{DirectoryAnswer, ListedEntry, ReportBody, ReportReceived};
use village_shared::i18n::language_name;
use village_shared::model::{ServiceCategory, Verdict};
use village_shared::rules::directory::Freshness;
use village_shared::Language;
use yew::prelude::*;

use crate::api::{request_with, ApiFailure};
use crate::components::{resolve_near as resolve, NearProblem, NearestControl};
use crate::components::{BundleShell, Control, ErrorNotice, Field, Loading, Problem, WriteFailure};
use crate::hooks::{spawn_write, use_remote, use_submit, use_writing, Remote};
use crate::i18n::{use_language, use_tr, Tr};

const NO_BODY: Option<&()> = None;

/// What the page is narrowed to; it lives in the address (`?q=&category=&area=&language=&near=`)
/// so a search can be shared and the back button works.
#[derive(Clone, PartialEq, Default)]
struct Query {
    q: String,
    category: String,
    area: String,
    language: String,
    near: Option<String>,
}

impl Query {
    fn from_address() -> Query {
        let search = gloo_utils::window().location().search().unwrap_or_default();
        let params = web_sys::UrlSearchParams::new_with_str(&search).ok();
        let get = |k: &str| params.as_ref().and_then(|p| p.get(k)).unwrap_or_default();
        Query {
            q: get("q"),
            category: get("category"),
            area: get("area"),
            language: get("language"),
            near: Some(get("near")).filter(|n| !n.is_empty()),
        }
    }

    fn to_query_string(&self) -> String {
        let params = web_sys::UrlSearchParams::new().expect("URLSearchParams");
        for (k, v) in [("q", &self.q), ("category", &self.category), ("area", &self.area), ("language", &self.language)] {
            if !v.trim().is_empty() {
                params.append(k, v.trim());
            }
        }
        if let Some(near) = &self.near {
            params.append("near", near);
        }
        String::from(params.to_string())
    }

    /// Keep the address in step (replacing, not adding, history: typing is not navigating).
    fn remember(&self) {
        let query = self.to_query_string();
        let path = if query.is_empty() { "/directory/".to_string() } else { format!("/directory/?{query}") };
        if let Ok(history) = gloo_utils::window().history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
        }
    }
}

/// The page's answer: a typed place is turned into a point in the browser first (the same
/// tables, fetched only now), so the Worker gets coordinates.
async fn load(query: Query, lang: Language, cursor: Option<String>) -> Result<(DirectoryAnswer, Option<NearProblem>), ApiFailure> {
    let mut asked = query.clone();
    let mut problem = None;
    if let Some(near) = &query.near {
        match resolve(near).await {
            Ok(point) => asked.near = Some(format!("{},{}", point.lat, point.lon)),
            Err(p) => {
                problem = Some(p);
                asked.near = None;
            }
        }
    }
    let mut path = format!("/api/directory?{}", asked.to_query_string());
    if let Some(cursor) = cursor {
        path.push_str(&format!("&cursor={}", String::from(js_sys::encode_uri_component(&cursor))));
    }
    let (_, answer) = request_with(Method::GET, &path, NO_BODY, lang, None).await?;
    Ok((answer, problem))
}

#[function_component]
pub fn DirectoryApp() -> Html {
    html! { <BundleShell title={Tr::directory_title as fn(Tr) -> &'static str}><DirectoryPage /></BundleShell> }
}

#[function_component]
fn DirectoryPage() -> Html {
    let tr = use_tr();
    let lang = use_language().lang;
    let query = use_state(Query::from_address);
    let typed = use_state(|| query.q.clone());
    let (remote, retry, _) = use_remote(((*query).clone(), lang), |(query, lang)| load(query, lang, None));
    let set = {
        let query = query.clone();
        move |change: &dyn Fn(&mut Query)| {
            let mut next = (*query).clone();
            change(&mut next);
            next.remember();
            query.set(next);
        }
    };
    let on_search = {
        let (set, typed) = (set.clone(), typed.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = (*typed).clone();
            set(&|q: &mut Query| q.q = text.clone());
        })
    };
    let on_typed = {
        let typed = typed.clone();
        Callback::from(move |value: String| typed.set(value))
    };
    let select = |field: fn(&mut Query) -> &mut String| {
        let set = set.clone();
        Callback::from(move |value: String| set(&|q: &mut Query| *field(q) = value.clone()))
    };
    // A filter's choices, "any" first.
    let choices = |any: &'static str, options: Vec<(AttrValue, AttrValue)>| -> Control {
        Control::Choice(std::iter::once((AttrValue::default(), AttrValue::from(any))).chain(options).collect())
    };
    let on_near = {
        let set = set.clone();
        Callback::from(move |near: Option<String>| set(&|q: &mut Query| q.near = near.clone()))
    };
    let answer = match &remote {
        Remote::Ready((answer, _)) => Some(answer.clone()),
        _ => None,
    };
    let problem = match &remote {
        Remote::Ready((_, problem)) => *problem,
        _ => None,
    };
    let categories =
        ServiceCategory::ALL.iter().map(|c| (AttrValue::from(c.code()), AttrValue::from(c.label(lang)))).collect();
    let areas = answer.as_ref().map(|a| a.areas.clone()).unwrap_or_default();
    let areas = areas.into_iter().map(|a| (AttrValue::from(a.clone()), AttrValue::from(a))).collect();
    let languages = answer.as_ref().map(|a| a.languages.clone()).unwrap_or_default();
    let languages = languages
        .into_iter()
        .map(|l| {
            let name = language_name(&l, lang);
            (AttrValue::from(l), AttrValue::from(name))
        })
        .collect();
    html! {
        <>
            <h1>{ tr.local_services_link() }</h1>
            <p class="lead">{ tr.directory_intro() }</p>
            <form class="directory-search" role="search" onsubmit={on_search}>
                <Field id="directory-q" label={tr.directory_search_label()} control={Control::Search}
                    value={(*typed).clone()} oninput={on_typed}
                    action={html! { <button type="submit" class="button-primary">{ tr.directory_search() }</button> }} />
                <Field id="directory-category" label={tr.directory_category()} value={query.category.clone()}
                    control={choices(tr.directory_any_category(), categories)} oninput={select(|q| &mut q.category)} />
                // Area and language narrow less often: folded away until wanted (open when set).
                <details class="more-filters" open={!query.area.is_empty() || !query.language.is_empty()}>
                    <summary>{ tr.directory_more_filters() }</summary>
                    <Field id="directory-area" label={tr.directory_area()} value={query.area.clone()}
                        control={choices(tr.directory_any_area(), areas)} oninput={select(|q| &mut q.area)} />
                    <Field id="directory-language" label={tr.directory_language()} value={query.language.clone()}
                        control={choices(tr.directory_any_language(), languages)}
                        oninput={select(|q| &mut q.language)} />
                </details>
            </form>
            <NearestControl heading={tr.directory_near_heading()} near={query.near.clone()} problem={problem} on_change={on_near} />
            { match remote {
                Remote::Loading => html! { <Loading /> },
                Remote::Failed(failure) => html! { <ErrorNotice {failure} on_retry={Some(retry)} /> },
                Remote::Ready((answer, _)) => html! {
                    <>
                        <p class="count" aria-live="polite">{ tr.services_found(answer.entries.len()) }</p>
                        if answer.entries.is_empty() { <p class="empty">{ tr.directory_none() }</p> }
                        <ul class="cards directory-entries">
                            { for answer.entries.into_iter().map(|listed| { let key = listed.entry.id.clone(); html! { <EntryCard {key} {listed} /> } }) }
                        </ul>
                        if let Some(next) = answer.next {
                            <MorePages key={query.to_query_string()} query={(*query).clone()} {next} />
                        }
                    </>
                },
            } }
            <p class="directory-groups"><a href="/">{ tr.directory_groups_link() }</a></p>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct MoreProps {
    query: Query,
    next: String,
}

/// A directory longer than one listing (a county's feed): the next page, a tap at a time.
#[function_component]
fn MorePages(props: &MoreProps) -> Html {
    let tr = use_tr();
    let lang = use_language().lang;
    let more = use_state(Vec::<ListedEntry>::new);
    let next = use_state(|| Some(props.next.clone()));
    let writing = use_writing();
    let on_more = {
        let (query, more, next, writing) = (props.query.clone(), more.clone(), next.clone(), writing.clone());
        Callback::from(move |_: MouseEvent| {
            let (more, next) = (more.clone(), next.clone());
            let future = load(query.clone(), lang, (*next).clone());
            spawn_write(future, writing.clone(), move |(answer, _)| {
                let mut all = (*more).clone();
                all.extend(answer.entries);
                more.set(all);
                next.set(answer.next);
            });
        })
    };
    html! {
        <>
            if !more.is_empty() {
                <ul class="cards directory-entries more-entries">
                    { for more.iter().cloned().map(|listed| { let key = listed.entry.id.clone(); html! { <EntryCard {key} {listed} /> } }) }
                </ul>
            }
            if let Some(failure) = (*writing).clone() { <WriteFailure {failure} /> }
            if next.is_some() {
                <button type="button" class="button-secondary more-services" disabled={writing.busy()} onclick={on_more}>{ tr.directory_next_page() }</button>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct EntryProps {
    listed: ListedEntry,
}

#[function_component]
fn EntryCard(props: &EntryProps) -> Html {
    let tr = use_tr();
    let lang = use_language().lang;
    let e = &props.listed.entry;
    let checked = crate::i18n::format::calendar_date(e.checked_on, lang);
    let map = e.point.map(|p| {
        format!("https://www.openstreetmap.org/?mlat={:.5}&mlon={:.5}#map=16/{:.5}/{:.5}", p.lat, p.lon, p.lat, p.lon)
    });
    let languages: Vec<String> = e.languages.iter().map(|l| language_name(l, lang)).collect();
    html! {
        <li class="card directory-entry">
            <h2 class="card-title">{ e.name.get(lang) }</h2>
            <p class="meta">{ format!("{} · {}", e.category.label(lang), e.organization) }</p>
            <p class="meta">{ &e.area }
                if let Some(km) = props.listed.km { { format!(" · {} {}", format_km(km), tr.directory_km_away()) } }
            </p>
            if !languages.is_empty() {
                <p class="meta">{ format!("{}: {}", tr.directory_languages(), languages.join(", ")) }</p>
            }
            <p class="checked">{ format!("{} {} {} {}", tr.directory_checked(), checked, tr.directory_by(), e.checked_by.label(lang)) }</p>
            if props.listed.freshness == Freshness::Ageing { <p class="notice notice-warn ageing">{ tr.directory_ageing() }</p> }
            <div class="actions">
                if let Some(phone) = &e.phone {
                    <a class="button-primary" href={format!("tel:{}", phone.replace(' ', ""))}>{ format!("{} {}", tr.directory_call(), phone) }</a>
                }
                if let Some(map) = map {
                    <a class="button-secondary" href={map} target="_blank" rel="noopener">{ tr.directory_map() }</a>
                }
            </div>
            <StillRight id={e.id.clone()} />
        </li>
    }
}

/// Kilometres with one decimal under ten, whole above.
fn format_km(km: f64) -> String {
    if km < 10.0 { format!("{:.1}", km) } else { format!("{:.0}", km) }
}

#[derive(Properties, PartialEq)]
struct StillRightProps {
    id: String,
}

/// "Is this still right? Yes / Something changed / Closed": anonymous, straight to the queue.
/// One form: "Yes" sends at once, the others open the note first.
#[function_component]
fn StillRight(props: &StillRightProps) -> Html {
    let tr = use_tr();
    let lang = use_language().lang;
    let submit = use_submit();
    let chosen = use_state(|| None::<Verdict>);
    let note = use_state(String::new);
    let sent = use_state(|| false);
    let send = {
        let (id, submit, sent, note) = (props.id.clone(), submit.clone(), sent.clone(), note.clone());
        move |verdict: Verdict| {
            let body = ReportBody { verdict, note: Some((*note).clone()).filter(|n| !n.trim().is_empty()) };
            let path = format!("/api/directory/{id}/reports");
            let sent = sent.clone();
            submit.send(
                async move { request_with::<ReportReceived>(Method::POST, &path, Some(&body), lang, None).await },
                move |_| sent.set(true),
            );
        }
    };
    if *sent {
        return html! { <p class="notice notice-ok thanks" role="status">{ tr.directory_thanks() }</p> };
    }
    let pick = |verdict: Verdict| {
        let (chosen, send) = (chosen.clone(), send.clone());
        Callback::from(move |_| match verdict {
            Verdict::StillRight => send(verdict),
            _ => chosen.set(Some(verdict)),
        })
    };
    let on_note = submit.typed(&note, "note");
    let onsubmit = {
        let (chosen, send) = (chosen.clone(), send.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(verdict) = *chosen {
                send(verdict);
            }
        })
    };
    html! {
        <div class="still-right" role="group" aria-label={tr.directory_still_right()}>
            <form {onsubmit} novalidate=true ref={submit.form()}>
                <p class="still-right-question">{ tr.directory_still_right() }</p>
                { submit.notice(tr) }
                <div class="actions">
                    <button type="button" class="button-secondary verdict-yes" disabled={submit.busy()}
                        onclick={pick(Verdict::StillRight)}>{ tr.directory_yes() }</button>
                    <button type="button" class="button-secondary verdict-changed" onclick={pick(Verdict::Changed)}
                        aria-pressed={(*chosen == Some(Verdict::Changed)).to_string()}>
                        { tr.directory_changed() }
                    </button>
                    <button type="button" class="button-secondary verdict-closed" onclick={pick(Verdict::Closed)}
                        aria-pressed={(*chosen == Some(Verdict::Closed)).to_string()}>{ tr.directory_closed() }</button>
                </div>
                if chosen.is_some() {
                    <Field id={format!("note-{}", props.id)} label={tr.directory_note()}
                        maxlength={village_shared::rules::directory::REPORT_NOTE_MAX.to_string()}
                        control={Control::Multiline { rows: 3 }} value={(*note).clone()}
                        problem={Problem::from(submit.problems().of("note"))} oninput={on_note} />
                    <button type="submit" class="button-primary send-report" disabled={submit.busy()}>
                        { tr.directory_send() }
                    </button>
                }
            </form>
        </div>
    }
}
