//! What the dashboard reports, computed from the groups and their rosters: each person's
//! attendance, completion and incentives (the check-in list, the attendance and incentives
//! exports), and the network's overview (this week, fill, waitlist demand, attendance rate,
//! incentives owed, new subscribers).

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::api::seat_protocol::RosterSnapshot;
use crate::model::{Bilingual, Group, LedgerEntry, Publication, Signup, SignupStatus, SubscriptionStatus};
use crate::rules::eligibility::is_complete;

/// One person on a group's check-in list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonProgress {
    pub signup: Signup,
    /// One mark per session, in session order.
    pub present: Vec<bool>,
    pub attended: u32,
    pub completed: bool,
    #[serde(default)]
    pub ledger: LedgerEntry,
    /// Completed, and a stipend or kit the group offers has not been recorded as given.
    pub stipend_owed: bool,
    pub kit_owed: bool,
}

/// Everyone who holds a seat or has attended anything, with their marks, sessions in order.
pub fn progress(group: &Group, snapshot: &RosterSnapshot) -> Vec<PersonProgress> {
    let mut sessions: Vec<i64> = group.sessions.iter().map(|s| s.starts_at.timestamp()).collect();
    sessions.sort();
    let total = sessions.len() as u32;
    snapshot
        .signups
        .iter()
        .filter_map(|s| {
            let present: Vec<bool> =
                sessions.iter().map(|at| snapshot.attendance.get(at).is_some_and(|ids| ids.contains(&s.id))).collect();
            let attended = present.iter().filter(|p| **p).count() as u32;
            if s.status != SignupStatus::Confirmed && attended == 0 {
                return None;
            }
            let completed = is_complete(attended, total, group.completion_percent);
            let ledger = snapshot.incentives.get(&s.id).cloned().unwrap_or_default();
            Some(PersonProgress {
                signup: s.clone(),
                stipend_owed: completed && group.incentives.stipend.is_some() && ledger.stipend_issued_on.is_none(),
                kit_owed: completed && group.incentives.kit && ledger.kit_shipped_on.is_none(),
                present,
                attended,
                completed,
                ledger,
            })
        })
        .collect()
}

/// A session in the coming seven days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpcomingSession {
    pub group_id: String,
    pub title: Bilingual,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub starts_at: DateTime<Utc>,
    pub time_zone: String,
    pub confirmed: u32,
    pub capacity: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupFill {
    pub group_id: String,
    pub title: Bilingual,
    /// Tells apart the same programme's runs ("Spring 2027").
    pub term: Bilingual,
    pub status: Publication,
    pub capacity: u32,
    pub confirmed: u32,
    pub waitlist: u32,
}

/// A count under a name (a language code, an audience code, a programme).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tally {
    pub key: String,
    pub count: u32,
}

/// How many of the people holding seats came to a session that has started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionAttendance {
    pub group_id: String,
    pub title: Bilingual,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub starts_at: DateTime<Utc>,
    pub present: u32,
    pub expected: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IncentiveTotals {
    pub completed: u32,
    pub stipends_owed: u32,
    pub stipend_amount_owed: u32,
    pub stipends_issued: u32,
    pub stipend_amount_issued: u32,
    pub kits_owed: u32,
    pub kits_shipped: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubscriberTotals {
    pub confirmed: u32,
    pub pending: u32,
    pub new_last_7_days: u32,
    pub new_last_30_days: u32,
    /// New subscribers per week, the last eight weeks, oldest first.
    pub weekly: Vec<u32>,
}

/// What the overview needs of a subscriber (the Worker keeps it beside each subscriber's key,
/// so counting them reads no values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubscriberFacts {
    pub status: SubscriptionStatus,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub created_at: DateTime<Utc>,
}

/// The network at a glance (`GET /api/admin/overview`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Overview {
    pub this_week: Vec<UpcomingSession>,
    pub fill: Vec<GroupFill>,
    pub demand_by_language: Vec<Tally>,
    pub demand_by_audience: Vec<Tally>,
    pub demand_by_program: Vec<Tally>,
    /// Started sessions, most recent first (at most 20).
    pub attendance: Vec<SessionAttendance>,
    pub incentives: IncentiveTotals,
    pub subscribers: SubscriberTotals,
}

fn tallies(counts: BTreeMap<String, u32>) -> Vec<Tally> {
    let mut out: Vec<Tally> =
        counts.into_iter().filter(|(_, n)| *n > 0).map(|(key, count)| Tally { key, count }).collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    out
}

/// Everything on the overview. Drafts and archived groups are left out: they are not running.
pub fn overview(groups: &[(Group, RosterSnapshot)], subscribers: &[SubscriberFacts], now: DateTime<Utc>) -> Overview {
    let running = groups.iter().filter(|(g, _)| matches!(g.status, Publication::Published | Publication::Unpublished));
    let mut out = Overview::default();
    let (mut by_language, mut by_audience, mut by_program) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    for (group, snapshot) in running {
        let count = snapshot.count;
        // Drop-ins have no seats to fill.
        if group.kind.takes_signups() {
            out.fill.push(GroupFill {
                group_id: group.id.clone(),
                title: group.title.clone(),
                term: group.term.clone(),
                status: group.status,
                capacity: count.capacity,
                confirmed: count.confirmed,
                waitlist: count.waitlist_length,
            });
        }
        *by_language.entry(group.language.code().to_string()).or_insert(0) += count.waitlist_length;
        for audience in &group.audiences {
            *by_audience.entry(audience.code().to_string()).or_insert(0) += count.waitlist_length;
        }
        let program = group.program.clone().unwrap_or_else(|| group.id.clone());
        *by_program.entry(program).or_insert(0) += count.waitlist_length;
        for session in &group.sessions {
            if session.starts_at >= now && session.starts_at < now + Duration::days(7) {
                out.this_week.push(UpcomingSession {
                    group_id: group.id.clone(),
                    title: group.title.clone(),
                    starts_at: session.starts_at,
                    time_zone: group.time_zone.clone(),
                    confirmed: count.confirmed,
                    capacity: count.capacity,
                });
            }
            if session.starts_at <= now && group.kind.takes_signups() {
                let present = snapshot.attendance.get(&session.starts_at.timestamp()).map_or(0, |ids| ids.len());
                out.attendance.push(SessionAttendance {
                    group_id: group.id.clone(),
                    title: group.title.clone(),
                    starts_at: session.starts_at,
                    present: present as u32,
                    expected: count.confirmed.max(present as u32),
                });
            }
        }
        for person in progress(group, snapshot) {
            let t = &mut out.incentives;
            t.completed += u32::from(person.completed);
            if person.stipend_owed {
                t.stipends_owed += 1;
                t.stipend_amount_owed += group.incentives.stipend.unwrap_or(0);
            }
            if person.ledger.stipend_issued_on.is_some() {
                t.stipends_issued += 1;
                t.stipend_amount_issued += person.ledger.stipend_amount.unwrap_or(0);
            }
            t.kits_owed += u32::from(person.kit_owed);
            t.kits_shipped += u32::from(person.ledger.kit_shipped_on.is_some());
        }
    }
    out.this_week.sort_by_key(|s| s.starts_at);
    out.fill.sort_by(|a, b| b.waitlist.cmp(&a.waitlist).then_with(|| a.group_id.cmp(&b.group_id)));
    out.attendance.sort_by_key(|a| std::cmp::Reverse(a.starts_at));
    out.attendance.truncate(20);
    out.demand_by_language = tallies(by_language);
    out.demand_by_audience = tallies(by_audience);
    out.demand_by_program = tallies(by_program);
    out.subscribers = subscriber_totals(subscribers, now);
    out
}

/// What the overview needs of a roster, and nothing about anyone: the people holding a seat or
/// who attended, by id and status only (no name, email or phone), the attendance marks, the
/// incentives given, the count. The catalogue object keeps this for every running group, so
/// the overview is one call however many groups there are; `overview` over it is the same as
/// over the whole roster.
pub fn overview_facts(snapshot: &RosterSnapshot) -> RosterSnapshot {
    let attended = |id: &str| snapshot.attendance.values().any(|ids| ids.iter().any(|i| i == id));
    let signups: Vec<Signup> = snapshot
        .signups
        .iter()
        .filter(|s| s.status == SignupStatus::Confirmed || attended(&s.id))
        .map(|s| Signup { name: String::new(), email: String::new(), phone: None, ..s.clone() })
        .collect();
    let incentives = snapshot.incentives.iter().filter(|(id, _)| signups.iter().any(|s| &s.id == *id));
    RosterSnapshot {
        incentives: incentives.map(|(id, entry)| (id.clone(), entry.clone())).collect(),
        signups,
        attendance: snapshot.attendance.clone(),
        notes: BTreeMap::new(),
        count: snapshot.count,
    }
}

pub fn subscriber_totals(subscribers: &[SubscriberFacts], now: DateTime<Utc>) -> SubscriberTotals {
    let mut t = SubscriberTotals { weekly: vec![0; 8], ..Default::default() };
    for s in subscribers {
        match s.status {
            SubscriptionStatus::Confirmed => t.confirmed += 1,
            SubscriptionStatus::Pending => t.pending += 1,
            SubscriptionStatus::Unsubscribed => continue,
        }
        let age = now - s.created_at;
        if age < Duration::zero() {
            continue;
        }
        t.new_last_7_days += u32::from(age < Duration::days(7));
        t.new_last_30_days += u32::from(age < Duration::days(30));
        let week = age.num_days() / 7;
        if week < 8 {
            t.weekly[7 - week as usize] += 1;
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::SeatCount;
    use crate::model::{Audience, Incentives, Session};
    use crate::Language;

    fn now() -> DateTime<Utc> {
        "2027-03-10T12:00:00Z".parse().unwrap()
    }

    fn signup(id: &str, status: SignupStatus) -> Signup {
        Signup {
            id: id.into(),
            group_id: "g".into(),
            name: id.into(),
            email: format!("{id}@x.org"),
            phone: None,
            language: Language::Es,
            status,
            waitlist_position: None,
            created_at: now(),
            updated_at: now(),
        }
    }

    /// Four weekly sessions, two in the past, one tomorrow; a $150 stipend and a kit.
    fn group() -> Group {
        let sessions = (0..4)
            .map(|i| Session {
                starts_at: now() + Duration::days(7 * i - 14) + Duration::hours(1),
                duration_minutes: 90,
                topic: Bilingual::default(),
                visitor: None,
            })
            .collect();
        Group {
            sessions,
            incentives: Incentives { stipend: Some(150), kit: true },
            audiences: vec![Audience::Ffn, Audience::Fcch],
            language: Language::Es,
            program: Some("cos".into()),
            ..Group::example("g")
        }
    }

    fn snapshot(g: &Group) -> RosterSnapshot {
        let at = |i: usize| g.sessions[i].starts_at.timestamp();
        let mut attendance = BTreeMap::new();
        attendance.insert(at(0), vec!["ana".to_string(), "bea".to_string(), "gone".to_string()]);
        attendance.insert(at(1), vec!["ana".to_string()]);
        attendance.insert(at(2), vec!["ana".to_string()]);
        let mut incentives = BTreeMap::new();
        incentives.insert(
            "ana".to_string(),
            LedgerEntry {
                stipend_issued_on: "2027-03-09".parse().ok(),
                stipend_amount: Some(150),
                kit_shipped_on: None,
            },
        );
        RosterSnapshot {
            signups: vec![
                signup("ana", SignupStatus::Confirmed),
                signup("bea", SignupStatus::Confirmed),
                signup("wait", SignupStatus::Waitlisted),
                signup("gone", SignupStatus::Cancelled),
                signup("never", SignupStatus::Cancelled),
            ],
            attendance,
            incentives,
            count: SeatCount { capacity: 2, confirmed: 2, seats_left: 0, waitlist_length: 3 },
            ..Default::default()
        }
    }

    #[test]
    fn progress_lists_seat_holders_and_anyone_who_came_with_completion_and_what_is_owed() {
        let g = group();
        let people = progress(&g, &snapshot(&g));
        let ids: Vec<&str> = people.iter().map(|p| p.signup.id.as_str()).collect();
        assert_eq!(ids, ["ana", "bea", "gone"], "the waitlist and people who never came are not on the sheet");
        let ana = &people[0];
        assert_eq!(ana.present, [true, true, true, false]);
        assert!(ana.completed, "3 of 4 is 75 %");
        assert!(!ana.stipend_owed && ana.kit_owed, "stipend issued, kit not shipped");
        assert!(!people[1].completed && !people[1].stipend_owed);
    }

    #[test]
    fn the_overview_counts_the_week_fill_demand_attendance_and_incentives() {
        let g = group();
        let mut draft = Group { status: Publication::Draft, ..Group::example("draft") };
        draft.sessions[0].starts_at = now() + Duration::days(1);
        let drop_in = Group { kind: crate::model::GroupKind::DropIn, ..Group::example("drop-in") };
        let o = overview(
            &[(g.clone(), snapshot(&g)), (draft, RosterSnapshot::default()), (drop_in, RosterSnapshot::default())],
            &[],
            now(),
        );
        assert_eq!(o.this_week.len(), 1, "one session of the published group in the next 7 days; drafts left out");
        assert_eq!(o.fill.len(), 1, "drafts and drop-ins have no seats to fill");
        assert_eq!(o.fill[0].waitlist, 3);
        assert_eq!(o.demand_by_language, [Tally { key: "es".into(), count: 3 }]);
        assert_eq!(o.demand_by_audience.len(), 2);
        assert_eq!(o.demand_by_program, [Tally { key: "cos".into(), count: 3 }]);
        assert_eq!(o.attendance.len(), 2, "two sessions have started");
        assert_eq!((o.attendance[1].present, o.attendance[1].expected), (3, 3), "the first session, oldest last");
        assert_eq!((o.attendance[0].present, o.attendance[0].expected), (1, 2));
        let t = &o.incentives;
        assert_eq!((t.completed, t.stipends_owed, t.stipends_issued, t.stipend_amount_issued), (1, 0, 1, 150));
        assert_eq!((t.kits_owed, t.kits_shipped), (1, 0));
    }

    #[test]
    fn the_overview_from_its_facts_is_the_overview_from_the_whole_roster_and_names_nobody() {
        let g = group();
        let whole = snapshot(&g);
        let facts = overview_facts(&whole);
        assert_eq!(overview(&[(g.clone(), facts.clone())], &[], now()), overview(&[(g.clone(), whole)], &[], now()));
        let ids: Vec<&str> = facts.signups.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["ana", "bea", "gone"], "the waitlist and who never came are not kept");
        assert!(facts.signups.iter().all(|s| s.name.is_empty() && s.email.is_empty() && s.phone.is_none()));
        assert!(facts.notes.is_empty());
    }

    #[test]
    fn new_subscribers_are_counted_by_week() {
        let sub = |days: i64, status| SubscriberFacts { status, created_at: now() - Duration::days(days) };
        let subs = [
            sub(1, SubscriptionStatus::Confirmed),
            sub(3, SubscriptionStatus::Pending),
            sub(10, SubscriptionStatus::Confirmed),
            sub(100, SubscriptionStatus::Confirmed),
            sub(2, SubscriptionStatus::Unsubscribed),
        ];
        let t = subscriber_totals(&subs, now());
        assert_eq!((t.confirmed, t.pending, t.new_last_7_days, t.new_last_30_days), (3, 1, 2, 3));
        assert_eq!(t.weekly, [0, 0, 0, 0, 0, 0, 1, 2]);
    }
}
