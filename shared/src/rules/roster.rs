//! A group's roster: its [`SeatLedger`] plus the signup records behind it. This is everything a
//! group's Durable Object keeps; the object only loads it, applies one command, and saves.
//!
//! Identity is the normalized email: the same person signing up twice gets the same signup
//! back, and someone who cancelled and signs up again gets their old signup reactivated at
//! the back of the queue.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::buddies::Buddies;
use super::helping::Helping;
use super::member_space::MemberSpace;
use super::seats::{Placement, SeatLedger};
use super::topics::TopicIdeas;
use crate::api::{SeatCount, SignupRequest};
use crate::model::{LedgerEntry, Session, Signup, SignupStatus};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roster {
    pub group_id: String,
    /// Grows with every change, so readers can tell newer counts from older ones.
    pub version: u64,
    ledger: SeatLedger<String>,
    /// Normalized email → signup id; never forgets, so a returning person keeps their signup.
    by_email: BTreeMap<String, String>,
    signups: BTreeMap<String, Signup>,
    /// Signup id → manage token. Kept only here, in the object's private storage, so later
    /// messages (promotion, reminders) can carry the person's link, and a link that names this
    /// group is checked here (one made before links named their group: KV holds its hash).
    #[serde(default)]
    tokens: BTreeMap<String, String>,
    /// `{session start}/{signup id}` of every reminder already sent.
    #[serde(default)]
    reminded: BTreeSet<String>,
    /// Drop-ins: session start (Unix seconds) → the devices that said "I'll come".
    #[serde(default)]
    going: BTreeMap<i64, BTreeSet<String>>,
    /// Session start (Unix seconds) → the signups marked present.
    #[serde(default)]
    attendance: BTreeMap<i64, BTreeSet<String>>,
    /// Signup id → the facilitators' private note about the person.
    #[serde(default)]
    notes: BTreeMap<String, String>,
    /// Signup id → stipend issued, kit shipped (the incentives ledger).
    #[serde(default)]
    incentives: BTreeMap<String, LedgerEntry>,
    /// Seats given by hand ("give a seat now"), on top of the group's configured capacity; a
    /// later capacity change keeps them.
    #[serde(default)]
    extra_seats: u32,
    /// The group's sessions, and whether its people are reminded of them (not once it is
    /// archived): the group's object sets its own alarm for the reminders from these.
    #[serde(default)]
    schedule: Vec<Session>,
    #[serde(default)]
    reminding: bool,
    /// A local group's meetings, host offers and key issues (`member_space`).
    #[serde(default, skip_serializing_if = "MemberSpace::is_empty")]
    space: MemberSpace,
    /// A family group's tasks per session and who helps (`helping`).
    #[serde(default, skip_serializing_if = "Helping::is_empty")]
    helping: Helping,
    /// A family group's buddy requests, offers and pairings (`buddies`).
    #[serde(default, skip_serializing_if = "Buddies::is_empty")]
    buddies: Buddies,
    /// Topics its families would like a visitor to talk about (`topics`).
    #[serde(default, skip_serializing_if = "TopicIdeas::is_empty")]
    topics: TopicIdeas,
}

/// The longest private note the facilitators keep about a person.
pub const NOTE_MAX_CHARS: usize = 2_000;
/// The longest reason the network gives someone it removes (it goes in their message).
pub const REMOVAL_REASON_MAX_CHARS: usize = 500;

/// Whether a note may be kept (empty removes it).
pub fn note_is_valid(note: &str) -> bool {
    note.chars().count() <= NOTE_MAX_CHARS
}

/// Whether a removal's reason may be sent: said, and short enough for a message.
pub fn removal_reason_is_valid(reason: &str) -> bool {
    let reason = reason.trim();
    !reason.is_empty() && reason.chars().count() <= REMOVAL_REASON_MAX_CHARS
}

/// What a join did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinOutcome {
    pub signup: Signup,
    /// A new signup record was created (the caller hands out its manage token).
    pub created: bool,
    /// The seat state changed (new or reactivated signup).
    pub changed: bool,
}

/// What a cancellation did: the cancelled signup and whoever its seat went to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CancelOutcome {
    pub signup: Signup,
    pub promoted: Vec<Signup>,
    pub changed: bool,
    /// A local group's member left its space too: whom that tells (`MemberSpace::leave`).
    pub space: super::member_space::Notices,
}

impl Roster {
    pub fn new(group_id: impl Into<String>, capacity: u32) -> Self {
        Roster {
            group_id: group_id.into(),
            version: 0,
            ledger: SeatLedger::new(capacity),
            by_email: BTreeMap::new(),
            signups: BTreeMap::new(),
            tokens: BTreeMap::new(),
            reminded: BTreeSet::new(),
            going: BTreeMap::new(),
            attendance: BTreeMap::new(),
            notes: BTreeMap::new(),
            incentives: BTreeMap::new(),
            extra_seats: 0,
            schedule: Vec::new(),
            reminding: false,
            space: MemberSpace::default(),
            helping: Helping::default(),
            buddies: Buddies::default(),
            topics: TopicIdeas::default(),
        }
    }

    pub fn helping(&self) -> &Helping {
        &self.helping
    }

    pub fn helping_mut(&mut self) -> &mut Helping {
        &mut self.helping
    }

    pub fn buddies(&self) -> &Buddies {
        &self.buddies
    }

    pub fn buddies_mut(&mut self) -> &mut Buddies {
        &mut self.buddies
    }

    pub fn topics(&self) -> &TopicIdeas {
        &self.topics
    }

    pub fn topics_mut(&mut self) -> &mut TopicIdeas {
        &mut self.topics
    }

    pub fn space(&self) -> &MemberSpace {
        &self.space
    }

    pub fn space_mut(&mut self) -> &mut MemberSpace {
        &mut self.space
    }

    /// A member of a local group: signed up and confirmed (someone who left, or waits for a
    /// place the group limits, is not).
    pub fn is_member(&self, signup_id: &str) -> bool {
        self.signups.get(signup_id).is_some_and(|s| s.status == SignupStatus::Confirmed)
    }

    /// The group's sessions and whether reminders go out; answers whether anything changed.
    pub fn set_schedule(&mut self, sessions: Vec<Session>, reminding: bool) -> bool {
        if self.schedule == sessions && self.reminding == reminding {
            return false;
        }
        self.schedule = sessions;
        self.reminding = reminding;
        self.version += 1;
        true
    }

    pub fn schedule(&self) -> &[Session] {
        &self.schedule
    }

    /// When the next reminder is due (now, if one already is): 24 hours before the first
    /// upcoming session that has a confirmed person not yet reminded of it. `None` when
    /// nobody is owed one, or the group sends none.
    pub fn next_reminder_due(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        // A local group's elections move on by the clock (messages, terms, access).
        // A family group's buddy nudges come by the clock too.
        let elections = self.space.leadership.next_due(now).into_iter().chain(self.space.board.next_due(now)).chain(self.buddies.next_due(now)).min();
        if !self.reminding {
            return elections;
        }
        // From the ledger (no per-person lookups: this runs on every change).
        let confirmed: Vec<&String> = self.ledger.confirmed().iter().filter_map(|email| self.by_email.get(email)).collect();
        let sessions = self
            .schedule
            .iter()
            .filter(|s| s.starts_at > now)
            .filter(|s| {
                confirmed.iter().any(|id| !self.reminded.contains(&format!("{}/{id}", s.starts_at.timestamp())))
            })
            .map(|s| s.starts_at - chrono::Duration::hours(24));
        // A local group's meetings: those coming are reminded the day before, with the address.
        sessions.chain(self.space.next_reminder_due(now)).chain(elections).map(|at| at.max(now)).min()
    }

    /// Replace the private note on a signup (empty removes it). Returns the note before, or
    /// `None` for an unknown signup.
    pub fn set_note(&mut self, signup_id: &str, note: &str) -> Option<String> {
        self.signups.get(signup_id)?;
        let note = note.trim();
        let before = if note.is_empty() {
            self.notes.remove(signup_id)
        } else {
            self.notes.insert(signup_id.to_string(), note.to_string())
        };
        self.version += 1;
        Some(before.unwrap_or_default())
    }

    pub fn notes(&self) -> &BTreeMap<String, String> {
        &self.notes
    }

    /// Record what a signup has been given. Returns the entry before, or `None` for an unknown
    /// signup.
    pub fn set_ledger(&mut self, signup_id: &str, entry: LedgerEntry) -> Option<LedgerEntry> {
        self.signups.get(signup_id)?;
        let before = if entry.is_empty() {
            self.incentives.remove(signup_id)
        } else {
            self.incentives.insert(signup_id.to_string(), entry)
        };
        self.version += 1;
        Some(before.unwrap_or_default())
    }

    pub fn incentives(&self) -> &BTreeMap<String, LedgerEntry> {
        &self.incentives
    }

    /// Give a waitlisted person a seat now, ahead of the line, by adding a seat for them.
    /// `None` if the signup is unknown or not waitlisted.
    pub fn seat_out_of_turn(&mut self, id: &str, now: DateTime<Utc>) -> Option<Signup> {
        let email = self.signups.get(id)?.email.clone();
        if !self.ledger.seat_out_of_turn(&email) {
            return None;
        }
        self.extra_seats += 1;
        self.version += 1;
        self.signups.get_mut(id)?.updated_at = now;
        Some(self.refresh(id))
    }

    /// Remove everything that identifies the person with this email, keeping the counts: their
    /// seat is given up (the next in line is promoted), the record stays as an anonymous
    /// cancelled signup with its attendance, the note is deleted. Returns the anonymized
    /// signup and whoever was promoted, or `None` if the email never signed up here.
    pub fn erase(&mut self, email: &str, now: DateTime<Utc>) -> Option<CancelOutcome> {
        let id = self.by_email.get(email)?.clone();
        let outcome = self.cancel(&id, now)?;
        let anonymous = Signup::erased_email(&id);
        self.ledger.rename(&email.to_string(), anonymous.clone());
        self.by_email.remove(email);
        self.by_email.insert(anonymous.clone(), id.clone());
        let record = self.signups.get_mut(&id)?;
        record.name = String::new();
        record.email = anonymous;
        record.phone = None;
        record.updated_at = now;
        self.notes.remove(&id);
        self.tokens.remove(&id);
        self.space.forget(&id);
        let group = self.group_id.clone();
        let mut space = outcome.space;
        space.posts.extend(self.space.board.erase(&group, &id, &group));
        self.version += 1;
        Some(CancelOutcome { signup: self.refresh(&id), promoted: outcome.promoted, changed: true, space })
    }

    /// Mark a signup present or absent at the session starting at `session`. Returns whether it
    /// was present before, or `None` for an unknown signup.
    pub fn mark_attendance(&mut self, session: DateTime<Utc>, signup_id: &str, present: bool) -> Option<bool> {
        self.signups.get(signup_id)?;
        let marks = self.attendance.entry(session.timestamp()).or_default();
        let before = marks.contains(signup_id);
        if present {
            marks.insert(signup_id.to_string());
        } else {
            marks.remove(signup_id);
        }
        if before != present {
            self.version += 1;
        }
        Some(before)
    }

    /// Session start (Unix seconds) → who was there.
    pub fn attendance(&self) -> &BTreeMap<i64, BTreeSet<String>> {
        &self.attendance
    }

    pub fn was_present(&self, session: DateTime<Utc>, signup_id: &str) -> bool {
        self.attendance.get(&session.timestamp()).is_some_and(|m| m.contains(signup_id))
    }

    /// How many of `sessions` a signup attended.
    pub fn attended(&self, signup_id: &str, sessions: &[Session]) -> u32 {
        sessions.iter().filter(|s| self.was_present(s.starts_at, signup_id)).count() as u32
    }

    /// "I'll come": counted once per device per session. Returns the count.
    /// "I'll come" from a device, counted once; past `max` devices for that session nothing
    /// more is stored (the count is a guide for the host, and one client must not grow the
    /// group's storage without bound).
    pub fn rsvp(&mut self, session: DateTime<Utc>, device: &str, max: u32) -> u32 {
        let going = self.going.entry(session.timestamp()).or_default();
        if (going.len() as u32) < max && going.insert(device.to_string()) {
            self.version += 1;
        }
        self.going_to(session)
    }

    pub fn going_to(&self, session: DateTime<Utc>) -> u32 {
        self.going.get(&session.timestamp()).map_or(0, |d| d.len() as u32)
    }

    pub fn set_token(&mut self, signup_id: &str, token: String) {
        self.tokens.insert(signup_id.to_string(), token);
    }

    pub fn token(&self, signup_id: &str) -> Option<&str> {
        self.tokens.get(signup_id).map(String::as_str)
    }

    /// The signup whose manage link is `token`, if any. Compared in constant time: how long a
    /// wrong guess takes tells nothing about the right one.
    pub fn link_holder(&self, token: &str) -> Option<&str> {
        let same = |kept: &str| {
            kept.len() == token.len() && kept.bytes().zip(token.bytes()).fold(0u8, |d, (a, b)| d | (a ^ b)) == 0
        };
        self.tokens.iter().find(|(_, kept)| same(kept)).map(|(id, _)| id.as_str())
    }

    /// Reminders owed at `now`: for each session starting within the next 24 hours, every
    /// confirmed person not yet reminded of it. Marks them as reminded.
    pub fn take_due_reminders(&mut self, sessions: &[Session], now: DateTime<Utc>) -> Vec<(Signup, Session)> {
        let mut due = Vec::new();
        for session in sessions.iter().filter(|s| s.starts_at > now && s.starts_at - chrono::Duration::hours(24) <= now)
        {
            let confirmed: Vec<Signup> = self.signups().filter(|s| s.status == SignupStatus::Confirmed).collect();
            for signup in confirmed {
                let key = format!("{}/{}", session.starts_at.timestamp(), signup.id);
                if self.reminded.insert(key) {
                    due.push((signup, session.clone()));
                }
            }
        }
        if !due.is_empty() {
            self.version += 1;
        }
        due
    }

    pub fn count(&self) -> SeatCount {
        SeatCount {
            capacity: self.ledger.capacity(),
            confirmed: self.ledger.confirmed_count(),
            seats_left: self.ledger.seats_left(),
            waitlist_length: self.ledger.waitlist_len(),
        }
    }

    /// A signup with its current status and waitlist position.
    pub fn signup(&self, id: &str) -> Option<Signup> {
        let mut s = self.signups.get(id)?.clone();
        match self.ledger.placement(&s.email) {
            Some(Placement::Confirmed) => {
                s.status = SignupStatus::Confirmed;
                s.waitlist_position = None;
            }
            Some(Placement::Waitlisted(n)) => {
                s.status = SignupStatus::Waitlisted;
                s.waitlist_position = Some(n);
            }
            None => {
                s.status = SignupStatus::Cancelled;
                s.waitlist_position = None;
            }
        }
        Some(s)
    }

    pub fn signup_by_email(&self, email: &str) -> Option<Signup> {
        self.signup(self.by_email.get(email)?)
    }

    /// Every signup, in no particular order (for restoring KV copies, rosters and exports).
    pub fn signups(&self) -> impl Iterator<Item = Signup> + '_ {
        self.signups.keys().filter_map(|id| self.signup(id))
    }

    /// Sign up `request` (already validated and normalized). `new_id` names the record if one
    /// is created.
    pub fn join(&mut self, request: SignupRequest, new_id: String, now: DateTime<Utc>) -> JoinOutcome {
        let email = request.email.clone();
        // The same address again changes nothing, whatever its state: whoever typed it has not
        // shown they own it (the link sent to the address on file lets the owner act).
        if let Some(existing) = self.signup_by_email(&email) {
            return JoinOutcome { signup: existing, created: false, changed: false };
        }
        self.ledger.join(email.clone());
        self.version += 1;
        self.by_email.insert(email.clone(), new_id.clone());
        self.signups.insert(
            new_id.clone(),
            Signup {
                id: new_id.clone(),
                group_id: self.group_id.clone(),
                name: request.name,
                email,
                phone: request.phone,
                language: request.language,
                status: SignupStatus::Waitlisted,
                waitlist_position: None,
                created_at: now,
                updated_at: now,
            },
        );
        let signup = self.refresh(&new_id);
        JoinOutcome { signup, created: true, changed: true }
    }

    /// Back after cancelling, through the manage link: same record, same link, back of the
    /// queue (or a seat, if one is free). Anyone else is left as they are.
    pub fn rejoin(&mut self, id: &str, now: DateTime<Utc>) -> Option<JoinOutcome> {
        let existing = self.signup(id).filter(|s| !s.is_erased())?;
        if existing.status != SignupStatus::Cancelled {
            return Some(JoinOutcome { signup: existing, created: false, changed: false });
        }
        self.ledger.join(existing.email.clone());
        self.version += 1;
        self.signups.get_mut(id)?.updated_at = now;
        let signup = self.refresh(id);
        Some(JoinOutcome { signup, created: false, changed: true })
    }

    /// Whether someone new would find no seat and the waitlist already at `max`.
    pub fn waitlist_is_full(&self, max: u32) -> bool {
        self.ledger.seats_left() == 0 && self.ledger.waitlist_len() >= max
    }

    /// Cancel a signup; the freed seat goes to the head of the waitlist. Cancelling twice is
    /// harmless and changes nothing.
    pub fn cancel(&mut self, id: &str, now: DateTime<Utc>) -> Option<CancelOutcome> {
        let email = self.signups.get(id)?.email.clone();
        let Some((_, promoted)) = self.ledger.cancel(&email) else {
            return Some(CancelOutcome { signup: self.signup(id)?, promoted: vec![], changed: false, space: Default::default() });
        };
        self.version += 1;
        self.signups.get_mut(id)?.updated_at = now;
        let signup = self.refresh(id);
        let promoted = self.refresh_promoted(promoted, now);
        let mut space = self.space.leave(id, now);
        // Places they held helping out go back.
        self.helping.leave(id);
        // So do their buddy request, offer and pairings.
        self.buddies.leave(id, now);
        self.topics.leave(id);
        // Their posts close (and leave the board's listing, as owed work).
        let group = self.group_id.clone();
        space.posts = self.space.board.forget(&group, id, &group);
        Some(CancelOutcome { signup, promoted, changed: true, space })
    }

    /// Change a signup's name, phone and language; its place is untouched.
    /// An erased record takes no details back.
    pub fn update(&mut self, id: &str, details: crate::api::DetailsUpdate, now: DateTime<Utc>) -> Option<Signup> {
        let record = self.signups.get_mut(id).filter(|r| !r.is_erased())?;
        record.name = details.name;
        record.phone = details.phone;
        record.language = details.language;
        record.updated_at = now;
        self.version += 1;
        self.signup(id)
    }

    /// Set the group's configured number of seats (seats given by hand come on top); a larger
    /// number promotes from the head of the waitlist.
    pub fn set_capacity(&mut self, capacity: u32, now: DateTime<Utc>) -> Vec<Signup> {
        let capacity = capacity + self.extra_seats;
        if capacity == self.ledger.capacity() {
            return vec![];
        }
        let promoted = self.ledger.set_capacity(capacity);
        self.version += 1;
        self.refresh_promoted(promoted, now)
    }

    fn refresh_promoted(&mut self, emails: Vec<String>, now: DateTime<Utc>) -> Vec<Signup> {
        let ids: Vec<String> = emails.iter().filter_map(|e| self.by_email.get(e).cloned()).collect();
        ids.iter()
            .map(|id| {
                if let Some(s) = self.signups.get_mut(id) {
                    s.updated_at = now;
                }
                self.refresh(id)
            })
            .collect()
    }

    /// Store the current status on the record itself (what the KV copy shows) and return it.
    fn refresh(&mut self, id: &str) -> Signup {
        let current = self.signup(id).expect("refresh is only called for known signups");
        let record = self.signups.get_mut(id).expect("known signup");
        record.status = current.status;
        record.waitlist_position = current.waitlist_position;
        current
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Language;
    use proptest::prelude::*;

    fn now() -> DateTime<Utc> {
        "2026-11-22T10:00:00Z".parse().unwrap()
    }

    fn request(email: &str) -> SignupRequest {
        SignupRequest { name: "Ana".into(), email: email.into(), phone: None, language: Language::Es }
    }

    /// A group at its fullest — 50 seats and the longest waitlist (500), every person with a
    /// link and a long note, a year of weekly sessions marked and reminded, drop-in answers — is
    /// stored in parts (`crate::stored`), none past 128 KiB, that join back into the same roster.
    #[test]
    fn a_full_group_stores_in_parts_none_past_the_bound_on_one_value() {
        let mut r = Roster::new("cos-well-being-es-spring-2027", 50);
        for n in 0..550 {
            let request = SignupRequest {
                name: format!("María Fernanda Castillo-Rodríguez {n}"),
                email: format!("maria.fernanda.castillo.rodriguez.{n}@example.org"),
                phone: Some("+1 559 555 0142".into()),
                language: Language::Es,
            };
            let id = format!("{:024x}", n);
            r.join(request, id.clone(), now());
            r.set_token(&id, format!("{:064x}", n));
            r.set_note(&id, &"ñ".repeat(NOTE_MAX_CHARS));
        }
        let confirmed: Vec<String> = r.signups().filter(|s| s.status == SignupStatus::Confirmed).map(|s| s.id).collect();
        for week in 0..52 {
            let starts_at = now() + chrono::Duration::weeks(week) + chrono::Duration::hours(12);
            let session = Session { starts_at, duration_minutes: 90, topic: Default::default(), visitor: None };
            assert_eq!(r.take_due_reminders(std::slice::from_ref(&session), starts_at - chrono::Duration::hours(1)).len(), 50);
            for id in &confirmed {
                r.mark_attendance(starts_at, id, true);
            }
            for device in 0..1000 {
                r.rsvp(starts_at, &format!("{device:032x}"), 1000);
            }
        }
        let json = serde_json::to_string(&r).unwrap();
        let whole = json.len();
        let parts = crate::stored::split(&json).unwrap();
        let largest = parts.values().map(String::len).max().unwrap();
        println!("a full roster: {whole} bytes as one value; {} parts, the largest {largest} bytes", parts.len());
        assert!(whole > crate::stored::MAX_PART_BYTES, "the case is big enough to need parts ({whole} bytes)");
        assert!(largest <= crate::stored::MAX_PART_BYTES, "{largest} bytes in one part");
        let joined = crate::stored::join(parts.iter().map(|(k, v)| (k.as_str(), v.as_str()))).unwrap();
        assert_eq!(serde_json::from_value::<Roster>(joined).unwrap(), r);
    }

    #[test]
    fn a_removal_needs_a_reason_short_enough_for_a_message_and_a_note_has_a_ceiling() {
        assert!(!removal_reason_is_valid("   "));
        assert!(removal_reason_is_valid(&"é".repeat(REMOVAL_REASON_MAX_CHARS)));
        assert!(!removal_reason_is_valid(&"é".repeat(REMOVAL_REASON_MAX_CHARS + 1)));
        assert!(note_is_valid("") && note_is_valid(&"ñ".repeat(NOTE_MAX_CHARS)));
        assert!(!note_is_valid(&"ñ".repeat(NOTE_MAX_CHARS + 1)));
    }

    #[test]
    fn the_same_email_twice_is_the_same_signup() {
        let mut r = Roster::new("g", 2);
        let first = r.join(request("ana@example.com"), "id1".into(), now());
        let again = r.join(request("ana@example.com"), "id2".into(), now());
        assert!(first.created && !again.created && !again.changed);
        assert_eq!(again.signup.id, "id1");
        assert_eq!(r.count().confirmed, 1);
    }

    #[test]
    fn cancel_promotes_the_waitlist_head_and_reports_it() {
        let mut r = Roster::new("g", 1);
        r.join(request("a@x.org"), "a".into(), now());
        r.join(request("b@x.org"), "b".into(), now());
        r.join(request("c@x.org"), "c".into(), now());
        assert_eq!(r.signup("c").unwrap().waitlist_position, Some(2));
        let out = r.cancel("a", now()).unwrap();
        assert_eq!(out.signup.status, SignupStatus::Cancelled);
        assert_eq!(out.promoted.len(), 1);
        assert_eq!(out.promoted[0].id, "b");
        assert_eq!(out.promoted[0].status, SignupStatus::Confirmed);
        assert_eq!(r.signup("c").unwrap().waitlist_position, Some(1));
    }

    #[test]
    fn cancelling_twice_changes_nothing_the_second_time() {
        let mut r = Roster::new("g", 1);
        r.join(request("a@x.org"), "a".into(), now());
        assert!(r.cancel("a", now()).unwrap().changed);
        let v = r.version;
        assert!(!r.cancel("a", now()).unwrap().changed);
        assert_eq!(r.version, v);
        assert!(r.cancel("nobody", now()).is_none());
    }

    #[test]
    fn a_returning_person_keeps_their_signup_and_goes_to_the_back() {
        let mut r = Roster::new("g", 1);
        r.join(request("a@x.org"), "a".into(), now());
        r.join(request("b@x.org"), "b".into(), now());
        r.cancel("b", now());
        let back = r.rejoin("b", now()).unwrap();
        assert!(!back.created && back.changed);
        assert_eq!(back.signup.id, "b");
        assert_eq!(back.signup.waitlist_position, Some(1));
        assert!(!r.rejoin("b", now()).unwrap().changed, "rejoining twice changes nothing");
    }

    #[test]
    fn someone_typing_a_cancelled_persons_email_changes_nothing_of_theirs() {
        let mut r = Roster::new("g", 1);
        r.join(request("b@x.org"), "b".into(), now());
        r.cancel("b", now());
        let v = r.version;
        let mut stranger = request("b@x.org");
        stranger.name = "Stranger".into();
        stranger.phone = Some("555 0000 99".into());
        let outcome = r.join(stranger, "b2".into(), now());
        assert!(!outcome.created && !outcome.changed);
        let b = r.signup("b").unwrap();
        assert_eq!((b.name.as_str(), b.phone.clone(), b.status), ("Ana", None, SignupStatus::Cancelled));
        assert_eq!(r.version, v);
    }

    #[test]
    fn the_waitlist_stops_growing_at_its_cap() {
        let mut r = Roster::new("g", 1);
        r.join(request("a@x.org"), "a".into(), now());
        assert!(!r.waitlist_is_full(2));
        r.join(request("b@x.org"), "b".into(), now());
        r.join(request("c@x.org"), "c".into(), now());
        assert!(r.waitlist_is_full(2));
        r.set_capacity(2, now());
        assert!(!r.waitlist_is_full(2), "a free seat is not a full waitlist");
    }

    #[test]
    fn raising_capacity_promotes_and_bumps_the_version() {
        let mut r = Roster::new("g", 0);
        r.join(request("a@x.org"), "a".into(), now());
        let v = r.version;
        let promoted = r.set_capacity(5, now());
        assert_eq!(promoted.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), vec!["a"]);
        assert!(r.version > v);
        assert_eq!(r.count().seats_left, 4);
    }

    #[test]
    fn reminders_are_due_within_24_hours_once_per_confirmed_person_and_session() {
        use crate::model::Bilingual;
        let mut r = Roster::new("g", 1);
        r.join(request("a@x.org"), "a".into(), now());
        r.join(request("b@x.org"), "b".into(), now());
        let session = |hours: i64| Session {
            starts_at: now() + chrono::Duration::hours(hours),
            duration_minutes: 90,
            topic: Bilingual::default(),
            visitor: None,
        };
        let sessions = vec![session(23), session(25), session(-1)];
        let due = r.take_due_reminders(&sessions, now());
        assert_eq!(due.len(), 1, "only the confirmed person, only the session within 24 h");
        assert_eq!(due[0].0.id, "a");
        assert_eq!(due[0].1.starts_at, sessions[0].starts_at);
        assert!(r.take_due_reminders(&sessions, now()).is_empty(), "never twice");
        let later = now() + chrono::Duration::hours(2);
        assert_eq!(r.take_due_reminders(&sessions, later).len(), 1, "the next session's turn comes");
    }

    #[test]
    fn the_next_reminder_is_due_a_day_before_the_first_session_someone_is_owed_one_for() {
        use crate::model::Bilingual;
        let session = |hours: i64| Session {
            starts_at: now() + chrono::Duration::hours(hours),
            duration_minutes: 90,
            topic: Bilingual::default(),
            visitor: None,
        };
        let mut r = Roster::new("g", 1);
        r.set_schedule(vec![session(-1), session(30), session(100)], true);
        assert_eq!(r.next_reminder_due(now()), None, "nobody is confirmed yet");
        r.join(request("a@x.org"), "a".into(), now());
        assert_eq!(r.next_reminder_due(now()), Some(now() + chrono::Duration::hours(6)));
        let later = now() + chrono::Duration::hours(7);
        assert_eq!(r.next_reminder_due(later), Some(later), "due now");
        let sessions = r.schedule().to_vec();
        assert_eq!(r.take_due_reminders(&sessions, later).len(), 1);
        assert_eq!(r.next_reminder_due(later), Some(now() + chrono::Duration::hours(76)), "then the next session");
        r.set_schedule(sessions, false);
        assert_eq!(r.next_reminder_due(later), None, "an archived group reminds nobody");
    }

    #[test]
    fn updating_details_keeps_the_place() {
        let mut r = Roster::new("g", 1);
        r.join(request("a@x.org"), "a".into(), now());
        r.join(request("b@x.org"), "b".into(), now());
        let details =
            crate::api::DetailsUpdate { name: "Bea".into(), phone: Some("555 0100 22".into()), language: Language::En };
        let b = r.update("b", details, now()).unwrap();
        assert_eq!((b.name.as_str(), b.language, b.waitlist_position), ("Bea", Language::En, Some(1)));
        assert_eq!(r.update("nobody", Default::default(), now()), None);
    }

    #[test]
    fn ill_come_counts_each_device_once_per_session() {
        let mut r = Roster::new("drop-in", 0);
        let (first, second) = (now(), now() + chrono::Duration::days(28));
        assert_eq!(r.rsvp(first, "phone-a", 100), 1);
        assert_eq!(r.rsvp(first, "phone-a", 100), 1);
        assert_eq!(r.rsvp(first, "phone-b", 100), 2);
        assert_eq!(r.rsvp(second, "phone-a", 100), 1);
        assert_eq!(r.going_to(first), 2);
    }

    #[test]
    fn ill_come_stops_counting_and_storing_at_the_cap() {
        let mut r = Roster::new("drop-in", 0);
        for device in ["a", "b", "c", "d"] {
            r.rsvp(now(), device, 3);
        }
        assert_eq!(r.going_to(now()), 3);
        let v = r.version;
        assert_eq!(r.rsvp(now(), "e", 3), 3);
        assert_eq!(r.version, v, "nothing more stored");
    }

    #[test]
    fn attendance_is_marked_per_session_and_counted() {
        use crate::model::Bilingual;
        let mut r = Roster::new("g", 5);
        r.join(request("a@x.org"), "a".into(), now());
        let sessions: Vec<Session> = (0..4)
            .map(|i| Session {
                starts_at: now() + chrono::Duration::days(7 * i),
                duration_minutes: 90,
                topic: Bilingual::default(),
                visitor: None,
            })
            .collect();
        assert_eq!(r.mark_attendance(sessions[0].starts_at, "a", true), Some(false));
        assert_eq!(r.mark_attendance(sessions[0].starts_at, "a", true), Some(true), "marking twice is harmless");
        r.mark_attendance(sessions[1].starts_at, "a", true);
        r.mark_attendance(sessions[2].starts_at, "a", true);
        assert_eq!(r.attended("a", &sessions), 3);
        assert!(crate::rules::eligibility::is_complete(r.attended("a", &sessions), 4, 75));
        assert_eq!(r.mark_attendance(sessions[2].starts_at, "a", false), Some(true));
        assert_eq!(r.attended("a", &sessions), 2);
        assert_eq!(r.mark_attendance(sessions[0].starts_at, "nobody", true), None);
    }

    #[test]
    fn a_waitlisted_person_can_be_seated_by_hand_with_one_more_seat() {
        let mut r = Roster::new("g", 1);
        r.join(request("a@x.org"), "a".into(), now());
        r.join(request("b@x.org"), "b".into(), now());
        r.join(request("c@x.org"), "c".into(), now());
        let seated = r.seat_out_of_turn("c", now()).expect("c was waiting");
        assert_eq!(seated.status, SignupStatus::Confirmed);
        assert_eq!(r.count().capacity, 2);
        assert_eq!(r.signup("b").unwrap().waitlist_position, Some(1));
        assert_eq!(r.seat_out_of_turn("a", now()), None, "already seated");
        assert_eq!(r.seat_out_of_turn("zz", now()), None);
        // The group's own setting is still one seat; saving it again keeps the seat given.
        assert!(r.set_capacity(1, now()).is_empty());
        assert_eq!(r.count().capacity, 2);
        assert_eq!(r.signup("c").unwrap().status, SignupStatus::Confirmed);
        // One more configured seat goes to the head of the line.
        assert_eq!(r.set_capacity(2, now())[0].id, "b");
    }

    #[test]
    fn notes_and_the_incentives_ledger_are_kept_per_signup() {
        let mut r = Roster::new("g", 1);
        r.join(request("a@x.org"), "a".into(), now());
        assert_eq!(r.set_note("a", "  prefers evening calls "), Some(String::new()));
        assert_eq!(r.set_note("a", ""), Some("prefers evening calls".into()));
        assert!(r.notes().is_empty());
        assert_eq!(r.set_note("nobody", "x"), None);
        let entry = LedgerEntry { stipend_amount: Some(150), ..Default::default() };
        assert_eq!(r.set_ledger("a", entry.clone()), Some(LedgerEntry::default()));
        assert_eq!(r.incentives().get("a"), Some(&entry));
        assert_eq!(r.set_ledger("nobody", entry), None);
    }

    #[test]
    fn a_link_leads_to_its_holder_only_while_they_are_on_file() {
        let mut r = Roster::new("g", 1);
        r.join(request("a@x.org"), "a".into(), now());
        r.join(request("b@x.org"), "b".into(), now());
        r.set_token("a", "g_aaaa".into());
        r.set_token("b", "g_bbbb".into());
        assert_eq!(r.link_holder("g_aaaa"), Some("a"));
        assert_eq!(r.link_holder("g_bbbb"), Some("b"));
        for guess in ["g_aaab", "g_aaa", "g_aaaaa", "", "a"] {
            assert_eq!(r.link_holder(guess), None, "{guess:?}");
        }
        r.erase("a@x.org", now());
        assert_eq!(r.link_holder("g_aaaa"), None, "an erased person's link leads nowhere");
    }

    #[test]
    fn erasing_a_person_keeps_counts_but_not_identity() {
        let mut r = Roster::new("g", 1);
        r.join(request("a@x.org"), "a".into(), now());
        r.join(request("b@x.org"), "b".into(), now());
        r.set_note("a", "private");
        r.set_token("a", "secret".into());
        r.mark_attendance(now(), "a", true);
        let outcome = r.erase("a@x.org", now()).expect("a signed up");
        assert_eq!(outcome.signup.status, SignupStatus::Cancelled);
        assert_eq!(outcome.promoted.len(), 1, "the freed seat goes to the next in line");
        let json = serde_json::to_string(&r).unwrap();
        assert!(!json.contains("a@x.org") && !json.contains("private"));
        assert!(!json.contains("secret"));
        assert_eq!(r.signup("a").unwrap().name, "");
        assert!(r.was_present(now(), "a"), "attendance counts stay");
        assert!(r.erase("a@x.org", now()).is_none(), "nothing left to erase");
        let details = crate::api::DetailsUpdate { name: "Back".into(), phone: None, language: Language::En };
        assert!(r.update("a", details, now()).is_none(), "an old link cannot bring details back");
        // The same email may sign up again later as a new person.
        assert!(r.join(request("a@x.org"), "a2".into(), now()).created);
    }

    #[test]
    fn the_roster_survives_a_round_trip_through_json() {
        let mut r = Roster::new("g", 1);
        r.join(request("a@x.org"), "a".into(), now());
        r.join(request("b@x.org"), "b".into(), now());
        let back: Roster = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        assert_eq!(back, r);
    }

    proptest! {
        #[test]
        fn stored_statuses_always_match_the_ledger(ops in proptest::collection::vec((0u8..4, 0u8..12), 0..80), capacity in 0u32..6) {
            let mut r = Roster::new("g", capacity);
            for (op, who) in ops {
                let email = format!("p{who}@x.org");
                match op {
                    0 => { r.join(request(&email), format!("id{who}"), now()); }
                    1 => { if let Some(id) = r.by_email.get(&email).cloned() { r.cancel(&id, now()); } }
                    2 => { if let Some(id) = r.by_email.get(&email).cloned() { r.rejoin(&id, now()); } }
                    _ => { r.set_capacity(who as u32 % 6, now()); }
                }
                let count = r.count();
                let confirmed = r.signups().filter(|s| s.status == SignupStatus::Confirmed).count() as u32;
                let mut positions: Vec<u32> = r.signups().filter_map(|s| s.waitlist_position).collect();
                positions.sort();
                prop_assert_eq!(confirmed, count.confirmed);
                prop_assert_eq!(positions, (1..=count.waitlist_length).collect::<Vec<_>>());
            }
        }
    }
}
