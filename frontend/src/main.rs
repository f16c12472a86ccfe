//! The provider app: find a group, join it, manage it — mobile first, English and Spanish.

fn main() {
    village_frontend::app::register_service_worker();
    yew::Renderer::<village_frontend::app::App>::new().render();
}
