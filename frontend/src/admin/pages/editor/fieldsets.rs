//! The editor's fieldsets, one component each: its part of the draft, the problems of the last
//! save marked on its fields, and its changes to the draft (each forgetting the problem of the
//! field changed, until the next save).

use std::rc::Rc;

use village_shared::model::{Audience, Bilingual, GroupKind};
use village_shared::Language;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::draft::{zone_choices, Draft, Edit, SessionRow};
use crate::admin::zone;
use crate::components::{problem_id, Control, Field, Problem, Problems};
use crate::i18n::use_tr;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub draft: UseReducerHandle<Draft>,
    pub problems: Problems,
    /// Called with the name of the field the person changes.
    pub forget: Callback<String>,
}

/// Handlers that change the draft.
struct Edits {
    draft: UseReducerHandle<Draft>,
    forget: Callback<String>,
}

impl Edits {
    fn of(draft: &UseReducerHandle<Draft>, forget: &Callback<String>) -> Edits {
        Edits { draft: draft.clone(), forget: forget.clone() }
    }

    /// A field's handler: `set` puts what is typed into the draft, and `field`'s problem goes.
    fn on(&self, field: &str, set: impl Fn(&mut Draft, String) + 'static) -> Callback<String> {
        let (draft, forget, field, set) = (self.draft.clone(), self.forget.clone(), field.to_string(), Rc::new(set));
        Callback::from(move |value: String| {
            let set = set.clone();
            draft.dispatch(Edit::new(move |d| set(d, value)));
            forget.emit(field.clone());
        })
    }

    /// The handler of session `i`'s `part` (`starts`, `minutes`, …).
    fn on_row(&self, i: usize, part: &str, set: fn(&mut SessionRow, String)) -> Callback<String> {
        self.on(&format!("sessions.{i}.{part}"), move |d, v| {
            if let Some(row) = d.sessions.get_mut(i) {
                set(row, v);
            }
        })
    }

    /// A checkbox's handler.
    fn check(&self, set: impl Fn(&mut Draft, bool) + 'static) -> Callback<Event> {
        let (draft, set) = (self.draft.clone(), Rc::new(set));
        Callback::from(move |e: Event| {
            let (on, set) = (e.target_unchecked_into::<HtmlInputElement>().checked(), set.clone());
            draft.dispatch(Edit::new(move |d| set(d, on)));
        })
    }
}

/// `field`'s problem told once for several controls: what each of them points to, and the
/// paragraph that tells it.
fn told_once(problems: &Problems, field: &str) -> (Problem, Html) {
    match problems.of(field) {
        Some(message) => (
            Problem::ToldAt(problem_id(field).into()),
            html! { <p class="field-error" id={problem_id(field)}>{ message }</p> },
        ),
        None => (Problem::None, Html::default()),
    }
}

/// `field`'s problem told under its one field.
fn here(problems: &Problems, field: &str) -> Problem {
    problems.of(field).into()
}

fn choices(pairs: impl Iterator<Item = (String, String)>) -> Control {
    Control::Choice(pairs.map(|(value, label)| (value.into(), label.into())).collect())
}

#[derive(Properties, PartialEq)]
struct PairProps {
    /// `title`: the fields are `title-en` and `title-es`, their problem `title`'s.
    field: AttrValue,
    label: AttrValue,
    value: Bilingual,
    on_en: Callback<String>,
    on_es: Callback<String>,
    #[prop_or_default]
    control: Control,
    #[prop_or_default]
    problems: Problems,
}

/// One text in English and in Spanish, side by side (stacked on a phone), its problem told
/// once under both.
#[function_component]
fn Pair(props: &PairProps) -> Html {
    let tr = use_tr();
    let (problem, told) = told_once(&props.problems, &props.field);
    let half = |code: &str, in_language: &str, value: &str, oninput: &Callback<String>| {
        html! {
            <Field id={format!("{}-{code}", props.field)} label={format!("{} · {in_language}", props.label)}
                lang={code.to_string()} control={props.control.clone()} value={value.to_string()}
                problem={problem.clone()} oninput={oninput.clone()} />
        }
    };
    html! {
        <div class={classes!("side-by-side", (problem != Problem::None).then_some("field-invalid"))}>
            { half("en", tr.field_in_english(), &props.value.en, &props.on_en) }
            { half("es", tr.field_in_spanish(), &props.value.es, &props.on_es) }
            { told }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct BasicsProps {
    pub draft: UseReducerHandle<Draft>,
    pub problems: Problems,
    pub forget: Callback<String>,
    /// A new group: its id is chosen here, once.
    pub creating: bool,
    /// Seats added by hand on top of the capacity.
    pub by_hand: u32,
}

#[function_component]
pub fn Basics(props: &BasicsProps) -> Html {
    let tr = use_tr();
    let (d, edits, problems) = (&*props.draft, Edits::of(&props.draft, &props.forget), &props.problems);
    let kinds = choices(GroupKind::ALL.iter().map(|k| (k.code().to_string(), tr.kind(*k).to_string())));
    let languages = choices(Language::ALL.iter().map(|l| (l.code().to_string(), tr.language_name(*l).to_string())));
    let audiences = Audience::ALL.iter().map(|a| {
        let a = *a;
        let id = format!("audience-{}", a.code());
        let onchange = edits.check(move |d, on| d.set_audience(a, on));
        html! {
            <label class="check" for={id.clone()}>
                <input type="checkbox" {id} checked={d.audiences.contains(&a)} {onchange} />
                <span>{ tr.audience(a) }</span>
            </label>
        }
    });
    html! {
        <fieldset>
            <legend>{ tr.editor_basics() }</legend>
            if props.creating {
                <Field id="group-id" label={tr.field_id()} hint={tr.field_id_hint()} autocomplete="off" literal=true
                    value={d.id.clone()} problem={here(problems, "id")} oninput={edits.on("id", |d, v| d.id = v)} />
            }
            <Field id="group-kind" label={tr.field_kind()} control={kinds} value={d.kind.code()}
                oninput={edits.on("kind", |d, v| {
                    d.kind = GroupKind::ALL.into_iter().find(|k| k.code() == v).unwrap_or(d.kind)
                })} />
            <Field id="group-language" label={tr.field_language()} control={languages} value={d.language.code()}
                oninput={edits.on("language", |d, v| d.language = Language::from_tag(&v).unwrap_or(d.language))} />
            <fieldset class="checks">
                <legend>{ tr.field_audiences() }</legend>
                { for audiences }
            </fieldset>
            <Field id="group-capacity" label={tr.field_capacity()} control={Control::Number} short=true min="0"
                value={d.capacity.clone()} problem={here(problems, "capacity")}
                oninput={edits.on("capacity", |d, v| d.capacity = v)}>
                if props.by_hand > 0 { <p class="meta">{ tr.seats_by_hand(props.by_hand) }</p> }
            </Field>
        </fieldset>
    }
}

#[function_component]
pub fn Texts(props: &Props) -> Html {
    let tr = use_tr();
    let (d, edits, problems) = (&*props.draft, Edits::of(&props.draft, &props.forget), &props.problems);
    let long = Control::Multiline { rows: 4 };
    html! {
        <fieldset>
            <legend>{ tr.editor_texts() }</legend>
            <Pair field="title" label={tr.field_title()} value={d.title.clone()} problems={problems.clone()}
                on_en={edits.on("title", |d, v| d.title.en = v)} on_es={edits.on("title", |d, v| d.title.es = v)} />
            <Pair field="description" label={tr.field_description()} value={d.description.clone()} control={long}
                problems={problems.clone()} on_en={edits.on("description", |d, v| d.description.en = v)}
                on_es={edits.on("description", |d, v| d.description.es = v)} />
            <Pair field="term" label={tr.field_term()} value={d.term.clone()} problems={problems.clone()}
                on_en={edits.on("term", |d, v| d.term.en = v)} on_es={edits.on("term", |d, v| d.term.es = v)} />
        </fieldset>
    }
}

#[function_component]
pub fn Where(props: &Props) -> Html {
    let tr = use_tr();
    let (d, edits, problems) = (&*props.draft, Edits::of(&props.draft, &props.forget), &props.problems);
    let zones =
        choices(zone_choices(&d.time_zone, zone::is_known).into_iter().map(|z| (z.clone(), z.replace('_', " "))));
    html! {
        <fieldset>
            <legend>{ tr.editor_where() }</legend>
            <label class="check" for="group-in-person">
                <input type="checkbox" id="group-in-person" checked={d.in_person}
                    onchange={edits.check(|d, on| d.in_person = on)} />
                <span>{ tr.in_person() }</span>
            </label>
            if d.in_person {
                <Field id="group-area" label={tr.field_area()} value={d.area.clone()} problem={here(problems, "format")}
                    oninput={edits.on("format", |d, v| d.area = v)} />
                <Field id="group-postcode" label={tr.field_postcode()} short=true value={d.postcode.clone()}
                    oninput={edits.on("format.postcode", |d, v| d.set_postcode(v))} />
            }
            <Field id="group-zone" label={tr.field_time_zone()} control={zones} value={d.time_zone.clone()}
                problem={here(problems, "time_zone")} oninput={edits.on("time_zone", |d, v| d.time_zone = v)} />
        </fieldset>
    }
}

#[function_component]
pub fn When(props: &Props) -> Html {
    let tr = use_tr();
    let (d, problems) = (&*props.draft, &props.problems);
    let (_, told) = told_once(problems, "sessions");
    // A problem of the sessions as a whole ("add at least one"), not of one row.
    let rows = d.sessions.len();
    let of_all = (0..rows).fold(problems.clone(), |left, i| left.without(&format!("sessions.{i}"))).has("sessions");
    // A row's start or length is marked when its own problem is, its row's or all the sessions';
    // every one is told above the rows.
    let wrong = |i: usize, part: &str, other: &str| {
        let row = format!("sessions.{i}");
        let of_row = problems.without(&format!("{row}.{other}")).without(&format!("{row}.{part}")).has(&row);
        if of_all || of_row || problems.has(&format!("{row}.{part}")) {
            Problem::ToldAt(problem_id("sessions").into())
        } else {
            Problem::None
        }
    };
    let add = {
        let draft = props.draft.clone();
        Callback::from(move |_: MouseEvent| draft.dispatch(Edit::new(Draft::add_session)))
    };
    html! {
        <fieldset>
            <legend>{ tr.editor_when() }</legend>
            { told }
            <ol class="session-rows">
                { for (0..rows).map(|i| html! {
                    <SessionFields key={i} {i} draft={props.draft.clone()} forget={props.forget.clone()}
                        starts={wrong(i, "starts", "minutes")} minutes={wrong(i, "minutes", "starts")} />
                }) }
            </ol>
            <button type="button" class="button-secondary add-session" onclick={add}>
                { "+ " }{ tr.add_session() }
            </button>
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    i: usize,
    draft: UseReducerHandle<Draft>,
    forget: Callback<String>,
    /// The problems of its start and its length.
    starts: Problem,
    minutes: Problem,
}

/// One session: when, how long, its topic and its visitor.
#[function_component]
fn SessionFields(props: &RowProps) -> Html {
    let tr = use_tr();
    let (i, edits) = (props.i, Edits::of(&props.draft, &props.forget));
    let Some(row) = props.draft.sessions.get(i) else { return html! {} };
    let id = |what: &str| format!("session-{i}-{what}");
    let visitor = row.visitor.clone().unwrap_or_default();
    let languages = choices(
        [(Language::En, tr.field_in_english()), (Language::Es, tr.field_in_spanish())]
            .into_iter()
            .map(|(l, label)| (l.code().to_string(), label.to_string())),
    );
    let remove = {
        let (draft, forget) = (props.draft.clone(), props.forget.clone());
        Callback::from(move |_: MouseEvent| {
            draft.dispatch(Edit::new(move |d| {
                if i < d.sessions.len() {
                    d.sessions.remove(i);
                }
            }));
            // The rows after it move up: their problems no longer match them.
            forget.emit("sessions".into());
        })
    };
    html! {
        <li class="session-row">
            <Field id={id("starts")} label={format!("{} · {}", tr.session_number(i + 1), tr.field_starts())}
                control={Control::DateTime} value={row.starts.clone()} problem={props.starts.clone()}
                oninput={edits.on_row(i, "starts", |r, v| r.starts = v)} />
            <Field id={id("minutes")} label={tr.field_duration()} control={Control::Number} short=true
                min="1" max="1440" value={row.minutes.clone()} problem={props.minutes.clone()}
                oninput={edits.on_row(i, "minutes", |r, v| r.minutes = v)} />
            <Pair field={id("topic")} label={tr.field_topic()} value={Bilingual::new(&row.topic_en, &row.topic_es)}
                on_en={edits.on_row(i, "topic_en", |r, v| r.topic_en = v)}
                on_es={edits.on_row(i, "topic_es", |r, v| r.topic_es = v)} />
            <details class="visitor-fields" open={row.visitor.is_some()}>
                <summary>{ tr.field_visitor() }</summary>
                <div class="side-by-side">
                    <Field id={id("visitor-name")} label={tr.field_visitor_name()} value={visitor.name.clone()}
                        oninput={edits.on_row(i, "visitor", |r, v| r.visitor_mut().name = v)} />
                    <Field id={id("visitor-role")} label={tr.field_visitor_role()} value={visitor.role.clone()}
                        oninput={edits.on_row(i, "visitor", |r, v| r.visitor_mut().role = v)} />
                </div>
                <Pair field={id("visitor-topic")} label={tr.field_topic()} value={visitor.topic.clone()}
                    on_en={edits.on_row(i, "visitor", |r, v| r.visitor_mut().topic.en = v)}
                    on_es={edits.on_row(i, "visitor", |r, v| r.visitor_mut().topic.es = v)} />
                <Field id={id("visitor-language")} label={tr.field_visitor_language()} control={languages}
                    value={visitor.language.code()}
                    oninput={edits.on_row(i, "visitor", |r, v| {
                        r.visitor_mut().language = Language::from_tag(&v).unwrap_or_default()
                    })} />
                <Pair field={id("visitor-bring")} label={tr.field_visitor_bring()} value={visitor.bring.clone()}
                    on_en={edits.on_row(i, "visitor", |r, v| r.visitor_mut().bring.en = v)}
                    on_es={edits.on_row(i, "visitor", |r, v| r.visitor_mut().bring.es = v)} />
                <Field id={id("visitor-entry")} label={tr.field_visitor_entry()}
                    value={visitor.directory_entry.clone().unwrap_or_default()}
                    oninput={edits.on_row(i, "visitor", |r, v| {
                        r.visitor_mut().directory_entry = Some(v.trim().to_string()).filter(|v| !v.is_empty())
                    })} />
            </details>
            <button type="button" class="button-small remove-session" onclick={remove}>{ tr.remove_session() }</button>
        </li>
    }
}

#[function_component]
pub fn Registration(props: &Props) -> Html {
    let tr = use_tr();
    let (d, edits) = (&*props.draft, Edits::of(&props.draft, &props.forget));
    let (problem, told) = told_once(&props.problems, "registration");
    html! {
        <fieldset>
            <legend>{ tr.editor_registration() }</legend>
            <label class="check" for="group-window">
                <input type="checkbox" id="group-window" checked={d.window}
                    onchange={edits.check(|d, on| d.window = on)} />
                <span>{ tr.field_window() }</span>
            </label>
            if d.window {
                <div class={classes!("side-by-side", (problem != Problem::None).then_some("field-invalid"))}>
                    <Field id="group-opens" label={tr.field_opens()} control={Control::DateTime}
                        value={d.opens.clone()} problem={problem.clone()}
                        oninput={edits.on("registration", |d, v| d.opens = v)} />
                    <Field id="group-closes" label={tr.field_closes()} control={Control::DateTime}
                        value={d.closes.clone()} problem={problem.clone()}
                        oninput={edits.on("registration", |d, v| d.closes = v)} />
                    { told }
                </div>
            }
        </fieldset>
    }
}

#[function_component]
pub fn Rules(props: &Props) -> Html {
    let tr = use_tr();
    let (d, edits, problems) = (&*props.draft, Edits::of(&props.draft, &props.forget), &props.problems);
    let prerequisites = choices(
        [
            ("none", tr.prerequisite_none()),
            ("attended", tr.prerequisite_attended_program()),
            ("completed", tr.prerequisite_completed_program()),
        ]
        .into_iter()
        .map(|(value, label)| (value.to_string(), label.to_string())),
    );
    html! {
        <fieldset>
            <legend>{ tr.editor_rules() }</legend>
            <Field id="group-program" label={tr.field_program()} literal=true value={d.program.clone()}
                problem={here(problems, "program")} oninput={edits.on("program", |d, v| d.program = v)} />
            <div class="side-by-side">
                <Field id="group-prerequisite" label={tr.field_prerequisite()} control={prerequisites}
                    value={d.prerequisite.clone()} oninput={edits.on("prerequisites", |d, v| d.prerequisite = v)} />
                if d.prerequisite != "none" {
                    <Field id="group-prerequisite-program" label={tr.field_program()} literal=true
                        value={d.prerequisite_program.clone()} problem={here(problems, "prerequisites")}
                        oninput={edits.on("prerequisites", |d, v| d.prerequisite_program = v)} />
                }
            </div>
            <Field id="group-completion" label={tr.field_completion()} control={Control::Number} short=true
                min="1" max="100" value={d.completion.clone()} problem={here(problems, "completion_percent")}
                oninput={edits.on("completion_percent", |d, v| d.completion = v)} />
        </fieldset>
    }
}

#[function_component]
pub fn Incentives(props: &Props) -> Html {
    let tr = use_tr();
    let (d, edits, problems) = (&*props.draft, Edits::of(&props.draft, &props.forget), &props.problems);
    html! {
        <fieldset>
            <legend>{ tr.editor_incentives() }</legend>
            <Field id="group-stipend" label={tr.field_stipend()} control={Control::Number} short=true min="0"
                value={d.stipend.clone()} problem={here(problems, "stipend")}
                oninput={edits.on("stipend", |d, v| d.stipend = v)} />
            <label class="check" for="group-kit">
                <input type="checkbox" id="group-kit" checked={d.kit} onchange={edits.check(|d, on| d.kit = on)} />
                <span>{ tr.field_kit() }</span>
            </label>
            <Field id="group-facilitators" label={tr.field_facilitators()} value={d.facilitators.clone()}
                problem={here(problems, "facilitators")}
                oninput={edits.on("facilitators", |d, v| d.facilitators = v)} />
        </fieldset>
    }
}

#[function_component]
pub fn Private(props: &Props) -> Html {
    let tr = use_tr();
    let (d, edits) = (&*props.draft, Edits::of(&props.draft, &props.forget));
    html! {
        <fieldset>
            <legend>{ tr.editor_private() }</legend>
            <Field id="group-link" label={tr.field_meeting_link()} control={Control::Url} literal=true
                value={d.meeting_link.clone()} oninput={edits.on("private", |d, v| d.meeting_link = v)} />
            <Field id="group-address" label={tr.field_address()} value={d.address.clone()}
                oninput={edits.on("private", |d, v| d.address = v)} />
        </fieldset>
    }
}
