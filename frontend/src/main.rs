//! Village's app: a Yew single-page app, mobile first, in English and Spanish.

mod api;
mod app;
mod clock;
mod components;
mod hooks;
mod i18n;
mod pages;
mod router;
mod storage;

fn main() {
    app::register_service_worker();
    yew::Renderer::<app::App>::new().render();
}
