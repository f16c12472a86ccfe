//! The provider app's second bundle: the pages a person's own links open (`/manage/{token}`,
//! `/updates/confirm/{token}`, `/updates/unsubscribe/{token}`), served under `/manage/`.

use village_frontend::app::{register_service_worker, App, AppProps, ManagePages};

fn main() {
    register_service_worker();
    yew::Renderer::<App<ManagePages>>::with_props(AppProps::default()).render();
}
