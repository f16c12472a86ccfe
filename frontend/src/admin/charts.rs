//! Small charts as inline SVG (no chart library): horizontal bars with the numbers beside them
//! in text, so the figures are readable without the picture and by screen readers.

use yew::prelude::*;

/// One bar: a label, a value, and optionally a second value drawn behind it (e.g. seats
/// behind the confirmed count) and a note shown after the number.
#[derive(Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: u32,
    pub behind: Option<u32>,
    pub note: String,
}

#[derive(Properties, PartialEq)]
pub struct BarsProps {
    pub bars: Vec<Bar>,
    /// What the chart shows, for assistive technology.
    pub title: String,
    #[prop_or_default]
    pub class: Classes,
}

/// Each bar is a row: the label, an SVG bar, the figures. A bar with something behind it is a
/// share (seats taken of seats, present of expected) and fills its own row; bare values are
/// scaled to the largest.
#[function_component]
pub fn Bars(props: &BarsProps) -> Html {
    let max = props.bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let scale = |b: &Bar, v: u32| {
        let whole = b.behind.unwrap_or(max).max(v).max(1);
        (v as f64 / whole as f64 * 100.0).max(if v > 0 { 1.5 } else { 0.0 })
    };
    html! {
        <ul class={classes!("bars", props.class.clone())} aria-label={props.title.clone()}>
            { for props.bars.iter().map(|b| html! {
                <li>
                    <span class="bar-label">{ &b.label }</span>
                    <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                        if let Some(behind) = b.behind {
                            <rect class="bar-behind" x="0" y="0" height="10" width={format!("{:.1}", scale(b, behind))} />
                        }
                        <rect class="bar-value" x="0" y="0" height="10" width={format!("{:.1}", scale(b, b.value))} />
                    </svg>
                    <span class="bar-figure">{ &b.note }</span>
                </li>
            }) }
        </ul>
    }
}

#[derive(Properties, PartialEq)]
pub struct ColumnsProps {
    /// Oldest first.
    pub values: Vec<u32>,
    pub title: String,
}

/// A row of columns (e.g. new subscribers per week), described in words for screen readers.
#[function_component]
pub fn Columns(props: &ColumnsProps) -> Html {
    let max = props.values.iter().copied().max().unwrap_or(0).max(1);
    let n = props.values.len().max(1) as f64;
    let step = 100.0 / n;
    html! {
        <svg class="columns" viewBox="0 0 100 30" preserveAspectRatio="none" role="img" aria-label={props.title.clone()}>
            { for props.values.iter().enumerate().map(|(i, v)| {
                let h = (*v as f64 / max as f64 * 28.0).max(if *v > 0 { 1.0 } else { 0.3 });
                html! { <rect class="bar-value" x={format!("{:.1}", i as f64 * step + step * 0.15)} y={format!("{:.1}", 30.0 - h)} width={format!("{:.1}", step * 0.7)} height={format!("{:.1}", h)} /> }
            }) }
        </svg>
    }
}
