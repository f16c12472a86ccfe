//! Seed a running Village with the demo network, through its own HTTP API (the development-only
//! group route, then ordinary public signups), so the demo exercises the real code paths.

use village_seed::{demo_groups, demo_histories};
use village_shared::api::Catalogue;

use crate::{step, Result};

pub fn seed_if_empty(url: &str) -> Result<()> {
    let catalogue: Catalogue = ureq::get(&format!("{url}/api/groups")).call()?.into_json()?;
    if !catalogue.groups.is_empty() {
        step(&format!("local store already has {} groups; not seeding", catalogue.groups.len()));
        return Ok(());
    }
    let today = chrono::Local::now().date_naive();
    let demo = demo_groups(today);
    step(&format!("seeding {} demo groups", demo.len()));
    // Histories first: signups for groups with prerequisites are checked against them.
    for (email, history) in demo_histories(today) {
        ureq::put(&format!("{url}/api/dev/history/{email}")).send_json(&history)?;
    }
    for d in &demo {
        ureq::put(&format!("{url}/api/dev/groups/{}", d.group.id)).send_json(&d.group)?;
        ureq::put(&format!("{url}/api/dev/groups/{}/private", d.group.id)).send_json(d.private())?;
        for person in &d.signups {
            ureq::post(&format!("{url}/api/groups/{}/signups", d.group.id)).send_json(person)?;
        }
    }
    Ok(())
}
