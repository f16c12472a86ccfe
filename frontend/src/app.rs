use std::rc::Rc;

use village_shared::api::PageStart;
use yew::prelude::*;

use crate::api::ApiFailure;
use crate::components::{ErrorNotice, LanguageSwitch, OfflineBanner};
use crate::i18n::{use_tr, LanguageProvider};
use crate::pages::{CataloguePage, GroupPage, ManagePage, NotFoundPage, OutcomePage, UpdatesLinkPage};
use crate::router::{use_router, Bundle, Link, Route, Router};
use crate::start::same;

/// The pages one bundle draws (`router::Bundle`): each bin names its own, so the other
/// bundle's pages are not linked into it.
pub trait Pages: BaseComponent<Properties = ()> {
    const BUNDLE: Bundle;

    /// What the bundle does with the Worker's drawing just before the app's first render.
    #[cfg(feature = "csr")]
    fn before_first_render() {}
}

/// The catalogue bundle's pages: finding a group.
#[function_component]
pub fn CataloguePages() -> Html {
    match use_router().location.route {
        Route::Catalogue => html! { <CataloguePage /> },
        Route::NotFound => html! { <NotFoundPage /> },
        _ => html! { <OfflineElsewhere /> },
    }
}

impl Pages for CataloguePages {
    const BUNDLE: Bundle = Bundle::Catalogue;

    /// What was typed into the Worker's drawing of the updates form, kept for the app's.
    #[cfg(feature = "csr")]
    fn before_first_render() {
        crate::start::keep_typed_updates();
    }
}

/// The join bundle's pages: a group's page (where a shared link lands), and a new signup's
/// outcome, which its form opens in place.
#[function_component]
pub fn JoinPages() -> Html {
    match use_router().location.route {
        Route::Group { id } => html! { <GroupPage {id} /> },
        Route::Outcome { token } => html! { <OutcomePage {token} /> },
        Route::NotFound => html! { <NotFoundPage /> },
        _ => html! { <OfflineElsewhere /> },
    }
}

impl Pages for JoinPages {
    const BUNDLE: Bundle = Bundle::Join;

    /// What was typed into the Worker's drawing of the form, kept for the app's form (typing
    /// goes on until the app takes the page over).
    #[cfg(feature = "csr")]
    fn before_first_render() {
        crate::start::keep_typed_signup();
        crate::start::keep_typed_updates();
    }
}

/// Another bundle's page, reached only offline where this phone keeps no copy of that
/// bundle: the service worker answered with this one's page.
#[function_component]
fn OfflineElsewhere() -> Html {
    let reload = Callback::from(|_| {
        let _ = gloo_utils::window().location().reload();
    });
    html! { <ErrorNotice failure={ApiFailure::Network} on_retry={reload} /> }
}

/// The manage bundle's pages: what a person's own links open.
#[function_component]
pub fn ManagePages() -> Html {
    match use_router().location.route {
        Route::Manage { token } => html! { <ManagePage {token} /> },
        Route::ConfirmUpdates { token } => html! { <UpdatesLinkPage {token} unsubscribe={false} /> },
        Route::Unsubscribe { token } => html! { <UpdatesLinkPage {token} unsubscribe={true} /> },
        Route::Catalogue | Route::Group { .. } | Route::Outcome { .. } | Route::NotFound => html! { <NotFoundPage /> },
    }
}

impl Pages for ManagePages {
    const BUNDLE: Bundle = Bundle::Manage;
}

/// Starts a first-load bundle (`P`) on a page the Worker may have drawn. Built with hydration
/// (the catalogue's and the join bundle's), where the app's first render draws that same page
/// (`start::still_as_drawn`), the app takes the drawing over as it is: no element is drawn
/// again. Otherwise it renders beside it, hidden, and takes its place once drawn
/// (`start::replace_server_page`).
#[cfg(feature = "csr")]
pub fn start_first_load<P: Pages>() {
    use crate::start::{read_from_page, APP_ID, SERVER_PAGE_ID};
    #[cfg(feature = "hydration")]
    use crate::start::still_as_drawn;
    let start = read_from_page::<P>().map(Rc::new);
    // Reading the page and drawing it are two tasks, not one long one: in between, a phone
    // answers a tap on the Worker's drawing (and Lighthouse counts two shorter blocks).
    gloo_timers::callback::Timeout::new(0, move || {
        P::before_first_render();
        let document = gloo_utils::document();
        #[cfg(feature = "hydration")]
        {
            let drawing = document.get_element_by_id(SERVER_PAGE_ID);
            let held = drawing.and_then(|drawing| Some((still_as_drawn(start.as_deref()?, &drawing)?, drawing)));
            if let Some((drawn_at, drawing)) = held {
                drawing.set_id(APP_ID);
                crate::i18n::set_taking_over(Some(drawn_at));
                yew::Renderer::<App<P>>::with_root_and_props(drawing, AppProps { start }).hydrate();
                return;
            }
        }
        let root = document.create_element("div").expect("a div");
        root.set_id(APP_ID);
        if document.get_element_by_id(SERVER_PAGE_ID).is_some() {
            let _ = root.set_attribute("hidden", "");
        }
        let _ = document.body().expect("a body").append_child(&root);
        yew::Renderer::<App<P>>::with_root_and_props(root, AppProps { start }).render();
    })
    .forget();
    // The service worker once the page is the app's (a task of its own after the take-over: its
    // first calls are not short on a slow phone). The join bundle is kept for offline use, in
    // this release; while the phone keeps signups, their manage pages' bundle too (also where
    // they were kept before it was a bundle of its own). The app's own files have loaded by now:
    // the downloads do not compete with them.
    gloo_timers::callback::Timeout::new(0, || {
        register_service_worker();
        keep_join_bundle();
        if !crate::storage::my_groups().is_empty() {
            keep_manage_bundle();
        }
    })
    .forget();
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

/// The provider app, drawing the pages of one bundle (`P`).
#[function_component]
pub fn App<P: Pages>(props: &AppProps) -> Html {
    let lang = props.start.as_ref().map(|s| s.lang);
    html! {
        <LanguageProvider {lang}>
            <ContextProvider<Bundle> context={P::BUNDLE}><Shell<P> start={props.start.clone()} /></ContextProvider<Bundle>>
        </LanguageProvider>
    }
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
fn Shell<P: Pages>(props: &ShellProps) -> Html {
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
                    <P />
                </main>
                <footer class="foot">
                    <p>{ tr.brand_tagline() }</p>
                    <p><a href="/directory/">{ tr.local_services_link() }</a></p>
                </footer>
            </Router<Route>>
    }
}

/// The browser's service workers, where it has them (not on a plain-HTTP address, nor in some
/// private windows, where `navigator.serviceWorker` is missing and using it would stop the app).
fn service_workers() -> Option<web_sys::ServiceWorkerContainer> {
    let container = js_sys::Reflect::get(&gloo_utils::window().navigator(), &"serviceWorker".into()).ok()?;
    (!container.is_undefined() && !container.is_null()).then(|| wasm_bindgen::JsCast::unchecked_into(container))
}

/// The service worker caches the app shell so the app opens offline.
pub fn register_service_worker() {
    if let Some(container) = service_workers() {
        let _ = container.register("/sw.js");
    }
}

/// Asks the service worker to keep the manage bundle (`frontend/static/sw.js`): this phone
/// keeps a signup, whose manage page must open offline.
pub fn keep_manage_bundle() {
    ask_service_worker("keep-manage");
}

/// Asks the service worker to keep the join bundle: a group's page opens offline (from the
/// catalogue, it is where a person goes next).
pub fn keep_join_bundle() {
    ask_service_worker("keep-join");
}

/// Tells the service worker `message` once it is active, if it is not yet.
fn ask_service_worker(message: &'static str) {
    let Some(container) = service_workers() else { return };
    let Ok(ready) = container.ready() else { return };
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(registration) = wasm_bindgen_futures::JsFuture::from(ready).await else { return };
        let registration: web_sys::ServiceWorkerRegistration = wasm_bindgen::JsCast::unchecked_into(registration);
        if let Some(worker) = registration.active() {
            let _ = worker.post_message(&message.into());
        }
    });
}
