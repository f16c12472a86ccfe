//! The signposting directory's rules: how fresh an entry is (a list that "can often change"
//! must say when it was last checked, and stop showing what nobody has checked for a year),
//! what a search matches, the order of the leaders' queue, and what a valid entry or report is.

use chrono::{Months, NaiveDate};

use crate::api::directory::EntrySummary;
use crate::api::FieldMessage;
use crate::model::{GeoPoint, ServiceDetails};
use crate::rules::distance::distance_km;
use crate::Language;
use crate::text::Words;

/// Unchecked this long, an entry is flagged *ageing* in the leaders' queue.
pub const AGEING_AFTER_MONTHS: u32 = 6;
/// Unchecked this long, it leaves the public list until someone checks it again.
pub const HIDDEN_AFTER_MONTHS: u32 = 12;
/// A report's note, in characters.
pub const REPORT_NOTE_MAX: usize = 500;
/// Entries brought in by one import (each is one write; a dashboard request may make 1,000).
pub const IMPORT_MAX: usize = 200;
pub const NAME_MAX: usize = 120;
pub const DESCRIPTION_MAX: usize = 1_000;
pub const SHORT_MAX: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Freshness {
    Fresh,
    Ageing,
    /// Past twelve months unchecked: not in the public list.
    Hidden,
}

/// How fresh an entry checked on `checked_on` is on `today`.
pub fn freshness(checked_on: NaiveDate, today: NaiveDate) -> Freshness {
    let after = |months| checked_on.checked_add_months(Months::new(months)).is_none_or(|at| at <= today);
    if after(HIDDEN_AFTER_MONTHS) {
        Freshness::Hidden
    } else if after(AGEING_AFTER_MONTHS) {
        Freshness::Ageing
    } else {
        Freshness::Fresh
    }
}

/// Whether the public may see an entry today (listed, opened, exported): not retired, and
/// checked within a year.
pub fn is_public(retired: bool, checked_on: NaiveDate, today: NaiveDate) -> bool {
    !retired && freshness(checked_on, today) != Freshness::Hidden
}

/// Reports waiting on one entry at most: more say nothing new, and a flood cannot bury the
/// rest of the queue or make checking the entry cost more than a request may spend.
pub const REPORTS_PER_ENTRY: usize = 20;
/// A phone number, in characters (digits, spaces and `+()-`).
pub const PHONE_MAX: usize = 32;

/// What a person narrowed the directory to. Empty fields narrow nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Search {
    /// Words that must all appear in the name, organisation, area or category (either language).
    pub text: String,
    pub category: Option<crate::model::ServiceCategory>,
    /// Part of the area, e.g. "Norwich".
    pub area: String,
    /// A language spoken there (ISO 639-1).
    pub language: String,
}

impl Search {
    pub fn matches(&self, entry: &EntrySummary) -> bool {
        // The id too: a session's visitor links to their service by it.
        let haystack = [
            entry.id.as_str(),
            entry.name.en.as_str(),
            entry.name.es.as_str(),
            entry.organization.as_str(),
            entry.area.as_str(),
            entry.category.label(Language::En),
            entry.category.label(Language::Es),
        ]
        .join(" ")
        .to_lowercase();
        self.text.to_lowercase().split_whitespace().all(|word| haystack.contains(word))
            && self.category.is_none_or(|c| c == entry.category)
            && (self.area.trim().is_empty() || entry.area.to_lowercase().contains(&self.area.trim().to_lowercase()))
            && (self.language.trim().is_empty()
                || entry.languages.iter().any(|l| l.eq_ignore_ascii_case(self.language.trim())))
    }
}

/// Nearest first when there is a point to measure from (entries without a place last), else by
/// name in the reader's language.
pub fn order(entries: &mut [EntrySummary], from: Option<GeoPoint>, lang: Language) {
    entries.sort_by(|a, b| {
        let km = |e: &EntrySummary| from.zip(e.point).map(|(f, p)| distance_km(f, p));
        let by_distance = match (km(a), km(b)) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        };
        by_distance.then_with(|| a.name.get(lang).to_lowercase().cmp(&b.name.get(lang).to_lowercase()))
    });
}

/// The leaders' queue: entries that need checking (ageing or hidden, not retired), the one
/// checked longest ago first.
pub fn needs_checking(entries: &[EntrySummary], today: NaiveDate) -> Vec<EntrySummary> {
    let mut queue: Vec<EntrySummary> =
        entries.iter().filter(|e| !e.retired && freshness(e.checked_on, today) != Freshness::Fresh).cloned().collect();
    queue.sort_by_key(|e| (e.checked_on, e.id.clone()));
    queue
}

/// A directory id: what a group id may be (lower-case letters, digits and '-', 3–64).
pub fn is_entry_id(id: &str) -> bool {
    crate::api::is_group_id(id)
}

/// An id for a new entry from its name, with a short suffix so two services of the same name
/// do not collide: "Mile Cross Library" + "k3f" → "mile-cross-library-k3f".
pub fn entry_id(name: &str, suffix: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_matches('-').chars().take(48).collect();
    let slug = slug.trim_matches('-');
    if slug.is_empty() { format!("service-{suffix}") } else { format!("{slug}-{suffix}") }
}

/// What is wrong with a service someone wants to save, field by field, in their language.
pub fn entry_problems(entry: &ServiceDetails, lang: Language) -> Vec<FieldMessage> {
    let (mut problems, words) = (Vec::new(), Words(lang));
    let mut add = |field: &str, message: &str| problems.push(FieldMessage { field: field.into(), message: message.into() });
    let chars = |s: &str| s.chars().count();
    if entry.name.en.trim().is_empty() && entry.name.es.trim().is_empty() {
        add("name", words.service_name_missing());
    }
    if chars(&entry.name.en) > NAME_MAX || chars(&entry.name.es) > NAME_MAX {
        add("name", words.service_name_long());
    }
    if chars(&entry.description.en) > DESCRIPTION_MAX
        || chars(&entry.description.es) > DESCRIPTION_MAX
        || chars(&entry.opening_times.en) > SHORT_MAX
        || chars(&entry.opening_times.es) > SHORT_MAX
    {
        add("description", words.service_description_long());
    }
    if entry.organization.trim().is_empty() || chars(&entry.organization) > NAME_MAX {
        add("organization", words.service_organization_shape());
    }
    if entry.area.trim().is_empty() || chars(&entry.area) > 60 {
        add("area", words.service_area_shape());
    }
    let too_long = |v: &Option<String>| v.as_deref().is_some_and(|v| chars(v) > SHORT_MAX);
    if [&entry.address, &entry.postcode, &entry.email, &entry.website].into_iter().any(too_long) {
        add("address", words.service_address_long());
    }
    let phone_ok = |p: &str| {
        let digits = p.chars().filter(char::is_ascii_digit).count();
        (6..=15).contains(&digits)
            && p.chars().count() <= PHONE_MAX
            && p.chars().all(|c| c.is_ascii_digit() || " +()-".contains(c))
    };
    if entry.phone.as_deref().is_some_and(|p| !phone_ok(p)) {
        add("phone", words.service_phone_shape());
    }
    if entry.email.as_deref().is_some_and(|e| e.contains(char::is_whitespace) || !e.contains('@')) {
        add("email", words.service_email_shape());
    }
    if entry.website.as_deref().is_some_and(|w| !(w.starts_with("https://") || w.starts_with("http://"))) {
        add("website", words.service_website_shape());
    }
    if entry.languages.len() > 20
        || entry.languages.iter().any(|l| l.len() != 2 || !l.bytes().all(|b| b.is_ascii_lowercase()))
    {
        add("languages", words.service_languages_shape());
    }
    if entry.ages.is_some_and(|a| a.min_years > a.max_years || a.max_years > 120) {
        add("ages", words.service_ages_order());
    }
    if entry.point.is_some_and(|p| !p.is_valid()) {
        add("point", words.service_point_range());
    }
    problems
}

/// A report's note, trimmed; `Err` names the problem in the reader's language.
pub fn report_note(note: Option<&str>, lang: Language) -> Result<Option<String>, FieldMessage> {
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    match note {
        Some(n) if n.chars().count() > REPORT_NOTE_MAX => Err(FieldMessage {
            field: "note".into(),
            message: Words(lang).report_note_long().into(),
        }),
        _ => Ok(note.map(str::to_string)),
    }
}

/// Whether a report tells whoever last vouched for the entry: something changed or it closed,
/// and they have not been told since they vouched (one message, however many reports follow).
pub fn tells_steward(verdict: crate::model::Verdict, told_since_vouched: bool) -> bool {
    verdict != crate::model::Verdict::StillRight && !told_since_vouched
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Bilingual, ServiceCategory};
    use proptest::prelude::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn summary(id: &str, name: &str, checked_on: &str) -> EntrySummary {
        EntrySummary {
            id: id.into(),
            name: Bilingual::new(name, ""),
            organization: "Norfolk County Council".into(),
            category: ServiceCategory::Library,
            area: "Norwich (north)".into(),
            languages: vec!["en".into()],
            point: None,
            phone: None,
            checked_on: day(checked_on),
            checked_by: crate::model::Checker::Leader,
            retired: false,
        }
    }

    #[test]
    fn an_entry_is_fresh_for_six_months_ageing_until_twelve_then_hidden() {
        let checked = day("2026-01-31");
        assert_eq!(freshness(checked, day("2026-01-31")), Freshness::Fresh);
        assert_eq!(freshness(checked, day("2026-07-30")), Freshness::Fresh);
        assert_eq!(freshness(checked, day("2026-07-31")), Freshness::Ageing);
        assert_eq!(freshness(checked, day("2027-01-30")), Freshness::Ageing);
        assert_eq!(freshness(checked, day("2027-01-31")), Freshness::Hidden);
    }

    proptest! {
        #[test]
        fn freshness_only_ever_gets_worse_with_time(days in 0i64..2_000, later in 0i64..400) {
            let checked = day("2025-03-15");
            let a = freshness(checked, checked + chrono::Duration::days(days));
            let b = freshness(checked, checked + chrono::Duration::days(days + later));
            prop_assert!(a <= b);
        }
    }

    #[test]
    fn the_public_never_sees_a_retired_entry_or_one_unchecked_for_a_year() {
        let today = day("2026-12-01");
        let mut e = summary("a-lib", "Library", "2026-06-01");
        assert!(is_public(e.retired, e.checked_on, today));
        e.retired = true;
        assert!(!is_public(e.retired, e.checked_on, today));
        assert!(!is_public(false, day("2025-11-30"), today));
    }

    #[test]
    fn the_queue_holds_what_needs_checking_oldest_first() {
        let today = day("2026-12-01");
        let mut retired = summary("r", "Gone", "2024-01-01");
        retired.retired = true;
        let entries = vec![
            summary("fresh", "Fresh", "2026-10-01"),
            summary("ageing", "Ageing", "2026-04-01"),
            summary("hidden", "Hidden", "2025-06-01"),
            retired,
        ];
        let ids: Vec<String> = needs_checking(&entries, today).into_iter().map(|e| e.id).collect();
        assert_eq!(ids, ["hidden", "ageing"]);
    }

    #[test]
    fn a_search_needs_every_word_and_each_filter() {
        let mut e = summary("a", "Mile Cross Library", "2026-10-01");
        e.languages = vec!["en".into(), "pl".into()];
        let search = |text: &str, area: &str, language: &str, category| {
            Search { text: text.into(), area: area.into(), language: language.into(), category }.matches(&e)
        };
        assert!(search("", "", "", None));
        assert!(search("mile library", "", "", None));
        assert!(search("biblioteca", "", "", None), "the category's name in Spanish matches too");
        assert!(!search("mile bank", "", "", None));
        assert!(search("", "norwich", "PL", Some(ServiceCategory::Library)));
        assert!(!search("", "lynn", "", None));
        assert!(!search("", "", "es", None));
        assert!(!search("", "", "", Some(ServiceCategory::FoodBank)));
    }

    #[test]
    fn nearest_first_when_there_is_a_point_else_by_name() {
        let mut near = summary("near", "Zebra Hub", "2026-10-01");
        near.point = Some(GeoPoint { lat: 52.64, lon: 1.29 });
        let mut far = summary("far", "Alpha Hub", "2026-10-01");
        far.point = Some(GeoPoint { lat: 52.75, lon: 0.40 });
        let nowhere = summary("nowhere", "Beta Line", "2026-10-01");
        let mut list = vec![nowhere.clone(), far.clone(), near.clone()];
        order(&mut list, Some(GeoPoint { lat: 52.63, lon: 1.30 }), Language::En);
        assert_eq!(list.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["near", "far", "nowhere"]);
        order(&mut list, None, Language::En);
        assert_eq!(list.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["far", "nowhere", "near"]);
    }

    #[test]
    fn a_phone_is_digits_with_a_little_punctuation_and_short() {
        let mut service = crate::api::oruk::tests_support::service();
        assert_eq!(entry_problems(&service, Language::En), vec![]);
        for bad in [format!("01603 000000{}", " ".repeat(3000)), "call us".into(), "12345".into()] {
            service.phone = Some(bad);
            assert_eq!(entry_problems(&service, Language::En).len(), 1);
        }
        service.phone = Some("+44 (0)1603 000-000".into());
        assert_eq!(entry_problems(&service, Language::En), vec![]);
    }

    #[test]
    fn a_new_entrys_id_comes_from_its_name() {
        assert_eq!(entry_id("Mile Cross Library", "k3f"), "mile-cross-library-k3f");
        assert_eq!(entry_id("  Ñandú & Co. — Norwich!! ", "a1"), "and-co-norwich-a1");
        assert_eq!(entry_id("¿¡", "a1"), "service-a1");
        assert!(is_entry_id(&entry_id(&"x".repeat(500), "zz9")));
    }

    #[test]
    fn only_a_change_or_a_closure_tells_whoever_vouched_and_only_once_until_they_vouch_again() {
        use crate::model::Verdict;
        assert!(tells_steward(Verdict::Changed, false));
        assert!(tells_steward(Verdict::Closed, false));
        assert!(!tells_steward(Verdict::StillRight, false));
        assert!(!tells_steward(Verdict::Closed, true));
    }

    #[test]
    fn a_report_note_is_trimmed_and_at_most_five_hundred_characters() {
        let en = Language::En;
        assert_eq!(report_note(Some("  moved  "), en), Ok(Some("moved".into())));
        assert_eq!(report_note(Some("   "), en), Ok(None));
        assert_eq!(report_note(None, en), Ok(None));
        assert_eq!(report_note(Some(&"é".repeat(500)), en).map(|n| n.map(|n| n.chars().count())), Ok(Some(500)));
        assert_eq!(report_note(Some(&"é".repeat(501)), Language::Es).unwrap_err().field, "note");
    }
}
