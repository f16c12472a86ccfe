//! Client-side routes. A small router of our own instead of yew-router: routes are a `match`
//! on path segments (one enum per app: the provider app's [`Route`] here, the dashboard's in
//! `admin/`), and history is the browser's own `pushState`/`popstate`. It saves about 35 KB of
//! gzipped Wasm on every first load, which the phones this app is for feel.

use std::rc::Rc;

use village_shared::api::PageStart;
use yew::prelude::*;

/// An app's set of routes.
pub trait Routes: Clone + PartialEq + std::fmt::Debug + 'static {
    fn recognize(path: &str) -> Self;
    fn to_path(&self) -> String;
}

#[derive(Clone, PartialEq, Debug)]
pub enum Route {
    Catalogue,
    Group {
        id: String,
    },
    /// The outcome of a signup, right after the form.
    Outcome {
        token: String,
    },
    /// The manage link: `/manage/{token}`.
    Manage {
        token: String,
    },
    /// Links in updates-list emails.
    ConfirmUpdates {
        token: String,
    },
    Unsubscribe {
        token: String,
    },
    NotFound,
}

/// The provider app comes as three Wasm bundles. Two are first loads: the catalogue (finding a
/// group) and a group's page with what follows its form (joining it: where a shared link
/// lands), each a page the Worker draws before its app arrives, so neither carries the
/// other's pages. The third is the pages a person's own links open (managing a signup, the
/// updates list's links), which most visits never need. A link from one bundle to another is
/// a page load; each bundle carries only its own pages.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Bundle {
    Catalogue,
    Join,
    Manage,
}

impl Route {
    /// The bundle that draws this route (the Worker serves `/groups/…` and `/signed-up/…` the
    /// join bundle's page, `/manage/…` and `/updates/…` the manage bundle's).
    pub fn bundle(&self) -> Bundle {
        match self {
            Route::Manage { .. } | Route::ConfirmUpdates { .. } | Route::Unsubscribe { .. } => Bundle::Manage,
            Route::Group { .. } | Route::Outcome { .. } => Bundle::Join,
            Route::Catalogue | Route::NotFound => Bundle::Catalogue,
        }
    }
}

impl Routes for Route {
    fn recognize(path: &str) -> Route {
        let segments: Vec<&str> = path.trim_matches('/').split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            [] => Route::Catalogue,
            ["groups", id] => Route::Group { id: decode(id) },
            ["signed-up", token] => Route::Outcome { token: decode(token) },
            ["manage", token] => Route::Manage { token: decode(token) },
            ["updates", "confirm", token] => Route::ConfirmUpdates { token: decode(token) },
            ["updates", "unsubscribe", token] => Route::Unsubscribe { token: decode(token) },
            _ => Route::NotFound,
        }
    }

    fn to_path(&self) -> String {
        match self {
            Route::Catalogue => "/".into(),
            Route::Group { id } => format!("/groups/{}", encode(id)),
            Route::Outcome { token } => format!("/signed-up/{}", encode(token)),
            Route::Manage { token } => format!("/manage/{}", encode(token)),
            Route::ConfirmUpdates { token } => format!("/updates/confirm/{}", encode(token)),
            Route::Unsubscribe { token } => format!("/updates/unsubscribe/{}", encode(token)),
            Route::NotFound => "/404".into(),
        }
    }
}

/// A path segment or query value as typed: `%XX` escapes decoded; text that is not a valid
/// escape or not UTF-8 once decoded is kept as it came (as `decodeURIComponent` would refuse).
pub fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .filter(|hex| hex.iter().all(u8::is_ascii_hexdigit))
            .and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None if bytes[i] == b'%' => return s.to_string(),
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Text made safe for one path segment or query value (what `encodeURIComponent` leaves alone
/// stays; every other byte becomes `%XX`).
pub fn encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            out.extend(['%', HEX[(b >> 4) as usize] as char, HEX[(b & 15) as usize] as char]);
        }
    }
    out
}

/// Where the app is: the route and the query pairs (`?delivery=es&day=tue`).
#[derive(Clone, PartialEq, Debug)]
pub struct Location<R> {
    pub route: R,
    pub query: Vec<(String, String)>,
}

impl<R: Routes> Location<R> {
    fn current() -> Location<R> {
        let location = gloo_utils::window().location();
        Location::parse(&location.pathname().unwrap_or_default(), &location.search().unwrap_or_default())
    }

    /// The location of a path and a query (`?a=b&c`).
    pub fn parse(path: &str, search: &str) -> Location<R> {
        let query = search
            .trim_start_matches('?')
            .split('&')
            .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))).filter(|(k, _)| !k.is_empty()))
            .map(|(k, v)| (decode(&k.replace('+', " ")), decode(&v.replace('+', " "))))
            .collect();
        Location { route: R::recognize(path), query }
    }
}

#[derive(Clone)]
pub struct RouterContext<R: Routes> {
    pub location: Location<R>,
    /// What the Worker rendered the page from, while it is still the page the address was
    /// opened at (the first navigation forgets it): the first render starts there.
    pub arrived_with: Option<Rc<PageStart>>,
    navigate: Callback<(R, Vec<(String, String)>)>,
}

impl<R: Routes> PartialEq for RouterContext<R> {
    fn eq(&self, other: &Self) -> bool {
        self.location == other.location
            && crate::start::same(&self.arrived_with, &other.arrived_with)
            && self.navigate == other.navigate
    }
}

impl<R: Routes> RouterContext<R> {
    pub fn push(&self, route: R) {
        self.navigate.emit((route, Vec::new()));
    }

    pub fn push_with_query(&self, route: R, query: Vec<(String, String)>) {
        self.navigate.emit((route, query));
    }
}

#[hook]
pub fn use_routes<R: Routes>() -> RouterContext<R> {
    use_context::<RouterContext<R>>().expect("the app is inside a Router")
}

/// The provider app's router.
#[hook]
pub fn use_router() -> RouterContext<Route> {
    use_routes::<Route>()
}

#[derive(Properties)]
pub struct RouterProps {
    pub children: Html,
    /// What the Worker rendered the page from (`crate::start`), with the path and query to
    /// start at (where it renders, there is no address bar to read).
    #[prop_or_default]
    pub start: Option<Rc<PageStart>>,
}

impl PartialEq for RouterProps {
    fn eq(&self, other: &Self) -> bool {
        self.children == other.children && crate::start::same(&self.start, &other.start)
    }
}

/// Provides the location, follows the back and forward buttons, and moves focus to the main
/// content after each navigation (so screen readers hear the new page).
#[function_component]
pub fn Router<R: Routes>(props: &RouterProps) -> Html {
    let location = use_state(|| match &props.start {
        Some(start) => Location::<R>::parse(&start.path, &start.search),
        None => Location::<R>::current(),
    });
    let arrived_with = use_state(|| props.start.clone());
    {
        let (location, arrived_with) = (location.clone(), arrived_with.clone());
        use_effect_with((), move |_| {
            // The app has drawn the page: it takes the Worker's rendering's place.
            crate::start::replace_server_page();
            let listener = gloo_events::EventListener::new(&gloo_utils::window(), "popstate", move |_| {
                arrived_with.set(None);
                location.set(Location::current())
            });
            move || drop(listener)
        });
    }
    let navigate = {
        let (location, arrived_with) = (location.clone(), arrived_with.clone());
        Callback::from(move |(route, query): (R, Vec<(String, String)>)| {
            arrived_with.set(None);
            let mut url = route.to_path();
            if !query.is_empty() {
                let pairs: Vec<String> = query.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
                url = format!("{url}?{}", pairs.join("&"));
            }
            if let Ok(history) = gloo_utils::window().history() {
                let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
            }
            location.set(Location { route, query });
            gloo_utils::window().scroll_to_with_x_and_y(0.0, 0.0);
            if let Some(main) = gloo_utils::document().get_element_by_id("main") {
                if let Ok(main) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(main) {
                    let _ = main.focus();
                }
            }
        })
    };
    let context = RouterContext { location: (*location).clone(), arrived_with: (*arrived_with).clone(), navigate };
    html! { <ContextProvider<RouterContext<R>> {context}>{ props.children.clone() }</ContextProvider<RouterContext<R>>> }
}

#[derive(Properties, PartialEq)]
pub struct LinkProps<R: Routes> {
    pub to: R,
    #[prop_or_default]
    pub classes: Classes,
    /// `aria-current` ("page" for the page itself).
    #[prop_or_default]
    pub current: Option<AttrValue>,
    pub children: Html,
}

/// A real `<a href>` (opens in a new tab, can be copied) that navigates in place when clicked.
#[function_component]
pub fn RouteLink<R: Routes>(props: &LinkProps<R>) -> Html {
    let router = use_routes::<R>();
    let onclick = {
        let to = props.to.clone();
        Callback::from(move |e: MouseEvent| {
            if e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key() || e.button() != 0 {
                return;
            }
            e.prevent_default();
            router.push(to.clone());
        })
    };
    html! { <a href={props.to.to_path()} class={props.classes.clone()} aria-current={props.current.clone()} {onclick}>{ props.children.clone() }</a> }
}

/// A link within the provider app: in place within this bundle, a page load to the other
/// (`Bundle`, given by the app as a context).
#[function_component]
pub fn Link(props: &LinkProps<Route>) -> Html {
    let here = use_context::<Bundle>().unwrap_or(Bundle::Catalogue);
    if props.to.bundle() != here {
        return html! { <a href={props.to.to_path()} class={props.classes.clone()}>{ props.children.clone() }</a> };
    }
    html! { <RouteLink<Route> to={props.to.clone()} classes={props.classes.clone()}>{ props.children.clone() }</RouteLink<Route>> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_provider_page_is_recognized_from_the_path_it_writes() {
        let pages = [
            Route::Catalogue,
            Route::Group { id: "ffn-circle-es".into() },
            Route::Outcome { token: "a1b2".into() },
            Route::Manage { token: "c3d4".into() },
            Route::ConfirmUpdates { token: "e5".into() },
            Route::Unsubscribe { token: "f6".into() },
        ];
        for page in pages {
            assert_eq!(Route::recognize(&page.to_path()), page);
        }
    }

    #[test]
    fn each_route_opens_its_bundle_under_the_prefixes_the_worker_serves_it() {
        let bundles = [
            (Route::Manage { token: "c3d4".into() }, Bundle::Manage),
            (Route::ConfirmUpdates { token: "e5".into() }, Bundle::Manage),
            (Route::Unsubscribe { token: "f6".into() }, Bundle::Manage),
            (Route::Group { id: "g".into() }, Bundle::Join),
            (Route::Outcome { token: "a".into() }, Bundle::Join),
            (Route::Catalogue, Bundle::Catalogue),
            (Route::NotFound, Bundle::Catalogue),
        ];
        for (route, bundle) in bundles {
            assert_eq!(route.bundle(), bundle, "{route:?}");
            // The Worker serves the manage bundle's page under these (`edge/src/routes/mod.rs`),
            // and the service worker knows the join bundle's by them (`JOIN_PAGE` in `sw.js`).
            let path = route.to_path();
            let of_its_bundle = match bundle {
                Bundle::Manage => path.starts_with("/manage/") || path.starts_with("/updates/"),
                Bundle::Join => path.starts_with("/groups/") || path.starts_with("/signed-up/"),
                Bundle::Catalogue => path == "/" || path == "/404",
            };
            assert!(of_its_bundle, "{path}");
        }
    }

    /// The service worker tells a join bundle's address by its own pattern (offline, such a
    /// page opens the join bundle's shell): it must name the join routes' prefixes.
    #[test]
    fn the_service_worker_knows_the_join_bundles_addresses() {
        let worker = include_str!("../static/sw.js");
        let pattern = worker.lines().find(|l| l.starts_with("const JOIN_PAGE = ")).expect("JOIN_PAGE in sw.js");
        assert_eq!(pattern, r"const JOIN_PAGE = /^\/(groups|signed-up)\//;");
        for route in [Route::Group { id: "g".into() }, Route::Outcome { token: "a".into() }] {
            let prefix = route.to_path().trim_start_matches('/').split('/').next().unwrap_or_default().to_string();
            assert!(pattern.contains(&prefix) && route.bundle() == Bundle::Join, "{route:?}: {pattern}");
        }
    }

    #[test]
    fn a_path_the_app_does_not_have_is_not_found_and_slashes_do_not_matter() {
        assert_eq!(Route::recognize("/groups"), Route::NotFound);
        assert_eq!(Route::recognize("/groups/a/b"), Route::NotFound);
        assert_eq!(Route::recognize("/admin"), Route::NotFound);
        assert_eq!(Route::recognize("//groups//ffn//"), Route::Group { id: "ffn".into() });
        assert_eq!(Route::recognize(""), Route::Catalogue);
    }

    #[test]
    fn an_id_with_spaces_slashes_or_accents_survives_the_address_bar() {
        for id in ["niños y familias", "a/b", "50%", "café?x=1&y", "ñ"] {
            let path = Route::Group { id: id.into() }.to_path();
            assert!(!path["/groups/".len()..].contains(['/', ' ', '?', '&']), "{path}");
            assert_eq!(Route::recognize(&path), Route::Group { id: id.into() });
        }
    }

    #[test]
    fn decoding_reads_escapes_and_keeps_what_is_not_one() {
        assert_eq!(decode("ni%C3%B1os%20y"), "niños y");
        assert_eq!(decode("%e2%82%ac"), "€");
        assert_eq!(decode("plain-text"), "plain-text");
        // Not an escape, or not UTF-8 once decoded: kept as typed.
        assert_eq!(decode("50%"), "50%");
        assert_eq!(decode("%zz"), "%zz");
        assert_eq!(decode("%+1"), "%+1");
        assert_eq!(decode("%C3"), "%C3");
    }

    #[test]
    fn encoding_leaves_what_encode_uri_component_leaves() {
        assert_eq!(encode("AZaz09-_.!~*'()"), "AZaz09-_.!~*'()");
        assert_eq!(encode("a b/c?d&e=f#g"), "a%20b%2Fc%3Fd%26e%3Df%23g");
        assert_eq!(encode("ñ€"), "%C3%B1%E2%82%AC");
    }
}
