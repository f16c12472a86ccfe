//! People with access: invite by email (a sign-in link goes out), choose a facilitator's
//! groups, revoke or give back access.

use village_shared::api::admin::{AdminGroup, UserUpdate};
use village_shared::model::{AdminUser, Role};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{spawn_write, use_writing, WriteFailure};
use crate::admin::{api, use_me};
use crate::components::{Control, ErrorNotice, Field, Loading, Problem};
use crate::hooks::{use_remote, use_submit, Remote};
use crate::i18n::use_tr;

#[derive(Clone, PartialEq)]
struct Loaded {
    users: Vec<AdminUser>,
    groups: Vec<AdminGroup>,
}

#[function_component]
pub fn Users() -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let (loaded, retry, state) = use_remote((), move |_| async move {
        Ok(Loaded { users: api::users(lang).await?.users, groups: api::working_groups(lang).await? })
    });
    let data = match loaded {
        Remote::Loading => return html! { <Loading /> },
        Remote::Failed(failure) => return html! { <ErrorNotice {failure} on_retry={retry} /> },
        Remote::Ready(data) => data,
    };
    let reload = Callback::from(move |_: ()| {
        let state = state.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let (Ok(users), Ok(groups)) = (api::users(lang).await, api::working_groups(lang).await) {
                state.set(Remote::Ready(Loaded { users: users.users, groups }));
            }
        });
    });
    html! {
        <section class="users">
            <h1>{ tr.users_heading() }</h1>
            <ul class="cards">
                { for data.users.iter().map(|u| html! {
                    <UserCard key={u.email.clone()} user={u.clone()} groups={data.groups.clone()} on_saved={reload.clone()} />
                }) }
            </ul>
            <Invite groups={data.groups.clone()} on_saved={reload} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct GroupChecksProps {
    prefix: String,
    groups: Vec<AdminGroup>,
    chosen: Vec<String>,
    on_change: Callback<Vec<String>>,
}

/// One checkbox per group.
#[function_component]
fn GroupChecks(props: &GroupChecksProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    html! {
        <fieldset class="checks group-checks">
            <legend>{ tr.groups_label() }</legend>
            { for props.groups.iter().map(|g| {
                let id = g.group.id.clone();
                let checked = props.chosen.contains(&id);
                let onchange = {
                    let (chosen, on_change, id) = (props.chosen.clone(), props.on_change.clone(), id.clone());
                    Callback::from(move |e: Event| {
                        let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                        let mut next: Vec<String> = chosen.iter().filter(|g| **g != id).cloned().collect();
                        if on {
                            next.push(id.clone());
                        }
                        on_change.emit(next);
                    })
                };
                let input_id = format!("{}-{}", props.prefix, id);
                html! {
                    <label class="check" for={input_id.clone()}>
                        <input type="checkbox" id={input_id} {checked} {onchange} />
                        <span>{ g.group.title.get(lang) }{ " · " }{ tr.language_name(g.group.language) }</span>
                    </label>
                }
            }) }
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
struct UserProps {
    user: AdminUser,
    groups: Vec<AdminGroup>,
    on_saved: Callback<()>,
}

#[function_component]
fn UserCard(props: &UserProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let me = use_me();
    let chosen = use_state(|| props.user.groups.clone());
    let failure = use_writing();
    let user = &props.user;
    let update = |change: UserUpdate| {
        let (email, csrf, failure, on_saved) =
            (user.email.clone(), me.csrf.clone(), failure.clone(), props.on_saved.clone());
        Callback::from(move |_: MouseEvent| {
            let on_saved = on_saved.clone();
            spawn_write(
                api::update_user(email.clone(), change.clone(), csrf.clone(), lang),
                failure.clone(),
                move |_| on_saved.emit(()),
            );
        })
    };
    let on_groups = {
        let chosen = chosen.clone();
        Callback::from(move |groups: Vec<String>| chosen.set(groups))
    };
    let yourself = user.email == me.user.email;
    let assigned = props
        .groups
        .iter()
        .filter(|g| user.groups.contains(&g.group.id))
        .map(|g| g.group.title.get(lang).to_string())
        .collect::<Vec<_>>()
        .join(" · ");
    html! {
        <li class={classes!("card", "user", user.revoked.then_some("card-archived"))}>
            <p><strong>{ &user.email }</strong>{ " · " }{ tr.role(user.role) }
                if user.revoked { { " · " }<span class="status-tag status-archived">{ tr.revoked_label() }</span> }
            </p>
            if let Some(f) = (*failure).clone() { <WriteFailure failure={f} /> }
            if user.role == Role::Facilitator && !user.revoked {
                <p class="meta">{ assigned }</p>
                // A network has dozens of groups: the full list opens on demand.
                <details class="user-groups">
                    <summary>{ tr.groups_label() }{ format!(" ({})", chosen.len()) }</summary>
                    <GroupChecks prefix={format!("user-{}", user.email)} groups={props.groups.clone()} chosen={(*chosen).clone()} on_change={on_groups} />
                    <button type="button" class="button-secondary save-groups" disabled={failure.busy()} onclick={update(UserUpdate { role: Role::Facilitator, groups: (*chosen).clone(), revoked: false })}>{ tr.save_groups() }</button>
                </details>
            }
            if user.role == Role::Admin {
                <p class="meta">{ tr.all_groups() }</p>
            }
            if !yourself {
                if user.revoked {
                    <button type="button" class="button-secondary restore" disabled={failure.busy()} onclick={update(UserUpdate { role: user.role, groups: user.groups.clone(), revoked: false })}>{ tr.restore() }</button>
                } else {
                    <button type="button" class="button-danger revoke" disabled={failure.busy()} onclick={update(UserUpdate { role: user.role, groups: user.groups.clone(), revoked: true })}>{ tr.revoke() }</button>
                }
            }
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct InviteProps {
    groups: Vec<AdminGroup>,
    on_saved: Callback<()>,
}

#[function_component]
fn Invite(props: &InviteProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let me = use_me();
    let email = use_state(String::new);
    let role = use_state(|| Role::Facilitator);
    let chosen = use_state(Vec::<String>::new);
    let submit = use_submit();
    let sent = use_state(|| false);
    let on_submit = {
        let (email, role, chosen, submit, sent, csrf, on_saved) = (
            email.clone(),
            role.clone(),
            chosen.clone(),
            submit.clone(),
            sent.clone(),
            me.csrf.clone(),
            props.on_saved.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let user =
                AdminUser { email: email.trim().to_string(), role: *role, groups: (*chosen).clone(), revoked: false, terms: vec![] };
            let (email, chosen, sent, on_saved) = (email.clone(), chosen.clone(), sent.clone(), on_saved.clone());
            submit.send(api::invite(user, csrf.clone(), lang), move |_| {
                email.set(String::new());
                chosen.set(vec![]);
                sent.set(true);
                on_saved.emit(());
            });
        })
    };
    let on_email = {
        let (email, sent, submit) = (email.clone(), sent.clone(), submit.clone());
        Callback::from(move |value: String| {
            sent.set(false);
            email.set(value);
            submit.forget("email");
        })
    };
    let on_role = {
        let role = role.clone();
        Callback::from(move |value: String| role.set(if value == "admin" { Role::Admin } else { Role::Facilitator }))
    };
    let on_groups = {
        let chosen = chosen.clone();
        Callback::from(move |groups: Vec<String>| chosen.set(groups))
    };
    let roles: std::rc::Rc<[(AttrValue, AttrValue)]> = [
        (AttrValue::from("facilitator"), AttrValue::from(tr.role_facilitator())),
        (AttrValue::from("admin"), AttrValue::from(tr.role_admin())),
    ]
    .into();
    html! {
        <form class="card invite-form" novalidate=true onsubmit={on_submit} ref={submit.form()}>
            <h2>{ tr.invite_heading() }</h2>
            <p class="meta">{ tr.invite_help() }</p>
            if *sent { <p class="notice notice-ok" role="status">{ tr.invited() }</p> }
            { submit.notice(tr) }
            <Field id="invite-email" label={tr.email_label()} control={Control::Email} autocomplete="off"
                value={(*email).clone()} problem={Problem::from(submit.problems().of("email"))} oninput={on_email} />
            <Field id="invite-role" label={tr.role_label()} control={Control::Choice(roles)}
                value={if *role == Role::Admin { "admin" } else { "facilitator" }} oninput={on_role} />
            if *role == Role::Facilitator {
                <GroupChecks prefix="invite" groups={props.groups.clone()} chosen={(*chosen).clone()} on_change={on_groups} />
            }
            <button type="submit" class="button-primary" disabled={submit.busy()}>{ tr.send_invite() }</button>
        </form>
    }
}
