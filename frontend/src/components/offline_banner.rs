use gloo_events::EventListener;
use yew::prelude::*;

use crate::i18n::use_tr;

/// Says plainly when the phone is offline; disappears when it is back.
#[function_component]
pub fn OfflineBanner() -> Html {
    let tr = use_tr();
    let online = use_state(|| web_sys::window().is_none_or(|window| window.navigator().on_line()));
    {
        let online = online.clone();
        use_effect_with((), move |_| {
            let window = gloo_utils::window();
            let on = {
                let online = online.clone();
                EventListener::new(&window, "online", move |_| online.set(true))
            };
            let off = EventListener::new(&window, "offline", move |_| online.set(false));
            move || drop((on, off))
        });
    }
    if *online {
        return html! {};
    }
    html! { <p class="offline" role="status">{ tr.offline_banner() }</p> }
}
