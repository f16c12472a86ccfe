use village_shared::api::Availability;
use yew::prelude::*;

use crate::i18n::{group_short_date, use_tr};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub availability: Availability,
    /// The group's zone (its opening day where the Worker renders the page).
    pub zone: AttrValue,
}

/// A group's state in words: "8 spots left", "Full — join the waitlist (12 waiting)",
/// "Registration opens Mar 3", "Registration closed", "Drop in".
#[function_component]
pub fn AvailabilityBadge(props: &Props) -> Html {
    let tr = use_tr();
    let (class, text) = match props.availability {
        Availability::SpotsLeft(n) => ("badge badge-open", tr.spots_left(n)),
        Availability::Full { waiting } => ("badge badge-full", tr.full_waitlist(waiting)),
        Availability::NoSignupNeeded => ("badge badge-drop-in", tr.drop_in_no_signup().to_string()),
        Availability::OpensOn(at) => {
            ("badge badge-later", tr.registration_opens(&group_short_date(at, tr.lang(), &props.zone)))
        }
        Availability::Closed => ("badge badge-closed", tr.registration_closed().to_string()),
    };
    html! { <span class={class}>{ text }</span> }
}
