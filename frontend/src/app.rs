use yew::prelude::*;

use crate::components::{LanguageSwitch, OfflineBanner};
use crate::i18n::{use_tr, LanguageProvider};
use crate::pages::{CataloguePage, GroupPage, ManagePage, NotFoundPage, OutcomePage, UpdatesLinkPage};
use crate::router::{use_router, Link, Route, Router};

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

#[function_component]
pub fn App() -> Html {
    html! { <LanguageProvider><Shell /></LanguageProvider> }
}

/// The frame of every page: skip link, header with the language switch, offline notice.
#[function_component]
fn Shell() -> Html {
    let tr = use_tr();
    html! {
            <Router<Route>>
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
