use gloo_events::EventListener;
use yew::prelude::*;

use crate::i18n::use_tr;

/// Says plainly when the phone is offline; disappears when it is back.
#[function_component]
pub fn OfflineBanner() -> Html {
    let tr = use_tr();
    // Read once the page is on the phone (not while drawing: the Worker's drawing, which the
    // app takes over, knows no phone).
    let online = use_state(|| true);
    {
        let online = online.clone();
        use_effect_with((), move |_| {
            let window = gloo_utils::window();
            online.set(window.navigator().on_line());
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
