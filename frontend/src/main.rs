//! The provider app's first load: find a group and join it — mobile first, English and Spanish.
//! (What a person's own links open is the manage bundle, `bin/manage.rs`.)

use std::rc::Rc;

use village_frontend::app::{keep_manage_bundle, register_service_worker, App, AppProps, FirstLoadPages};
use village_frontend::start::{keep_typed_signup, read_from_page, APP_ID, SERVER_PAGE_ID};

fn main() {
    register_service_worker();
    let document = gloo_utils::document();
    // The app renders beside the Worker's rendering of the page, hidden, and takes its place
    // once drawn (`start::replace_server_page`).
    let root = document.create_element("div").expect("a div");
    root.set_id(APP_ID);
    if document.get_element_by_id(SERVER_PAGE_ID).is_some() {
        let _ = root.set_attribute("hidden", "");
    }
    let _ = document.body().expect("a body").append_child(&root);
    keep_typed_signup();
    // While the phone keeps signups, their manage pages' bundle is kept, in this release (also
    // where they were kept before it was a bundle of its own).
    if !village_frontend::storage::my_groups().is_empty() {
        keep_manage_bundle();
    }
    let start = read_from_page().map(Rc::new);
    yew::Renderer::<App<FirstLoadPages>>::with_root_and_props(root, AppProps { start }).render();
}
