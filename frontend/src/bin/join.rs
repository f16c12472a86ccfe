//! The provider app's join bundle: a group's page, where a shared link lands, its signup form
//! and the outcome it opens (`/groups/{id}`, `/signed-up/{token}`), served under `/join/`.

use village_frontend::app::{start_first_load, JoinPages};

fn main() {
    start_first_load::<JoinPages>();
}
