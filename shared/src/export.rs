//! CSV exports for the dashboard, made with the `csv` crate: UTF-8 with a byte-order mark so
//! spreadsheet programs read "Martínez" right, and any cell that a spreadsheet would run as a
//! formula (`=`, `+`, `-`, `@`, tab, carriage return first) neutralized with a leading `'`.

use crate::model::Signup;

const BOM: &str = "\u{feff}";

/// A cell as a spreadsheet will take it literally.
pub fn neutralize(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

fn to_csv(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(header).expect("writing to memory");
    for row in rows {
        writer.write_record(row.iter().map(|c| neutralize(c))).expect("writing to memory");
    }
    let bytes = writer.into_inner().expect("writing to memory");
    format!("{BOM}{}", String::from_utf8(bytes).expect("cells are UTF-8"))
}

/// A group's roster: confirmed first, then the waitlist in order.
pub fn roster_csv(signups: &[Signup]) -> String {
    let rows = signups.iter().map(|s| {
        vec![
            format!("{:?}", s.status).to_lowercase(),
            s.waitlist_position.map(|p| p.to_string()).unwrap_or_default(),
            s.name.clone(),
            s.email.clone(),
            s.phone.clone().unwrap_or_default(),
            s.language.code().to_string(),
            s.created_at.to_rfc3339(),
        ]
    });
    to_csv(&["status", "waitlist_position", "name", "email", "phone", "language", "signed_up_at"], rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SignupStatus;
    use crate::Language;

    fn signup(name: &str, status: SignupStatus, position: Option<u32>) -> Signup {
        let at = "2026-11-22T10:00:00Z".parse().unwrap();
        Signup {
            id: "s".into(),
            group_id: "g".into(),
            name: name.into(),
            email: "x@example.org".into(),
            phone: Some("+1 559 555 0142".into()),
            language: Language::Es,
            status,
            waitlist_position: position,
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn formulas_are_neutralized_and_text_is_kept() {
        assert_eq!(neutralize("=HYPERLINK(\"http://evil\")"), "'=HYPERLINK(\"http://evil\")");
        assert_eq!(neutralize("+1 559"), "'+1 559");
        assert_eq!(neutralize("-2"), "'-2");
        assert_eq!(neutralize("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralize("Rosa Martínez"), "Rosa Martínez");
        assert_eq!(neutralize(""), "");
    }

    #[test]
    fn the_roster_is_utf8_with_a_bom_and_reads_back() {
        let csv_text = roster_csv(&[
            signup("Rosa Martínez", SignupStatus::Confirmed, None),
            signup("=cmd|' /C calc'!A0", SignupStatus::Waitlisted, Some(1)),
        ]);
        assert!(csv_text.starts_with('\u{feff}'));
        let mut reader = csv::Reader::from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(&rows[0][2], "Rosa Martínez");
        assert_eq!(&rows[0][4], "'+1 559 555 0142", "a phone starting with + is not a formula either");
        assert_eq!(&rows[1][0], "waitlisted");
        assert_eq!(&rows[1][1], "1");
        assert!(rows[1][2].starts_with("'="), "{:?}", &rows[1][2]);
    }
}
