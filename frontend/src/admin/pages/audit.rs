//! The audit log: every dashboard write (who, when, what, before → after), filterable.

use yew::prelude::*;

use crate::admin::api;
use crate::components::{ErrorNotice, Field, Loading};
use crate::hooks::{use_paged, Remote};
use crate::i18n::use_tr;

#[derive(Clone, PartialEq, Default)]
struct Filter {
    who: String,
    action: String,
    target: String,
}

#[function_component]
pub fn Audit() -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let typed = use_state(Filter::default);
    let applied = use_state(Filter::default);
    let log = use_paged((*applied).clone(), move |f, cursor| async move {
        api::audit(f.who, f.action, f.target, cursor, lang).await.map(|a| (a.entries, a.next))
    });
    let input = |set: fn(&mut Filter, String)| {
        let typed = typed.clone();
        Callback::from(move |value: String| {
            let mut next = (*typed).clone();
            set(&mut next, value);
            typed.set(next);
        })
    };
    let on_submit = {
        let (typed, applied) = (typed.clone(), applied.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            applied.set((*typed).clone());
        })
    };
    let more = html! { <super::ShowMore more={log.more.clone()} loading={log.loading_more} failure={log.more_failed.clone()} /> };
    let entries = match log.items {
        Remote::Loading => html! { <Loading /> },
        Remote::Failed(failure) => html! { <ErrorNotice {failure} on_retry={log.retry} /> },
        // Nothing among the newest entries looked at: older ones may still match.
        Remote::Ready(entries) if entries.is_empty() => html! { <><p>{ tr.no_entries() }</p>{ more }</> },
        Remote::Ready(entries) => html! {
            <>
            <ol class="cards audit-entries">
                { for entries.iter().map(|e| html! {
                    <li class="card" key={e.id.clone()}>
                        <p class="meta">{ crate::i18n::date_time(e.at, lang) }{ " · " }{ &e.who }</p>
                        <p><strong>{ &e.action }</strong>{ " · " }<span class="target">{ &e.target }</span></p>
                        <dl class="change">
                            <dt>{ tr.before_label() }</dt><dd><code>{ e.before.to_string() }</code></dd>
                            <dt>{ tr.after_label() }</dt><dd><code>{ e.after.to_string() }</code></dd>
                        </dl>
                    </li>
                }) }
            </ol>
            { more }
            </>
        },
    };
    html! {
        <section class="audit">
            <h1>{ tr.audit_heading() }</h1>
            <p class="meta">{ tr.audit_intro() }</p>
            // Folded on a phone until wanted; open while a filter is on.
            <details class="filter-box" open={*applied != Filter::default()}>
            <summary>{ tr.apply_filters() }</summary>
            // It only narrows the list below (loaded, and failing, there): nothing to send.
            <form class="audit-filters" novalidate=true onsubmit={on_submit}>
                <Field id="filter-who" label={tr.filter_who()} value={typed.who.clone()} literal=true
                    oninput={input(|f, v| f.who = v)} />
                <Field id="filter-action" label={tr.filter_action()} value={typed.action.clone()} literal=true
                    oninput={input(|f, v| f.action = v)} />
                <Field id="filter-target" label={tr.filter_target()} value={typed.target.clone()} literal=true
                    oninput={input(|f, v| f.target = v)} />
                <button type="submit" class="button-secondary">{ tr.apply_filters() }</button>
            </form>
            </details>
            { entries }
        </section>
    }
}
