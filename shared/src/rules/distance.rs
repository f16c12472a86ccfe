//! "Nearest first": great-circle distances between a person and in-person groups.

use crate::api::{CatalogueFacts, GroupSummary};
use crate::model::{Format, GeoPoint};

const EARTH_RADIUS_KM: f64 = 6371.0;

/// Great-circle (haversine) distance in kilometres.
pub fn distance_km(a: GeoPoint, b: GeoPoint) -> f64 {
    let (lat1, lat2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.lon - a.lon).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().asin()
}

/// How far a group is, when it meets in person at a known place.
pub fn group_distance_km(group: &GroupSummary, from: GeoPoint) -> Option<f64> {
    place_distance_km(&group.format, from)
}

fn place_distance_km(format: &Format, from: GeoPoint) -> Option<f64> {
    match format {
        Format::InPerson { point: Some(p), .. } => Some(distance_km(from, *p)),
        _ => None,
    }
}

/// In-person groups nearest first, then the rest in their current order.
pub fn nearest_first(groups: &mut [CatalogueFacts], from: GeoPoint) {
    groups.sort_by(|a, b| match (place_distance_km(&a.format, from), place_distance_km(&b.format, from)) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NORWICH: GeoPoint = GeoPoint { lat: 52.6309, lon: 1.2974 };
    const KINGS_LYNN: GeoPoint = GeoPoint { lat: 52.7543, lon: 0.3976 };
    const LONDON: GeoPoint = GeoPoint { lat: 51.5074, lon: -0.1278 };
    const PARIS: GeoPoint = GeoPoint { lat: 48.8566, lon: 2.3522 };

    #[test]
    fn known_distances_come_out_right() {
        let d = distance_km(NORWICH, KINGS_LYNN);
        assert!((d - 62.0).abs() < 2.0, "Norwich–King's Lynn is about 62 km, got {d}");
        let d = distance_km(LONDON, PARIS);
        assert!((d - 344.0).abs() < 3.0, "London–Paris is about 344 km, got {d}");
        assert_eq!(distance_km(NORWICH, NORWICH), 0.0);
    }

    fn summary(id: &str, format: Format) -> CatalogueFacts {
        use crate::model::{Group, GroupKind};
        let group = Group { kind: GroupKind::LocalGroup, format, sessions: vec![], ..Group::example(id) };
        CatalogueFacts::of(&GroupSummary::of(&group, Default::default()))
    }

    #[test]
    fn in_person_groups_come_nearest_first_and_the_rest_after() {
        let at = |p: GeoPoint| Format::InPerson { area: "x".into(), postcode: "x".into(), point: Some(p) };
        let mut groups =
            vec![summary("online", Format::Virtual), summary("lynn", at(KINGS_LYNN)), summary("norwich", at(NORWICH))];
        nearest_first(&mut groups, GeoPoint { lat: 52.62, lon: 1.25 });
        let order: Vec<&str> = groups.iter().map(|g| g.id.as_str()).collect();
        assert_eq!(order, vec!["norwich", "lynn", "online"]);
        nearest_first(&mut groups, GeoPoint { lat: 52.75, lon: 0.40 });
        assert_eq!(groups[0].id, "lynn");
    }

    proptest! {
        #[test]
        fn distance_is_symmetric_and_never_negative(a in -89.0f64..89.0, b in -179.0f64..179.0, c in -89.0f64..89.0, d in -179.0f64..179.0) {
            let (p, q) = (GeoPoint { lat: a, lon: b }, GeoPoint { lat: c, lon: d });
            let (x, y) = (distance_km(p, q), distance_km(q, p));
            prop_assert!(x >= 0.0 && x <= 20_016.0);
            prop_assert!((x - y).abs() < 1e-6);
        }
    }
}
