//! Where an in-person group is, for "nearest first": the centre of its US ZIP or UK postcode
//! district, read from the same tables the app fetches (`dist/geo/us/{first digit}.json`,
//! `dist/geo/uk/{area}.json`, served by the assets binding).

use village_shared::model::GeoPoint;
use village_shared::rules::postcode::PlaceCode;
use worker::Env;

/// The centre of a ZIP code or postcode district, if the tables know it.
pub async fn point_of(env: &Env, code: &str) -> Option<GeoPoint> {
    let code = PlaceCode::parse(code)?;
    let assets = env.assets("ASSETS").ok()?;
    let url = format!("https://assets.invalid{}", code.table());
    crate::cost::count(|c| c.asset_reads += 1);
    let mut response = assets.fetch(url, None).await.ok()?;
    if response.status_code() != 200 {
        return None;
    }
    let table: std::collections::HashMap<String, [f64; 2]> = response.json().await.ok()?;
    let [lat, lon] = *table.get(code.key())?;
    Some(GeoPoint { lat, lon }).filter(GeoPoint::is_valid)
}

/// A directory service without a point gets its postcode's centre.
pub async fn place(env: &Env, service: &mut village_shared::model::ServiceDetails) {
    if service.point.is_none() {
        if let Some(code) = &service.postcode {
            service.point = point_of(env, code).await;
        }
    }
}
