//! The provider app's catalogue: finding a group — mobile first, English and Spanish. (A group's
//! page and its signup are the join bundle, `bin/join.rs`; what a person's own links open, the
//! manage bundle, `bin/manage.rs`.)

use village_frontend::app::{start_first_load, CataloguePages};

fn main() {
    start_first_load::<CataloguePages>();
}
