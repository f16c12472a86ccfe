//! Create or edit a group: every field, the English and Spanish texts side by side (stacked on
//! a phone), sessions on the group's own clock, and per-field errors in the editor's language.

use std::rc::Rc;

use chrono::Duration;
use village_shared::api::admin::{AdminGroup, GroupForm};
use village_shared::api::{ApiError, ErrorCode, FieldMessage};
use village_shared::model::{
    Audience, Bilingual, Format, GeoPoint, Group, GroupKind, GroupPrivate, Incentives, Prerequisite, Publication,
    RegistrationWindow, Session, Visitor, DEFAULT_COMPLETION_PERCENT,
};
use village_shared::Language;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::admin::{api, use_me, zone, AdminRoute};
use crate::api::ApiFailure;
use crate::components::{ErrorNotice, Loading};
use crate::hooks::{use_remote, Remote};
use crate::i18n::use_tr;
use crate::router::{use_routes, RouteLink};

#[derive(Clone, PartialEq, Default)]
struct SessionRow {
    starts: String,
    minutes: String,
    topic_en: String,
    topic_es: String,
    /// Someone coming to talk; kept while any of it is typed.
    visitor: Option<Visitor>,
}

impl SessionRow {
    fn visitor_mut(&mut self) -> &mut Visitor {
        self.visitor.get_or_insert_with(Visitor::default)
    }

    /// The visitor to save: none when nothing about them is typed.
    fn visitor(&self) -> Option<Visitor> {
        let v = self.visitor.clone()?;
        let texts = [&v.name, &v.role, &v.topic.en, &v.topic.es, &v.bring.en, &v.bring.es];
        let entry = v.directory_entry.as_deref().is_some_and(|e| !e.trim().is_empty());
        (texts.iter().any(|t| !t.trim().is_empty()) || entry).then_some(v)
    }
}

/// The form as typed: text where people type, parsed on save.
#[derive(Clone, PartialEq)]
struct Draft {
    id: String,
    kind: GroupKind,
    language: Language,
    audiences: Vec<Audience>,
    title: Bilingual,
    description: Bilingual,
    term: Bilingual,
    in_person: bool,
    area: String,
    postcode: String,
    point: Option<GeoPoint>,
    time_zone: String,
    capacity: String,
    sessions: Vec<SessionRow>,
    window: bool,
    opens: String,
    closes: String,
    program: String,
    /// "none", "attended" or "completed": the first prerequisite, which the form edits.
    prerequisite: String,
    prerequisite_program: String,
    /// Any further prerequisites (a group may have several), kept as they are.
    other_prerequisites: Vec<Prerequisite>,
    completion: String,
    stipend: String,
    kit: bool,
    facilitators: String,
    meeting_link: String,
    address: String,
    status: Publication,
    /// The group's revision when it was opened, sent back so a save cannot undo someone
    /// else's changes made meanwhile.
    revision: Option<String>,
}

impl Draft {
    fn new() -> Draft {
        Draft {
            id: String::new(),
            kind: GroupKind::Series,
            language: Language::En,
            audiences: vec![Audience::Ffn],
            title: Bilingual::default(),
            description: Bilingual::default(),
            term: Bilingual::default(),
            in_person: false,
            area: String::new(),
            postcode: String::new(),
            point: None,
            time_zone: "America/Los_Angeles".into(),
            capacity: "12".into(),
            sessions: vec![SessionRow { minutes: "90".into(), ..Default::default() }],
            window: false,
            opens: String::new(),
            closes: String::new(),
            program: String::new(),
            prerequisite: "none".into(),
            prerequisite_program: String::new(),
            other_prerequisites: vec![],
            completion: DEFAULT_COMPLETION_PERCENT.to_string(),
            stipend: String::new(),
            kit: false,
            facilitators: String::new(),
            meeting_link: String::new(),
            address: String::new(),
            status: Publication::Draft,
            revision: None,
        }
    }

    fn from_group(g: &AdminGroup) -> Draft {
        let group = &g.group;
        let zone = group.time_zone.as_str();
        let mut sessions = group.sessions.clone();
        sessions.sort_by_key(|s| s.starts_at);
        let (in_person, area, postcode, point) = match &group.format {
            Format::Virtual => (false, String::new(), String::new(), None),
            Format::InPerson { area, postcode, point } => (true, area.clone(), postcode.clone(), *point),
        };
        let (prerequisite, prerequisite_program) = match group.prerequisites.first() {
            Some(Prerequisite::Attended { program }) => ("attended", program.clone()),
            Some(Prerequisite::Completed { program }) => ("completed", program.clone()),
            None => ("none", String::new()),
        };
        let private = g.private.clone().unwrap_or_default();
        Draft {
            id: group.id.clone(),
            kind: group.kind,
            language: group.language,
            audiences: group.audiences.clone(),
            title: group.title.clone(),
            description: group.description.clone(),
            term: group.term.clone(),
            in_person,
            area,
            postcode,
            point,
            time_zone: group.time_zone.clone(),
            capacity: group.capacity.to_string(),
            sessions: sessions
                .iter()
                .map(|s| SessionRow {
                    starts: zone::format_local(s.starts_at, zone),
                    minutes: s.duration_minutes.to_string(),
                    topic_en: s.topic.en.clone(),
                    topic_es: s.topic.es.clone(),
                    visitor: s.visitor.clone(),
                })
                .collect(),
            window: group.registration.is_some(),
            opens: group.registration.map(|w| zone::format_local(w.opens_at, zone)).unwrap_or_default(),
            closes: group.registration.map(|w| zone::format_local(w.closes_at, zone)).unwrap_or_default(),
            program: group.program.clone().unwrap_or_default(),
            prerequisite: prerequisite.into(),
            prerequisite_program,
            other_prerequisites: group.prerequisites.iter().skip(1).cloned().collect(),
            completion: group.completion_percent.to_string(),
            stipend: group.incentives.stipend.map(|s| s.to_string()).unwrap_or_default(),
            kit: group.incentives.kit,
            facilitators: group.facilitators.join(", "),
            meeting_link: private.meeting_link.unwrap_or_default(),
            address: private.address.unwrap_or_default(),
            status: group.status,
            revision: g.revision.clone(),
        }
    }

    /// The form to send, or what cannot even be read (dates, numbers), by field.
    fn to_form(&self, lang: Language) -> Result<GroupForm, Vec<FieldMessage>> {
        let tr = crate::i18n::Tr(lang);
        let mut problems = Vec::new();
        let mut problem =
            |field: &str, message: &str| problems.push(FieldMessage { field: field.into(), message: message.into() });
        let zone = self.time_zone.trim();
        let number = |text: &str| text.trim().parse::<u32>().ok();
        let capacity = number(&self.capacity).unwrap_or_else(|| {
            problem("capacity", tr.invalid_number());
            0
        });
        let completion = number(&self.completion).filter(|c| *c <= 100).unwrap_or_else(|| {
            problem("completion_percent", tr.invalid_number());
            0
        });
        let stipend = if self.stipend.trim().is_empty() {
            None
        } else {
            number(&self.stipend).or_else(|| {
                problem("stipend", tr.invalid_number());
                None
            })
        };
        let mut sessions = Vec::new();
        for (i, row) in self.sessions.iter().enumerate() {
            let at = |part: &str| format!("sessions.{i}.{part}");
            match (zone::parse_local(&row.starts, zone), row.minutes.trim().parse::<u16>()) {
                (Some(starts_at), Ok(minutes)) => sessions.push(Session {
                    starts_at,
                    duration_minutes: minutes,
                    topic: Bilingual::new(row.topic_en.trim(), row.topic_es.trim()),
                    visitor: row.visitor(),
                }),
                (None, _) => problem(&at("starts"), tr.invalid_date()),
                (_, Err(_)) => problem(&at("minutes"), tr.invalid_number()),
            }
        }
        if self.prerequisite != "none" && self.prerequisite_program.trim().is_empty() {
            problem("prerequisites", tr.prerequisite_program_needed());
        }
        let registration = if self.window {
            match (zone::parse_local(&self.opens, zone), zone::parse_local(&self.closes, zone)) {
                (Some(opens_at), Some(closes_at)) => Some(RegistrationWindow { opens_at, closes_at }),
                _ => {
                    problem("registration", tr.invalid_date());
                    None
                }
            }
        } else {
            None
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        let text = |b: &Bilingual| Bilingual::new(b.en.trim(), b.es.trim());
        let optional = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let mut prerequisites = match (self.prerequisite.as_str(), optional(&self.prerequisite_program)) {
            ("attended", Some(program)) => vec![Prerequisite::Attended { program }],
            ("completed", Some(program)) => vec![Prerequisite::Completed { program }],
            _ => vec![],
        };
        prerequisites.extend(self.other_prerequisites.iter().cloned());
        let group = Group {
            id: self.id.trim().to_string(),
            kind: self.kind,
            title: text(&self.title),
            description: text(&self.description),
            audiences: self.audiences.clone(),
            language: self.language,
            format: if self.in_person {
                Format::InPerson {
                    area: self.area.trim().into(),
                    postcode: self.postcode.trim().into(),
                    point: self.point,
                }
            } else {
                Format::Virtual
            },
            time_zone: zone.to_string(),
            capacity,
            term: text(&self.term),
            facilitators: self.facilitators.split(',').filter_map(optional).collect(),
            sessions,
            incentives: Incentives { stipend, kit: self.kit },
            program: optional(&self.program),
            registration,
            prerequisites,
            completion_percent: completion as u8,
            status: self.status,
        };
        let private = GroupPrivate { meeting_link: optional(&self.meeting_link), address: optional(&self.address) };
        Ok(GroupForm { group, private: Some(private), revision: self.revision.clone() })
    }
}

/// Bring what went wrong into view: Save is at the bottom of a long form, and on a phone the
/// problem would otherwise be off screen. The first field with a problem takes the focus (a
/// screen reader then reads its problem with it); a failure of no one field shows the notice.
fn reveal_notice() {
    // After the re-render that shows it.
    gloo_timers::callback::Timeout::new(0, || {
        let document = gloo_utils::document();
        if let Ok(Some(field)) = document.query_selector(".editor-form [aria-invalid=true]") {
            if let Ok(field) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(field) {
                let _ = field.focus();
                return;
            }
        }
        if let Ok(Some(notice)) = document.query_selector(".editor-form .notice-error") {
            notice.scroll_into_view();
        }
    })
    .forget();
}

/// One change to the draft (a reducer, so quick typing never works on a stale copy).
struct Edit(Box<dyn Fn(&mut Draft)>);

impl Reducible for Draft {
    type Action = Edit;
    fn reduce(self: Rc<Self>, action: Edit) -> Rc<Self> {
        let mut next = (*self).clone();
        (action.0)(&mut next);
        Rc::new(next)
    }
}

/// The text of an input, textarea or select.
pub(super) fn value_of(e: &Event) -> String {
    if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
        return input.value();
    }
    if let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() {
        return area.value();
    }
    e.target_dyn_into::<HtmlSelectElement>().map(|s| s.value()).unwrap_or_default()
}

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// `None` for a new group.
    #[prop_or_default]
    pub id: Option<String>,
}

#[function_component]
pub fn GroupEditor(props: &EditorProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let (loaded, retry, _) = use_remote(props.id.clone(), move |id| async move {
        match id {
            Some(id) => api::group(id.clone(), lang).await.map(Some),
            None => Ok(None),
        }
    });
    match loaded {
        Remote::Loading => html! { <Loading /> },
        Remote::Failed(failure) => html! { <ErrorNotice {failure} on_retry={retry} /> },
        Remote::Ready(group) => html! { <EditorForm group={group} /> },
    }
}

#[derive(Properties, PartialEq)]
struct FormProps {
    group: Option<AdminGroup>,
}

#[function_component]
fn EditorForm(props: &FormProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let me = use_me();
    let router = use_routes::<AdminRoute>();
    let creating = props.group.is_none();
    let by_hand = props.group.as_ref().map_or(0, |g| g.count.capacity.saturating_sub(g.group.capacity));
    let initial = props.group.clone();
    let draft = use_reducer(move || initial.as_ref().map(Draft::from_group).unwrap_or_else(Draft::new));
    let failure = use_state(|| None::<ApiFailure>);
    let problems = use_state(Vec::<FieldMessage>::new);
    let saving = use_state(|| false);
    let d = (*draft).clone();

    // `on(|d, v| d.field = v)`: a handler for any input, textarea or select.
    let on = |set: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let v = value_of(&e);
            draft.dispatch(Edit(Box::new(move |d| set(d, v.clone()))));
        })
    };
    let on_input = |set: fn(&mut Draft, String)| {
        let handler = on(set);
        Callback::from(move |e: InputEvent| handler.emit(e.into()))
    };
    let on_check = |set: fn(&mut Draft, bool)| {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let checked = e.target_unchecked_into::<HtmlInputElement>().checked();
            draft.dispatch(Edit(Box::new(move |d| set(d, checked))));
        })
    };
    let invalid = |field: &str| problems.iter().any(|p| p.field == field || p.field.starts_with(&format!("{field}.")));
    // A field's problem has an id its inputs point to (`aria-describedby`), so a screen reader
    // reads it with the input, as on the provider's forms.
    let problem_id = |field: &str| format!("problem-{field}");
    let error_for = |field: &str| {
        let messages: Vec<String> = problems
            .iter()
            .filter(|p| p.field == field || p.field.starts_with(&format!("{field}.")))
            .map(|p| p.message.clone())
            .collect();
        (!messages.is_empty()).then(|| html! { <p class="field-error" id={problem_id(field)}>{ messages.join(" ") }</p> })
    };
    // A session row's input (`part`: starts, minutes): wrong when its own problem, its row's or
    // all the sessions' is; the problem is told above the rows.
    let row_aria = |i: usize, part: &str| {
        let row = format!("sessions.{i}");
        let wrong = problems.iter().any(|p| p.field == "sessions" || p.field == row || p.field == format!("{row}.{part}"));
        (wrong.then_some("true"), wrong.then(|| problem_id("sessions")))
    };
    // `aria-invalid` and `aria-describedby` for an input of `field` (with its hint, if any).
    let aria = |field: &str, hint: Option<&str>| {
        let wrong = invalid(field);
        let described: Vec<String> =
            hint.map(str::to_string).into_iter().chain(wrong.then(|| problem_id(field))).collect();
        (wrong.then_some("true"), (!described.is_empty()).then(|| described.join(" ")))
    };

    let on_submit = {
        let (draft, failure, problems, saving, csrf, router) =
            (draft.clone(), failure.clone(), problems.clone(), saving.clone(), me.csrf.clone(), router.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let form = match draft.to_form(lang) {
                Ok(form) => form,
                Err(found) => {
                    problems.set(found);
                    failure.set(None);
                    reveal_notice();
                    return;
                }
            };
            let (failure, problems, saving, csrf, router) =
                (failure.clone(), problems.clone(), saving.clone(), csrf.clone(), router.clone());
            saving.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let id = form.group.id.clone();
                let result = if creating {
                    api::create_group(form, csrf, lang).await.map(|_| 0)
                } else {
                    api::update_group(form, csrf, lang).await.map(|u| u.promoted)
                };
                saving.set(false);
                match result {
                    Ok(promoted) => router
                        .push_with_query(AdminRoute::Group { id }, vec![("promoted".into(), promoted.to_string())]),
                    Err(ApiFailure::Api { error: ApiError { fields, .. }, .. }) if !fields.is_empty() => {
                        problems.set(fields);
                        failure.set(None);
                        reveal_notice();
                    }
                    Err(f) => {
                        problems.set(vec![]);
                        failure.set(Some(f));
                        reveal_notice();
                    }
                }
            });
        })
    };

    // Someone saved this group while it was open here: start again from their version.
    let reload_latest = Callback::from(|_: MouseEvent| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });

    let bilingual = |id: &str,
                     label: &str,
                     value: &Bilingual,
                     en: fn(&mut Draft, String),
                     es: fn(&mut Draft, String),
                     long: bool| {
        let field = |suffix: &str, lang_label: &str, text: &str, set: fn(&mut Draft, String), code: &str| {
            let input_id = format!("{id}-{suffix}");
            let (wrong, described) = aria(id, None);
            html! {
                <div class="field">
                    <label for={input_id.clone()}>{ label }{ " · " }{ lang_label }</label>
                    if long {
                        <textarea id={input_id} lang={code.to_string()} rows="4" value={text.to_string()} oninput={on_input(set)} aria-invalid={wrong} aria-describedby={described} />
                    } else {
                        <input id={input_id} lang={code.to_string()} value={text.to_string()} oninput={on_input(set)} aria-invalid={wrong} aria-describedby={described} />
                    }
                </div>
            }
        };
        html! {
            <div class={classes!("side-by-side", invalid(id).then_some("field-invalid"))}>
                { field("en", tr.field_in_english(), &value.en, en, "en") }
                { field("es", tr.field_in_spanish(), &value.es, es, "es") }
                { error_for(id).unwrap_or_default() }
            </div>
        }
    };

    let audiences = Audience::ALL.iter().map(|a| {
        let a = *a;
        let checked = d.audiences.contains(&a);
        let draft = draft.clone();
        let onchange = Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            draft.dispatch(Edit(Box::new(move |d| {
                d.audiences.retain(|x| *x != a);
                if on {
                    d.audiences.push(a);
                }
            })));
        });
        let id = format!("audience-{}", a.code());
        html! { <label class="check" for={id.clone()}><input type="checkbox" id={id} {checked} {onchange} /><span>{ tr.audience(a) }</span></label> }
    });

    let session_rows = d.sessions.iter().enumerate().map(|(i, row)| {
        let edit = |set: fn(&mut SessionRow, String)| {
            let draft = draft.clone();
            Callback::from(move |e: InputEvent| {
                let v = value_of(&e.into());
                draft.dispatch(Edit(Box::new(move |d| {
                    if let Some(row) = d.sessions.get_mut(i) {
                        set(row, v.clone());
                    }
                })));
            })
        };
        let remove = {
            let draft = draft.clone();
            Callback::from(move |_: MouseEvent| {
                draft.dispatch(Edit(Box::new(move |d| {
                    if i < d.sessions.len() {
                        d.sessions.remove(i);
                    }
                })))
            })
        };
        let id = |what: &str| format!("session-{i}-{what}");
        let visitor = row.visitor.clone().unwrap_or_default();
        html! {
            <li class="session-row" key={i}>
                <div class="field">
                    <label for={id("starts")}>{ tr.session_number(i + 1) }{ " · " }{ tr.field_starts() }</label>
                    <input id={id("starts")} type="datetime-local" value={row.starts.clone()} oninput={edit(|r, v| r.starts = v)} aria-invalid={row_aria(i, "starts").0} aria-describedby={row_aria(i, "starts").1} />
                </div>
                <div class="field field-short">
                    <label for={id("minutes")}>{ tr.field_duration() }</label>
                    <input id={id("minutes")} type="number" inputmode="numeric" min="1" max="1440" value={row.minutes.clone()} oninput={edit(|r, v| r.minutes = v)} aria-invalid={row_aria(i, "minutes").0} aria-describedby={row_aria(i, "minutes").1} />
                </div>
                <div class="side-by-side">
                    <div class="field">
                        <label for={id("topic-en")}>{ tr.field_topic() }{ " · " }{ tr.field_in_english() }</label>
                        <input id={id("topic-en")} lang="en" value={row.topic_en.clone()} oninput={edit(|r, v| r.topic_en = v)} />
                    </div>
                    <div class="field">
                        <label for={id("topic-es")}>{ tr.field_topic() }{ " · " }{ tr.field_in_spanish() }</label>
                        <input id={id("topic-es")} lang="es" value={row.topic_es.clone()} oninput={edit(|r, v| r.topic_es = v)} />
                    </div>
                </div>
                <details class="visitor-fields" open={row.visitor.is_some()}>
                    <summary>{ tr.field_visitor() }</summary>
                    <div class="side-by-side">
                        <div class="field">
                            <label for={id("visitor-name")}>{ tr.field_visitor_name() }</label>
                            <input id={id("visitor-name")} value={visitor.name.clone()} oninput={edit(|r, v| r.visitor_mut().name = v)} />
                        </div>
                        <div class="field">
                            <label for={id("visitor-role")}>{ tr.field_visitor_role() }</label>
                            <input id={id("visitor-role")} value={visitor.role.clone()} oninput={edit(|r, v| r.visitor_mut().role = v)} />
                        </div>
                    </div>
                    <div class="side-by-side">
                        <div class="field">
                            <label for={id("visitor-topic-en")}>{ tr.field_topic() }{ " · " }{ tr.field_in_english() }</label>
                            <input id={id("visitor-topic-en")} lang="en" value={visitor.topic.en.clone()} oninput={edit(|r, v| r.visitor_mut().topic.en = v)} />
                        </div>
                        <div class="field">
                            <label for={id("visitor-topic-es")}>{ tr.field_topic() }{ " · " }{ tr.field_in_spanish() }</label>
                            <input id={id("visitor-topic-es")} lang="es" value={visitor.topic.es.clone()} oninput={edit(|r, v| r.visitor_mut().topic.es = v)} />
                        </div>
                    </div>
                    <div class="field">
                        <label for={id("visitor-language")}>{ tr.field_visitor_language() }</label>
                        <select id={id("visitor-language")} oninput={edit(|r, v| r.visitor_mut().language = Language::from_tag(&v).unwrap_or_default())}>
                            <option value="en" selected={visitor.language == Language::En}>{ tr.field_in_english() }</option>
                            <option value="es" selected={visitor.language == Language::Es}>{ tr.field_in_spanish() }</option>
                        </select>
                    </div>
                    <div class="side-by-side">
                        <div class="field">
                            <label for={id("visitor-bring-en")}>{ tr.field_visitor_bring() }{ " · " }{ tr.field_in_english() }</label>
                            <input id={id("visitor-bring-en")} lang="en" value={visitor.bring.en.clone()} oninput={edit(|r, v| r.visitor_mut().bring.en = v)} />
                        </div>
                        <div class="field">
                            <label for={id("visitor-bring-es")}>{ tr.field_visitor_bring() }{ " · " }{ tr.field_in_spanish() }</label>
                            <input id={id("visitor-bring-es")} lang="es" value={visitor.bring.es.clone()} oninput={edit(|r, v| r.visitor_mut().bring.es = v)} />
                        </div>
                    </div>
                    <div class="field">
                        <label for={id("visitor-entry")}>{ tr.field_visitor_entry() }</label>
                        <input id={id("visitor-entry")} value={visitor.directory_entry.clone().unwrap_or_default()}
                            oninput={edit(|r, v| r.visitor_mut().directory_entry = Some(v.trim().to_string()).filter(|v| !v.is_empty()))} />
                    </div>
                </details>
                <button type="button" class="button-small remove-session" onclick={remove}>{ tr.remove_session() }</button>
            </li>
        }
    });
    let add_session = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| {
            draft.dispatch(Edit(Box::new(|d| {
                // A week after the last session, same time and length: how series run.
                let zone = d.time_zone.clone();
                let last = d.sessions.last().cloned().unwrap_or_default();
                let starts = zone::parse_local(&last.starts, &zone)
                    .map(|at| zone::format_local(at + Duration::weeks(1), &zone))
                    .unwrap_or_default();
                let minutes = if last.minutes.is_empty() { "90".to_string() } else { last.minutes };
                d.sessions.push(SessionRow { starts, minutes, ..Default::default() });
            })))
        })
    };

    let mut zones: Vec<String> = zone::CHOICES.iter().map(|z| z.to_string()).collect();
    if !zones.contains(&d.time_zone) && zone::is_known(&d.time_zone) {
        zones.insert(0, d.time_zone.clone());
    }
    let title =
        if creating { tr.new_group().to_string() } else { format!("{} · {}", tr.edit_group(), d.title.get(lang)) };
    let back = match &props.group {
        Some(g) => {
            html! { <p class="back"><RouteLink<AdminRoute> to={AdminRoute::Group { id: g.group.id.clone() }}>{ "← " }{ g.group.title.get(lang) }</RouteLink<AdminRoute>></p> }
        }
        None => {
            html! { <p class="back"><RouteLink<AdminRoute> to={AdminRoute::Home}>{ "← " }{ tr.your_groups_heading() }</RouteLink<AdminRoute>></p> }
        }
    };
    html! {
        <section class="group-editor">
            { back }
            <h1>{ title }</h1>
            <form class="editor-form" novalidate=true onsubmit={on_submit}>
                if !problems.is_empty() {
                    <div class="notice notice-error" role="alert"><p>{ tr.fix_errors() }</p></div>
                }
                if let Some(f) = (*failure).clone() {
                    if matches!(&f, ApiFailure::Api { error: ApiError { code: ErrorCode::EditConflict, .. }, .. }) {
                        <ErrorNotice failure={f} on_retry={reload_latest.clone()} retry_label={tr.load_their_version()} />
                    } else {
                        <ErrorNotice failure={f} />
                    }
                }
                <fieldset>
                    <legend>{ tr.editor_basics() }</legend>
                    if creating {
                        <div class={classes!("field", invalid("id").then_some("field-invalid"))}>
                            <label for="group-id">{ tr.field_id() }</label>
                            <input id="group-id" autocomplete="off" autocapitalize="none" spellcheck="false" value={d.id.clone()} oninput={on_input(|d, v| d.id = v)} aria-invalid={aria("id", Some("group-id-hint")).0} aria-describedby={aria("id", Some("group-id-hint")).1} />
                            <p class="meta" id="group-id-hint">{ tr.field_id_hint() }</p>
                            { error_for("id").unwrap_or_default() }
                        </div>
                    }
                    <div class="field">
                        <label for="group-kind">{ tr.field_kind() }</label>
                        <select id="group-kind" onchange={on(|d, v| d.kind = GroupKind::ALL.into_iter().find(|k| k.code() == v).unwrap_or(d.kind))}>
                            { for GroupKind::ALL.iter().map(|k| html! { <option value={k.code()} selected={d.kind == *k}>{ tr.kind(*k) }</option> }) }
                        </select>
                    </div>
                    <div class="field">
                        <label for="group-language">{ tr.field_language() }</label>
                        <select id="group-language" onchange={on(|d, v| d.language = Language::from_tag(&v).unwrap_or(d.language))}>
                            { for Language::ALL.iter().map(|l| html! { <option value={l.code()} selected={d.language == *l}>{ tr.language_name(*l) }</option> }) }
                        </select>
                    </div>
                    <fieldset class="checks">
                        <legend>{ tr.field_audiences() }</legend>
                        { for audiences }
                    </fieldset>
                    <div class={classes!("field", "field-short", invalid("capacity").then_some("field-invalid"))}>
                        <label for="group-capacity">{ tr.field_capacity() }</label>
                        <input id="group-capacity" type="number" inputmode="numeric" min="0" value={d.capacity.clone()} oninput={on_input(|d, v| d.capacity = v)} aria-invalid={aria("capacity", None).0} aria-describedby={aria("capacity", None).1} />
                        if by_hand > 0 { <p class="meta">{ tr.seats_by_hand(by_hand) }</p> }
                        { error_for("capacity").unwrap_or_default() }
                    </div>
                </fieldset>
                <fieldset>
                    <legend>{ tr.editor_texts() }</legend>
                    { bilingual("title", tr.field_title(), &d.title, |d, v| d.title.en = v, |d, v| d.title.es = v, false) }
                    { bilingual("description", tr.field_description(), &d.description, |d, v| d.description.en = v, |d, v| d.description.es = v, true) }
                    { bilingual("term", tr.field_term(), &d.term, |d, v| d.term.en = v, |d, v| d.term.es = v, false) }
                </fieldset>
                <fieldset>
                    <legend>{ tr.editor_where() }</legend>
                    <label class="check" for="group-in-person">
                        <input type="checkbox" id="group-in-person" checked={d.in_person} onchange={on_check(|d, v| d.in_person = v)} />
                        <span>{ tr.in_person() }</span>
                    </label>
                    if d.in_person {
                        <div class={classes!("field", invalid("format").then_some("field-invalid"))}>
                            <label for="group-area">{ tr.field_area() }</label>
                            <input id="group-area" value={d.area.clone()} oninput={on_input(|d, v| d.area = v)} aria-invalid={aria("format", None).0} aria-describedby={aria("format", None).1} />
                            { error_for("format").unwrap_or_default() }
                        </div>
                        <div class="field field-short">
                            <label for="group-postcode">{ tr.field_postcode() }</label>
                            <input id="group-postcode" value={d.postcode.clone()} oninput={on_input(|d, v| {
                                // A new ZIP or postcode: the Worker finds its centre again.
                                d.postcode = v;
                                d.point = None;
                            })} />
                        </div>
                    }
                    <div class={classes!("field", invalid("time_zone").then_some("field-invalid"))}>
                        <label for="group-zone">{ tr.field_time_zone() }</label>
                        <select id="group-zone" onchange={on(|d, v| d.time_zone = v)} aria-invalid={aria("time_zone", None).0} aria-describedby={aria("time_zone", None).1}>
                            { for zones.iter().map(|z| html! { <option value={z.clone()} selected={*z == d.time_zone}>{ z.replace('_', " ") }</option> }) }
                        </select>
                        { error_for("time_zone").unwrap_or_default() }
                    </div>
                </fieldset>
                <fieldset>
                    <legend>{ tr.editor_when() }</legend>
                    if invalid("sessions") { { error_for("sessions").unwrap_or_default() } }
                    <ol class="session-rows">{ for session_rows }</ol>
                    <button type="button" class="button-secondary add-session" onclick={add_session}>{ "+ " }{ tr.add_session() }</button>
                </fieldset>
                <fieldset>
                    <legend>{ tr.editor_registration() }</legend>
                    <label class="check" for="group-window">
                        <input type="checkbox" id="group-window" checked={d.window} onchange={on_check(|d, v| d.window = v)} />
                        <span>{ tr.field_window() }</span>
                    </label>
                    if d.window {
                        <div class={classes!("side-by-side", invalid("registration").then_some("field-invalid"))}>
                            <div class="field">
                                <label for="group-opens">{ tr.field_opens() }</label>
                                <input id="group-opens" type="datetime-local" value={d.opens.clone()} oninput={on_input(|d, v| d.opens = v)} aria-invalid={aria("registration", None).0} aria-describedby={aria("registration", None).1} />
                            </div>
                            <div class="field">
                                <label for="group-closes">{ tr.field_closes() }</label>
                                <input id="group-closes" type="datetime-local" value={d.closes.clone()} oninput={on_input(|d, v| d.closes = v)} aria-invalid={aria("registration", None).0} aria-describedby={aria("registration", None).1} />
                            </div>
                            { error_for("registration").unwrap_or_default() }
                        </div>
                    }
                </fieldset>
                <fieldset>
                    <legend>{ tr.editor_rules() }</legend>
                    <div class="field">
                        <label for="group-program">{ tr.field_program() }</label>
                        <input id="group-program" autocapitalize="none" value={d.program.clone()} oninput={on_input(|d, v| d.program = v)} />
                    </div>
                    <div class="side-by-side">
                        <div class="field">
                            <label for="group-prerequisite">{ tr.field_prerequisite() }</label>
                            <select id="group-prerequisite" onchange={on(|d, v| d.prerequisite = v)}>
                                <option value="none" selected={d.prerequisite == "none"}>{ tr.prerequisite_none() }</option>
                                <option value="attended" selected={d.prerequisite == "attended"}>{ tr.prerequisite_attended_program() }</option>
                                <option value="completed" selected={d.prerequisite == "completed"}>{ tr.prerequisite_completed_program() }</option>
                            </select>
                        </div>
                        if d.prerequisite != "none" {
                            <div class={classes!("field", invalid("prerequisites").then_some("field-invalid"))}>
                                <label for="group-prerequisite-program">{ tr.field_program() }</label>
                                <input id="group-prerequisite-program" autocapitalize="none" value={d.prerequisite_program.clone()} oninput={on_input(|d, v| d.prerequisite_program = v)} aria-invalid={aria("prerequisites", None).0} aria-describedby={aria("prerequisites", None).1} />
                                { error_for("prerequisites").unwrap_or_default() }
                            </div>
                        }
                    </div>
                    <div class={classes!("field", "field-short", invalid("completion_percent").then_some("field-invalid"))}>
                        <label for="group-completion">{ tr.field_completion() }</label>
                        <input id="group-completion" type="number" inputmode="numeric" min="1" max="100" value={d.completion.clone()} oninput={on_input(|d, v| d.completion = v)} aria-invalid={aria("completion_percent", None).0} aria-describedby={aria("completion_percent", None).1} />
                        { error_for("completion_percent").unwrap_or_default() }
                    </div>
                </fieldset>
                <fieldset>
                    <legend>{ tr.editor_incentives() }</legend>
                    <div class={classes!("field", "field-short", invalid("stipend").then_some("field-invalid"))}>
                        <label for="group-stipend">{ tr.field_stipend() }</label>
                        <input id="group-stipend" type="number" inputmode="numeric" min="0" value={d.stipend.clone()} oninput={on_input(|d, v| d.stipend = v)} aria-invalid={aria("stipend", None).0} aria-describedby={aria("stipend", None).1} />
                        { error_for("stipend").unwrap_or_default() }
                    </div>
                    <label class="check" for="group-kit">
                        <input type="checkbox" id="group-kit" checked={d.kit} onchange={on_check(|d, v| d.kit = v)} />
                        <span>{ tr.field_kit() }</span>
                    </label>
                    <div class="field">
                        <label for="group-facilitators">{ tr.field_facilitators() }</label>
                        <input id="group-facilitators" value={d.facilitators.clone()} oninput={on_input(|d, v| d.facilitators = v)} />
                    </div>
                </fieldset>
                <fieldset>
                    <legend>{ tr.editor_private() }</legend>
                    <div class="field">
                        <label for="group-link">{ tr.field_meeting_link() }</label>
                        <input id="group-link" type="url" inputmode="url" value={d.meeting_link.clone()} oninput={on_input(|d, v| d.meeting_link = v)} />
                    </div>
                    <div class="field">
                        <label for="group-address">{ tr.field_address() }</label>
                        <input id="group-address" value={d.address.clone()} oninput={on_input(|d, v| d.address = v)} />
                    </div>
                </fieldset>
                <button type="submit" class="button-primary save-group" disabled={*saving}>{ if *saving { tr.saving() } else { tr.save() } }</button>
            </form>
        </section>
    }
}
