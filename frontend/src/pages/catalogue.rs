use yew::prelude::*;

use crate::api;
use crate::components::{
    resolve_near, ErrorNotice, FilterPanel, GroupCard, Loading, NearProblem, NearestControl, SubscribeForm,
};
use crate::hooks::{use_remote, Remote};
use crate::i18n::use_tr;
use crate::router::{use_router, Link, Route};
use crate::storage::my_groups;
use village_shared::model::GeoPoint;
use village_shared::rules::distance::{group_distance_km, nearest_first};
use village_shared::rules::finding::{areas, Filters};

#[function_component]
pub fn CataloguePage() -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let (catalogue, retry, _) = use_remote((), move |_| api::catalogue(lang));
    let mine = my_groups();
    let router = use_router();
    let filters = Filters::from_pairs(router.location.query.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let near = router.location.query.iter().find(|(k, _)| k == "near").map(|(_, v)| v.clone());
    // Filters and "near" travel together in the address; changing one keeps the other.
    let push = {
        let router = router.clone();
        move |filters: &Filters, near: Option<String>| {
            let mut pairs: Vec<(String, String)> =
                filters.to_pairs().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
            pairs.extend(near.map(|n| ("near".to_string(), n)));
            router.push_with_query(Route::Catalogue, pairs);
        }
    };
    let on_change = {
        let (push, near) = (push.clone(), near.clone());
        Callback::from(move |next: Filters| push(&next, near.clone()))
    };
    let on_near = {
        let filters = filters.clone();
        Callback::from(move |near: Option<String>| push(&filters, near))
    };
    let origin = use_state(|| None::<Result<GeoPoint, NearProblem>>);
    {
        let origin = origin.clone();
        use_effect_with(near.clone(), move |near| {
            origin.set(None);
            if let Some(near) = near.clone() {
                wasm_bindgen_futures::spawn_local(async move { origin.set(Some(resolve_near(&near).await)) });
            }
            || ()
        });
    }
    let from = origin.as_ref().and_then(|r| r.as_ref().ok()).copied();
    let near_problem = origin.as_ref().and_then(|r| r.as_ref().err()).copied();

    let list = match catalogue {
        Remote::Loading => html! { <Loading /> },
        Remote::Failed(failure) => html! { <ErrorNotice {failure} on_retry={retry} /> },
        Remote::Ready(c) if c.groups.is_empty() => html! { <p>{ tr.no_groups() }</p> },
        Remote::Ready(mut c) => {
            c.groups.sort_by_key(|g| g.first_session);
            let all_areas = areas(&c.groups);
            let mut shown: Vec<_> = c.groups.into_iter().filter(|g| filters.matches(g, local_day_and_hour)).collect();
            if let Some(from) = from {
                nearest_first(&mut shown, from);
            }
            html! {
                <>
                    <NearestControl near={near.clone()} problem={near_problem} on_change={on_near.clone()} />
                    <FilterPanel filters={filters.clone()} areas={all_areas} on_change={on_change.clone()} />
                    <p class="count" role="status" aria-live="polite">{ tr.group_count(shown.len()) }</p>
                    if shown.is_empty() { <p>{ tr.no_matches() }</p> }
                    <ul class="cards">{ for shown.into_iter().map(|group| {
                        let key = group.id.clone();
                        let distance_km = from.and_then(|f| group_distance_km(&group, f));
                        html! { <GroupCard {key} {group} {distance_km} /> }
                    }) }</ul>
                </>
            }
        }
    };

    html! {
        <>
            <section class="intro">
                <h1>{ tr.catalogue_heading() }</h1>
                <p>{ tr.catalogue_intro() }</p>
            </section>
            if !mine.is_empty() {
                <section class="my-groups" aria-labelledby="my-groups-heading">
                    <h2 id="my-groups-heading">{ tr.my_groups_heading() }</h2>
                    <ul>
                        { for mine.iter().map(|s| {
                            let status = tr.signup_status(s.status, s.waitlist_position);
                            html! {
                                <li key={s.token.clone()}>
                                    <Link to={Route::Manage { token: s.token.clone() }}>{ s.title.get(lang) }</Link>
                                    { " — " }{ status }
                                </li>
                            }
                        }) }
                    </ul>
                </section>
            }
            { list }
            <section class="updates" aria-labelledby="updates-heading">
                <h2 id="updates-heading">{ tr.updates_heading() }</h2>
                <p>{ tr.updates_intro() }</p>
                <SubscribeForm />
            </section>
        </>
    }
}

/// Weekday and hour of an instant on the viewer's own clock.
fn local_day_and_hour(at: chrono::DateTime<chrono::Utc>) -> (chrono::Weekday, u32) {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.timestamp_millis() as f64));
    let day = match date.get_day() {
        0 => chrono::Weekday::Sun,
        1 => chrono::Weekday::Mon,
        2 => chrono::Weekday::Tue,
        3 => chrono::Weekday::Wed,
        4 => chrono::Weekday::Thu,
        5 => chrono::Weekday::Fri,
        _ => chrono::Weekday::Sat,
    };
    (day, date.get_hours())
}
