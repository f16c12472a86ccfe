//! One labelled control, the way every form in both apps shows it: its label, its hint and its
//! problem, tied to the control (`aria-describedby`, `aria-invalid`) so a screen reader reads
//! them with it. [`crate::hooks::use_submit`] is its other half: it sends the form and takes
//! the focus to the first control marked wrong.

use std::rc::Rc;

use village_shared::api::FieldMessage;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// What a form's last attempt found wrong, by the field names the API's `fields` use. A
/// problem of `sessions.2.starts` is a problem of `sessions` too.
#[derive(Clone, PartialEq, Default, Debug)]
pub struct Problems(Vec<FieldMessage>);

impl Problems {
    pub fn new(found: Vec<FieldMessage>) -> Problems {
        Problems(found)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `field`, or any part of it, is wrong.
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|p| is_part_of(&p.field, field))
    }

    /// The messages for `field` and its parts, as one text.
    pub fn of(&self, field: &str) -> Option<AttrValue> {
        let messages: Vec<&str> =
            self.0.iter().filter(|p| is_part_of(&p.field, field)).map(|p| p.message.as_str()).collect();
        (!messages.is_empty()).then(|| messages.join(" ").into())
    }

    /// Every problem's message, in order (for a form that shows none of their fields).
    pub fn messages(&self) -> Vec<String> {
        self.0.iter().map(|p| p.message.clone()).collect()
    }

    /// Forget `field`'s problems (the person is changing it).
    pub fn without(&self, field: &str) -> Problems {
        Problems(self.0.iter().filter(|p| !is_part_of(&p.field, field)).cloned().collect())
    }
}

/// `sessions.2.starts` is part of `sessions.2` and of `sessions`; `sessionsx` is not.
fn is_part_of(problem: &str, field: &str) -> bool {
    problem.strip_prefix(field).is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

/// The id of the paragraph that tells `field`'s problem (for `aria-describedby`).
pub fn problem_id(field: &str) -> String {
    format!("problem-{field}")
}

/// What a field's control is.
#[derive(Clone, PartialEq, Default)]
pub enum Control {
    #[default]
    Text,
    Email,
    Tel,
    Url,
    /// A whole number (a phone shows the number pad).
    Number,
    Date,
    DateTime,
    /// Words to look for.
    Search,
    Multiline {
        rows: u32,
    },
    /// One of a list: (value, label) pairs.
    Choice(Rc<[(AttrValue, AttrValue)]>),
}

/// A field's problem: none, told under it, or told once for several fields elsewhere (the
/// English and Spanish halves of one text; a row of sessions), by that paragraph's id.
#[derive(Clone, PartialEq, Default)]
pub enum Problem {
    #[default]
    None,
    Here(AttrValue),
    ToldAt(AttrValue),
}

impl From<Option<AttrValue>> for Problem {
    fn from(message: Option<AttrValue>) -> Problem {
        message.map_or(Problem::None, Problem::Here)
    }
}

#[derive(Properties, PartialEq)]
pub struct FieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub problem: Problem,
    #[prop_or_default]
    pub control: Control,
    /// The value shown; `None` leaves the control to hold what is typed (read by `node`).
    #[prop_or_default]
    pub value: Option<AttrValue>,
    /// Called with the new value as the person types or chooses.
    #[prop_or_default]
    pub oninput: Option<Callback<String>>,
    #[prop_or_default]
    pub onblur: Option<Callback<()>>,
    #[prop_or_default]
    pub node: NodeRef,
    /// The form field's name (a plain form post names its fields).
    #[prop_or_default]
    pub name: Option<AttrValue>,
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    /// The language of what is typed (`en`, `es`), for spelling and screen readers.
    #[prop_or_default]
    pub lang: Option<AttrValue>,
    #[prop_or_default]
    pub min: Option<AttrValue>,
    #[prop_or_default]
    pub max: Option<AttrValue>,
    /// The most characters the rule takes (the browser stops there).
    #[prop_or_default]
    pub maxlength: Option<AttrValue>,
    /// Identifiers and links: no capitals, no spelling marks.
    #[prop_or_default]
    pub literal: bool,
    /// A narrow field (a number, a postcode).
    #[prop_or_default]
    pub short: bool,
    /// Shown under the control (a note about the value).
    #[prop_or_default]
    pub children: Html,
    /// A button that acts on the value, beside the control (a search box's "Search").
    #[prop_or_default]
    pub action: Option<Html>,
}

#[function_component]
pub fn Field(props: &FieldProps) -> Html {
    let hint_id = format!("{}-hint", props.id);
    let here_id = format!("{}-error", props.id);
    let (invalid, problem_at) = match &props.problem {
        Problem::None => (false, None),
        Problem::Here(_) => (true, Some(AttrValue::from(here_id.clone()))),
        Problem::ToldAt(id) => (true, Some(id.clone())),
    };
    let described: Vec<&str> =
        [props.hint.as_ref().map(|_| hint_id.as_str()), problem_at.as_deref()].into_iter().flatten().collect();
    let described = (!described.is_empty()).then(|| AttrValue::from(described.join(" ")));
    let aria_invalid = invalid.then_some("true");
    let onchange = props.oninput.clone().map(|emit| Callback::from(move |e: Event| emit.emit(value_of(&e))));
    let oninput = props.oninput.clone().map(|emit| Callback::from(move |e: InputEvent| emit.emit(value_of(&e))));
    let onblur = props.onblur.clone().map(|emit| Callback::from(move |_: FocusEvent| emit.emit(())));
    let (autocapitalize, spellcheck) = if props.literal { (Some("none"), Some("false")) } else { (None, None) };
    let id = props.id.clone();
    let control = match &props.control {
        Control::Multiline { rows } => html! {
            <textarea {id} name={props.name.clone()} ref={props.node.clone()} rows={rows.to_string()} lang={props.lang.clone()}
                maxlength={props.maxlength.clone()}
                value={props.value.clone()} {oninput} {onblur} aria-invalid={aria_invalid} aria-describedby={described} />
        },
        Control::Choice(options) => html! {
            <select {id} name={props.name.clone()} ref={props.node.clone()} {onchange} {onblur}
                aria-invalid={aria_invalid} aria-describedby={described}>
                { for options.iter().map(|(value, label)| html! {
                    <option value={value.clone()} selected={props.value.as_ref() == Some(value)}>{ label.clone() }</option>
                }) }
            </select>
        },
        text => {
            let (kind, inputmode) = match text {
                Control::Email => ("email", Some("email")),
                Control::Tel => ("tel", Some("tel")),
                Control::Url => ("url", Some("url")),
                Control::Number => ("number", Some("numeric")),
                Control::Date => ("date", None),
                Control::DateTime => ("datetime-local", None),
                Control::Search => ("search", None),
                _ => ("text", None),
            };
            html! {
                <input {id} type={kind} {inputmode} name={props.name.clone()} ref={props.node.clone()}
                    autocomplete={props.autocomplete.clone()} {autocapitalize} {spellcheck} lang={props.lang.clone()}
                    min={props.min.clone()} max={props.max.clone()} maxlength={props.maxlength.clone()} value={props.value.clone()} {oninput} {onblur}
                    aria-invalid={aria_invalid} aria-describedby={described} />
            }
        }
    };
    html! {
        <div class={classes!("field", props.short.then_some("field-short"), invalid.then_some("field-invalid"))}>
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            if let Some(hint) = &props.hint { <p class="hint" id={hint_id}>{ hint.clone() }</p> }
            if let Some(action) = &props.action {
                <div class="field-row">{ control }{ action.clone() }</div>
            } else {
                { control }
            }
            { props.children.clone() }
            if let Problem::Here(message) = &props.problem { <p class="field-error" id={here_id}>{ message.clone() }</p> }
        </div>
    }
}

/// The text of the input, textarea or select an event came from.
pub fn value_of(e: &Event) -> String {
    if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
        return input.value();
    }
    if let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() {
        return area.value();
    }
    e.target_dyn_into::<HtmlSelectElement>().map(|s| s.value()).unwrap_or_default()
}

/// The text a field's control holds now (for fields left to hold what is typed).
pub fn value_in(node: &NodeRef) -> String {
    if let Some(input) = node.cast::<HtmlInputElement>() {
        return input.value();
    }
    if let Some(area) = node.cast::<HtmlTextAreaElement>() {
        return area.value();
    }
    node.cast::<HtmlSelectElement>().map(|s| s.value()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(fields: &[&str]) -> Problems {
        Problems::new(fields.iter().map(|f| FieldMessage { field: f.to_string(), message: format!("{f}!") }).collect())
    }

    #[test]
    fn a_problem_of_a_part_is_a_problem_of_the_whole_but_not_of_a_neighbour() {
        let problems = found(&["sessions.2.starts", "title"]);
        assert!(problems.has("sessions"));
        assert!(problems.has("sessions.2"));
        assert!(!problems.has("sessions.1"));
        assert!(!problems.has("session"));
        assert!(!problems.has("titles"));
        assert_eq!(problems.of("sessions").as_deref(), Some("sessions.2.starts!"));
    }

    #[test]
    fn the_messages_of_one_field_are_told_together_and_forgotten_together() {
        let problems = found(&["registration", "registration.closes", "stipend"]);
        assert_eq!(problems.of("registration").as_deref(), Some("registration! registration.closes!"));
        let left = problems.without("registration");
        assert!(!left.has("registration"));
        assert!(left.has("stipend"));
        assert_eq!(left.of("stipend").as_deref(), Some("stipend!"));
    }
}
