//! Where an in-person group is, for "nearest first": a US ZIP's centre, read from the same
//! ZIP tables the app fetches (`dist/geo/us/{first digit}.json`, served by the assets binding).

use village_shared::model::GeoPoint;
use worker::Env;

/// The centre of a five-digit US ZIP code, if the tables know it.
pub async fn zip_point(env: &Env, zip: &str) -> Option<GeoPoint> {
    let zip = zip.trim();
    if zip.len() != 5 || !zip.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let assets = env.assets("ASSETS").ok()?;
    let url = format!("https://assets.invalid/geo/us/{}.json", &zip[..1]);
    crate::cost::count(|c| c.fetches += 1);
    let mut response = assets.fetch(url, None).await.ok()?;
    if response.status_code() != 200 {
        return None;
    }
    let table: std::collections::HashMap<String, [f64; 2]> = response.json().await.ok()?;
    let [lat, lon] = *table.get(zip)?;
    Some(GeoPoint { lat, lon }).filter(GeoPoint::is_valid)
}
