//! Create or edit a group: every field, the English and Spanish texts side by side (stacked on
//! a phone), sessions on the group's own clock, and per-field errors in the editor's language.

mod draft;
mod fieldsets;

use village_shared::api::admin::AdminGroup;
use village_shared::api::{ApiError, ErrorCode};
use yew::prelude::*;

use self::draft::{Clock, Draft};
use self::fieldsets::{Basics, Incentives, Private, Registration, Rules, Texts, When, Where};
use crate::admin::{api, use_me, AdminRoute};
use crate::api::ApiFailure;
use crate::components::{ErrorNotice, Loading};
use crate::hooks::{use_remote, use_submit, Remote};
use crate::i18n::use_tr;
use crate::router::{use_routes, RouteLink};

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// `None` for a new group.
    #[prop_or_default]
    pub id: Option<String>,
}

#[function_component]
pub fn GroupEditor(props: &EditorProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let (loaded, retry, _) = use_remote(props.id.clone(), move |id| async move {
        match id {
            Some(id) => api::group(id.clone(), lang).await.map(Some),
            None => Ok(None),
        }
    });
    match loaded {
        Remote::Loading => html! { <Loading /> },
        Remote::Failed(failure) => html! { <ErrorNotice {failure} on_retry={retry} /> },
        Remote::Ready(group) => html! { <EditorForm group={group} /> },
    }
}

#[derive(Properties, PartialEq)]
struct FormProps {
    group: Option<AdminGroup>,
}

#[function_component]
fn EditorForm(props: &FormProps) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let me = use_me();
    let router = use_routes::<AdminRoute>();
    let submit = use_submit();
    let creating = props.group.is_none();
    let by_hand = props.group.as_ref().map_or(0, |g| g.count.capacity.saturating_sub(g.group.capacity));
    let initial = props.group.clone();
    let draft = use_reducer(move || initial.as_ref().map_or_else(Draft::new, |g| Draft::from_group(g, Clock::BROWSER)));

    let on_submit = {
        let (draft, submit, csrf, router) = (draft.clone(), submit.clone(), me.csrf.clone(), router.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let form = match draft.to_form(lang, Clock::BROWSER) {
                Ok(form) => form,
                Err(found) => return submit.refuse(found),
            };
            let (id, csrf, router) = (form.group.id.clone(), csrf.clone(), router.clone());
            let save = async move {
                if creating {
                    api::create_group(form, csrf, lang).await.map(|_| 0)
                } else {
                    api::update_group(form, csrf, lang).await.map(|u| u.promoted)
                }
            };
            // The group's page says how many the new seats took off the waitlist.
            submit.send(save, move |promoted| {
                router.push_with_query(AdminRoute::Group { id }, vec![("promoted".into(), promoted.to_string())])
            });
        })
    };
    let forget = {
        let submit = submit.clone();
        Callback::from(move |field: String| submit.forget(&field))
    };

    // Someone saved this group while it was open here: start again from their version.
    let notice = match submit.failure() {
        Some(failure @ ApiFailure::Api { error: ApiError { code: ErrorCode::EditConflict, .. }, .. }) => {
            let reload = Callback::from(|_: MouseEvent| {
                if let Some(window) = web_sys::window() {
                    let _ = window.location().reload();
                }
            });
            html! { <ErrorNotice {failure} on_retry={reload} retry_label={tr.load_their_version()} /> }
        }
        _ => submit.notice(tr),
    };
    let title =
        if creating { tr.new_group().to_string() } else { format!("{} · {}", tr.edit_group(), draft.title.get(lang)) };
    let back = match &props.group {
        Some(g) => html! {
            <p class="back"><RouteLink<AdminRoute> to={AdminRoute::Group { id: g.group.id.clone() }}>
                { "← " }{ g.group.title.get(lang) }
            </RouteLink<AdminRoute>></p>
        },
        None => html! {
            <p class="back"><RouteLink<AdminRoute> to={AdminRoute::Home}>
                { "← " }{ tr.your_groups_heading() }
            </RouteLink<AdminRoute>></p>
        },
    };
    let problems = submit.problems().clone();
    html! {
        <section class="group-editor">
            { back }
            <h1>{ title }</h1>
            <form class="editor-form" novalidate=true onsubmit={on_submit} ref={submit.form()}>
                { notice }
                <Basics draft={draft.clone()} problems={problems.clone()} forget={forget.clone()}
                    {creating} {by_hand} />
                <Texts draft={draft.clone()} problems={problems.clone()} forget={forget.clone()} />
                <Where draft={draft.clone()} problems={problems.clone()} forget={forget.clone()} />
                <When draft={draft.clone()} problems={problems.clone()} forget={forget.clone()} />
                <Registration draft={draft.clone()} problems={problems.clone()} forget={forget.clone()} />
                <Rules draft={draft.clone()} problems={problems.clone()} forget={forget.clone()} />
                <Incentives draft={draft.clone()} problems={problems.clone()} forget={forget.clone()} />
                <Private draft={draft.clone()} {problems} {forget} />
                <button type="submit" class="button-primary save-group" disabled={submit.busy()}>
                    { if submit.busy() { tr.saving() } else { tr.save() } }
                </button>
            </form>
        </section>
    }
}
