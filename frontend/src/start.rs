//! The page as it arrived. The Worker renders `/`, `/groups/{id}` and `/signed-up/{token}` with these same
//! components and puts what it rendered them from in the page ([`PageStart`]); the app's first
//! render starts from it, so it draws the same page instead of "Loading…", and asks the API
//! nothing until the person moves on.

use std::rc::Rc;

use village_shared::api::{ErrorBody, PageStart, SignupRequest, SignupSent, SubscribeRequest};
use village_shared::model::{Audience, GroupKind};
use village_shared::Language;

/// The same start (given once, never changed): compared by address, so no deep comparison of
/// every answer is in the bundle.
pub fn same(a: &Option<Rc<PageStart>>, b: &Option<Rc<PageStart>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => Rc::ptr_eq(a, b),
        (a, b) => a.is_none() && b.is_none(),
    }
}

/// The page's own [`PageStart`], if it carries one for the address it is at (the service
/// worker answers other addresses with the catalogue's page when offline): the parts the pages
/// of `P` draw (a part's reader is kilobytes of Wasm, kept out of the other bundle's).
pub fn read_from_page<P: crate::app::Pages>() -> Option<PageStart> {
    let document = gloo_utils::document();
    let element = document.get_element_by_id(PageStart::ELEMENT_ID)?;
    let (path, search) = (element.get_attribute("data-path")?, element.get_attribute("data-search")?);
    let location = gloo_utils::window().location();
    if location.pathname().ok()? != path || location.search().ok()? != search {
        return None;
    }
    // Drawn in another language than the one this phone keeps (chosen before the cookie
    // existed, or with cookies cleared): the app draws the page itself, in the person's.
    let lang = Language::from_tag(&element.get_attribute("data-lang")?)?;
    if crate::i18n::detect_language() != lang {
        return None;
    }
    // Each answer read as the API's is (`json::decode`). A part the page carries but this app
    // cannot read leaves the page to the app to draw (it would draw other than the page).
    let part = |name: &str| {
        let element = document.get_element_by_id(&format!("{}-{name}", PageStart::ELEMENT_ID))?;
        Some(element.text_content()?)
    };
    fn read<T: serde::de::DeserializeOwned>(part: Option<String>) -> Option<Option<T>> {
        match part {
            Some(json) => crate::json::decode(&json).map(Some),
            None => Some(None),
        }
    }
    if P::BUNDLE == crate::router::Bundle::Catalogue {
        let catalogue = read(part("catalogue"))?;
        return Some(PageStart { path, search, lang, origin: element.get_attribute("data-origin")?, catalogue, ..Default::default() });
    }
    Some(PageStart {
        path,
        search,
        lang,
        origin: element.get_attribute("data-origin")?,
        catalogue: None,
        group: read(part("group"))?,
        sent: match element.get_attribute("data-sent").and_then(|status| status.parse().ok()) {
            Some(status) => Some(SignupSent { status, error: read::<ErrorBody>(part("sent"))?.map(|body| body.error), ..Default::default() }),
            None => None,
        },
        signup: read(part("signup"))?,
    })
}

thread_local! {
    /// What the Worker's drawing of a group's signup form held when the app started: the
    /// group's id and the fields.
    static TYPED: std::cell::RefCell<Option<(String, SignupRequest)>> = const { std::cell::RefCell::new(None) };
    /// What the Worker's drawing of an updates form held when the app started, and whether its
    /// language was chosen.
    static TYPED_UPDATES: std::cell::RefCell<Option<(SubscribeRequest, bool)>> = const { std::cell::RefCell::new(None) };
}

/// Keep what the Worker's drawing of a group's signup form holds — posted and drawn again, or
/// typed into before the app took the page over — for the app's form to start from, whether
/// or not the app starts from the page (it draws its own in another language), so nothing
/// typed is lost in the change. Called once, before the app's first render.
pub fn keep_typed_signup() {
    let Ok(path) = gloo_utils::window().location().pathname() else { return };
    if let (crate::router::Route::Group { id }, Some(typed)) =
        (<crate::router::Route as crate::router::Routes>::recognize(&path), signup_form_on_server_page())
    {
        TYPED.with(|kept| *kept.borrow_mut() = Some((id, typed)));
    }
}

/// What was typed into the Worker's drawing of `group_id`'s signup form, once.
pub fn take_typed_signup(group_id: &str) -> Option<SignupRequest> {
    TYPED.with(|kept| kept.borrow_mut().take_if(|(id, _)| id == group_id).map(|(_, typed)| typed))
}

/// Keep what was typed or chosen in the Worker's drawing of an updates form (the catalogue's
/// list, a group's "tell me when it opens") before the app took the page over, for the app's
/// form to start from: as `keep_typed_signup`, nothing typed is lost when the app draws its own
/// page. Called once, before the app's first render.
pub fn keep_typed_updates() {
    let Ok(path) = gloo_utils::window().location().pathname() else { return };
    let group_id = match <crate::router::Route as crate::router::Routes>::recognize(&path) {
        crate::router::Route::Group { id } => Some(id),
        _ => None,
    };
    TYPED_UPDATES.with(|kept| *kept.borrow_mut() = updates_form_on_server_page(group_id));
}

/// What was typed into the Worker's drawing of the updates form for `group_id` (`None`: the
/// general list), once; in `lang` unless a language was chosen in it.
pub fn take_typed_updates(group_id: Option<&str>, lang: Language) -> Option<SubscribeRequest> {
    let typed = TYPED_UPDATES.with(|kept| kept.borrow_mut().take_if(|(typed, _)| typed.group_id.as_deref() == group_id));
    typed.map(|(typed, language_chosen)| SubscribeRequest { language: if language_chosen { typed.language } else { lang }, ..typed })
}

/// The updates form in the Worker's rendering, if anything in it has changed since it was
/// drawn: what it holds now (its fields by kind, the interests by id, as `SubscribeForm` draws
/// them), and whether its language was chosen. A group's own form ("tell me when it opens") is
/// the one with `notify-` ids; a group's page may draw the general list's instead.
fn updates_form_on_server_page(group_id: Option<String>) -> Option<(SubscribeRequest, bool)> {
    let form = gloo_utils::document().query_selector(&format!("#{SERVER_PAGE_ID} form.subscribe-form")).ok()??;
    let field = |selector: &str| form.query_selector(selector).ok().flatten();
    let property = |selector: &str, name: &str| {
        field(selector).and_then(|f| js_sys::Reflect::get(&f, &name.into()).ok()).unwrap_or_default()
    };
    let email = field("input[type=email]")?;
    let choice: web_sys::HtmlSelectElement = wasm_bindgen::JsCast::dyn_into(field("select")?).ok()?;
    if fields_as_drawn(&form) {
        return None;
    }
    let language_chosen = !as_drawn(&choice);
    let ticked = |code: &str| property(&format!("#interest-{code}"), "checked").is_truthy();
    let own = email.id().starts_with("notify-");
    let request = SubscribeRequest {
        email: property("input[type=email]", "value").as_string().unwrap_or_default(),
        language: Language::from_tag(&choice.value())?,
        audiences: Audience::ALL.into_iter().filter(|a| ticked(a.code())).collect(),
        kinds: GroupKind::ALL.into_iter().filter(|k| ticked(k.code())).collect(),
        group_id: group_id.filter(|_| own),
    };
    Some((request, language_chosen))
}

/// The signup form in the Worker's rendering as it is now.
fn signup_form_on_server_page() -> Option<SignupRequest> {
    let form = gloo_utils::document().query_selector(&format!("#{SERVER_PAGE_ID} form.signup-form")).ok()??;
    let value = |name: &str| -> String {
        let field = form.query_selector(&format!("[name={name}]")).ok().flatten();
        field.and_then(|f| js_sys::Reflect::get(&f, &"value".into()).ok()?.as_string()).unwrap_or_default()
    };
    let phone = value("phone");
    Some(SignupRequest {
        name: value("name"),
        email: value("email"),
        phone: (!phone.is_empty()).then_some(phone),
        language: Language::from_tag(&value("language")).unwrap_or_default(),
    })
}

/// The element holding the Worker's rendering, which the app takes over (or replaces).
pub const SERVER_PAGE_ID: &str = "server-page";
/// Its attribute naming when it was drawn (milliseconds since 1970): a time at which the
/// pages' availabilities were as drawn.
pub const DRAWN_AT_ATTRIBUTE: &str = "data-drawn-at";
/// Its attribute counting the elements drawn in it (`elements_in`): the browser, or something
/// in it, may add some before the app starts (a phone number made a link, a page translated).
pub const DRAWN_ELEMENTS_ATTRIBUTE: &str = "data-drawn-elements";
/// The `<html>` attribute naming the locale a drawn page's dates are formatted in
/// (`Language::locale`): the loader's Intl worker loads that locale's data (`loader.js`).
pub const LOCALE_ATTRIBUTE: &str = "data-locale";
/// The element the app draws in: the Worker's drawing once taken over as it is, or one of the
/// app's own, hidden until its first render is complete.
pub const APP_ID: &str = "app";

/// The elements in a drawing: each start tag (text and attributes never hold a raw `<`).
#[cfg(feature = "ssr")]
pub fn elements_in(drawing: &str) -> usize {
    drawing.as_bytes().windows(2).filter(|pair| pair[0] == b'<' && pair[1].is_ascii_alphabetic()).count()
}

/// When `drawing` was drawn, if the app's first render from `start` at that time draws it as it
/// is now, so the app can take it over as it is (yew's hydration, which stops the app at any
/// difference; the clock stays at that time for that render, `clock::pin`): drawn to be
/// taken over (yew's markers), with its elements as drawn, each group's availability still as
/// drawn, and nothing typed or chosen in it since (the app then draws its own page: a typed
/// signup is kept, `keep_typed_signup`, and so is the updates form, `keep_typed_updates`).
#[cfg(feature = "hydration")]
pub fn still_as_drawn(start: &PageStart, drawing: &web_sys::Element) -> Option<chrono::DateTime<chrono::Utc>> {
    let marked = drawing.first_child().is_some_and(|first| first.node_type() == web_sys::Node::COMMENT_NODE);
    let elements = drawing.get_attribute(DRAWN_ELEMENTS_ATTRIBUTE).and_then(|n| n.parse::<u32>().ok());
    let as_drawn = drawing.query_selector_all("*").is_ok_and(|now| Some(now.length()) == elements);
    if !marked || !as_drawn {
        return None;
    }
    let drawn_at = drawing.get_attribute(DRAWN_AT_ATTRIBUTE).and_then(|ms| ms.parse().ok());
    let drawn_at = drawn_at.and_then(chrono::DateTime::from_timestamp_millis)?;
    let unchanged = start.availabilities(drawn_at) == start.availabilities(crate::clock::now());
    (unchanged && fields_as_drawn(drawing)).then_some(drawn_at)
}

/// Whether every field in `within` is as drawn: nothing typed, ticked or chosen in it since.
fn fields_as_drawn(within: &web_sys::Element) -> bool {
    let Ok(fields) = within.query_selector_all("input, textarea, select") else { return false };
    (0..fields.length()).filter_map(|i| fields.item(i)).all(|field| as_drawn(&field))
}

/// Whether one field is as drawn (`default…`): a box's check, a choice's option, another
/// field's value.
fn as_drawn(field: &wasm_bindgen::JsValue) -> bool {
    let property = |name: &str| js_sys::Reflect::get(field, &name.into()).unwrap_or_default();
    if let Some(choice) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlSelectElement>(field) {
        return choice.selected_index() == drawn_choice(choice);
    }
    let checkable = matches!(property("type").as_string().as_deref(), Some("checkbox" | "radio"));
    let (now, drawn) = if checkable { ("checked", "defaultChecked") } else { ("value", "defaultValue") };
    property(now) == property(drawn)
}

/// The option a choice was drawn with: the last drawn selected, else the first (as a browser
/// shows it).
fn drawn_choice(choice: &web_sys::HtmlSelectElement) -> i32 {
    let drawn_selected = |i: &u32| {
        choice.item(*i).is_some_and(|option| js_sys::Reflect::get(&option, &"defaultSelected".into()).is_ok_and(|s| s.is_truthy()))
    };
    (0..choice.length()).rev().find(drawn_selected).unwrap_or(0) as i32
}

/// After the app's first render: the Worker's rendering goes and the app's takes its place,
/// in one step (no frame shows neither, or both). A person typing in the drawing goes on
/// typing in the app's same field (by its id).
pub fn replace_server_page() {
    let document = gloo_utils::document();
    let mut focused = None;
    if let Some(server) = document.get_element_by_id(SERVER_PAGE_ID) {
        focused = document.active_element().filter(|e| server.contains(Some(e))).map(|e| e.id()).filter(|id| !id.is_empty());
        server.remove();
    }
    if let Some(app) = document.get_element_by_id(APP_ID) {
        let _ = app.remove_attribute("hidden");
    }
    if let Some(field) = focused.and_then(|id| document.get_element_by_id(&id)) {
        let _ = wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(field).focus();
    }
}

/// What a drawing of `start` depends on beyond what `start` carries (`PageStart::elements`):
/// the time, as `PageStart::availabilities`. `None` for a page of one reader's own (a posted
/// form, a new signup).
#[cfg(feature = "ssr")]
pub fn drawn_at(start: &PageStart, now: chrono::DateTime<chrono::Utc>) -> Option<String> {
    // Every part named: a part added later is kept out of the cache until it is decided here.
    let PageStart { path: _, search: _, lang: _, origin: _, catalogue: _, group: _, sent, signup } = start;
    if sent.is_some() || signup.is_some() {
        return None;
    }
    Some(format!("{:?}", start.availabilities(now)))
}

/// The app rendered to HTML from `start` (the Worker's rendering of a public page).
#[cfg(feature = "ssr")]
pub async fn render(start: PageStart) -> String {
    use crate::app::{App, AppProps, CataloguePages, JoinPages};
    use crate::router::{Bundle, Route, Routes};
    let bundle = Route::recognize(&start.path).bundle();
    let props = AppProps { start: Some(Rc::new(start)) };
    // The pages of the bundle that takes the drawing over (the same components either way),
    // marked for its hydration (yew's default: `app::start_first_load`).
    match bundle {
        Bundle::Join => yew::LocalServerRenderer::<App<JoinPages>>::with_props(props).render().await,
        _ => yew::LocalServerRenderer::<App<CataloguePages>>::with_props(props).render().await,
    }
}

#[cfg(test)]
mod tests {
    /// The loader waits for a paint only where the Worker has drawn the page: it must look for
    /// the element the Worker draws into.
    #[test]
    fn the_loader_knows_a_drawn_page_by_the_element_the_worker_draws_it_in() {
        let loader = include_str!("../static/loader.js");
        assert!(loader.contains(&format!("getElementById(\"{}\")", super::SERVER_PAGE_ID)), "{loader}");
    }
}
