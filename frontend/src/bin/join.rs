//! The provider app's join bundle: a group's page, where a shared link lands, its signup form
//! and the outcome it opens (`/groups/{id}`, `/signed-up/{token}`), served under `/join/`.

use village_frontend::app::{start_first_load, JoinPages};
use village_frontend::start::keep_typed_signup;

fn main() {
    // What was typed into the Worker's drawing of the form, before the app takes its place.
    keep_typed_signup();
    start_first_load::<JoinPages>();
}
