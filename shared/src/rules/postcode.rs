//! A typed place code for "nearest first": a US ZIP code or a UK postcode, full (`NR3 1AB`) or
//! just its district (`nr3`, `PE30`). Each is looked up in a small table the app and the Worker
//! fetch only when one is typed (`/geo/us/9.json`, `/geo/uk/NR.json`), never in the first load.

/// What the Open Government Licence asks to be said wherever the UK table is used (the app
/// shows it under a list sorted by a postcode).
pub const UK_ATTRIBUTION: [&str; 3] = [
    "Contains OS data © Crown copyright and database right 2025",
    "Contains Royal Mail data © Royal Mail copyright and database right 2025",
    "Contains National Statistics data © Crown copyright and database right 2025",
];

/// A code that can be looked up, normalized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceCode {
    /// Five digits (a ZIP+4's first five).
    UsZip(String),
    /// A UK postcode's outward code, upper case without spaces (`NR3`, `PE30`, `SW1A`).
    UkDistrict(String),
}

impl PlaceCode {
    /// Read what someone typed; `None` when it is neither kind of code.
    pub fn parse(text: &str) -> Option<PlaceCode> {
        let text = text.trim();
        if !text.is_ascii() {
            return None;
        }
        let (zip, rest) = text.split_at(text.len().min(5));
        let plus_four = |r: &str| r.len() == 5 && r.starts_with('-') && r[1..].bytes().all(|b| b.is_ascii_digit());
        if zip.len() == 5 && zip.bytes().all(|b| b.is_ascii_digit()) && (rest.is_empty() || plus_four(rest)) {
            return Some(PlaceCode::UsZip(zip.to_string()));
        }
        uk_district(text).map(PlaceCode::UkDistrict)
    }

    /// The table that holds this code's centre, as a path under the app's origin.
    pub fn table(&self) -> String {
        match self {
            PlaceCode::UsZip(zip) => format!("/geo/us/{}.json", &zip[..1]),
            PlaceCode::UkDistrict(district) => format!("/geo/uk/{}.json", area_of(district).unwrap_or_default()),
        }
    }

    /// The code's key in its table.
    pub fn key(&self) -> &str {
        match self {
            PlaceCode::UsZip(code) | PlaceCode::UkDistrict(code) => code,
        }
    }

    /// Whether the table is derived from Ordnance Survey data (whose licence asks to say so).
    pub fn is_uk(&self) -> bool {
        matches!(self, PlaceCode::UkDistrict(_))
    }
}

/// The district of a UK postcode, full or outward code alone, any case and spacing.
pub fn uk_district(text: &str) -> Option<String> {
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect::<String>().to_ascii_uppercase();
    if !compact.is_ascii() {
        return None;
    }
    if is_outward(&compact) {
        return Some(compact);
    }
    let split = compact.len().checked_sub(3)?;
    let (outward, inward) = compact.split_at(split);
    let inward = inward.as_bytes();
    let inward_ok = inward[0].is_ascii_digit() && inward[1].is_ascii_alphabetic() && inward[2].is_ascii_alphabetic();
    (inward_ok && is_outward(outward)).then(|| outward.to_string())
}

/// The postcode area of a district: its leading letters (`NR3` → `NR`, `B1` → `B`).
pub fn area_of(district: &str) -> Option<&str> {
    if !is_outward(district) {
        return None;
    }
    let letters = district.bytes().take_while(u8::is_ascii_alphabetic).count();
    Some(&district[..letters])
}

/// An outward code: one or two letters, a digit, then at most one more digit or letter
/// (`A9`, `A99`, `A9A`, `AA9`, `AA99`, `AA9A`), in upper case.
fn is_outward(code: &str) -> bool {
    let bytes = code.as_bytes();
    let letters = bytes.iter().take_while(|b| b.is_ascii_uppercase()).count();
    let rest = &bytes[letters..];
    (1..=2).contains(&letters)
        && match rest {
            [d] => d.is_ascii_digit(),
            [d, x] => d.is_ascii_digit() && (x.is_ascii_digit() || x.is_ascii_uppercase()),
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_uk_postcode_in_any_case_and_spacing_gives_its_district() {
        for typed in ["NR3 1AB", "nr3 1ab", " NR31AB ", "nr3  1AB"] {
            assert_eq!(PlaceCode::parse(typed), Some(PlaceCode::UkDistrict("NR3".into())), "{typed}");
        }
        assert_eq!(uk_district("PE30 1AB").as_deref(), Some("PE30"));
        assert_eq!(uk_district("SW1A 1AA").as_deref(), Some("SW1A"));
        assert_eq!(uk_district("B1 1AA").as_deref(), Some("B1"));
    }

    #[test]
    fn a_district_alone_is_enough() {
        assert_eq!(PlaceCode::parse("nr3"), Some(PlaceCode::UkDistrict("NR3".into())));
        assert_eq!(PlaceCode::parse("PE30"), Some(PlaceCode::UkDistrict("PE30".into())));
        assert_eq!(PlaceCode::parse("NR31"), Some(PlaceCode::UkDistrict("NR31".into())));
    }

    #[test]
    fn a_us_zip_or_zip_plus_four_is_a_zip() {
        assert_eq!(PlaceCode::parse("95814"), Some(PlaceCode::UsZip("95814".into())));
        assert_eq!(PlaceCode::parse("95814-1234"), Some(PlaceCode::UsZip("95814".into())));
        assert_eq!(PlaceCode::parse("95814-12"), None);
    }

    #[test]
    fn text_that_is_neither_is_refused() {
        for typed in ["", "Norwich", "1234", "NRR3", "N", "NR", "3NR", "NR3 1A", "NR3 AAB", "ÑR3", "123456"] {
            assert_eq!(PlaceCode::parse(typed), None, "{typed}");
        }
    }

    #[test]
    fn each_code_names_the_small_table_that_holds_it() {
        assert_eq!(PlaceCode::parse("NR3 1AB").unwrap().table(), "/geo/uk/NR.json");
        assert_eq!(PlaceCode::parse("b1 1aa").unwrap().table(), "/geo/uk/B.json");
        assert_eq!(PlaceCode::parse("95814").unwrap().table(), "/geo/us/9.json");
        assert_eq!(PlaceCode::parse("PE30").unwrap().key(), "PE30");
    }

    #[test]
    fn the_area_is_the_districts_leading_letters() {
        assert_eq!(area_of("NR3"), Some("NR"));
        assert_eq!(area_of("B1"), Some("B"));
        assert_eq!(area_of("SW1A"), Some("SW"));
        assert_eq!(area_of("nr3"), None);
        assert_eq!(area_of("NR"), None);
    }
}
