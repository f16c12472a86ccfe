//! Your groups: every group you may see, any state, with its fill; admins start new ones here.

use village_shared::model::{Publication, Role};
use yew::prelude::*;

use super::{ShowMore, StatusTag};
use crate::admin::{api, use_me, AdminRoute};
use crate::components::{ErrorNotice, Loading};
use crate::hooks::{use_paged, Remote};
use crate::i18n::use_tr;
use crate::router::{use_routes, RouteLink};

#[function_component]
pub fn Groups() -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let me = use_me();
    let router = use_routes::<AdminRoute>();
    let groups = use_paged((), move |_, cursor| async move {
        api::groups(cursor, lang).await.map(|list| (list.groups, list.next))
    });
    let sign_out = {
        let csrf = me.csrf.clone();
        Callback::from(move |_| {
            let (csrf, router) = (csrf.clone(), router.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let _ = api::sign_out(csrf, lang).await;
                router.push(AdminRoute::SignIn);
            });
        })
    };
    let list = match groups.items {
        Remote::Loading => html! { <Loading /> },
        Remote::Failed(failure) => html! { <ErrorNotice {failure} on_retry={groups.retry} /> },
        Remote::Ready(list) => html! {
            <>
            <ul class="cards admin-groups">
                { for list.iter().map(|g| {
                    let group = &g.group;
                    html! {
                        <li class={classes!("card", (group.status == Publication::Archived).then_some("card-archived"))} key={group.id.clone()}>
                            <p class="eyebrow">{ tr.kind(group.kind) }{ " · " }{ group.term.get(lang) }{ " " }<StatusTag status={group.status} /></p>
                            <h2 class="card-title"><RouteLink<AdminRoute> to={AdminRoute::Group { id: group.id.clone() }}>{ group.title.get(lang) }</RouteLink<AdminRoute>></h2>
                            if group.kind.takes_signups() {
                                <p class="meta">{ tr.fill(g.count.confirmed, g.count.capacity, g.count.waitlist_length) }</p>
                            }
                            <p class="meta">{ tr.language_name(group.language) }{ " · " }{ &group.id }</p>
                        </li>
                    }
                }) }
            </ul>
            <ShowMore more={groups.more} loading={groups.loading_more} failure={groups.more_failed} />
            </>
        },
    };
    html! {
        <section class="admin-home">
            <h1>{ tr.your_groups_heading() }</h1>
            <p class="signed-in-as">{ tr.signed_in_as(&me.user.email, tr.role(me.user.role)) }</p>
            if me.user.role == Role::Admin {
                <p><RouteLink<AdminRoute> classes="button-primary new-group" to={AdminRoute::NewGroup}>{ "+ " }{ tr.new_group() }</RouteLink<AdminRoute>></p>
            }
            { list }
            <button type="button" class="button-secondary sign-out" onclick={sign_out}>{ tr.sign_out() }</button>
        </section>
    }
}
