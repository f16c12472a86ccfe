use std::rc::Rc;

use village_shared::api::PageStart;
use yew::prelude::*;

use crate::components::{LanguageSwitch, OfflineBanner};
use crate::i18n::{use_tr, LanguageProvider};
use crate::pages::{CataloguePage, GroupPage, ManagePage, NotFoundPage, OutcomePage, UpdatesLinkPage};
use crate::router::{use_router, Link, Route, Router};
use crate::start::same;

/// The page for the current route.
#[function_component]
fn Pages() -> Html {
    match use_router().location.route {
        Route::Catalogue => html! { <CataloguePage /> },
        Route::Group { id } => html! { <GroupPage {id} /> },
        Route::Outcome { token } => html! { <OutcomePage {token} /> },
        Route::Manage { token } => html! { <ManagePage {token} /> },
        Route::ConfirmUpdates { token } => html! { <UpdatesLinkPage {token} unsubscribe={false} /> },
        Route::Unsubscribe { token } => html! { <UpdatesLinkPage {token} unsubscribe={true} /> },
        Route::NotFound => html! { <NotFoundPage /> },
    }
}

#[derive(Properties, Default)]
pub struct AppProps {
    /// What the Worker rendered the page from (`crate::start`): the first render starts there.
    #[prop_or_default]
    pub start: Option<Rc<PageStart>>,
}

impl PartialEq for AppProps {
    fn eq(&self, other: &Self) -> bool {
        same(&self.start, &other.start)
    }
}

#[function_component]
pub fn App(props: &AppProps) -> Html {
    let lang = props.start.as_ref().map(|s| s.lang);
    html! { <LanguageProvider {lang}><Shell start={props.start.clone()} /></LanguageProvider> }
}

#[derive(Properties)]
struct ShellProps {
    start: Option<Rc<PageStart>>,
}

impl PartialEq for ShellProps {
    fn eq(&self, other: &Self) -> bool {
        same(&self.start, &other.start)
    }
}

/// The frame of every page: skip link, header with the language switch, offline notice.
#[function_component]
fn Shell(props: &ShellProps) -> Html {
    let tr = use_tr();
    html! {
            <Router<Route> start={props.start.clone()}>
                <a class="skip-link" href="#main">{ tr.skip_to_content() }</a>
                <header class="top">
                    <Link classes="brand" to={Route::Catalogue}>
                        <img src="/icons/icon.svg" alt="" width="28" height="28" />
                        <span>{ "Village" }</span>
                    </Link>
                    <LanguageSwitch />
                </header>
                <OfflineBanner />
                <main id="main" tabindex="-1">
                    <Pages />
                </main>
                <footer class="foot">
                    <p>{ tr.brand_tagline() }</p>
                    <p><a href="/directory/">{ tr.local_services_link() }</a></p>
                </footer>
            </Router<Route>>
    }
}

/// The service worker caches the app shell so the app opens offline.
pub fn register_service_worker() {
    let container = gloo_utils::window().navigator().service_worker();
    let _ = container.register("/sw.js");
}
