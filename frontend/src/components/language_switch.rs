use village_shared::Language;
use yew::prelude::*;

use crate::i18n::use_language;

/// Two buttons, each labelled in its own language, so a person who can't read the current
/// language can still find theirs.
#[function_component]
pub fn LanguageSwitch() -> Html {
    let ctx = use_language();
    let tr = ctx.tr();
    let button = |lang: Language, label: &'static str| {
        let set = ctx.set.clone();
        let pressed = ctx.lang == lang;
        html! {
            <button type="button" class="lang-button" lang={lang.code()} aria-pressed={pressed.to_string()}
                onclick={Callback::from(move |_| set.emit(lang))}>{ label }</button>
        }
    };
    html! {
        <div class="lang-switch" role="group" aria-label={tr.language_label()}>
            { button(Language::En, "English") }
            { button(Language::Es, "Español") }
        </div>
    }
}
