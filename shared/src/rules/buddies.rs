//! Buddies at a family group: a new family asks for a buddy (the language they'd like, their
//! child's age band, the session they usually come to); families who have been coming a while
//! offer to be one (how many families they can take). A leader pairs them from ranked
//! suggestions; two and six weeks later the leader is asked "still in touch?"; a pairing ends
//! as completed or ended, and a buddy can step back (the family waits again, in its old place).
//! Kept in the group's object (`Roster::buddies`), so a buddy never has more families than they
//! offered, under any concurrency.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::model::TeamContact;
use crate::Language;
use crate::text::Words;

/// Families one buddy may take, at most.
pub const CAN_TAKE_MAX: u8 = 3;
/// Weeks after a pairing when its leader is asked whether the families are still in touch.
pub const NUDGE_WEEKS: [i64; 2] = [2, 6];
/// Pairings a group keeps: past that, the oldest that have ended go (the roster is one value).
pub const PAIRINGS_KEPT: usize = 200;

/// A child's age, as a band: buddies with children of a similar age have most to share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AgeBand {
    UnderOne,
    OneToTwo,
    TwoToThree,
    ThreeToFive,
}

impl AgeBand {
    pub const ALL: [AgeBand; 4] = [AgeBand::UnderOne, AgeBand::OneToTwo, AgeBand::TwoToThree, AgeBand::ThreeToFive];

    pub fn label(self, lang: Language) -> &'static str {
        crate::text::Words(lang).age_band(self)
    }

    /// How many bands apart two children are.
    fn gap(self, other: AgeBand) -> u8 {
        (self as u8).abs_diff(other as u8)
    }
}

/// What a new family asks for (also the body of their request).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ask {
    /// The language they'd like to speak with their buddy (ISO 639-1, `i18n::language_name`).
    pub language: String,
    pub age_band: AgeBand,
    /// The session they usually come to (its start, Unix seconds), when they know.
    #[serde(default)]
    pub usual: Option<i64>,
    /// Their email and phone may go to their buddy, if the buddy agrees too.
    #[serde(default)]
    pub share_contact: bool,
}

/// What a family offering to be a buddy says (also the body of their offer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Offer {
    /// The languages they speak (ISO 639-1).
    pub languages: Vec<String>,
    /// Their own child's age band.
    pub age_band: AgeBand,
    /// How many families they can take at once (1 to `CAN_TAKE_MAX`).
    pub can_take: u8,
    #[serde(default)]
    pub share_contact: bool,
}

/// A family waiting for a buddy, since when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Request {
    pub signup: String,
    pub ask: Ask,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub since: DateTime<Utc>,
}

/// A family offering to be a buddy, since when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Offering {
    pub signup: String,
    pub offer: Offer,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub since: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PairingState {
    Active,
    /// The families got to know each other: the pairing did its job.
    Completed,
    /// It stopped (a leader ended it, a buddy stepped back, a family left).
    Ended,
}

/// Two families paired by a leader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pairing {
    pub id: String,
    /// The new family's request as it was (it waits again, in its old place, if the buddy
    /// steps back).
    pub newcomer: Request,
    pub buddy: String,
    /// Whether the buddy agreed to share their contact when they were paired.
    pub buddy_shares: bool,
    /// The session where they'll meet (its start, Unix seconds), when the group has one ahead.
    pub meet_at: Option<i64>,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub paired_at: DateTime<Utc>,
    /// The leader who paired them: their "still in touch?" nudges go to them.
    pub by: TeamContact,
    pub state: PairingState,
    /// Nudges sent so far (of `NUDGE_WEEKS`).
    #[serde(default)]
    pub nudged: u8,
    #[serde(default)]
    #[serde(deserialize_with = "crate::wire_time::utc_opt")]
    pub ended_at: Option<DateTime<Utc>>,
}

impl Pairing {
    /// Email and phone go between the two families only when both agreed, and only while the
    /// pairing lasts.
    pub fn shows_contact(&self) -> bool {
        self.newcomer.ask.share_contact && self.buddy_shares && self.state == PairingState::Active
    }

    pub fn involves(&self, signup: &str) -> bool {
        self.newcomer.signup == signup || self.buddy == signup
    }

    /// The other family of the pairing, seen from `signup`'s side.
    pub fn other(&self, signup: &str) -> &str {
        if self.buddy == signup {
            &self.newcomer.signup
        } else {
            &self.buddy
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuddyError {
    /// No waiting request from that family.
    RequestNotFound,
    /// No offer from that family, or no room left in it.
    BuddyFull,
    /// Nobody is their own buddy.
    SameFamily,
    /// No such pairing (or not theirs, or no longer active).
    PairingNotFound,
    /// They already have a buddy.
    AlreadyPaired,
}

/// Every request, offer and pairing of a group.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Buddies {
    #[serde(default)]
    pub requests: Vec<Request>,
    #[serde(default)]
    pub offers: Vec<Offering>,
    #[serde(default)]
    pub pairings: Vec<Pairing>,
}

/// What is wrong with a request or an offer, in the family's language.
pub fn ask_problems(ask: &Ask, lang: Language) -> Vec<crate::api::FieldMessage> {
    if spoken(&ask.language) {
        return vec![];
    }
    vec![crate::api::FieldMessage { field: "language".into(), message: Words(lang).buddy_language_missing().into() }]
}

pub fn offer_problems(offer: &Offer, lang: Language) -> Vec<crate::api::FieldMessage> {
    let mut problems = vec![];
    let mut unique = offer.languages.clone();
    unique.sort();
    unique.dedup();
    if offer.languages.is_empty() || unique.len() != offer.languages.len() || !offer.languages.iter().all(|l| spoken(l)) {
        problems.push(crate::api::FieldMessage { field: "languages".into(), message: Words(lang).buddy_languages_missing().into() });
    }
    if !(1..=CAN_TAKE_MAX).contains(&offer.can_take) {
        problems.push(crate::api::FieldMessage { field: "can_take".into(), message: Words(lang).buddy_can_take(CAN_TAKE_MAX) });
    }
    problems
}

/// One of the languages offered to choose from (`i18n::SPOKEN`).
fn spoken(code: &str) -> bool {
    crate::i18n::SPOKEN.contains(&code)
}

impl Buddies {
    pub fn is_empty(&self) -> bool {
        self.requests.is_empty() && self.offers.is_empty() && self.pairings.is_empty()
    }

    pub fn request(&self, signup: &str) -> Option<&Request> {
        self.requests.iter().find(|r| r.signup == signup)
    }

    pub fn offer(&self, signup: &str) -> Option<&Offering> {
        self.offers.iter().find(|o| o.signup == signup)
    }

    pub fn pairing(&self, id: &str) -> Option<&Pairing> {
        self.pairings.iter().find(|p| p.id == id)
    }

    /// The pairings a family is in (as newcomer or buddy), newest first.
    pub fn pairings_of<'a>(&'a self, signup: &'a str) -> impl Iterator<Item = &'a Pairing> + 'a {
        self.pairings.iter().rev().filter(move |p| p.involves(signup))
    }

    fn active_as_buddy(&self, signup: &str) -> usize {
        self.pairings.iter().filter(|p| p.state == PairingState::Active && p.buddy == signup).count()
    }

    /// Room left in a family's offer (0 without one).
    pub fn free(&self, signup: &str) -> u8 {
        let taken = self.active_as_buddy(signup);
        self.offer(signup).map_or(0, |o| (o.offer.can_take as usize).saturating_sub(taken) as u8)
    }

    /// Ask for a buddy, or change what was asked (keeping the place in the queue). A family
    /// with a buddy already asks nothing more.
    pub fn ask(&mut self, signup: &str, ask: Ask, at: DateTime<Utc>) -> Result<(), BuddyError> {
        let paired = self.pairings.iter().any(|p| p.state == PairingState::Active && p.newcomer.signup == signup);
        if paired {
            return Err(BuddyError::AlreadyPaired);
        }
        match self.requests.iter_mut().find(|r| r.signup == signup) {
            Some(request) => request.ask = ask,
            None => self.requests.push(Request { signup: signup.to_string(), ask, since: at }),
        }
        Ok(())
    }

    /// No longer waiting for a buddy. `true` when it changed.
    pub fn withdraw(&mut self, signup: &str) -> bool {
        let before = self.requests.len();
        self.requests.retain(|r| r.signup != signup);
        self.requests.len() != before
    }

    /// Offer to be a buddy, or change the offer (keeping its place). Families already paired
    /// stay paired even when the offer now takes fewer.
    pub fn offer_to_help(&mut self, signup: &str, offer: Offer, at: DateTime<Utc>) {
        match self.offers.iter_mut().find(|o| o.signup == signup) {
            Some(offering) => offering.offer = offer,
            None => self.offers.push(Offering { signup: signup.to_string(), offer, since: at }),
        }
    }

    /// Stop offering (pairings in progress go on). `true` when it changed.
    pub fn stop_offering(&mut self, signup: &str) -> bool {
        let before = self.offers.len();
        self.offers.retain(|o| o.signup != signup);
        self.offers.len() != before
    }

    /// The requests in the order a leader should answer them: who has waited longest first.
    pub fn queue(&self) -> Vec<&Request> {
        let mut queue: Vec<&Request> = self.requests.iter().collect();
        queue.sort_by_key(|r| (r.since, r.signup.clone()));
        queue
    }

    /// Buddies for a waiting family, best first: one who speaks the language they'd like,
    /// then the closest child's age, then whoever has offered longest. Only offers with room,
    /// never the family itself.
    pub fn suggestions(&self, newcomer: &str) -> Vec<&Offering> {
        let Some(request) = self.request(newcomer) else { return vec![] };
        let mut offers: Vec<&Offering> =
            self.offers.iter().filter(|o| o.signup != newcomer && self.free(&o.signup) > 0).collect();
        offers.sort_by_key(|o| {
            let speaks = o.offer.languages.iter().any(|l| *l == request.ask.language);
            (!speaks, o.offer.age_band.gap(request.ask.age_band), o.since, o.signup.clone())
        });
        offers
    }

    /// Pair a waiting family with a buddy who has room. They meet at the session the family
    /// usually comes to when it is still ahead, else the group's next (`upcoming`: session
    /// starts after now, in order).
    pub fn pair(
        &mut self,
        newcomer: &str,
        buddy: &str,
        id: String,
        by: TeamContact,
        upcoming: &[i64],
        at: DateTime<Utc>,
    ) -> Result<&Pairing, BuddyError> {
        if newcomer == buddy {
            return Err(BuddyError::SameFamily);
        }
        let request = self.request(newcomer).ok_or(BuddyError::RequestNotFound)?.clone();
        if self.free(buddy) == 0 {
            return Err(BuddyError::BuddyFull);
        }
        let buddy_shares = self.offer(buddy).is_some_and(|o| o.offer.share_contact);
        let meet_at = request.ask.usual.filter(|u| upcoming.contains(u)).or_else(|| upcoming.first().copied());
        self.withdraw(newcomer);
        self.pairings.push(Pairing {
            id,
            newcomer: request,
            buddy: buddy.to_string(),
            buddy_shares,
            meet_at,
            paired_at: at,
            by,
            state: PairingState::Active,
            nudged: 0,
            ended_at: None,
        });
        while self.pairings.len() > PAIRINGS_KEPT {
            let Some(oldest) = self.pairings.iter().position(|p| p.state != PairingState::Active) else { break };
            self.pairings.remove(oldest);
        }
        Ok(self.pairings.last().expect("just pushed"))
    }

    fn active_mut(&mut self, id: &str) -> Result<&mut Pairing, BuddyError> {
        self.pairings.iter_mut().find(|p| p.id == id && p.state == PairingState::Active).ok_or(BuddyError::PairingNotFound)
    }

    /// A leader closes a pairing: it did its job (`completed`) or it stopped.
    pub fn end(&mut self, id: &str, completed: bool, at: DateTime<Utc>) -> Result<(), BuddyError> {
        let pairing = self.active_mut(id)?;
        pairing.state = if completed { PairingState::Completed } else { PairingState::Ended };
        pairing.ended_at = Some(at);
        Ok(())
    }

    /// The buddy steps back: the pairing ends and the family waits again, in the place it had.
    pub fn step_back(&mut self, id: &str, buddy: &str, at: DateTime<Utc>) -> Result<(), BuddyError> {
        let pairing = self.active_mut(id)?;
        if pairing.buddy != buddy {
            return Err(BuddyError::PairingNotFound);
        }
        pairing.state = PairingState::Ended;
        pairing.ended_at = Some(at);
        let request = pairing.newcomer.clone();
        if self.request(&request.signup).is_none() {
            self.requests.push(request);
        }
        Ok(())
    }

    /// A family left the group (or was erased): its request and offer go; its pairings end
    /// (a family whose buddy left waits again, in its old place).
    pub fn leave(&mut self, signup: &str, at: DateTime<Utc>) {
        self.withdraw(signup);
        self.stop_offering(signup);
        let ids: Vec<String> = self
            .pairings
            .iter()
            .filter(|p| p.state == PairingState::Active && p.involves(signup))
            .map(|p| p.id.clone())
            .collect();
        for id in ids {
            let buddy = self.pairing(&id).map(|p| p.buddy.clone()).unwrap_or_default();
            if buddy == signup {
                let _ = self.step_back(&id, signup, at);
            } else {
                let _ = self.end(&id, false, at);
            }
        }
    }

    /// When the next "still in touch?" nudge is due.
    pub fn next_due(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.pairings.iter().filter_map(|p| nudge_due(p)).map(|at| at.max(now)).min()
    }

    /// The nudges due now, each marked sent: (pairing id, weeks since pairing). A pairing
    /// more than one nudge behind (an object asleep) gets only the latest.
    pub fn take_due_nudges(&mut self, at: DateTime<Utc>) -> Vec<(String, i64)> {
        let mut due = vec![];
        for pairing in &mut self.pairings {
            let mut weeks = None;
            while nudge_due(pairing).is_some_and(|when| when <= at) {
                weeks = Some(NUDGE_WEEKS[pairing.nudged as usize]);
                pairing.nudged += 1;
            }
            due.extend(weeks.map(|w| (pairing.id.clone(), w)));
        }
        due
    }
}

fn nudge_due(pairing: &Pairing) -> Option<DateTime<Utc>> {
    let weeks = NUDGE_WEEKS.get(pairing.nudged as usize)?;
    (pairing.state == PairingState::Active).then(|| pairing.paired_at + Duration::weeks(*weeks))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(days: i64) -> DateTime<Utc> {
        "2027-01-04T09:00:00Z".parse::<DateTime<Utc>>().unwrap() + Duration::days(days)
    }

    fn leader() -> TeamContact {
        TeamContact { email: "leader@example.org".into(), language: Language::En }
    }

    fn ask(language: &str, age_band: AgeBand) -> Ask {
        Ask { language: language.into(), age_band, usual: None, share_contact: false }
    }

    fn offer(languages: &[&str], age_band: AgeBand, can_take: u8) -> Offer {
        Offer { languages: languages.iter().map(|l| l.to_string()).collect(), age_band, can_take, share_contact: false }
    }

    #[test]
    fn suggestions_put_the_same_language_first_then_the_closest_age_then_who_offered_first() {
        let mut b = Buddies::default();
        b.offer_to_help("english-same-age", offer(&["en"], AgeBand::OneToTwo, 1), at(0));
        b.offer_to_help("polish-far-age-late", offer(&["pl", "en"], AgeBand::ThreeToFive, 1), at(2));
        b.offer_to_help("polish-near-age", offer(&["pl"], AgeBand::TwoToThree, 1), at(3));
        b.offer_to_help("polish-far-age-early", offer(&["pl"], AgeBand::ThreeToFive, 2), at(1));
        b.ask("new", ask("pl", AgeBand::OneToTwo), at(4)).unwrap();
        let order: Vec<&str> = b.suggestions("new").iter().map(|o| o.signup.as_str()).collect();
        assert_eq!(order, ["polish-near-age", "polish-far-age-early", "polish-far-age-late", "english-same-age"]);
    }

    #[test]
    fn the_queue_is_who_has_waited_longest_first_and_asking_again_keeps_the_place() {
        let mut b = Buddies::default();
        b.ask("a", ask("en", AgeBand::UnderOne), at(1)).unwrap();
        b.ask("b", ask("en", AgeBand::UnderOne), at(0)).unwrap();
        b.ask("b", ask("es", AgeBand::OneToTwo), at(5)).unwrap();
        let queue: Vec<&str> = b.queue().iter().map(|r| r.signup.as_str()).collect();
        assert_eq!(queue, ["b", "a"]);
        assert_eq!(b.request("b").unwrap().ask.language, "es");
    }

    #[test]
    fn a_buddy_takes_no_more_families_than_offered_and_nobody_is_their_own_buddy() {
        let mut b = Buddies::default();
        b.offer_to_help("buddy", offer(&["en"], AgeBand::UnderOne, 1), at(0));
        b.ask("x", ask("en", AgeBand::UnderOne), at(1)).unwrap();
        b.ask("y", ask("en", AgeBand::UnderOne), at(1)).unwrap();
        assert_eq!(b.pair("buddy", "buddy", "p0".into(), leader(), &[], at(2)).err(), Some(BuddyError::SameFamily));
        b.pair("x", "buddy", "p1".into(), leader(), &[], at(2)).unwrap();
        assert_eq!(b.pair("y", "buddy", "p2".into(), leader(), &[], at(2)).err(), Some(BuddyError::BuddyFull));
        assert_eq!(b.pair("x", "buddy", "p3".into(), leader(), &[], at(2)).err(), Some(BuddyError::RequestNotFound));
        assert!(b.suggestions("y").is_empty());
        assert_eq!(b.ask("x", ask("en", AgeBand::UnderOne), at(3)), Err(BuddyError::AlreadyPaired));
    }

    #[test]
    fn they_meet_at_the_usual_session_when_it_is_ahead_else_at_the_next() {
        let mut b = Buddies::default();
        b.offer_to_help("buddy", offer(&["en"], AgeBand::UnderOne, 2), at(0));
        b.ask("x", Ask { usual: Some(300), ..ask("en", AgeBand::UnderOne) }, at(1)).unwrap();
        b.ask("y", Ask { usual: Some(100), ..ask("en", AgeBand::UnderOne) }, at(1)).unwrap();
        assert_eq!(b.pair("x", "buddy", "p1".into(), leader(), &[200, 300], at(2)).unwrap().meet_at, Some(300));
        assert_eq!(b.pair("y", "buddy", "p2".into(), leader(), &[200, 300], at(2)).unwrap().meet_at, Some(200));
    }

    #[test]
    fn contact_details_are_shared_only_when_both_families_agreed() {
        let mut b = Buddies::default();
        b.offer_to_help("buddy", Offer { share_contact: true, ..offer(&["en"], AgeBand::UnderOne, 3) }, at(0));
        b.ask("agrees", Ask { share_contact: true, ..ask("en", AgeBand::UnderOne) }, at(1)).unwrap();
        b.ask("declines", ask("en", AgeBand::UnderOne), at(1)).unwrap();
        assert!(b.pair("agrees", "buddy", "p1".into(), leader(), &[], at(2)).unwrap().shows_contact());
        assert!(!b.pair("declines", "buddy", "p2".into(), leader(), &[], at(2)).unwrap().shows_contact());
        b.offer_to_help("quiet", offer(&["en"], AgeBand::UnderOne, 1), at(0));
        b.ask("agrees-too", Ask { share_contact: true, ..ask("en", AgeBand::UnderOne) }, at(1)).unwrap();
        assert!(!b.pair("agrees-too", "quiet", "p3".into(), leader(), &[], at(2)).unwrap().shows_contact());
        // Once it ends, nothing more is shown.
        b.end("p1", true, at(3)).unwrap();
        assert!(!b.pairing("p1").unwrap().shows_contact());
    }

    #[test]
    fn the_leader_is_nudged_at_two_and_six_weeks_while_the_pairing_lasts() {
        let mut b = Buddies::default();
        b.offer_to_help("buddy", offer(&["en"], AgeBand::UnderOne, 3), at(0));
        b.ask("x", ask("en", AgeBand::UnderOne), at(0)).unwrap();
        b.pair("x", "buddy", "p1".into(), leader(), &[], at(0)).unwrap();
        assert_eq!(b.next_due(at(1)), Some(at(14)));
        assert!(b.take_due_nudges(at(13)).is_empty());
        assert_eq!(b.take_due_nudges(at(14)), [("p1".to_string(), 2)]);
        assert!(b.take_due_nudges(at(15)).is_empty());
        assert_eq!(b.next_due(at(15)), Some(at(42)));
        assert_eq!(b.take_due_nudges(at(50)), [("p1".to_string(), 6)]);
        assert_eq!(b.next_due(at(50)), None);
        // An ended pairing is not nudged; one far behind gets only its latest nudge.
        b.ask("y", ask("en", AgeBand::UnderOne), at(0)).unwrap();
        b.pair("y", "buddy", "p2".into(), leader(), &[], at(0)).unwrap();
        assert_eq!(b.take_due_nudges(at(60)), [("p2".to_string(), 6)]);
        b.ask("z", ask("en", AgeBand::UnderOne), at(0)).unwrap();
        b.pair("z", "buddy", "p3".into(), leader(), &[], at(0)).unwrap();
        b.end("p3", true, at(3)).unwrap();
        assert!(b.take_due_nudges(at(60)).is_empty());
        assert_eq!(b.pairing("p3").unwrap().state, PairingState::Completed);
    }

    #[test]
    fn a_buddy_who_steps_back_leaves_the_family_waiting_in_its_old_place() {
        let mut b = Buddies::default();
        b.offer_to_help("buddy", offer(&["en"], AgeBand::UnderOne, 1), at(0));
        b.ask("x", ask("en", AgeBand::UnderOne), at(0)).unwrap();
        b.ask("later", ask("en", AgeBand::UnderOne), at(3)).unwrap();
        b.pair("x", "buddy", "p1".into(), leader(), &[], at(4)).unwrap();
        assert_eq!(b.step_back("p1", "x", at(5)), Err(BuddyError::PairingNotFound));
        b.step_back("p1", "buddy", at(5)).unwrap();
        assert_eq!(b.pairing("p1").unwrap().state, PairingState::Ended);
        assert_eq!(b.queue()[0].signup, "x");
        assert_eq!(b.free("buddy"), 1);
    }

    #[test]
    fn a_family_that_leaves_takes_its_request_offer_and_pairings_with_it() {
        let mut b = Buddies::default();
        b.offer_to_help("buddy", offer(&["en"], AgeBand::UnderOne, 2), at(0));
        b.ask("x", ask("en", AgeBand::UnderOne), at(0)).unwrap();
        b.ask("y", ask("en", AgeBand::UnderOne), at(0)).unwrap();
        b.pair("x", "buddy", "p1".into(), leader(), &[], at(1)).unwrap();
        b.leave("buddy", at(2));
        assert!(b.offer("buddy").is_none());
        assert_eq!(b.pairing("p1").unwrap().state, PairingState::Ended);
        assert!(b.request("x").is_some());
        b.leave("y", at(2));
        assert!(b.request("y").is_none());
    }

    #[test]
    fn requests_and_offers_say_what_is_wrong_in_the_familys_language() {
        assert!(ask_problems(&ask("pl", AgeBand::UnderOne), Language::En).is_empty());
        assert_eq!(ask_problems(&ask("Polish", AgeBand::UnderOne), Language::Es)[0].message, "Elige un idioma.");
        assert_eq!(ask_problems(&ask("zz", AgeBand::UnderOne), Language::En).len(), 1, "only the languages offered");
        assert!(offer_problems(&offer(&["en"], AgeBand::UnderOne, 3), Language::En).is_empty());
        assert_eq!(offer_problems(&offer(&[], AgeBand::UnderOne, 4), Language::En).len(), 2);
        assert_eq!(offer_problems(&offer(&["en", "en"], AgeBand::UnderOne, 1), Language::En).len(), 1);
        assert_eq!(offer_problems(&offer(&["en"], AgeBand::UnderOne, 0), Language::En)[0].message, "You can take 1 to 3 families.");
    }

    #[test]
    fn a_group_keeps_its_latest_pairings_and_every_active_one() {
        let mut b = Buddies::default();
        b.offer_to_help("buddy", offer(&["en"], AgeBand::UnderOne, 3), at(0));
        for n in 0..PAIRINGS_KEPT + 10 {
            let family = format!("f{n}");
            b.ask(&family, ask("en", AgeBand::UnderOne), at(0)).unwrap();
            b.pair(&family, "buddy", format!("p{n}"), leader(), &[], at(1)).unwrap();
            if n >= 2 {
                b.end(&format!("p{n}"), true, at(2)).unwrap();
            }
        }
        assert_eq!(b.pairings.len(), PAIRINGS_KEPT);
        assert!(b.pairing("p0").is_some() && b.pairing("p1").is_some(), "active ones stay");
        assert!(b.pairing("p2").is_none(), "the oldest ended went");
    }

    proptest! {
        #[test]
        fn under_any_acts_a_pairing_never_takes_a_buddy_past_their_offer_and_no_family_waits_while_paired(
            ops in proptest::collection::vec((0..6u8, 0..5usize, 0..5usize, 1..=3u8), 0..150)
        ) {
            let mut b = Buddies::default();
            let fam = |n: usize| format!("f{n}");
            for (i, (op, x, y, n)) in ops.into_iter().enumerate() {
                let t = at(i as i64);
                match op {
                    0 => { let _ = b.ask(&fam(x), ask("en", AgeBand::ALL[x % 4]), t); }
                    1 => b.offer_to_help(&fam(x), offer(&["en"], AgeBand::ALL[y % 4], n), t),
                    2 => {
                        if b.pair(&fam(x), &fam(y), format!("p{i}"), leader(), &[], t).is_ok() {
                            let offered = b.offer(&fam(y)).map_or(0, |o| o.offer.can_take as usize);
                            prop_assert!(b.active_as_buddy(&fam(y)) <= offered);
                        }
                    }
                    3 => { let id = b.pairings.get(y).map(|p| p.id.clone()).unwrap_or_default(); let _ = b.step_back(&id, &fam(x), t); }
                    4 => b.leave(&fam(x), t),
                    _ => { let id = b.pairings.get(y).map(|p| p.id.clone()).unwrap_or_default(); let _ = b.end(&id, n == 1, t); }
                }
                for r in &b.requests {
                    prop_assert!(!b.pairings.iter().any(|p| p.state == PairingState::Active && p.newcomer.signup == r.signup));
                }
            }
        }
    }
}
