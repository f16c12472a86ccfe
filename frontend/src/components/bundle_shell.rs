use yew::prelude::*;

use super::LanguageSwitch;
use crate::i18n::{use_tr, LanguageProvider, Tr};

#[derive(Properties)]
pub struct Props {
    /// The window title, in the current language.
    pub title: fn(Tr) -> &'static str,
    pub children: Html,
}

// Each app passes one title function for its lifetime; only the children can change.
impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        self.children == other.children
    }
}

/// The frame of an app served on its own path (the member space, the directory): a skip link,
/// the brand home and the language switch, then the page.
#[function_component]
pub fn BundleShell(props: &Props) -> Html {
    html! { <LanguageProvider title={props.title}><Frame>{ props.children.clone() }</Frame></LanguageProvider> }
}

#[derive(Properties, PartialEq)]
struct FrameProps {
    children: Html,
}

#[function_component]
fn Frame(props: &FrameProps) -> Html {
    let tr = use_tr();
    html! {
        <>
            <a class="skip-link" href="#main">{ tr.skip_to_content() }</a>
            <header class="top">
                <a class="brand" href="/">
                    <img src="/icons/icon.svg" alt="" width="28" height="28" />
                    <span>{ "Village" }</span>
                </a>
                <LanguageSwitch />
            </header>
            <main id="main" tabindex="-1">{ props.children.clone() }</main>
        </>
    }
}
