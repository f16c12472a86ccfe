//! Finding a group: the catalogue's filters, as a person chooses them and as they travel in
//! the address bar (`?audience=ffn&delivery=es&day=tue`), so a search can be shared and the
//! back button works.

use chrono::{DateTime, Utc, Weekday};

use crate::api::{CatalogueFacts, CataloguePage, GroupSummary};
use crate::model::{Audience, Format, GroupKind};
use crate::Language;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatChoice {
    Virtual,
    InPerson,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeOfDay {
    /// Before noon.
    Morning,
    /// Noon to 5 pm.
    Afternoon,
    /// From 5 pm.
    Evening,
}

impl TimeOfDay {
    pub const ALL: [TimeOfDay; 3] = [TimeOfDay::Morning, TimeOfDay::Afternoon, TimeOfDay::Evening];

    pub fn of_hour(hour: u32) -> TimeOfDay {
        match hour {
            0..=11 => TimeOfDay::Morning,
            12..=16 => TimeOfDay::Afternoon,
            _ => TimeOfDay::Evening,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            TimeOfDay::Morning => "morning",
            TimeOfDay::Afternoon => "afternoon",
            TimeOfDay::Evening => "evening",
        }
    }
}

pub const WEEKDAYS: [Weekday; 7] =
    [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];

fn weekday_code(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

/// The person's choices; `None` is "any".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filters {
    pub audience: Option<Audience>,
    pub delivery: Option<Language>,
    pub format: Option<FormatChoice>,
    pub kind: Option<GroupKind>,
    pub day: Option<Weekday>,
    pub time: Option<TimeOfDay>,
    pub area: Option<String>,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        *self == Filters::default()
    }

    /// Whether what matches depends on the reader's clock (a day or a time of day).
    pub fn on_the_readers_clock(&self) -> bool {
        self.day.is_some() || self.time.is_some()
    }

    /// Read `key=value` pairs; unknown keys and values are ignored (an old or mistyped link
    /// still opens the catalogue).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Filters {
        let mut f = Filters::default();
        for (key, value) in pairs {
            match key {
                "audience" => f.audience = Audience::ALL.into_iter().find(|a| a.code() == value),
                "delivery" => f.delivery = Language::from_tag(value),
                "format" => {
                    f.format = match value {
                        "virtual" => Some(FormatChoice::Virtual),
                        "in_person" => Some(FormatChoice::InPerson),
                        _ => None,
                    }
                }
                "kind" => f.kind = GroupKind::ALL.into_iter().find(|k| k.code() == value),
                "day" => f.day = WEEKDAYS.into_iter().find(|d| weekday_code(*d) == value),
                "time" => f.time = TimeOfDay::ALL.into_iter().find(|t| t.code() == value),
                "area" if !value.trim().is_empty() => f.area = Some(value.trim().to_string()),
                _ => {}
            }
        }
        f
    }

    /// The pairs for the address bar, in a stable order.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(a) = self.audience {
            out.push(("audience", a.code().to_string()));
        }
        if let Some(l) = self.delivery {
            out.push(("delivery", l.code().to_string()));
        }
        if let Some(f) = self.format {
            out.push(("format", if f == FormatChoice::Virtual { "virtual" } else { "in_person" }.to_string()));
        }
        if let Some(k) = self.kind {
            out.push(("kind", k.code().to_string()));
        }
        if let Some(d) = self.day {
            out.push(("day", weekday_code(d).to_string()));
        }
        if let Some(t) = self.time {
            out.push(("time", t.code().to_string()));
        }
        if let Some(a) = &self.area {
            out.push(("area", a.clone()));
        }
        out
    }

    /// Whether `group` fits. `local` gives the weekday and hour of an instant in the viewer's
    /// zone (the browser knows it); day and time are those of the group's first session.
    pub fn matches(&self, group: &CatalogueFacts, local: impl Fn(DateTime<Utc>) -> (Weekday, u32)) -> bool {
        let when = group.first_session.map(&local);
        self.audience.is_none_or(|a| group.audiences.contains(&a))
            && self.delivery.is_none_or(|l| group.language == l)
            && self.format.is_none_or(|f| (f == FormatChoice::Virtual) == group.format.is_virtual())
            && self.kind.is_none_or(|k| group.kind == k)
            && self.day.is_none_or(|d| when.is_some_and(|(day, _)| day == d))
            && self.time.is_none_or(|t| when.is_some_and(|(_, hour)| TimeOfDay::of_hour(hour) == t))
            && self.area.as_ref().is_none_or(|area| match &group.format {
                Format::InPerson { area: a, .. } => a.eq_ignore_ascii_case(area),
                Format::Virtual => false,
            })
    }
}

/// The distinct in-person areas of a catalogue, for the area choice.
pub fn areas(groups: &[CatalogueFacts]) -> Vec<String> {
    let mut out: Vec<String> = groups
        .iter()
        .filter_map(|g| g.format.area().map(str::to_string))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// What a catalogue request asks for, as it travels in the query (`Filters`' pairs, `near`,
/// `program`, `cursor`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CatalogueQuery {
    pub filters: Filters,
    /// Nearest first from here.
    pub near: Option<crate::model::GeoPoint>,
    /// Only the groups of these programmes (a group page naming its prerequisites).
    pub programs: Vec<String>,
    /// Where this page starts among the matches.
    pub from: usize,
}

impl CatalogueQuery {
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)> + Clone) -> CatalogueQuery {
        let mut query = CatalogueQuery { filters: Filters::from_pairs(pairs.clone()), ..CatalogueQuery::default() };
        for (key, value) in pairs {
            match key {
                "near" => query.near = crate::model::GeoPoint::parse(value),
                "program" if !value.is_empty() => query.programs.push(value.to_string()),
                "cursor" => query.from = crate::api::paging::offset(Some(value)),
                _ => {}
            }
        }
        query
    }
}

/// One page of the catalogue, found from the facts and before its cards are read: the ids to
/// show, in order, with the total and every area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub ids: Vec<String>,
    pub total: u32,
    pub areas: Vec<String>,
    pub next: Option<String>,
    /// The place asked about, for each card's distance.
    pub near: Option<crate::model::GeoPoint>,
}

impl Found {
    /// The answer, with the cards read for `ids` (one that could not be read is left out), each
    /// with its distance from the place asked about.
    pub fn with_cards(self, mut cards: Vec<GroupSummary>) -> CataloguePage {
        let near = self.near;
        let groups = self
            .ids
            .iter()
            .filter_map(|id| cards.iter().position(|c| &c.id == id).map(|at| cards.swap_remove(at)))
            .map(|mut card| {
                let km = near.and_then(|from| crate::rules::distance::group_distance_km(&card, from));
                card.distance_m = km.map(|km| (km * 1000.0).round() as u32);
                card
            })
            .collect();
        CataloguePage { groups, total: self.total, areas: self.areas, next: self.next }
    }
}

/// One page of the catalogue: the groups matching `query`, soonest first (nearest first when
/// `near` is given, soonest among equals), `size` of them from `query.from`, with the total and
/// every area (so the area choice offers them all). `local` gives an instant's weekday and hour
/// on the viewer's clock.
pub fn catalogue_page(
    mut groups: Vec<CatalogueFacts>,
    query: &CatalogueQuery,
    local: impl Fn(DateTime<Utc>) -> (Weekday, u32),
    size: usize,
) -> Found {
    let all_areas = areas(&groups);
    // Soonest first; a group with no session planned yet (a local group between terms) last.
    groups.sort_by_key(|g| (g.first_session.is_none(), g.first_session));
    groups.retain(|g| {
        query.filters.matches(g, &local)
            && (query.programs.is_empty() || g.program.as_ref().is_some_and(|p| query.programs.contains(p)))
    });
    if let Some(from) = query.near {
        crate::rules::distance::nearest_first(&mut groups, from);
    }
    let total = groups.len() as u32;
    let (page, next) = crate::api::paging::offset_page(groups, query.from, size);
    Found { ids: page.into_iter().map(|g| g.id).collect(), total, areas: all_areas, next, near: query.near }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::SeatCount;
    use crate::model::{Bilingual, Group, Session};
    use chrono::{Datelike, Timelike};
    use proptest::prelude::*;

    fn summary(
        kind: GroupKind,
        language: Language,
        format: Format,
        audiences: Vec<Audience>,
        starts: &str,
    ) -> CatalogueFacts {
        let group = Group {
            kind,
            audiences,
            language,
            format,
            time_zone: "UTC".into(),
            sessions: vec![Session {
                starts_at: starts.parse().unwrap(),
                duration_minutes: 60,
                topic: Bilingual::default(),
                visitor: None,
            }],
            ..Group::example("g")
        };
        CatalogueFacts::of(&GroupSummary::of(&group, SeatCount::default()))
    }

    /// The viewer is at UTC-8 (California in winter).
    fn california(at: DateTime<Utc>) -> (Weekday, u32) {
        let local = at - chrono::Duration::hours(8);
        (local.weekday(), local.hour())
    }

    fn spanish_evening_series() -> CatalogueFacts {
        // Wednesday 02:30 UTC = Tuesday 18:30 in California.
        summary(
            GroupKind::Series,
            Language::Es,
            Format::Virtual,
            vec![Audience::Ffn, Audience::Fcch],
            "2026-12-16T02:30:00Z",
        )
    }

    fn norwich_morning() -> CatalogueFacts {
        let place = Format::InPerson { area: "Norwich, Norfolk".into(), postcode: "NR2".into(), point: None };
        summary(
            GroupKind::LocalGroup,
            Language::En,
            place,
            vec![Audience::ManagersChildminders],
            "2026-12-16T17:00:00Z",
        )
    }

    #[test]
    fn each_filter_narrows_by_its_own_dimension() {
        let (es, nr) = (spanish_evening_series(), norwich_morning());
        let pick = |q: &str| {
            let f = Filters::from_pairs(q.split('&').filter_map(|p| p.split_once('=')));
            (f.matches(&es, california), f.matches(&nr, california))
        };
        assert_eq!(pick(""), (true, true));
        assert_eq!(pick("audience=fcch"), (true, false));
        assert_eq!(pick("delivery=es"), (true, false));
        assert_eq!(pick("format=in_person"), (false, true));
        assert_eq!(pick("kind=local_group"), (false, true));
        assert_eq!(pick("day=tue"), (true, false), "the evening series is on Tuesday in California");
        assert_eq!(pick("time=evening"), (true, false));
        assert_eq!(pick("time=morning"), (false, true), "17:00 UTC is 9 am in California");
        assert_eq!(pick("area=Norwich, Norfolk"), (false, true));
        assert_eq!(pick("audience=ffn&delivery=en"), (false, false));
    }

    #[test]
    fn address_codes_are_the_json_names() {
        for a in Audience::ALL {
            assert_eq!(serde_json::to_value(a).unwrap(), a.code());
        }
        for k in GroupKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.code());
        }
    }

    #[test]
    fn unknown_keys_and_values_are_ignored() {
        let f = Filters::from_pairs([("audience", "aliens"), ("colour", "blue"), ("day", "tue")]);
        assert_eq!(f, Filters { day: Some(Weekday::Tue), ..Default::default() });
    }

    #[test]
    fn areas_are_listed_once_each() {
        assert_eq!(
            areas(&[norwich_morning(), norwich_morning(), spanish_evening_series()]),
            vec!["Norwich, Norfolk".to_string()]
        );
    }

    fn filters() -> impl Strategy<Value = Filters> {
        (
            proptest::option::of(proptest::sample::select(Audience::ALL.to_vec())),
            proptest::option::of(proptest::sample::select(Language::ALL.to_vec())),
            proptest::option::of(proptest::sample::select(vec![FormatChoice::Virtual, FormatChoice::InPerson])),
            proptest::option::of(proptest::sample::select(GroupKind::ALL.to_vec())),
            proptest::option::of(proptest::sample::select(WEEKDAYS.to_vec())),
            proptest::option::of(proptest::sample::select(TimeOfDay::ALL.to_vec())),
            proptest::option::of(
                "[A-Za-z ,]{1,12}".prop_map(|s| s.trim().to_string()).prop_filter("non-empty", |s| !s.is_empty()),
            ),
        )
            .prop_map(|(audience, delivery, format, kind, day, time, area)| Filters {
                audience,
                delivery,
                format,
                kind,
                day,
                time,
                area,
            })
    }

    proptest! {
        #[test]
        fn filters_survive_the_address_bar(f in filters()) {
            let pairs = f.to_pairs();
            let back = Filters::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
            prop_assert_eq!(back, f);
        }

        #[test]
        fn adding_a_filter_never_widens_the_results(f in filters()) {
            let groups = [spanish_evening_series(), norwich_morning()];
            for g in &groups {
                prop_assert!(!f.matches(g, california) || Filters::default().matches(g, california));
                let mut fewer = f.clone();
                fewer.day = None;
                prop_assert!(!f.matches(g, california) || fewer.matches(g, california));
            }
        }
    }

    #[test]
    fn a_group_with_no_session_planned_comes_after_those_with_one() {
        let mut unplanned = norwich_morning();
        unplanned.id = "between-terms".into();
        unplanned.first_session = None;
        let mut planned = spanish_evening_series();
        planned.first_session = Some("2026-12-01T17:00:00Z".parse().unwrap());
        let page = catalogue_page(vec![unplanned, planned.clone()], &CatalogueQuery::default(), california, 10);
        assert_eq!(page.ids, [planned.id.as_str(), "between-terms"]);
    }

    #[test]
    fn a_catalogue_page_is_a_page_of_the_matches_soonest_first_with_every_area() {
        let mut groups = Vec::new();
        for day in 1..=30 {
            let mut g = if day % 2 == 0 { spanish_evening_series() } else { norwich_morning() };
            g.id = format!("g{day}");
            g.first_session = Some(format!("2026-12-{day:02}T17:00:00Z").parse().unwrap());
            groups.push(g);
        }
        let query = |q: &str| CatalogueQuery::from_pairs(q.split('&').filter_map(|p| p.split_once('=')));
        let first = catalogue_page(groups.clone(), &query(""), california, 10);
        assert_eq!((first.ids.len(), first.total, first.next.as_deref()), (10, 30, Some("10")));
        assert_eq!(first.ids[0], "g1", "soonest first");
        assert_eq!(first.areas, ["Norwich, Norfolk"]);
        let last = catalogue_page(groups.clone(), &query("cursor=20"), california, 10);
        assert_eq!((last.ids.len(), last.next), (10, None));
        let spanish = catalogue_page(groups.clone(), &query("delivery=es"), california, 10);
        assert_eq!(spanish.total, 15);
        let spanish_ids: Vec<String> = groups.iter().filter(|g| g.language == Language::Es).map(|g| g.id.clone()).collect();
        assert!(spanish.ids.iter().all(|id| spanish_ids.contains(id)));
        assert_eq!(spanish.areas, ["Norwich, Norfolk"], "areas come from the whole catalogue");
        assert_eq!(catalogue_page(groups.clone(), &query("program=none"), california, 10).total, 0);
        let bad = query("near=999,0&cursor=x");
        assert_eq!((bad.near, bad.from), (None, 0));
    }

    #[test]
    fn a_page_shows_the_cards_read_in_the_order_found_and_leaves_out_one_not_read() {
        let card = |id: &str| {
            let mut group = Group::example(id);
            group.title.en = format!("Group {id}");
            GroupSummary::of(&group, SeatCount::default())
        };
        let found = Found { ids: vec!["b".into(), "gone".into(), "a".into()], total: 3, areas: vec![], next: None, near: None };
        let page = found.with_cards(vec![card("a"), card("b")]);
        let shown: Vec<&str> = page.groups.iter().map(|g| g.id.as_str()).collect();
        assert_eq!(shown, ["b", "a"]);
        assert_eq!(page.total, 3);
    }

    #[test]
    fn each_card_says_how_far_it_meets_from_the_place_asked_about() {
        let norwich = crate::model::GeoPoint { lat: 52.6309, lon: 1.2974 };
        let card = |id: &str, point: Option<crate::model::GeoPoint>| {
            let mut group = Group::example(id);
            group.format = Format::InPerson { area: "Norfolk".into(), postcode: "NR3".into(), point };
            GroupSummary::of(&group, SeatCount::default())
        };
        let cromer = Some(crate::model::GeoPoint { lat: 52.9316, lon: 1.3019 });
        let found = |near| Found { ids: vec!["a".into(), "b".into()], total: 2, areas: vec![], next: None, near };
        let page = found(Some(norwich)).with_cards(vec![card("a", cromer), card("b", None)]);
        let metres: Vec<Option<u32>> = page.groups.iter().map(|g| g.distance_m).collect();
        assert!(metres[0].is_some_and(|m| (33_000..34_000).contains(&m)), "Norwich to Cromer is about 33 km: {metres:?}");
        assert_eq!(metres[1], None, "a group without a known place has no distance");
        let page = found(None).with_cards(vec![card("a", cromer)]);
        assert_eq!(page.groups[0].distance_m, None, "nothing asked, nothing said");
    }
}
