use yew::prelude::*;

use crate::api;
use crate::components::{
    resolve_near, ErrorNotice, FilterPanel, GroupCard, Loading, NearProblem, NearestControl, SubscribeForm,
};
use crate::hooks::{use_paged_from, Remote};
use crate::i18n::{use_tr, viewer_known};
use crate::router::{use_router, Link, Route};
use crate::storage::my_groups;
use village_shared::model::GeoPoint;
use village_shared::rules::finding::Filters;

#[function_component]
pub fn CataloguePage() -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    // What this phone remembers (where the Worker renders the page, there is no phone).
    let mine = if viewer_known() { my_groups() } else { Vec::new() };
    let router = use_router();
    let filters = Filters::from_pairs(router.location.query.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let near = router.location.query.iter().find(|(k, _)| k == "near").map(|(_, v)| v.clone());
    // The Worker knows neither the reader's clock nor where "near" is: those the app asks for.
    let first = router
        .arrived_with
        .as_ref()
        .and_then(|start| start.catalogue.clone())
        .filter(|_| !filters.on_the_readers_clock() && near.is_none());
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

    // The Worker filters and pages (a network may publish hundreds of groups); the page asks
    // for what the address says, on the viewer's clock, nearest first once "near" is known.
    let mut query: Vec<String> = filters.to_pairs().iter().map(|(k, v)| format!("{k}={}", crate::router::encode(v))).collect();
    query.extend(from.map(|p| format!("near={},{}", js_number(p.lat), js_number(p.lon))));
    query.extend(crate::i18n::browser_zone().map(|zone| format!("tz={}", crate::router::encode(&zone))));
    // How many match in all, and every area (from the first page).
    let found = use_state(|| first.as_ref().map_or((0, Vec::new()), |page| (page.total, page.areas.clone())));
    let pages = {
        let found = found.clone();
        use_paged_from(query.join("&"), first.map(|page| (page.groups, page.next)), move |query, cursor| {
            let found = found.clone();
            async move {
                let first = cursor.is_none();
                let path = match cursor {
                    Some(c) => format!("{query}&cursor={c}"),
                    None => query,
                };
                let page = api::catalogue(&path, lang).await?;
                if first {
                    found.set((page.total, page.areas));
                }
                Ok((page.groups, page.next))
            }
        })
    };
    // The choices stay put while a new page of matches loads (a choice keeps its focus).
    let choices = html! {
        <>
            <NearestControl near={near.clone()} problem={near_problem} on_change={on_near.clone()} />
            <FilterPanel filters={filters.clone()} areas={found.1.clone()} on_change={on_change.clone()} />
        </>
    };
    let arrived = !matches!(pages.items, Remote::Loading);
    let list = match pages.items {
        Remote::Loading => html! { <>{ choices }<Loading /></> },
        Remote::Failed(failure) => html! { <>{ choices }<ErrorNotice {failure} on_retry={pages.retry} /></> },
        Remote::Ready(shown) if shown.is_empty() && filters.is_empty() && near.is_none() => html! { <p>{ tr.no_groups() }</p> },
        Remote::Ready(shown) => html! {
            <>
                { choices }
                <p class="count" role="status" aria-live="polite">{ tr.group_count(found.0 as usize) }</p>
                if shown.is_empty() { <p>{ tr.no_matches() }</p> }
                <ul class="cards">{ for shown.into_iter().map(|group| {
                    let key = group.id.clone();
                    let distance_km = group.distance_m.map(|m| f64::from(m) / 1000.0);
                    html! { <GroupCard {key} {group} {distance_km} /> }
                }) }</ul>
                if let Some(more) = pages.more {
                    <p><button type="button" class="button-secondary show-more" disabled={pages.loading_more} onclick={more}>{ tr.show_more_groups() }</button></p>
                }
            </>
        },
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
            // Hidden until the list has arrived: shown while it loads, the form would be pushed
            // down the screen when the cards come (a layout shift on every first visit). Hidden,
            // not removed, so what was typed in it stays through a reload of the list.
            <section class="updates" aria-labelledby="updates-heading" hidden={!arrived}>
                <h2 id="updates-heading">{ tr.updates_heading() }</h2>
                <p>{ tr.updates_intro() }</p>
                <SubscribeForm />
            </section>
        </>
    }
}

/// A number as the browser writes it (Rust's own float formatting would add kilobytes to the
/// first load).
fn js_number(x: f64) -> String {
    js_sys::Number::from(x).to_string_with_radix(10).map(String::from).unwrap_or_default()
}
