use village_shared::api::Availability;
use village_shared::model::Prerequisite;
use yew::prelude::*;

use crate::api;
use crate::clock::now;
use crate::components::{AvailabilityBadge, DropInPanel, ErrorNotice, Loading, SessionList, SignupForm, SubscribeForm};
use crate::hooks::{use_remote_from, Remote};
use crate::i18n::{group_date_time, use_tr};
use crate::router::{use_router, Link, Route};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: String,
}

#[function_component]
pub fn GroupPage(props: &Props) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    // The page as it arrived, when it is this group's.
    let start = use_router().arrived_with.filter(|s| s.group.as_ref().is_some_and(|d| d.group.id == props.id));
    let first = start.as_ref().and_then(|s| s.group.clone());
    let (detail, retry, _) =
        use_remote_from(props.id.clone(), first, move |id| async move { api::group(&id, lang).await });
    let back = html! { <p class="back"><Link to={Route::Catalogue}>{ "← " }{ tr.back_to_groups() }</Link></p> };

    let detail = match detail {
        Remote::Loading => return html! { <>{ back }<Loading /></> },
        Remote::Failed(failure) => return html! { <>{ back }<ErrorNotice {failure} on_retry={retry} /></> },
        Remote::Ready(detail) => detail,
    };
    let g = &detail.group;
    let availability = detail.availability(now());
    let place = tr.place(&g.format);
    let incentives = if g.incentives.is_none() {
        (g.kind == village_shared::model::GroupKind::Series).then(|| html! { <p>{ tr.no_incentives() }</p> })
    } else {
        Some(html! {
            <ul class="incentives">
                if let Some(amount) = g.incentives.stipend { <li>{ tr.stipend(amount) }</li> }
                if g.incentives.kit { <li>{ tr.kit_on_completion() }</li> }
            </ul>
        })
    };

    html! {
        <>
            { back }
            <article class="group">
                <p class="eyebrow">{ tr.kind(g.kind) }{ " · " }{ g.term.get(lang) }</p>
                <h1>{ g.title.get(lang) }</h1>
                <p class="meta">{ tr.delivery_language(g.language) }{ " · " }{ place }</p>
                <AvailabilityBadge {availability} zone={g.time_zone.clone()} />
                <section aria-labelledby="about-heading">
                    <h2 id="about-heading">{ tr.about_heading() }</h2>
                    <p>{ g.description.get(lang) }</p>
                    <p><strong>{ tr.for_whom() }{ ": " }</strong>{ g.audiences.iter().map(|a| tr.audience(*a)).collect::<Vec<_>>().join(", ") }</p>
                    if !g.facilitators.is_empty() {
                        <p><strong>{ tr.facilitators_heading() }{ ": " }</strong>{ g.facilitators.join(", ") }</p>
                    }
                    { for incentives }
                    if !g.prerequisites.is_empty() {
                        <div class="prerequisites">
                            <p><strong>{ tr.before_joining() }</strong></p>
                            <ul>
                                { for g.prerequisites.iter().map(|p| {
                                    let (label, program) = match p {
                                        Prerequisite::Attended { program } => (tr.prerequisite_attended(), program),
                                        Prerequisite::Completed { program } => (tr.prerequisite_completed(), program),
                                    };
                                    html! { <li>{ label }{ " " }{ detail.programme_name(program, lang) }</li> }
                                }) }
                            </ul>
                        </div>
                    }
                </section>
                <section aria-labelledby="sessions-heading">
                    <h2 id="sessions-heading">{ tr.sessions_heading() }</h2>
                    <SessionList group={g.clone()} />
                </section>
                <section aria-labelledby="signup-heading" class="signup">
                    {
                        match availability {
                            Availability::NoSignupNeeded => html! {
                                <>
                                    <h2 id="signup-heading">{ tr.kind(g.kind) }</h2>
                                    <p>{ tr.drop_in_intro() }</p>
                                    <DropInPanel group_id={g.id.clone()} />
                                </>
                            },
                            Availability::OpensOn(at) => html! {
                                <>
                                    <h2 id="signup-heading">{ tr.registration_opens(&group_date_time(at, lang, &g.time_zone)) }</h2>
                                    <p>{ tr.registration_opens_intro(&group_date_time(at, lang, &g.time_zone)) }</p>
                                    <h3>{ tr.notify_me() }</h3>
                                    <p>{ tr.notify_intro() }</p>
                                    <SubscribeForm group_id={Some(g.id.clone())} />
                                </>
                            },
                            Availability::Closed => html! {
                                <>
                                    <h2 id="signup-heading">{ tr.registration_closed() }</h2>
                                    <p>{ tr.registration_closed_intro() }</p>
                                    <Link classes="button-secondary" to={Route::Catalogue}>{ tr.see_other_groups() }</Link>
                                    <p>{ tr.updates_intro() }</p>
                                    <SubscribeForm />
                                </>
                            },
                            Availability::SpotsLeft(_) => html! {
                                <>
                                    <h2 id="signup-heading">{ tr.signup_heading() }</h2>
                                    <p>{ tr.signup_intro() }</p>
                                    <SignupForm group_id={g.id.clone()} full={false} />
                                </>
                            },
                            Availability::Full { .. } => html! {
                                <>
                                    <h2 id="signup-heading">{ tr.waitlist_heading() }</h2>
                                    <p>{ tr.waitlist_intro() }</p>
                                    <SignupForm group_id={g.id.clone()} full={true} />
                                </>
                            },
                        }
                    }
                </section>
            </article>
        </>
    }
}
