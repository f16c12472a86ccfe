//! The outbox: messages newest first, a page at a time, with their delivery state; anything
//! not sent can be tried again.

use yew::prelude::*;

use crate::admin::api;
use crate::api::ApiFailure;
use crate::components::{ErrorNotice, Loading};
use crate::hooks::{use_paged, Remote};
use crate::i18n::use_tr;

/// Messages newest first with their delivery state; anything not sent can be tried again.
#[function_component]
pub fn Outbox() -> Html {
    use village_shared::model::DeliveryStatus;
    let tr = use_tr();
    let lang = tr.lang();
    let csrf = crate::admin::use_me().csrf;
    // After a resend the first page loads again (newest first: the message stays near the top).
    let reloads = use_state(|| 0u32);
    let outbox = use_paged(*reloads, move |_, cursor| async move {
        api::outbox(cursor, lang).await.map(|o| (o.messages, o.next))
    });
    let failure = use_state(|| None::<ApiFailure>);
    // The message being tried again (its button waits; the list stays where it is).
    let sending = use_state(|| None::<String>);
    let messages = match outbox.items {
        Remote::Loading => return html! { <Loading /> },
        Remote::Failed(failure) => return html! { <ErrorNotice {failure} on_retry={outbox.retry} /> },
        Remote::Ready(messages) => messages,
    };
    html! {
        <section class="admin-outbox">
            <h1>{ tr.outbox_heading() }</h1>
            if let Some(f) = (*failure).clone() { <ErrorNotice failure={f} /> }
            <ul class="cards">
                { for messages.iter().map(|m| {
                    let status = match m.status {
                        DeliveryStatus::Sent => tr.message_sent(),
                        DeliveryStatus::Pending => tr.message_pending(),
                        DeliveryStatus::Failed => tr.message_failed(),
                    };
                    let resend = {
                        let (id, csrf, reloads, failure, sending) = (m.id.clone(), csrf.clone(), reloads.clone(), failure.clone(), sending.clone());
                        Callback::from(move |_: MouseEvent| {
                            let (id, csrf, reloads, failure, sending) = (id.clone(), csrf.clone(), reloads.clone(), failure.clone(), sending.clone());
                            sending.set(Some(id.clone()));
                            wasm_bindgen_futures::spawn_local(async move {
                                match api::resend(id, csrf, lang).await {
                                    Ok(_) => {
                                        failure.set(None);
                                        reloads.set(*reloads + 1);
                                    }
                                    Err(f) => failure.set(Some(f)),
                                }
                                sending.set(None);
                            });
                        })
                    };
                    html! {
                        <li class="card" key={m.id.clone()}>
                            <p class="meta delivery"><strong>{ status }</strong>{ " · " }{ tr.attempts(m.attempts) }</p>
                            <p><strong>{ &m.subject }</strong></p>
                            <p class="meta">{ &m.to }{ " · " }{ crate::i18n::date_time(m.created_at, lang) }</p>
                            if let Some(error) = &m.last_error { <p class="field-error">{ error }</p> }
                            // An erased person's messages are blank and addressed to no one.
                            if m.status != DeliveryStatus::Sent && !m.to.starts_with("erased:") {
                                <button type="button" class="button-secondary resend" disabled={sending.as_deref() == Some(m.id.as_str())} onclick={resend}>{ tr.resend() }</button>
                            }
                        </li>
                    }
                }) }
            </ul>
            <super::ShowMore more={outbox.more} loading={outbox.loading_more} failure={outbox.more_failed} />
        </section>
    }
}
