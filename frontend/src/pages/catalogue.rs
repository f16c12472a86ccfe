use village_shared::model::SignupStatus;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::{ErrorNotice, GroupCard, Loading};
use crate::hooks::{use_remote, Remote};
use crate::i18n::use_tr;
use crate::routes::Route;
use crate::storage::my_groups;

#[function_component]
pub fn CataloguePage() -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let (catalogue, retry, _) = use_remote((), move |_| api::catalogue(lang));
    let mine = my_groups();

    let list = match catalogue {
        Remote::Loading => html! { <Loading /> },
        Remote::Failed(failure) => html! { <ErrorNotice {failure} on_retry={retry} /> },
        Remote::Ready(c) if c.groups.is_empty() => html! { <p>{ tr.no_groups() }</p> },
        Remote::Ready(mut c) => {
            c.groups.sort_by_key(|g| g.first_session);
            html! { <ul class="cards">{ for c.groups.into_iter().map(|group| { let key = group.id.clone(); html! { <GroupCard {key} {group} /> } }) }</ul> }
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
                            let status = match (s.status, s.waitlist_position) {
                                (SignupStatus::Confirmed, _) => tr.status_confirmed().to_string(),
                                (SignupStatus::Waitlisted, Some(n)) => tr.status_waitlisted(n),
                                _ => tr.status_cancelled().to_string(),
                            };
                            html! {
                                <li key={s.token.clone()}>
                                    <Link<Route> to={Route::Manage { token: s.token.clone() }}>{ s.title.get(lang) }</Link<Route>>
                                    { " — " }{ status }
                                </li>
                            }
                        }) }
                    </ul>
                </section>
            }
            { list }
        </>
    }
}
