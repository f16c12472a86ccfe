//! The dashboard, served under `/admin/`.

fn main() {
    yew::Renderer::<village_frontend::admin::AdminApp>::new().render();
}
