//! A drop-in's panel: the next date, "I'll come" (counted once per phone), and the join link
//! from 15 minutes before the start.

use village_shared::api::DropInStatus;
use yew::prelude::*;

use crate::api;
use crate::components::{ErrorNotice, Loading};
use crate::hooks::{use_remote, Remote};
use crate::i18n::{date_time, use_tr};
use crate::storage;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub group_id: String,
}

/// A random id for this phone, kept in local storage; not personal, only for counting.
fn device_id() -> String {
    if let Some(id) = storage::read::<String>("village.device") {
        return id;
    }
    let id: String = (0..4).map(|_| format!("{:08x}", (js_sys::Math::random() * f64::from(u32::MAX)) as u32)).collect();
    storage::write("village.device", &id);
    id
}

#[function_component]
pub fn DropInPanel(props: &Props) -> Html {
    let tr = use_tr();
    let lang = tr.lang();
    let (remote, retry, state) =
        use_remote(props.group_id.clone(), move |id| async move { api::drop_in(&id, lang).await });
    let tapped = use_state(|| false);
    let failure = use_state(|| None::<api::ApiFailure>);
    let status: DropInStatus = match remote {
        Remote::Loading => return html! { <Loading /> },
        Remote::Failed(failure) => return html! { <ErrorNotice {failure} on_retry={retry} /> },
        Remote::Ready(s) => s,
    };
    let Some(next) = status.next_session else {
        return html! { <p>{ tr.no_upcoming_session() }</p> };
    };
    let going_key = format!("village.going.{}.{}", props.group_id, next.timestamp());
    let already = *tapped || storage::read::<bool>(&going_key).unwrap_or(false);
    let on_going = {
        let (id, state, tapped, failure) = (props.group_id.clone(), state.clone(), tapped.clone(), failure.clone());
        Callback::from(move |_| {
            let (id, state, tapped, failure, going_key) =
                (id.clone(), state.clone(), tapped.clone(), failure.clone(), going_key.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::rsvp(&id, &device_id(), lang).await {
                    Ok(mut s) => {
                        storage::write(&going_key, &true);
                        if let Remote::Ready(current) = &*state {
                            s.join_link = current.join_link.clone();
                        }
                        state.set(Remote::Ready(s));
                        tapped.set(true);
                    }
                    Err(f) => failure.set(Some(f)),
                }
            });
        })
    };
    html! {
        <div class="drop-in">
            <p class="when"><strong>{ tr.next_drop_in() }{ ": " }</strong>{ date_time(next, lang) }</p>
            if let Some(link) = status.join_link.clone() {
                <p><a class="button-primary join-now" href={link} rel="noopener noreferrer" target="_blank">{ tr.join_now() }</a></p>
            } else {
                <p class="hint">{ tr.join_link_later() }</p>
            }
            <p class="going" role="status" aria-live="polite">{ tr.people_going(status.going) }</p>
            if already {
                <p class="notice notice-ok">{ tr.see_you_there() }</p>
            } else {
                <button type="button" class="button-secondary ill-come" onclick={on_going}>{ tr.ill_come() }</button>
            }
            if let Some(f) = (*failure).clone() { <ErrorNotice failure={f} /> }
        </div>
    }
}
