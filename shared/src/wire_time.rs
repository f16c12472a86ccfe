//! Reading times from the wire and from storage: RFC 3339 in UTC, as chrono writes them
//! (`2027-03-04T17:30:00Z`). chrono's own `Deserialize` goes through its general-purpose format
//! parser, several KB of every Wasm bundle for a text that always has one shape; this reads it
//! with chrono's strict RFC 3339 reader instead. Writing stays chrono's. Every time field of a
//! type that is read back says `#[serde(deserialize_with = "crate::wire_time::…")]`.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::de::{Deserialize, Deserializer, Error, Visitor};

/// One time, read as RFC 3339.
struct Rfc3339(DateTime<Utc>);

impl<'de> Deserialize<'de> for Rfc3339 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Text;
        impl Visitor<'_> for Text {
            type Value = Rfc3339;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an RFC 3339 date and time")
            }
            fn visit_str<E: Error>(self, text: &str) -> Result<Rfc3339, E> {
                DateTime::parse_from_rfc3339(text).map(|t| Rfc3339(t.with_timezone(&Utc))).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Text)
    }
}

pub fn utc<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    Rfc3339::deserialize(deserializer).map(|t| t.0)
}

/// For an `Option` (with `#[serde(default)]`: absent is none, as without this reader).
pub fn utc_opt<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    Option::<Rfc3339>::deserialize(deserializer).map(|t| t.map(|t| t.0))
}

pub fn utc_vec<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<DateTime<Utc>>, D::Error> {
    Vec::<Rfc3339>::deserialize(deserializer).map(|all| all.into_iter().map(|t| t.0).collect())
}

/// For a list of tuples led by a time (`Vec<(DateTime<Utc>, A, B)>`).
pub fn utc_first<'de, D, A, B>(deserializer: D) -> Result<Vec<(DateTime<Utc>, A, B)>, D::Error>
where
    D: Deserializer<'de>,
    A: Deserialize<'de>,
    B: Deserialize<'de>,
{
    Vec::<(Rfc3339, A, B)>::deserialize(deserializer).map(|all| all.into_iter().map(|(t, a, b)| (t.0, a, b)).collect())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Times {
        #[serde(deserialize_with = "crate::wire_time::utc")]
        at: chrono::DateTime<chrono::Utc>,
        #[serde(default, deserialize_with = "crate::wire_time::utc_opt")]
        maybe: Option<chrono::DateTime<chrono::Utc>>,
        #[serde(deserialize_with = "crate::wire_time::utc_vec")]
        all: Vec<chrono::DateTime<chrono::Utc>>,
    }

    #[test]
    fn reads_what_chrono_writes_and_what_it_read_before() {
        let at = chrono::Utc.with_ymd_and_hms(2027, 3, 4, 17, 30, 0).unwrap();
        let fine = at + chrono::Duration::nanoseconds(123_456_789);
        let times = Times { at, maybe: Some(fine), all: vec![at, fine] };
        let written = serde_json::to_string(&times).unwrap();
        assert_eq!(serde_json::from_str::<Times>(&written).unwrap(), times);
        // An offset, and a missing option, read as chrono's own reader read them.
        let other: Times = serde_json::from_str(r#"{"at": "2027-03-04T09:30:00-08:00", "all": []}"#).unwrap();
        assert_eq!((other.at, other.maybe), (at, None));
        assert_eq!(other.at, "2027-03-04T09:30:00-08:00".parse::<chrono::DateTime<chrono::Utc>>().unwrap());
        assert!(serde_json::from_str::<Times>(r#"{"at": "4 March 2027", "all": []}"#).is_err());
    }
}
