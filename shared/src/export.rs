//! CSV exports for the dashboard, made with the `csv` crate: UTF-8 with a byte-order mark so
//! spreadsheet programs read "Martínez" right, and any cell that a spreadsheet would run as a
//! formula (`=`, `+`, `-`, `@`, tab, carriage return first) neutralized with a leading `'`.

use crate::model::{Group, Signup, Subscriber};
use crate::rules::progress::PersonProgress;

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

/// A group's check-in sheet: one row per person, one column per session (1 = present).
pub fn attendance_csv(group: &Group, people: &[PersonProgress]) -> String {
    let mut sessions: Vec<_> = group.sessions.iter().map(|s| s.starts_at).collect();
    sessions.sort();
    let mut header: Vec<String> = ["name", "email", "attended", "sessions", "completed"].map(String::from).to_vec();
    header.extend(sessions.iter().map(|at| at.to_rfc3339()));
    let rows = people.iter().map(|p| {
        let mut row = vec![
            p.signup.name.clone(),
            p.signup.email.clone(),
            p.attended.to_string(),
            sessions.len().to_string(),
            yes_no(p.completed),
        ];
        row.extend(p.present.iter().map(|present| if *present { "1" } else { "0" }.to_string()));
        row
    });
    to_csv(&header.iter().map(String::as_str).collect::<Vec<_>>(), rows)
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

/// Everyone who completed a group, with what they are owed and what was given.
pub fn incentives_csv(rows: &[(&Group, &PersonProgress)]) -> String {
    let rows = rows.iter().filter(|(_, p)| p.completed).map(|(g, p)| {
        let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        vec![
            g.id.clone(),
            p.signup.name.clone(),
            p.signup.email.clone(),
            g.incentives.stipend.map(|s| s.to_string()).unwrap_or_default(),
            date(p.ledger.stipend_issued_on),
            p.ledger.stipend_amount.map(|a| a.to_string()).unwrap_or_default(),
            yes_no(g.incentives.kit),
            date(p.ledger.kit_shipped_on),
            yes_no(p.stipend_owed || p.kit_owed),
        ]
    });
    to_csv(
        &[
            "group",
            "name",
            "email",
            "stipend_offered",
            "stipend_issued_on",
            "stipend_amount",
            "kit_offered",
            "kit_shipped_on",
            "still_owed",
        ],
        rows,
    )
}

/// The updates list: who, in which language, interested in what, and where they stand.
pub fn subscribers_csv(subscribers: &[Subscriber]) -> String {
    let rows = subscribers.iter().map(|s| {
        vec![
            s.email.clone(),
            s.language.code().to_string(),
            format!("{:?}", s.status).to_lowercase(),
            s.audiences.iter().map(|a| a.code()).collect::<Vec<_>>().join(" "),
            s.kinds.iter().map(|k| k.code()).collect::<Vec<_>>().join(" "),
            s.created_at.to_rfc3339(),
            s.confirmed_at.map(|at| at.to_rfc3339()).unwrap_or_default(),
        ]
    });
    to_csv(&["email", "language", "status", "audiences", "kinds", "subscribed_at", "confirmed_at"], rows)
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

    #[test]
    fn attendance_incentives_and_subscribers_export_with_neutralized_cells() {
        use crate::model::{Incentives, LedgerEntry, SubscriptionStatus};
        let g = Group { incentives: Incentives { stipend: Some(150), kit: false }, ..Group::example("g") };
        let person = PersonProgress {
            signup: signup("@Rosa", SignupStatus::Confirmed, None),
            present: vec![true],
            attended: 1,
            completed: true,
            ledger: LedgerEntry {
                stipend_issued_on: "2027-03-09".parse().ok(),
                stipend_amount: Some(150),
                ..Default::default()
            },
            stipend_owed: false,
            kit_owed: false,
        };
        let sheet = attendance_csv(&g, std::slice::from_ref(&person));
        assert!(sheet.starts_with('\u{feff}'));
        assert!(sheet.contains("'@Rosa,x@example.org,1,1,yes,1"), "{sheet}");
        let incentives = incentives_csv(&[(&g, &person)]);
        assert!(incentives.contains("g,'@Rosa,x@example.org,150,2027-03-09,150,no,,no"), "{incentives}");
        let subscriber = Subscriber {
            email: "=1+1@x.org".into(),
            language: Language::Es,
            audiences: vec![],
            kinds: vec![],
            notify_groups: vec![],
            status: SubscriptionStatus::Confirmed,
            created_at: "2027-01-01T00:00:00Z".parse().unwrap(),
            confirmed_at: None,
        };
        let list = subscribers_csv(&[subscriber]);
        assert!(list.contains("'=1+1@x.org,es,confirmed"), "{list}");
    }
}
