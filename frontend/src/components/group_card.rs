use village_shared::api::GroupSummary;
use yew::prelude::*;

use super::AvailabilityBadge;
use crate::clock::now;
use crate::i18n::{group_date_time, use_tr};
use crate::router::{Link, Route};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub group: GroupSummary,
    /// How far away, when sorting nearest first.
    #[prop_or_default]
    pub distance_km: Option<f64>,
}

#[function_component]
pub fn GroupCard(props: &Props) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let g = &props.group;
    let place = tr.place(&g.format);
    let audiences = g.audiences.iter().map(|a| tr.audience(*a)).collect::<Vec<_>>().join(" · ");
    let when = g.first_session.map(|at| {
        if g.session_count > 1 {
            format!("{} · {}", tr.session_count(g.session_count), tr.starts(&group_date_time(at, lang, &g.time_zone)))
        } else {
            group_date_time(at, lang, &g.time_zone)
        }
    });
    html! {
        <li class="card">
            <p class="eyebrow">{ tr.kind(g.kind) }{ " · " }{ g.term.get(lang) }</p>
            <h2 class="card-title">
                <Link to={Route::Group { id: g.id.clone() }}>{ g.title.get(lang) }</Link>
            </h2>
            <p class="meta">{ tr.delivery_language(g.language) }{ " · " }{ place }</p>
            <p class="meta">{ audiences }</p>
            if let Some(km) = props.distance_km { <p class="distance">{ tr.distance(km) }</p> }
            if let Some(when) = when { <p class="when">{ when }</p> }
            <AvailabilityBadge availability={g.availability(now())} zone={g.time_zone.clone()} />
        </li>
    }
}
