//! Everything a person reads goes through here: the language context (detected, switchable,
//! remembered), the texts in both languages, and dates formatted by the browser's `Intl` for
//! the chosen language and the viewer's own time zone (numbers: `village_shared::i18n::Grouped`).

pub mod format;
pub(crate) mod text;

pub use format::*;
pub use text::Tr;

use village_shared::Language;
use yew::prelude::*;

const STORAGE_KEY: &str = "village.language";

/// The current language and the way to change it.
#[derive(Clone, PartialEq)]
pub struct LanguageContext {
    pub lang: Language,
    pub set: Callback<Language>,
    /// `format::viewer_known`, here so that every component drawing text draws again when the
    /// app has taken the Worker's drawing over and knows its viewer.
    pub viewer_known: bool,
}

impl LanguageContext {
    pub fn tr(&self) -> Tr {
        Tr(self.lang)
    }
}

/// A `?lang=es` in the address (links in Spanish messages), else the remembered choice, else
/// the browser's preferred languages, else English.
pub fn detect_language() -> Language {
    let query = gloo_utils::window().location().search().unwrap_or_default();
    let from_query = query
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("lang="))
        .and_then(Language::from_tag);
    if let Some(lang) = from_query {
        return lang;
    }
    if let Some(code) = crate::storage::read::<String>(STORAGE_KEY) {
        if let Some(lang) = Language::from_tag(&code) {
            return lang;
        }
    }
    let navigator = gloo_utils::window().navigator();
    navigator
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .chain(navigator.language())
        .find_map(|tag| Language::from_tag(&tag))
        .unwrap_or_default()
}

/// Keep the language the app shows (on the phone, and in a cookie for the pages the Worker
/// renders) and tell assistive technology and the browser which language the page is in.
pub fn apply_language(lang: Language, title: fn(Tr) -> &'static str) {
    crate::storage::write(STORAGE_KEY, lang.code());
    let _ = js_sys::Reflect::set(&gloo_utils::document(), &"cookie".into(), &lang.cookie().into());
    if let Some(html) = gloo_utils::document().document_element() {
        let _ = html.set_attribute("lang", lang.code());
    }
    gloo_utils::document().set_title(title(Tr(lang)));
}

#[hook]
pub fn use_tr() -> Tr {
    use_context::<LanguageContext>().map(|c| c.tr()).unwrap_or(Tr(Language::En))
}

#[hook]
pub fn use_language() -> LanguageContext {
    use_context::<LanguageContext>().expect("the app provides a LanguageContext")
}

#[derive(Properties)]
pub struct LanguageProviderProps {
    pub children: Html,
    /// The window title, in the current language (each app has its own).
    #[prop_or(Tr::app_title)]
    pub title: fn(Tr) -> &'static str,
    /// The language the page was rendered in by the Worker, which its first render keeps.
    #[prop_or_default]
    pub lang: Option<Language>,
}

// Each app passes one title function for its lifetime; only the children can change.
impl PartialEq for LanguageProviderProps {
    fn eq(&self, other: &Self) -> bool {
        self.children == other.children
    }
}

/// Detects the language, keeps `<html lang>` and the title in step, remembers changes, and
/// gives every component below it the [`LanguageContext`]. Both apps sit inside one.
#[function_component]
pub fn LanguageProvider(props: &LanguageProviderProps) -> Html {
    let lang = use_state(|| props.lang.unwrap_or_else(detect_language));
    let title = props.title;
    use_effect_with(*lang, move |lang| apply_language(*lang, title));
    let viewer_known = use_state(format::viewer_known);
    {
        let viewer_known = viewer_known.clone();
        use_effect_with((), move |_| {
            // The app has taken the Worker's drawing over: from now on it draws for its viewer,
            // in the next task (taking over and drawing again are two shorter blocks of a slow
            // phone's main thread, not one long one).
            gloo_timers::callback::Timeout::new(0, move || {
                format::set_taking_over(None);
                if !*viewer_known && format::viewer_known() {
                    viewer_known.set(true);
                }
            })
            .forget();
        });
    }
    let context = LanguageContext {
        lang: *lang,
        set: {
            let lang = lang.clone();
            Callback::from(move |l: Language| lang.set(l))
        },
        viewer_known: *viewer_known,
    };
    html! { <ContextProvider<LanguageContext> {context}>{ props.children.clone() }</ContextProvider<LanguageContext>> }
}
