//! The catalogue's filters: one labelled choice per dimension. Every change goes to the
//! address bar, so a search is shareable and the back button undoes it.

use village_shared::model::{Audience, GroupKind};
use village_shared::rules::finding::{Filters, FormatChoice, TimeOfDay, WEEKDAYS};
use village_shared::Language;
use std::rc::Rc;

use yew::prelude::*;

use crate::components::{Control, Field};
use crate::i18n::{use_tr, Tr};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub filters: Filters,
    pub areas: Vec<String>,
    pub on_change: Callback<Filters>,
}

/// One choice: "any" plus the labelled options; `apply` writes the chosen index (or none)
/// into the filters. Not generic, so there is one copy of it in the app's Wasm.
fn choice(
    id: &'static str,
    label: &str,
    any: &str,
    options: Vec<String>,
    current: Option<usize>,
    filters: &Filters,
    apply: Rc<dyn Fn(&mut Filters, Option<usize>)>,
    on_change: &Callback<Filters>,
) -> Html {
    let oninput = {
        let (filters, on_change) = (filters.clone(), on_change.clone());
        Callback::from(move |value: String| {
            let mut next = filters.clone();
            apply(&mut next, value.parse().ok());
            on_change.emit(next);
        })
    };
    // The options' values are their places in the list ("" for any).
    let options: Rc<[(AttrValue, AttrValue)]> = std::iter::once((AttrValue::default(), AttrValue::from(any.to_string())))
        .chain(options.into_iter().enumerate().map(|(i, text)| (i.to_string().into(), text.into())))
        .collect();
    html! {
        <Field {id} label={label.to_string()} control={Control::Choice(options)}
            value={current.map(|i| AttrValue::from(i.to_string())).unwrap_or_default()} {oninput} />
    }
}

fn index_of<T: PartialEq>(all: &[T], value: Option<&T>) -> Option<usize> {
    value.and_then(|v| all.iter().position(|x| x == v))
}

const FORMATS: [FormatChoice; 2] = [FormatChoice::Virtual, FormatChoice::InPerson];

/// The area list comes from the catalogue, so its choice reads it from a copy.
fn area_choice(tr: Tr, any: &str, areas: &[String], filters: &Filters, on_change: &Callback<Filters>) -> Html {
    let list = areas.to_vec();
    let current = filters.area.as_ref().and_then(|a| areas.iter().position(|x| x == a));
    let apply = Rc::new(move |f: &mut Filters, i: Option<usize>| f.area = i.and_then(|i| list.get(i).cloned()));
    choice("f-area", tr.area_label(), any, areas.to_vec(), current, filters, apply, on_change)
}

#[function_component]
pub fn FilterPanel(props: &Props) -> Html {
    let tr = use_tr();
    let f = &props.filters;
    let any = tr.any();
    let clear = {
        let on_change = props.on_change.clone();
        Callback::from(move |_| on_change.emit(Filters::default()))
    };
    html! {
        <details class="filters" open={!f.is_empty()}>
            <summary>{ tr.filter_heading() }</summary>
            <form role="search" aria-label={tr.filter_heading()} onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                { choice("f-audience", tr.for_whom(), any, Audience::ALL.iter().map(|a| tr.audience(*a).to_string()).collect(), index_of(&Audience::ALL, f.audience.as_ref()), f,
                    Rc::new(|f, i| f.audience = i.map(|i| Audience::ALL[i])), &props.on_change) }
                { choice("f-delivery", tr.delivery_label(), any, Language::ALL.iter().map(|l| tr.delivery_language(*l).to_string()).collect(), index_of(&Language::ALL, f.delivery.as_ref()), f,
                    Rc::new(|f, i| f.delivery = i.map(|i| Language::ALL[i])), &props.on_change) }
                { choice("f-format", tr.format_label(), any, vec![tr.online().to_string(), tr.in_person().to_string()], index_of(&FORMATS, f.format.as_ref()), f,
                    Rc::new(|f, i| f.format = i.map(|i| FORMATS[i])), &props.on_change) }
                { choice("f-kind", tr.kind_label(), any, GroupKind::ALL.iter().map(|k| tr.kind(*k).to_string()).collect(), index_of(&GroupKind::ALL, f.kind.as_ref()), f,
                    Rc::new(|f, i| f.kind = i.map(|i| GroupKind::ALL[i])), &props.on_change) }
                { choice("f-day", tr.day_label(), any, WEEKDAYS.iter().map(|d| tr.weekday(*d).to_string()).collect(), index_of(&WEEKDAYS, f.day.as_ref()), f,
                    Rc::new(|f, i| f.day = i.map(|i| WEEKDAYS[i])), &props.on_change) }
                { choice("f-time", tr.time_label(), any, TimeOfDay::ALL.iter().map(|t| tr.time_of_day(*t).to_string()).collect(), index_of(&TimeOfDay::ALL, f.time.as_ref()), f,
                    Rc::new(|f, i| f.time = i.map(|i| TimeOfDay::ALL[i])), &props.on_change) }
                if !props.areas.is_empty() {
                    { area_choice(tr, any, &props.areas, f, &props.on_change) }
                }
                if !f.is_empty() {
                    <button type="button" class="button-secondary clear-filters" onclick={clear}>{ tr.clear_filters() }</button>
                }
            </form>
        </details>
    }
}
