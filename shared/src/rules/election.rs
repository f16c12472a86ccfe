//! Elected leaders for a set term (product line 8: "democratically elected leaders run each
//! group for a set period").
//!
//! An election for a role goes nominating → voting → closed, by the clock alone (`settle`, as
//! agendas do). Members stand themselves, or nominate another member who must accept. Each
//! member has one ballot, which they may change until the close. The ballots (who chose whom)
//! live only inside the group's object and are dropped when counted: what leaves it is turnout
//! and, once closed, the votes per candidate. A tie at the top goes to a run-off between those
//! tied (a run-off that ties again goes to the one nominated first); with nobody standing, or
//! nobody voting, the current leader stays on as *acting*. Nominations open by themselves a set
//! time before a term ends. The term decides dashboard access (`rules::access`).

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Months, Utc};
use serde::{Deserialize, Serialize};

use crate::api::local_group::{CandidateView, ElectionPhase, ElectionView, LeaderRole, LeaderView, MemberElection};
use crate::api::ErrorCode;

pub const NOMINATION_DAYS: i64 = 14;
pub const VOTING_DAYS: i64 = 7;
pub const RUNOFF_DAYS: i64 = 7;
pub const TERM_MONTHS: u32 = 12;
pub const TERM_MONTHS_MAX: u32 = 36;
/// Nominations open by themselves this long before a term ends: nominating, voting and a
/// run-off all fit before it.
pub const OPENS_DAYS_BEFORE_TERM_ENDS: i64 = NOMINATION_DAYS + VOTING_DAYS + RUNOFF_DAYS;
/// Those standing in one election, at most (a group is a few dozen people).
pub const CANDIDATES_MAX: usize = 20;
/// Nominations one member may have waiting for an answer in one election.
pub const PENDING_NOMINATIONS_PER_MEMBER: usize = 3;
/// However a leader sets the dates, members get at least this long to stand and to vote (a
/// leader cannot hold a quick election nobody had time to see).
pub const MIN_NOMINATION_DAYS: i64 = 7;
pub const MIN_VOTING_DAYS: i64 = 3;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Candidate {
    pub id: String,
    /// The member's signup id.
    pub member: String,
    pub nominated_by: String,
    /// Standing: they nominated themselves, or accepted.
    pub accepted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Elected {
        candidate: String,
    },
    RunOff {
        election: String,
    },
    /// Nobody stood or nobody voted.
    NoneElected,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Election {
    pub id: String,
    pub role: LeaderRole,
    pub term_months: u32,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub opens_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub voting_opens_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub closes_at: DateTime<Utc>,
    /// In the order they were nominated.
    #[serde(default)]
    pub candidates: Vec<Candidate>,
    /// Voter → candidate id, until counted; then emptied. Never in any answer.
    #[serde(default)]
    ballots: BTreeMap<String, String>,
    /// Ballots cast, fixed at the count.
    #[serde(default)]
    counted_turnout: u32,
    /// Candidate id → votes, once counted.
    #[serde(default)]
    pub tally: BTreeMap<String, u32>,
    #[serde(default)]
    pub outcome: Option<Outcome>,
    #[serde(default)]
    pub runoff: bool,
    /// Members were told voting opened.
    #[serde(default)]
    pub voting_announced: bool,
    /// Members who declined a nomination (nobody else can put them forward again).
    #[serde(default)]
    pub declined: std::collections::BTreeSet<String>,
    /// Who may vote: members since this time (a run-off keeps its first round's voters).
    #[serde(default)]
    #[serde(deserialize_with = "crate::wire_time::utc_opt")]
    pub voters_from: Option<DateTime<Utc>>,
}

impl Election {
    /// Those who were members at this time vote in it.
    pub fn voters_since(&self) -> DateTime<Utc> {
        self.voters_from.unwrap_or(self.opens_at)
    }

    pub fn phase(&self, now: DateTime<Utc>) -> ElectionPhase {
        if self.outcome.is_some() || now >= self.closes_at {
            ElectionPhase::Closed
        } else if now >= self.voting_opens_at {
            ElectionPhase::Voting
        } else {
            ElectionPhase::Nominating
        }
    }

    pub fn turnout(&self) -> u32 {
        if self.outcome.is_some() {
            self.counted_turnout
        } else {
            self.ballots.len() as u32
        }
    }

    pub fn standing(&self) -> impl Iterator<Item = &Candidate> {
        self.candidates.iter().filter(|c| c.accepted)
    }

    pub fn ballot_of(&self, voter: &str) -> Option<&str> {
        self.ballots.get(voter).map(String::as_str)
    }

    /// Count the ballots (and forget who cast them): the outcome, given whether this is a
    /// run-off (whose tie goes to the one nominated first).
    fn count(&mut self) -> Vec<String> {
        let ballots = std::mem::take(&mut self.ballots);
        self.counted_turnout = ballots.len() as u32;
        self.tally = self.standing().map(|c| (c.id.clone(), 0)).collect();
        for choice in ballots.values() {
            if let Some(n) = self.tally.get_mut(choice) {
                *n += 1;
            }
        }
        let top = self.tally.values().copied().max().unwrap_or(0);
        if top == 0 {
            return vec![]; // no vote for anyone still standing: nobody is elected
        }
        // In nomination order, so "the first" is the earliest nominated.
        self.standing().filter(|c| self.tally.get(&c.id) == Some(&top)).map(|c| c.id.clone()).collect()
    }
}

/// A term in a role: whose, from when, until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Term {
    pub id: String,
    pub role: LeaderRole,
    /// The member's signup id.
    pub holder: String,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub starts_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub ends_at: DateTime<Utc>,
    /// Staying on because nobody was elected.
    #[serde(default)]
    pub acting: bool,
    /// Cut short: the holder left the group.
    #[serde(default)]
    pub ended_early: bool,
}

impl Term {
    pub fn covers(&self, at: DateTime<Utc>) -> bool {
        self.starts_at <= at && at < self.ends_at
    }
}

/// What a change to the elections must tell, or (for terms) write down as access.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ElectionNews {
    /// Every member: nominations are open.
    NominationsOpen { election: String },
    /// A member someone else nominated: accept or not.
    Nominated { election: String, member: String },
    /// Every member: voting is open.
    VotingOpen { election: String },
    /// Every member: the result.
    Result { election: String },
    /// A term began or changed: its holder's dashboard access follows it.
    Term { term: String },
}

/// A group's elections and terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Leadership {
    /// In the order they opened.
    #[serde(default)]
    pub elections: Vec<Election>,
    /// In the order they were made.
    #[serde(default)]
    pub terms: Vec<Term>,
    #[serde(default)]
    next_id: u64,
}

impl Leadership {
    pub fn is_empty(&self) -> bool {
        self.elections.is_empty() && self.terms.is_empty()
    }

    fn new_id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}{}", self.next_id)
    }

    pub fn election(&self, id: &str) -> Option<&Election> {
        self.elections.iter().find(|e| e.id == id)
    }

    fn election_mut(&mut self, id: &str) -> Result<&mut Election, ErrorCode> {
        self.elections.iter_mut().find(|e| e.id == id).ok_or(ErrorCode::ElectionNotFound)
    }

    pub fn term(&self, id: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.id == id)
    }

    /// Who holds `role` at `at`.
    pub fn holder(&self, role: LeaderRole, at: DateTime<Utc>) -> Option<&Term> {
        self.terms.iter().filter(|t| t.role == role && t.covers(at)).max_by_key(|t| t.starts_at)
    }

    /// The term of `role` that ends last (the current one, or the one to come).
    fn latest(&self, role: LeaderRole) -> Option<&Term> {
        self.terms.iter().filter(|t| t.role == role).max_by_key(|t| t.ends_at)
    }

    /// A leader opens nominations for `role` now. One election per role at a time.
    pub fn start(
        &mut self,
        role: LeaderRole,
        term_months: u32,
        voting_opens_at: DateTime<Utc>,
        closes_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(String, Vec<ElectionNews>), ErrorCode> {
        if voting_opens_at < now + Duration::days(MIN_NOMINATION_DAYS)
            || closes_at < voting_opens_at + Duration::days(MIN_VOTING_DAYS)
        {
            return Err(ErrorCode::InvalidFields);
        }
        let mut news = self.settle(now);
        if self.elections.iter().any(|e| e.role == role && e.phase(now) != ElectionPhase::Closed) {
            return Err(ErrorCode::ElectionUnderway);
        }
        let id = self.open(role, term_months, now, voting_opens_at, closes_at, false, vec![]);
        news.push(ElectionNews::NominationsOpen { election: id.clone() });
        Ok((id, news))
    }

    #[allow(clippy::too_many_arguments)]
    fn open(
        &mut self,
        role: LeaderRole,
        term_months: u32,
        opens_at: DateTime<Utc>,
        voting_opens_at: DateTime<Utc>,
        closes_at: DateTime<Utc>,
        runoff: bool,
        candidates: Vec<Candidate>,
    ) -> String {
        let id = self.new_id("e");
        self.elections.push(Election {
            id: id.clone(),
            role,
            term_months,
            opens_at,
            voting_opens_at,
            closes_at,
            candidates,
            ballots: BTreeMap::new(),
            counted_turnout: 0,
            tally: BTreeMap::new(),
            outcome: None,
            runoff,
            voting_announced: false,
            declined: Default::default(),
            voters_from: None,
        });
        id
    }

    /// `by` nominates `member` (themselves: standing at once; someone else: until they
    /// accept). Nominating someone already nominated changes nothing.
    pub fn nominate(
        &mut self,
        election: &str,
        by: &str,
        member: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<ElectionNews>, ErrorCode> {
        let mut news = self.settle(now);
        let id = self.new_id("c");
        let e = self.election_mut(election)?;
        if e.phase(now) != ElectionPhase::Nominating {
            return Err(ErrorCode::NominationsClosed);
        }
        let standing = e.standing().count();
        let pending_by = e.candidates.iter().filter(|c| c.nominated_by == by && !c.accepted).count();
        if by != member && e.declined.contains(member) {
            return Ok(news); // they said no: nobody asks them again
        }
        match e.candidates.iter_mut().find(|c| c.member == member) {
            Some(c) if by == member && !c.accepted && standing >= CANDIDATES_MAX => {
                return Err(ErrorCode::NominationsClosed)
            }
            Some(c) => c.accepted |= by == member,
            None if by == member && standing >= CANDIDATES_MAX => return Err(ErrorCode::NominationsClosed),
            None if by != member && pending_by >= PENDING_NOMINATIONS_PER_MEMBER => {
                return Err(ErrorCode::NominationsClosed)
            }
            None => {
                e.candidates.push(Candidate {
                    id,
                    member: member.to_string(),
                    nominated_by: by.to_string(),
                    accepted: by == member,
                });
                if by != member {
                    news.push(ElectionNews::Nominated { election: election.to_string(), member: member.to_string() });
                }
            }
        }
        Ok(news)
    }

    /// A nominee stands down (or declines) before nominations close.
    pub fn withdraw(&mut self, election: &str, member: &str, now: DateTime<Utc>) -> Result<(), ErrorCode> {
        self.settle(now);
        let e = self.election_mut(election)?;
        if e.phase(now) != ElectionPhase::Nominating {
            return Err(ErrorCode::NominationsClosed);
        }
        e.candidates.retain(|c| c.member != member);
        e.declined.insert(member.to_string());
        Ok(())
    }

    /// `voter` chooses `candidate` (replacing an earlier choice) while voting is open.
    pub fn vote(&mut self, election: &str, voter: &str, candidate: &str, now: DateTime<Utc>) -> Result<(), ErrorCode> {
        self.settle(now);
        let e = self.election_mut(election)?;
        if e.phase(now) != ElectionPhase::Voting {
            return Err(ErrorCode::ElectionNotOpen);
        }
        if !e.standing().any(|c| c.id == candidate) {
            return Err(ErrorCode::CandidateNotFound);
        }
        e.ballots.insert(voter.to_string(), candidate.to_string());
        Ok(())
    }

    /// A member who leaves the group: their candidacies and uncounted ballots go, and a term
    /// they hold ends now (its access with it). Answers the terms that changed.
    pub fn leave(&mut self, member: &str, now: DateTime<Utc>) -> Vec<String> {
        self.settle(now);
        for e in self.elections.iter_mut().filter(|e| e.outcome.is_none()) {
            e.ballots.remove(member);
            e.candidates.retain(|c| c.member != member);
        }
        let mut ended = Vec::new();
        for t in self.terms.iter_mut().filter(|t| t.holder == member && t.ends_at > now) {
            t.ends_at = now.max(t.starts_at);
            t.ended_early = true;
            ended.push(t.id.clone());
        }
        ended
    }

    /// Bring the elections up to `now`: voting opens, elections close and are counted, terms
    /// begin, nominations open before a term ends. Returns what to tell.
    pub fn settle(&mut self, now: DateTime<Utc>) -> Vec<ElectionNews> {
        let mut news = Vec::new();
        // Closing can open a run-off, which can close in turn: go round until nothing moves.
        loop {
            let mut moved = false;
            for i in 0..self.elections.len() {
                let e = &mut self.elections[i];
                if e.outcome.is_none() && !e.voting_announced && now >= e.voting_opens_at {
                    e.voting_announced = true;
                    moved = true;
                    if e.standing().next().is_some() && now < e.closes_at {
                        news.push(ElectionNews::VotingOpen { election: e.id.clone() });
                    }
                }
                if self.elections[i].outcome.is_none() && now >= self.elections[i].closes_at {
                    moved = true;
                    news.extend(self.close(i));
                }
            }
            if !moved {
                break;
            }
        }
        // A term ending soon, with no election for it yet: nominations open by themselves.
        for role in LeaderRole::ALL {
            let Some(term) = self.latest(role) else { continue };
            let due = term.ends_at - Duration::days(OPENS_DAYS_BEFORE_TERM_ENDS);
            let since = term.starts_at;
            let held = self.elections.iter().any(|e| e.role == role && e.opens_at >= since);
            if now >= due && !held {
                let months = TERM_MONTHS;
                let voting = now + Duration::days(NOMINATION_DAYS);
                let id = self.open(role, months, now, voting, voting + Duration::days(VOTING_DAYS), false, vec![]);
                news.push(ElectionNews::NominationsOpen { election: id });
            }
        }
        news
    }

    /// Count election `i` and act on the outcome.
    fn close(&mut self, i: usize) -> Vec<ElectionNews> {
        let tied = self.elections[i].count();
        let e = &self.elections[i];
        let (role, months, closes_at, id) = (e.role, e.term_months, e.closes_at, e.id.clone());
        let mut news = vec![];
        let outcome = if e.counted_turnout == 0 || tied.is_empty() {
            news.extend(self.stay_on(role, closes_at));
            Outcome::NoneElected
        } else if tied.len() == 1 || e.runoff {
            let winner = tied[0].clone();
            let member = e.candidates.iter().find(|c| c.id == winner).map(|c| c.member.clone()).unwrap_or_default();
            news.extend(self.begin_term(role, &member, months, closes_at));
            Outcome::Elected { candidate: winner }
        } else {
            let candidates: Vec<Candidate> = e.candidates.iter().filter(|c| tied.contains(&c.id)).cloned().collect();
            let voters_from = e.voters_since();
            let runoff = self.open(
                role,
                months,
                closes_at,
                closes_at,
                closes_at + Duration::days(RUNOFF_DAYS),
                true,
                candidates,
            );
            if let Some(r) = self.elections.iter_mut().find(|e| e.id == runoff) {
                r.voters_from = Some(voters_from);
            }
            Outcome::RunOff { election: runoff }
        };
        self.elections[i].outcome = Some(outcome);
        news.push(ElectionNews::Result { election: id });
        news
    }

    /// The elected member's term: from the close, or from the end of a term still running
    /// (an acting term ends at the close).
    fn begin_term(&mut self, role: LeaderRole, member: &str, months: u32, at: DateTime<Utc>) -> Vec<ElectionNews> {
        let mut news = vec![];
        // A term still running is served out; an acting one ends when the new one begins.
        let running = self.terms.iter().filter(|t| t.role == role && !t.acting && t.ends_at > at).map(|t| t.ends_at);
        let starts_at = running.fold(at, DateTime::max);
        for t in self.terms.iter_mut().filter(|t| t.role == role && t.acting && t.ends_at > starts_at) {
            t.ends_at = starts_at.max(t.starts_at);
            news.push(ElectionNews::Term { term: t.id.clone() });
        }
        let id = self.new_id("t");
        let ends_at = starts_at + Months::new(months);
        let holder = member.to_string();
        self.terms.push(Term { id: id.clone(), role, holder, starts_at, ends_at, acting: false, ended_early: false });
        news.push(ElectionNews::Term { term: id });
        news
    }

    /// Nobody elected: the one whose term ends soonest after the close stays on, acting, for
    /// another term (until someone is elected).
    fn stay_on(&mut self, role: LeaderRole, at: DateTime<Utc>) -> Vec<ElectionNews> {
        let Some(latest) = self.latest(role).cloned() else { return vec![] };
        // Someone who left, or whose term ended long ago, does not come back as acting.
        if latest.ended_early || latest.ends_at < at - Duration::days(OPENS_DAYS_BEFORE_TERM_ENDS) {
            return vec![];
        }
        if latest.ends_at > at + Duration::days(OPENS_DAYS_BEFORE_TERM_ENDS) {
            return vec![]; // their term runs on anyway
        }
        let id = self.new_id("t");
        let starts_at = latest.ends_at.max(at);
        let ends_at = starts_at + Months::new(TERM_MONTHS);
        let holder = latest.holder;
        self.terms.push(Term { id: id.clone(), role, holder, starts_at, ends_at, acting: true, ended_early: false });
        vec![ElectionNews::Term { term: id }]
    }

    /// An election as anyone sees it; `name` gives a member's public name.
    pub fn view(&self, e: &Election, now: DateTime<Utc>, name: &dyn Fn(&str) -> String) -> ElectionView {
        let candidate = |c: &Candidate| CandidateView { id: c.id.clone(), name: name(&c.member) };
        let elected = match &e.outcome {
            Some(Outcome::Elected { candidate: id }) => e.candidates.iter().find(|c| &c.id == id).map(candidate),
            _ => None,
        };
        ElectionView {
            id: e.id.clone(),
            role: e.role,
            phase: e.phase(now),
            voting_opens_at: e.voting_opens_at,
            closes_at: e.closes_at,
            term_months: e.term_months,
            candidates: e.standing().map(candidate).collect(),
            turnout: e.turnout(),
            votes: if e.outcome.is_some() {
                e.standing().map(|c| e.tally.get(&c.id).copied().unwrap_or(0)).collect()
            } else {
                vec![]
            },
            elected,
            runoff: e.runoff,
            runoff_id: match &e.outcome {
                Some(Outcome::RunOff { election }) => Some(election.clone()),
                _ => None,
            },
        }
    }

    /// Every election, the latest first.
    pub fn views(&self, now: DateTime<Utc>, name: &dyn Fn(&str) -> String) -> Vec<ElectionView> {
        self.elections.iter().rev().map(|e| self.view(e, now, name)).collect()
    }

    /// An election as `member` sees it: their own ballot and nomination too.
    pub fn member_view(
        &self,
        e: &Election,
        member: &str,
        now: DateTime<Utc>,
        name: &dyn Fn(&str) -> String,
    ) -> MemberElection {
        let mine = e.candidates.iter().find(|c| c.member == member);
        MemberElection {
            election: self.view(e, now, name),
            my_ballot: e.ballot_of(member).map(str::to_string),
            standing: mine.is_some_and(|c| c.accepted),
            nominated: mine.is_some_and(|c| !c.accepted),
        }
    }

    /// Who holds each role now.
    pub fn leaders(&self, now: DateTime<Utc>, name: &dyn Fn(&str) -> String) -> Vec<LeaderView> {
        LeaderRole::ALL
            .into_iter()
            .filter_map(|role| self.holder(role, now))
            .map(|t| LeaderView { role: t.role, name: name(&t.holder), until: t.ends_at, acting: t.acting })
            .collect()
    }

    /// When `settle` next has something to do (voting opening, a close, nominations due).
    pub fn next_due(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let elections = self.elections.iter().filter(|e| e.outcome.is_none()).flat_map(|e| {
            let opening = (!e.voting_announced).then_some(e.voting_opens_at);
            opening.into_iter().chain([e.closes_at])
        });
        let nominations = LeaderRole::ALL.into_iter().filter_map(|role| {
            let term = self.latest(role)?;
            let held = self.elections.iter().any(|e| e.role == role && e.opens_at >= term.starts_at);
            (!held).then(|| term.ends_at - Duration::days(OPENS_DAYS_BEFORE_TERM_ENDS))
        });
        elections.chain(nominations).map(|at| at.max(now)).min()
    }
}

/// A member's name as an election shows it: the first name and the initial of the last
/// ("Claire Bennett" → "Claire B.").
pub fn public_name(full: &str) -> String {
    let mut words = full.split_whitespace();
    let first = words.next().unwrap_or_default();
    match words.last().and_then(|w| w.chars().next()) {
        Some(initial) => format!("{first} {initial}."),
        None => first.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(days: i64) -> DateTime<Utc> {
        "2027-01-04T09:00:00Z".parse::<DateTime<Utc>>().unwrap() + Duration::days(days)
    }

    /// An election opened on day 0, voting from day 10, closing on day 20.
    fn election() -> (Leadership, String) {
        let mut l = Leadership::default();
        let (id, news) = l.start(LeaderRole::Leader, 12, at(10), at(20), at(0)).unwrap();
        assert_eq!(news, vec![ElectionNews::NominationsOpen { election: id.clone() }]);
        (l, id)
    }

    fn candidate(l: &Leadership, e: &str, member: &str) -> String {
        l.election(e).unwrap().candidates.iter().find(|c| c.member == member).unwrap().id.clone()
    }

    fn name(m: &str) -> String {
        m.to_uppercase()
    }

    #[test]
    fn phases_follow_the_clock_and_each_act_has_its_phase() {
        let (mut l, e) = election();
        assert_eq!(l.election(&e).unwrap().phase(at(1)), ElectionPhase::Nominating);
        assert_eq!(l.vote(&e, "ann", "c9", at(1)), Err(ErrorCode::ElectionNotOpen));
        l.nominate(&e, "ann", "ann", at(1)).unwrap();
        let ann = candidate(&l, &e, "ann");
        assert_eq!(l.settle(at(10)), vec![ElectionNews::VotingOpen { election: e.clone() }]);
        assert_eq!(l.nominate(&e, "bob", "bob", at(11)), Err(ErrorCode::NominationsClosed));
        l.vote(&e, "bob", &ann, at(11)).unwrap();
        assert_eq!(l.election(&e).unwrap().turnout(), 1);
        assert_eq!(l.vote(&e, "bob", &ann, at(20)), Err(ErrorCode::ElectionNotOpen));
        assert_eq!(l.election(&e).unwrap().phase(at(20)), ElectionPhase::Closed);
        assert_eq!(
            l.start(LeaderRole::CoLeader, 12, at(30), at(40), at(21)).map(|_| ()),
            Ok(()),
            "another role may hold its own election"
        );
        assert_eq!(
            l.start(LeaderRole::CoLeader, 12, at(30), at(40), at(22)).map(|_| ()),
            Err(ErrorCode::ElectionUnderway)
        );
    }

    #[test]
    fn a_nominee_must_accept_and_only_those_standing_get_votes() {
        let (mut l, e) = election();
        let news = l.nominate(&e, "ann", "bob", at(1)).unwrap();
        assert_eq!(news, vec![ElectionNews::Nominated { election: e.clone(), member: "bob".into() }]);
        let bob = candidate(&l, &e, "bob");
        let view = l.member_view(l.election(&e).unwrap(), "bob", at(1), &name);
        assert!(view.nominated && !view.standing);
        assert!(view.election.candidates.is_empty(), "not standing until they accept");
        l.settle(at(10));
        assert_eq!(l.vote(&e, "ann", &bob, at(11)), Err(ErrorCode::CandidateNotFound));
        let (mut l, e) = election();
        l.nominate(&e, "ann", "bob", at(1)).unwrap();
        assert!(l.nominate(&e, "bob", "bob", at(2)).unwrap().is_empty(), "accepting tells nobody");
        assert_eq!(l.election(&e).unwrap().standing().count(), 1);
        l.withdraw(&e, "bob", at(3)).unwrap();
        assert_eq!(l.election(&e).unwrap().standing().count(), 0);
    }

    #[test]
    fn one_ballot_per_member_changeable_until_the_close_then_counted_and_forgotten() {
        let (mut l, e) = election();
        for m in ["ann", "bob"] {
            l.nominate(&e, m, m, at(1)).unwrap();
        }
        let (ann, bob) = (candidate(&l, &e, "ann"), candidate(&l, &e, "bob"));
        l.vote(&e, "cat", &ann, at(11)).unwrap();
        l.vote(&e, "cat", &bob, at(12)).unwrap();
        l.vote(&e, "dan", &bob, at(12)).unwrap();
        assert_eq!(l.member_view(l.election(&e).unwrap(), "cat", at(12), &name).my_ballot, Some(bob.clone()));
        let news = l.settle(at(20));
        assert!(news.contains(&ElectionNews::Result { election: e.clone() }));
        let closed = l.election(&e).unwrap();
        assert!(closed.ballots.is_empty(), "who voted for whom is forgotten at the count");
        assert_eq!(closed.turnout(), 2);
        let view = l.view(closed, at(20), &name);
        assert_eq!(view.votes, vec![0, 2]);
        assert_eq!(view.elected.unwrap().name, "BOB");
        let term = l.holder(LeaderRole::Leader, at(21)).unwrap();
        assert_eq!((term.holder.as_str(), term.starts_at, term.ends_at), ("bob", at(20), at(20) + Months::new(12)));
    }

    #[test]
    fn a_tie_goes_to_a_run_off_whose_own_tie_goes_to_the_first_nominated() {
        let (mut l, e) = election();
        for m in ["ann", "bob", "cat"] {
            l.nominate(&e, m, m, at(1)).unwrap();
        }
        let (ann, bob) = (candidate(&l, &e, "ann"), candidate(&l, &e, "bob"));
        l.vote(&e, "x", &ann, at(11)).unwrap();
        l.vote(&e, "y", &bob, at(11)).unwrap();
        l.settle(at(20));
        let Some(Outcome::RunOff { election: runoff }) = l.election(&e).unwrap().outcome.clone() else {
            panic!("a tie goes to a run-off")
        };
        let r = l.election(&runoff).unwrap();
        assert!(r.runoff);
        assert_eq!(r.voters_since(), l.election(&e).unwrap().opens_at, "the first round's voters, nobody newer");
        assert_eq!(r.standing().map(|c| c.member.as_str()).collect::<Vec<_>>(), vec!["ann", "bob"], "only the tied");
        assert_eq!(r.phase(at(20)), ElectionPhase::Voting, "voting at once");
        assert!(l.holder(LeaderRole::Leader, at(21)).is_none());
        l.vote(&runoff, "x", &ann, at(21)).unwrap();
        l.vote(&runoff, "y", &bob, at(21)).unwrap();
        l.settle(at(20 + RUNOFF_DAYS));
        assert_eq!(l.holder(LeaderRole::Leader, at(20 + RUNOFF_DAYS)).unwrap().holder, "ann");
    }

    #[test]
    fn with_nobody_standing_the_leader_stays_on_acting_until_someone_is_elected() {
        let mut l = Leadership::default();
        let (first, _) = l.start(LeaderRole::Leader, 12, at(7), at(10), at(0)).unwrap();
        l.nominate(&first, "ann", "ann", at(0)).unwrap();
        let c = candidate(&l, &first, "ann");
        l.vote(&first, "bob", &c, at(7)).unwrap();
        l.settle(at(10));
        let end = l.holder(LeaderRole::Leader, at(11)).unwrap().ends_at;
        // Nominations open by themselves before the end; nobody stands.
        let due = end - Duration::days(OPENS_DAYS_BEFORE_TERM_ENDS);
        assert_eq!(l.next_due(at(11)), Some(due));
        assert!(l.settle(due - Duration::seconds(1)).is_empty());
        let news = l.settle(due);
        let Some(ElectionNews::NominationsOpen { election: second }) = news.first().cloned() else {
            panic!("{news:?}")
        };
        let closes = l.election(&second).unwrap().closes_at;
        l.settle(closes);
        assert_eq!(l.election(&second).unwrap().outcome, Some(Outcome::NoneElected));
        let acting = l.holder(LeaderRole::Leader, end).unwrap();
        assert!(acting.acting && acting.holder == "ann", "{acting:?}");
        // Someone is elected later: the acting term ends at that close.
        let (third, _) =
            l.start(LeaderRole::Leader, 12, end + Duration::days(7), end + Duration::days(10), end).unwrap();
        l.nominate(&third, "bob", "bob", end).unwrap();
        let c = candidate(&l, &third, "bob");
        l.vote(&third, "cat", &c, end + Duration::days(7)).unwrap();
        l.settle(end + Duration::days(10));
        assert_eq!(l.holder(LeaderRole::Leader, end + Duration::days(10)).unwrap().holder, "bob");
        assert!(!l.holder(LeaderRole::Leader, end + Duration::days(10)).unwrap().acting);
    }

    #[test]
    fn an_election_before_the_end_starts_the_new_term_when_the_old_one_ends() {
        let mut l = Leadership::default();
        let first = elect(&mut l, "ann", 0);
        let (e2, _) = l.start(LeaderRole::Leader, 12, at(21), at(24), at(13)).unwrap();
        l.nominate(&e2, "bob", "bob", at(13)).unwrap();
        let c = candidate(&l, &e2, "bob");
        l.vote(&e2, "x", &c, at(21)).unwrap();
        l.settle(at(24));
        assert_eq!(l.holder(LeaderRole::Leader, at(25)).unwrap().holder, "ann", "ann serves her term out");
        assert_eq!(l.holder(LeaderRole::Leader, first.ends_at).unwrap().holder, "bob");
    }

    /// Elected with one vote: the term that follows.
    fn elect(l: &mut Leadership, who: &str, opened: i64) -> Term {
        let (e, _) = l.start(LeaderRole::Leader, 12, at(opened + 7), at(opened + 10), at(opened)).unwrap();
        l.nominate(&e, who, who, at(opened)).unwrap();
        let c = candidate(l, &e, who);
        l.vote(&e, "voter", &c, at(opened + 7)).unwrap();
        l.settle(at(opened + 10));
        l.terms.last().unwrap().clone()
    }

    #[test]
    fn a_quick_election_nobody_had_time_to_see_is_refused() {
        let mut l = Leadership::default();
        let quick = l.start(LeaderRole::Leader, 36, at(1), at(2), at(0));
        assert_eq!(quick.map(|_| ()), Err(ErrorCode::InvalidFields));
        let short_vote = l.start(LeaderRole::Leader, 12, at(7), at(8), at(0));
        assert_eq!(short_vote.map(|_| ()), Err(ErrorCode::InvalidFields));
    }

    #[test]
    fn leaving_ends_a_term_and_nobody_who_left_stays_on_as_acting() {
        let mut l = Leadership::default();
        let term = elect(&mut l, "ann", 0);
        assert_eq!(l.leave("ann", at(30)), vec![term.id.clone()]);
        assert!(l.holder(LeaderRole::Leader, at(31)).is_none(), "her access ends with her membership");
        // The election before her (cut) term's end elects nobody: no acting term for her.
        let due = term.ends_at - Duration::days(OPENS_DAYS_BEFORE_TERM_ENDS);
        l.settle(due);
        l.settle(due + Duration::days(NOMINATION_DAYS + VOTING_DAYS));
        assert!(l.terms.iter().all(|t| !t.acting), "{:?}", l.terms);
    }

    #[test]
    fn a_new_leader_never_overlaps_the_one_before() {
        let mut l = Leadership::default();
        let first = elect(&mut l, "ann", 0);
        // Nobody stands before the end: ann will stay on as acting from her term's end.
        let due = first.ends_at - Duration::days(OPENS_DAYS_BEFORE_TERM_ENDS);
        l.settle(due);
        let closed = due + Duration::days(NOMINATION_DAYS + VOTING_DAYS);
        l.settle(closed);
        assert!(l.terms.last().unwrap().acting);
        // Bob is elected while her acting term runs: it ends when his begins, never overlapping.
        let opened = (closed - at(0)).num_days();
        let bob = elect(&mut l, "bob", opened);
        assert!(bob.starts_at >= first.ends_at, "{:?}", l.terms);
        for day in 0..800 {
            assert!(l.terms.iter().filter(|t| t.covers(at(day))).count() <= 1, "day {day}: {:?}", l.terms);
        }
        assert_eq!(l.holder(LeaderRole::Leader, first.ends_at).unwrap().holder, "ann", "acting until bob's close");
        assert_eq!(l.holder(LeaderRole::Leader, bob.starts_at).unwrap().holder, "bob");
    }

    #[test]
    fn a_declined_nomination_is_not_asked_again_and_pending_ones_are_few() {
        let (mut l, e) = election();
        l.nominate(&e, "ann", "bob", at(1)).unwrap();
        l.withdraw(&e, "bob", at(1)).unwrap();
        assert!(l.nominate(&e, "ann", "bob", at(2)).unwrap().is_empty(), "no second email");
        assert_eq!(l.election(&e).unwrap().candidates.len(), 0);
        assert!(l.nominate(&e, "bob", "bob", at(2)).is_ok(), "they may still stand themselves");
        for n in 0..PENDING_NOMINATIONS_PER_MEMBER {
            l.nominate(&e, "cat", &format!("m{n}"), at(2)).unwrap();
        }
        assert_eq!(l.nominate(&e, "cat", "another", at(2)).map(|_| ()), Err(ErrorCode::NominationsClosed));
    }

    #[test]
    fn public_names_are_a_first_name_and_an_initial() {
        assert_eq!(public_name("Claire Bennett"), "Claire B.");
        assert_eq!(public_name("  María José  García López "), "María L.");
        assert_eq!(public_name("Ade"), "Ade");
    }

    proptest! {
        /// Whatever members do in whatever order: one ballot each, the tally is the ballots
        /// cast, and at most one term of a role covers any moment.
        #[test]
        fn the_tally_is_the_ballots_cast_one_per_member(
            acts in proptest::collection::vec((0u8..8, 0u8..4, 0i64..30), 0..80)
        ) {
            let mut l = Leadership::default();
            let (e, _) = l.start(LeaderRole::Leader, 12, at(10), at(20), at(0)).unwrap();
            for m in ["m0", "m1", "m2"] {
                l.nominate(&e, m, m, at(0)).unwrap();
            }
            let ids: Vec<String> = l.election(&e).unwrap().candidates.iter().map(|c| c.id.clone()).collect();
            let mut clock = at(0);
            let mut last = BTreeMap::new();
            for (voter, choice, hours) in acts {
                clock = clock.max(at(hours));
                let voter = format!("v{voter}");
                let choice = ids.get(choice as usize).cloned().unwrap_or_else(|| "nobody".into());
                if l.vote(&e, &voter, &choice, clock).is_ok() {
                    last.insert(voter, choice);
                }
            }
            let news = l.settle(at(20 + RUNOFF_DAYS * 3));
            let closed = l.election(&e).unwrap();
            prop_assert_eq!(closed.turnout() as usize, last.len());
            prop_assert_eq!(closed.tally.values().sum::<u32>() as usize, last.len());
            for id in &ids {
                let expected = last.values().filter(|c| *c == id).count() as u32;
                prop_assert_eq!(closed.tally.get(id).copied().unwrap_or(0), expected);
            }
            prop_assert!(l.elections.iter().all(|e| e.ballots.is_empty()), "nothing keeps who voted for whom");
            for day in 0..400 {
                prop_assert!(l.terms.iter().filter(|t| t.covers(at(day))).count() <= 1, "{:?}", news);
            }
        }
    }
}
