//! A local peer-support group's own business (product line 8): meetings each term at a
//! member's setting, and the key issues the members choose for them.
//!
//! The group's object keeps a `MemberSpace` inside its roster (one writer), so "one answer per
//! member per meeting", "one support per member per issue" and the allowance hold under any
//! concurrency. Everything here is pure: the caller passes `now`. An agenda closes by the clock
//! alone: every command and every read first `settle`s, so no scheduled job is needed.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::api::local_group::{
    Attendance, HostOfferBody, IssueStatus, IssueSummary, MeetingView, MemberIssue, MemberMeeting,
};
use crate::api::ErrorCode;
use crate::rules::board::Board;
use crate::rules::election::Leadership;
use crate::Language;

/// Supports each member may give at once (one per issue at most).
pub const SUPPORTS_PER_MEMBER: u32 = 3;
/// An agenda closes this long before its meeting.
pub const AGENDA_CLOSES_HOURS_BEFORE: i64 = 48;
/// The most-supported issues, up to this many, make a meeting's agenda.
pub const AGENDA_SIZE: usize = 5;
/// Proposals one member may have open at once (a flood from one link stays small).
pub const OPEN_PROPOSALS_PER_MEMBER: usize = 5;
pub const ISSUE_TITLE_MAX: usize = 120;
pub const ISSUE_DETAILS_MAX: usize = 500;
pub const SETTING_TEXT_MAX: usize = 200;
/// People a setting can take, at most (a bigger number is a typo).
pub const PLACES_MAX: u32 = 200;
/// Places at a meeting whose host has not said.
pub const DEFAULT_PLACES: u32 = 12;
/// The reminder to those coming goes this long before the meeting.
pub const REMINDER_HOURS_BEFORE: i64 = 24;

/// A member's offer to host meetings at their setting, as they wrote it (trimmed), and when they
/// first offered. The address and the setting's name stay in the group's object: only those
/// coming (and the host, and leaders) ever see them; `area` is public.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HostOffer {
    pub offer: HostOfferBody,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub offered_at: DateTime<Utc>,
}

/// One meeting of the group, at a member's setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Meeting {
    pub id: String,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub starts_at: DateTime<Utc>,
    pub duration_minutes: u16,
    /// The hosting member's signup id; `None` while nobody hosts.
    #[serde(default)]
    pub host: Option<String>,
    pub places: u32,
    /// Members who said "I'm coming", in the order they said it; past `places` they wait.
    #[serde(default)]
    pub coming: Vec<String>,
    #[serde(default)]
    pub not_coming: BTreeSet<String>,
    /// The chosen issues, fixed when the agenda closed; `None` while it is open.
    #[serde(default)]
    pub agenda: Option<Vec<String>>,
    /// The day-before reminder went to those coming.
    #[serde(default)]
    pub reminded: bool,
}

impl Meeting {
    pub fn agenda_closes_at(&self) -> DateTime<Utc> {
        self.starts_at - Duration::hours(AGENDA_CLOSES_HOURS_BEFORE)
    }

    pub fn has_started(&self, now: DateTime<Utc>) -> bool {
        self.starts_at <= now
    }

    /// Where `member` stands: coming (inside the places), waiting (position from 1), not
    /// coming, or no answer yet.
    pub fn attendance(&self, member: &str) -> Attendance {
        match self.coming.iter().position(|m| m == member) {
            Some(i) if i < self.places as usize => Attendance::Coming,
            Some(i) => Attendance::Waiting { position: (i + 1 - self.places as usize) as u32 },
            None if self.not_coming.contains(member) => Attendance::NotComing,
            None => Attendance::NoAnswer,
        }
    }

    /// Those with a place, in the order they said so.
    pub fn with_a_place(&self) -> &[String] {
        &self.coming[..self.coming.len().min(self.places as usize)]
    }

    /// The address is for those coming, the host, and nobody else.
    pub fn shows_address_to(&self, member: &str) -> bool {
        self.host.as_deref() == Some(member) || self.attendance(member) == Attendance::Coming
    }
}

/// How an issue stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IssueState {
    Open,
    /// Chosen for this meeting's agenda when it closed.
    OnAgenda {
        meeting: String,
    },
    /// Taken down by a leader (audited in the dashboard).
    Hidden,
    /// Folded into another issue by a leader; its supports went with it.
    Merged {
        into: String,
    },
}

/// A key issue a member proposed. Who proposed and who supports it stay in the object: answers
/// carry counts, and only the member's own "mine" / "supported".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Issue {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub details: String,
    pub language: Language,
    pub proposed_by: String,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub proposed_at: DateTime<Utc>,
    pub state: IssueState,
    /// While open: who gives it a support.
    #[serde(default)]
    pub supporters: BTreeSet<String>,
    /// Once on an agenda: how many supports it had when chosen (the supports go back).
    #[serde(default)]
    pub supports_at_close: u32,
}

impl Issue {
    pub fn supports(&self) -> u32 {
        match self.state {
            IssueState::OnAgenda { .. } => self.supports_at_close,
            _ => self.supporters.len() as u32,
        }
    }

    fn summary(&self, carried_over: bool) -> IssueSummary {
        IssueSummary {
            id: self.id.clone(),
            title: self.title.clone(),
            details: self.details.clone(),
            language: self.language,
            supports: self.supports(),
            status: match self.state {
                IssueState::OnAgenda { .. } => IssueStatus::OnAgenda,
                _ => IssueStatus::Open,
            },
            carried_over,
        }
    }
}

/// Whom a change to the space must tell: (meeting, member) given a place that was freed, and
/// (meeting, those coming) whose host is gone.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Notices {
    pub place_freed: Vec<(String, String)>,
    pub host_gone: Vec<(String, Vec<String>)>,
    /// Terms cut short (the holder left): their access follows.
    pub terms: Vec<String>,
    /// Board posts closed or gone (the holder left, or was erased): their listing follows.
    pub posts: Vec<String>,
}

/// What a change of answer did; `promoted` moved from waiting to a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RsvpOutcome {
    pub attendance: Attendance,
    pub promoted: Option<String>,
    pub changed: bool,
}

/// A group's meetings, host offers and key issues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberSpace {
    #[serde(default)]
    pub offers: BTreeMap<String, HostOffer>,
    /// In the order of their start.
    #[serde(default)]
    pub meetings: Vec<Meeting>,
    /// In the order they were proposed.
    #[serde(default)]
    pub issues: Vec<Issue>,
    #[serde(default)]
    next_id: u64,
    /// Its elections and its leaders' terms (`rules::election`).
    #[serde(default)]
    pub leadership: Leadership,
    /// Its members' posts on the network's opportunities board (`rules::board`).
    #[serde(default)]
    pub board: Board,
    /// People who left and asked to hear no more about meetings (the rest who left still do:
    /// people dip in and out).
    #[serde(default)]
    pub quiet: BTreeSet<String>,
}

impl MemberSpace {
    pub fn is_empty(&self) -> bool {
        self.offers.is_empty()
            && self.meetings.is_empty()
            && self.issues.is_empty()
            && self.leadership.is_empty()
            && self.board.is_empty()
    }

    fn new_id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}{}", self.next_id)
    }

    pub fn meeting(&self, id: &str) -> Option<&Meeting> {
        self.meetings.iter().find(|m| m.id == id)
    }

    pub fn issue(&self, id: &str) -> Option<&Issue> {
        self.issues.iter().find(|i| i.id == id)
    }

    /// Offer (or change the offer of) one's setting for meetings.
    pub fn offer_to_host(&mut self, member: &str, body: HostOfferBody, now: DateTime<Utc>) -> bool {
        let offered_at = self.offers.get(member).map_or(now, |o| o.offered_at);
        let offer = HostOffer {
            offer: HostOfferBody {
                setting: body.setting.trim().to_string(),
                address: body.address.trim().to_string(),
                area: body.area.trim().to_string(),
                places: body.places,
                access_notes: body.access_notes.trim().to_string(),
            },
            offered_at,
        };
        self.offers.insert(member.to_string(), offer.clone()) != Some(offer)
    }

    /// Withdraw one's offer. A host who withdraws no longer hosts the meetings still to come:
    /// those coming to them are answered (`Notices::host_gone`).
    pub fn withdraw_offer(&mut self, member: &str, now: DateTime<Utc>) -> Option<Notices> {
        self.offers.remove(member)?;
        let mut notices = Notices::default();
        for meeting in self.meetings.iter_mut().filter(|m| !m.has_started(now) && m.host.as_deref() == Some(member)) {
            meeting.host = None;
            let told: Vec<String> = meeting.with_a_place().iter().filter(|m| *m != member).cloned().collect();
            notices.host_gone.push((meeting.id.clone(), told));
        }
        Some(notices)
    }

    /// A member left the group (cancelled, removed, moved, erased): they give up their places at
    /// meetings still to come (each to the first waiting), their offer and hosting, and their
    /// supports. What they proposed stays. Answers whom to tell.
    pub fn leave(&mut self, member: &str, now: DateTime<Utc>) -> Notices {
        let terms = self.leadership.leave(member, now);
        let mut notices = self.withdraw_offer(member, now).unwrap_or_default();
        notices.terms = terms;
        let upcoming: Vec<String> = self.meetings.iter().filter(|m| !m.has_started(now)).map(|m| m.id.clone()).collect();
        for id in upcoming {
            if let Ok(RsvpOutcome { promoted: Some(promoted), .. }) = self.rsvp(&id, member, false, now) {
                notices.place_freed.push((id.clone(), promoted));
            }
            if let Some(meeting) = self.meetings.iter_mut().find(|m| m.id == id) {
                meeting.not_coming.remove(member);
            }
        }
        for issue in &mut self.issues {
            issue.supporters.remove(member);
        }
        notices
    }

    /// When each volunteer last hosted (or is due to host): `None` for never.
    pub fn last_hosted(&self, member: &str) -> Option<DateTime<Utc>> {
        self.meetings.iter().filter(|m| m.host.as_deref() == Some(member)).map(|m| m.starts_at).max()
    }

    /// The volunteer to suggest as the next host: whoever hosted least recently (never before
    /// first), then whoever offered first. A rotation without anybody keeping count.
    pub fn suggest_host(&self) -> Option<&str> {
        self.offers
            .iter()
            .min_by_key(|(member, offer)| (self.last_hosted(member), offer.offered_at, member.as_str()))
            .map(|(member, _)| member.as_str())
    }

    /// A leader schedules a meeting; `places` defaults to what the host's setting takes.
    pub fn schedule(
        &mut self,
        starts_at: DateTime<Utc>,
        duration_minutes: u16,
        host: Option<String>,
        places: Option<u32>,
        now: DateTime<Utc>,
    ) -> Result<Meeting, ErrorCode> {
        if starts_at <= now {
            return Err(ErrorCode::MeetingInThePast);
        }
        let offer = match &host {
            Some(member) => Some(self.offers.get(member).ok_or(ErrorCode::NotAHost)?),
            None => None,
        };
        let places = places.or(offer.map(|o| o.offer.places)).unwrap_or(DEFAULT_PLACES).clamp(1, PLACES_MAX);
        let meeting = Meeting {
            id: self.new_id("m"),
            starts_at,
            duration_minutes,
            host,
            places,
            coming: vec![],
            not_coming: BTreeSet::new(),
            agenda: None,
            reminded: false,
        };
        self.meetings.push(meeting.clone());
        self.meetings.sort_by_key(|m| m.starts_at);
        Ok(meeting)
    }

    /// A leader changes who hosts a meeting (or, with `None`, the host hands it back).
    /// Answers who was coming, to be told.
    pub fn set_host(
        &mut self,
        meeting: &str,
        host: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<Vec<String>, ErrorCode> {
        if let Some(member) = &host {
            if !self.offers.contains_key(member) {
                return Err(ErrorCode::NotAHost);
            }
        }
        let places = host.as_ref().and_then(|m| self.offers.get(m)).map(|o| o.offer.places);
        let meeting = self.meetings.iter_mut().find(|m| m.id == meeting).ok_or(ErrorCode::MeetingNotFound)?;
        if meeting.has_started(now) {
            return Err(ErrorCode::MeetingOver);
        }
        if meeting.host == host {
            return Ok(vec![]);
        }
        meeting.host = host;
        if let Some(places) = places {
            meeting.places = places.clamp(1, PLACES_MAX);
        }
        Ok(meeting.with_a_place().to_vec())
    }

    /// "I'm coming" / "Not this time". Coming when the setting is full waits in order; a place
    /// given up goes to the first waiting.
    pub fn rsvp(
        &mut self,
        meeting: &str,
        member: &str,
        going: bool,
        now: DateTime<Utc>,
    ) -> Result<RsvpOutcome, ErrorCode> {
        let meeting = self.meetings.iter_mut().find(|m| m.id == meeting).ok_or(ErrorCode::MeetingNotFound)?;
        if meeting.has_started(now) {
            return Err(ErrorCode::MeetingOver);
        }
        let before = meeting.attendance(member);
        let mut promoted = None;
        if going {
            if !meeting.coming.iter().any(|m| m == member) {
                meeting.coming.push(member.to_string());
            }
            meeting.not_coming.remove(member);
        } else {
            if let Some(i) = meeting.coming.iter().position(|m| m == member) {
                meeting.coming.remove(i);
                let places = meeting.places as usize;
                if i < places && meeting.coming.len() >= places {
                    promoted = Some(meeting.coming[places - 1].clone());
                }
            }
            meeting.not_coming.insert(member.to_string());
        }
        let attendance = meeting.attendance(member);
        Ok(RsvpOutcome { changed: attendance != before, attendance, promoted })
    }

    /// Close every agenda whose time has come: the open issues proposed before it closed,
    /// most supported first (ties: proposed first), up to `AGENDA_SIZE` with at least one
    /// support, become the meeting's agenda and give their supports back; the rest carry
    /// over to the next meeting. Answers the meetings whose agenda closed now.
    pub fn settle(&mut self, now: DateTime<Utc>) -> Vec<String> {
        let mut closed = Vec::new();
        for index in 0..self.meetings.len() {
            let meeting = &self.meetings[index];
            if meeting.agenda.is_some() || meeting.agenda_closes_at() > now {
                continue;
            }
            let (meeting_id, closes_at) = (meeting.id.clone(), meeting.agenda_closes_at());
            let mut pool: Vec<&mut Issue> = self
                .issues
                .iter_mut()
                .filter(|i| i.state == IssueState::Open && i.proposed_at <= closes_at && !i.supporters.is_empty())
                .collect();
            pool.sort_by(|a, b| b.supporters.len().cmp(&a.supporters.len()).then(a.proposed_at.cmp(&b.proposed_at)));
            let mut chosen = Vec::new();
            for issue in pool.into_iter().take(AGENDA_SIZE) {
                issue.state = IssueState::OnAgenda { meeting: meeting_id.clone() };
                issue.supports_at_close = issue.supporters.len() as u32;
                issue.supporters.clear();
                chosen.push(issue.id.clone());
            }
            self.meetings[index].agenda = Some(chosen);
            closed.push(meeting_id);
        }
        closed
    }

    /// Open issues `member` supports (each counts against the allowance).
    pub fn supports_given(&self, member: &str) -> u32 {
        self.issues.iter().filter(|i| i.state == IssueState::Open && i.supporters.contains(member)).count() as u32
    }

    pub fn supports_left(&self, member: &str) -> u32 {
        SUPPORTS_PER_MEMBER.saturating_sub(self.supports_given(member))
    }

    /// Propose an issue for the coming agenda (its text already checked by
    /// `api::local_group::ProposeBody::problems`).
    pub fn propose(
        &mut self,
        member: &str,
        title: &str,
        details: &str,
        language: Language,
        now: DateTime<Utc>,
    ) -> Result<IssueSummary, ErrorCode> {
        self.settle(now);
        let open_mine = self.issues.iter().filter(|i| i.state == IssueState::Open && i.proposed_by == member).count();
        if open_mine >= OPEN_PROPOSALS_PER_MEMBER {
            return Err(ErrorCode::TooManyProposals);
        }
        let issue = Issue {
            id: self.new_id("i"),
            title: title.trim().to_string(),
            details: details.trim().to_string(),
            language,
            proposed_by: member.to_string(),
            proposed_at: now,
            state: IssueState::Open,
            supporters: BTreeSet::new(),
            supports_at_close: 0,
        };
        let summary = issue.summary(false);
        self.issues.push(issue);
        Ok(summary)
    }

    /// Give (`true`) or take back (`false`) one support. Giving one twice changes nothing.
    /// Answers the issue's count.
    pub fn support(&mut self, member: &str, issue: &str, give: bool, now: DateTime<Utc>) -> Result<u32, ErrorCode> {
        self.settle(now);
        let left = self.supports_left(member);
        let issue = self.issues.iter_mut().find(|i| i.id == issue).ok_or(ErrorCode::IssueNotFound)?;
        match issue.state {
            IssueState::Open => {}
            IssueState::Hidden | IssueState::Merged { .. } => return Err(ErrorCode::IssueNotFound),
            IssueState::OnAgenda { .. } => return Err(ErrorCode::AgendaClosed),
        }
        if give && !issue.supporters.contains(member) {
            if left == 0 {
                return Err(ErrorCode::SupportsUsedUp);
            }
            issue.supporters.insert(member.to_string());
        } else if !give {
            issue.supporters.remove(member);
        }
        Ok(issue.supporters.len() as u32)
    }

    /// A leader hides an inappropriate issue: its supports go back.
    pub fn hide(&mut self, issue: &str) -> Result<(), ErrorCode> {
        let issue = self.issues.iter_mut().find(|i| i.id == issue).ok_or(ErrorCode::IssueNotFound)?;
        match issue.state {
            IssueState::Open => {}
            IssueState::OnAgenda { .. } => return Err(ErrorCode::AgendaClosed),
            IssueState::Hidden | IssueState::Merged { .. } => return Err(ErrorCode::IssueNotFound),
        }
        issue.state = IssueState::Hidden;
        issue.supporters.clear();
        Ok(())
    }

    /// A leader folds a duplicate into another open issue: its supporters support the other
    /// (a member who supported both keeps one support there, and gets the other back).
    pub fn merge(&mut self, from: &str, into: &str) -> Result<(), ErrorCode> {
        let open = |space: &Self, id: &str| space.issue(id).is_some_and(|i| i.state == IssueState::Open);
        if from == into || !open(self, from) || !open(self, into) {
            return Err(ErrorCode::IssueNotFound);
        }
        let supporters = {
            let from = self.issues.iter_mut().find(|i| i.id == from).expect("checked above");
            from.state = IssueState::Merged { into: into.to_string() };
            std::mem::take(&mut from.supporters)
        };
        let into = self.issues.iter_mut().find(|i| i.id == into).expect("checked above");
        into.supporters.extend(supporters);
        Ok(())
    }

    /// Forget a member (erasure): their offer, answers, supports; their proposals stay, nobody's.
    pub fn forget(&mut self, member: &str) {
        self.quiet.remove(member);
        self.offers.remove(member);
        for meeting in &mut self.meetings {
            meeting.coming.retain(|m| m != member);
            meeting.not_coming.remove(member);
            if meeting.host.as_deref() == Some(member) {
                meeting.host = None;
            }
        }
        for issue in &mut self.issues {
            issue.supporters.remove(member);
            if issue.proposed_by == member {
                issue.proposed_by.clear();
            }
        }
    }

    /// When the next day-before reminder is due (for a meeting someone is coming to or hosts).
    pub fn next_reminder_due(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let reminders = self
            .meetings
            .iter()
            .filter(|m| !m.reminded && !m.has_started(now) && (!m.coming.is_empty() || m.host.is_some()))
            .map(|m| m.starts_at - Duration::hours(REMINDER_HOURS_BEFORE));
        // An agenda closes by the clock; the alarm comes then so members hear it is set.
        let agendas =
            self.meetings.iter().filter(|m| m.agenda.is_none() && !m.has_started(now)).map(Meeting::agenda_closes_at);
        reminders.chain(agendas).min()
    }

    /// Mark the due reminders sent: answers each meeting's id with those who have a place and
    /// its host.
    pub fn take_due_reminders(&mut self, now: DateTime<Utc>) -> Vec<(String, Vec<String>)> {
        let mut due = Vec::new();
        for meeting in &mut self.meetings {
            if meeting.reminded || meeting.has_started(now) {
                continue;
            }
            let mut told = meeting.with_a_place().to_vec();
            told.extend(meeting.host.clone().filter(|host| !told.contains(host)));
            // Marked only once someone is told: whoever says "I'm coming" later is still reminded.
            if meeting.starts_at - Duration::hours(REMINDER_HOURS_BEFORE) <= now && !told.is_empty() {
                meeting.reminded = true;
                due.push((meeting.id.clone(), told));
            }
        }
        due
    }

    /// The issue ids that carried over: open, and proposed before an agenda that has closed.
    fn carried_over(&self, issue: &Issue) -> bool {
        issue.state == IssueState::Open
            && self.meetings.iter().any(|m| m.agenda.is_some() && issue.proposed_at <= m.agenda_closes_at())
    }

    /// The issues anyone may see: open and chosen ones (hidden and merged never), most
    /// supported open ones first, then those on agendas. Counts only, never names.
    pub fn public_issues(&self) -> Vec<IssueSummary> {
        let mut open: Vec<&Issue> = self.issues.iter().filter(|i| i.state == IssueState::Open).collect();
        open.sort_by(|a, b| b.supports().cmp(&a.supports()).then(a.proposed_at.cmp(&b.proposed_at)));
        let chosen = self.issues.iter().filter(|i| matches!(i.state, IssueState::OnAgenda { .. }));
        open.into_iter().chain(chosen).map(|i| i.summary(self.carried_over(i))).collect()
    }

    /// A meeting as anyone may see it: the area, never the address or the setting's name.
    /// Before the agenda closes, `agenda` is the standing (the most supported open issues).
    pub fn public_meeting(&self, meeting: &Meeting, default_area: &str) -> MeetingView {
        let area =
            meeting.host.as_ref().and_then(|h| self.offers.get(h)).map_or(default_area, |o| o.offer.area.as_str());
        let agenda: Vec<IssueSummary> = match &meeting.agenda {
            Some(ids) => ids.iter().filter_map(|id| self.issue(id)).map(|i| i.summary(false)).collect(),
            None => self
                .public_issues()
                .into_iter()
                .filter(|i| i.status == IssueStatus::Open && i.supports > 0)
                .take(AGENDA_SIZE)
                .collect(),
        };
        let coming = meeting.coming.len() as u32;
        MeetingView {
            id: meeting.id.clone(),
            starts_at: meeting.starts_at,
            duration_minutes: meeting.duration_minutes,
            area: area.to_string(),
            going: coming.min(meeting.places),
            places: meeting.places,
            waiting: coming.saturating_sub(meeting.places),
            has_host: meeting.host.is_some(),
            agenda_closes_at: meeting.agenda_closes_at(),
            agenda_final: meeting.agenda.is_some(),
            agenda,
        }
    }

    /// Every meeting as anyone may see it, soonest last-first: upcoming in order, then past.
    pub fn public_meetings(&self, default_area: &str, now: DateTime<Utc>) -> Vec<MeetingView> {
        let (past, upcoming): (Vec<&Meeting>, Vec<&Meeting>) = self.meetings.iter().partition(|m| m.has_started(now));
        upcoming.into_iter().chain(past.into_iter().rev()).map(|m| self.public_meeting(m, default_area)).collect()
    }

    /// A meeting as one member sees it: with the setting and address only when they may.
    pub fn member_meeting(&self, meeting: &Meeting, member: &str, default_area: &str) -> MemberMeeting {
        let offer = meeting
            .host
            .as_ref()
            .and_then(|h| self.offers.get(h))
            .filter(|_| meeting.shows_address_to(member))
            .map(|o| &o.offer);
        MemberMeeting {
            meeting: self.public_meeting(meeting, default_area),
            mine: meeting.attendance(member),
            hosting: meeting.host.as_deref() == Some(member),
            setting: offer.map(|o| o.setting.clone()),
            address: offer.map(|o| o.address.clone()),
            access_notes: offer.map(|o| o.access_notes.clone()).filter(|n| !n.is_empty()),
        }
    }

    pub fn member_meetings(&self, member: &str, default_area: &str, now: DateTime<Utc>) -> Vec<MemberMeeting> {
        let (past, upcoming): (Vec<&Meeting>, Vec<&Meeting>) = self.meetings.iter().partition(|m| m.has_started(now));
        upcoming
            .into_iter()
            .chain(past.into_iter().rev())
            .map(|m| self.member_meeting(m, member, default_area))
            .collect()
    }

    /// The issues as one member sees them: with whether they proposed or support each.
    pub fn member_issues(&self, member: &str) -> Vec<MemberIssue> {
        self.public_issues()
            .into_iter()
            .map(|summary| {
                let issue = self.issue(&summary.id);
                MemberIssue {
                    mine: issue.is_some_and(|i| i.proposed_by == member),
                    supported: issue.is_some_and(|i| i.supporters.contains(member)),
                    issue: summary,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(hours: i64) -> DateTime<Utc> {
        "2027-01-10T09:00:00Z".parse::<DateTime<Utc>>().unwrap() + Duration::hours(hours)
    }

    fn offer(places: u32) -> HostOfferBody {
        HostOfferBody {
            setting: "Little Acorns".into(),
            address: "1 Oak Lane, Dereham NR19 1AA".into(),
            area: "Dereham".into(),
            places,
            access_notes: String::new(),
        }
    }

    fn space_with_meeting(places: u32) -> (MemberSpace, String) {
        let mut space = MemberSpace::default();
        space.offer_to_host("host", offer(places), at(0));
        let meeting = space.schedule(at(24 * 7), 120, Some("host".into()), None, at(0)).unwrap();
        (space, meeting.id)
    }

    #[test]
    fn the_suggested_host_is_whoever_hosted_least_recently_never_hosted_first() {
        let mut space = MemberSpace::default();
        space.offer_to_host("ann", offer(10), at(0));
        space.offer_to_host("bea", offer(10), at(1));
        space.offer_to_host("cat", offer(10), at(2));
        assert_eq!(space.suggest_host(), Some("ann"), "nobody has hosted: the first to offer");
        space.schedule(at(100), 90, Some("ann".into()), None, at(3)).unwrap();
        assert_eq!(space.suggest_host(), Some("bea"));
        space.schedule(at(200), 90, Some("bea".into()), None, at(3)).unwrap();
        space.schedule(at(300), 90, Some("cat".into()), None, at(3)).unwrap();
        assert_eq!(space.suggest_host(), Some("ann"), "everyone hosted: the longest ago");
    }

    #[test]
    fn only_a_member_who_offered_their_setting_can_host_and_meetings_are_in_the_future() {
        let mut space = MemberSpace::default();
        assert_eq!(space.schedule(at(10), 90, Some("ann".into()), None, at(0)), Err(ErrorCode::NotAHost));
        assert_eq!(space.schedule(at(0), 90, None, None, at(1)), Err(ErrorCode::MeetingInThePast));
        let meeting = space.schedule(at(10), 90, None, None, at(0)).unwrap();
        assert_eq!(meeting.places, DEFAULT_PLACES);
    }

    #[test]
    fn the_address_is_shown_only_to_those_coming_and_the_host() {
        let (mut space, m) = space_with_meeting(1);
        space.rsvp(&m, "ann", true, at(1)).unwrap();
        space.rsvp(&m, "bea", true, at(1)).unwrap();
        space.rsvp(&m, "cat", false, at(1)).unwrap();
        let view = |who: &str| space.member_meeting(space.meeting(&m).unwrap(), who, "Norfolk");
        assert!(view("ann").address.is_some(), "coming");
        assert!(view("host").address.is_some(), "the host");
        for who in ["bea", "cat", "dan"] {
            let seen = view(who);
            assert_eq!((seen.address, seen.setting), (None, None), "{who} is not coming");
        }
        assert_eq!(view("bea").mine, Attendance::Waiting { position: 1 });
        let public = serde_json::to_string(&space.public_meetings("Norfolk", at(1))).unwrap();
        assert!(!public.contains("Oak Lane") && !public.contains("Acorns"), "{public}");
        assert!(public.contains("Dereham"));
    }

    #[test]
    fn a_place_given_up_goes_to_the_first_waiting() {
        let (mut space, m) = space_with_meeting(2);
        for who in ["ann", "bea", "cat", "dan"] {
            space.rsvp(&m, who, true, at(1)).unwrap();
        }
        let outcome = space.rsvp(&m, "bea", false, at(2)).unwrap();
        assert_eq!(outcome.promoted.as_deref(), Some("cat"));
        assert_eq!(space.meeting(&m).unwrap().attendance("dan"), Attendance::Waiting { position: 1 });
        assert_eq!(space.rsvp(&m, "dan", false, at(2)).unwrap().promoted, None, "a waiting one leaving frees no place");
        assert_eq!(space.rsvp(&m, "ann", true, at(500)), Err(ErrorCode::MeetingOver));
    }

    #[test]
    fn when_the_agenda_closes_the_most_supported_issues_are_chosen_ties_to_the_first_proposed_and_the_rest_carry_over()
    {
        let (mut space, m) = space_with_meeting(10);
        let ids: Vec<String> = (0..7)
            .map(|n| space.propose(&format!("p{n}"), &format!("issue {n}"), "", Language::En, at(n)).unwrap().id)
            .collect();
        // Supports: issue 6 gets 3, issues 0..=4 get 1 each, issue 5 none.
        for who in ["a", "b", "c"] {
            space.support(who, &ids[6], true, at(10)).unwrap();
        }
        for (n, id) in ids.iter().take(5).enumerate() {
            space.support(&format!("s{n}"), id, true, at(10)).unwrap();
        }
        assert!(space.meeting(&m).unwrap().agenda.is_none());
        let closes = space.meeting(&m).unwrap().agenda_closes_at();
        assert!(space.settle(closes - Duration::seconds(1)).is_empty(), "not yet");
        assert_eq!(space.settle(closes), vec![m.clone()]);
        let agenda = space.meeting(&m).unwrap().agenda.clone().unwrap();
        assert_eq!(agenda, vec![ids[6].clone(), ids[0].clone(), ids[1].clone(), ids[2].clone(), ids[3].clone()]);
        assert_eq!(space.issue(&ids[4]).unwrap().state, IssueState::Open, "carried over");
        assert_eq!(space.supports_left("a"), SUPPORTS_PER_MEMBER, "supports on chosen issues come back");
        assert_eq!(space.support("a", &ids[6], false, at(200)), Err(ErrorCode::AgendaClosed));
        assert_eq!(
            space.support("x", &ids[4], true, closes).unwrap(),
            2,
            "the carried-over issue still gathers supports"
        );
        assert!(space.public_issues().iter().any(|i| i.id == ids[4] && i.carried_over));
    }

    #[test]
    fn an_agenda_closes_by_the_clock_when_anything_is_next_asked() {
        let (mut space, m) = space_with_meeting(10);
        let issue = space.propose("p", "Ofsted changes", "", Language::En, at(1)).unwrap().id;
        space.support("p", &issue, true, at(1)).unwrap();
        let after = space.meeting(&m).unwrap().agenda_closes_at() + Duration::minutes(1);
        // No job ran; the next command settles first.
        assert_eq!(space.propose("q", "Later", "", Language::En, after).unwrap().status, IssueStatus::Open);
        assert_eq!(space.meeting(&m).unwrap().agenda.as_deref(), Some(&[issue][..]));
    }

    #[test]
    fn supports_are_limited_to_the_allowance_and_one_per_issue() {
        let mut space = MemberSpace::default();
        let ids: Vec<String> =
            (0..5).map(|n| space.propose("p", &format!("t{n}"), "", Language::Es, at(0)).unwrap().id).collect();
        assert_eq!(space.support("ann", &ids[0], true, at(1)), Ok(1));
        assert_eq!(space.support("ann", &ids[0], true, at(1)), Ok(1), "twice is once");
        space.support("ann", &ids[1], true, at(1)).unwrap();
        space.support("ann", &ids[2], true, at(1)).unwrap();
        assert_eq!(space.support("ann", &ids[3], true, at(1)), Err(ErrorCode::SupportsUsedUp));
        space.support("ann", &ids[0], false, at(1)).unwrap();
        assert_eq!(space.support("ann", &ids[3], true, at(1)), Ok(1), "a support moves");
        assert_eq!(space.supports_left("ann"), 0);
    }

    #[test]
    fn a_member_may_have_only_a_few_proposals_open() {
        let mut space = MemberSpace::default();
        for n in 0..OPEN_PROPOSALS_PER_MEMBER {
            space.propose("p", &format!("t{n}"), "", Language::En, at(0)).unwrap();
        }
        assert_eq!(space.propose("p", "one more", "", Language::En, at(0)), Err(ErrorCode::TooManyProposals));
    }

    #[test]
    fn merging_moves_supports_without_counting_anyone_twice_and_hidden_issues_are_never_public() {
        let mut space = MemberSpace::default();
        let a = space.propose("p", "Staff wellbeing", "", Language::En, at(0)).unwrap().id;
        let b = space.propose("q", "Wellbeing of staff", "", Language::En, at(1)).unwrap().id;
        let c = space.propose("r", "rude words", "", Language::En, at(2)).unwrap().id;
        space.support("ann", &a, true, at(3)).unwrap();
        space.support("ann", &b, true, at(3)).unwrap();
        space.support("bea", &b, true, at(3)).unwrap();
        space.merge(&b, &a).unwrap();
        assert_eq!(space.issue(&a).unwrap().supports(), 2);
        assert_eq!(space.supports_left("ann"), SUPPORTS_PER_MEMBER - 1);
        space.hide(&c).unwrap();
        let public: Vec<String> = space.public_issues().into_iter().map(|i| i.id).collect();
        assert_eq!(public, vec![a]);
    }

    #[test]
    fn those_with_a_place_and_the_host_are_reminded_once_the_day_before() {
        let (mut space, m) = space_with_meeting(1);
        let closes = space.meeting(&m).unwrap().agenda_closes_at();
        assert_eq!(space.next_reminder_due(at(0)), Some(closes), "first the agenda closes (members are told)");
        assert_eq!(space.settle(closes), vec![m.clone()]);
        let due = space.next_reminder_due(closes).unwrap();
        assert_eq!(due, at(24 * 6), "the host is reminded even before anyone answers");
        space.rsvp(&m, "ann", true, at(1)).unwrap();
        space.rsvp(&m, "bea", true, at(1)).unwrap();
        assert!(space.take_due_reminders(due - Duration::seconds(1)).is_empty());
        assert_eq!(space.take_due_reminders(due), vec![(m.clone(), vec!["ann".to_string(), "host".to_string()])]);
        assert!(space.take_due_reminders(due).is_empty(), "once");
    }

    #[test]
    fn a_meeting_nobody_is_told_of_yet_is_not_marked_reminded() {
        let mut space = MemberSpace::default();
        let m = space.schedule(at(48), 90, None, None, at(0)).unwrap().id;
        assert!(space.take_due_reminders(at(30)).is_empty());
        space.rsvp(&m, "ann", true, at(31)).unwrap();
        space.settle(at(31));
        assert_eq!(space.next_reminder_due(at(31)), Some(at(24)), "already due: sent at once");
        assert_eq!(space.take_due_reminders(at(31)), vec![(m, vec!["ann".to_string()])]);
    }

    #[test]
    fn a_member_who_leaves_gives_up_their_place_offer_hosting_and_supports() {
        let (mut space, m) = space_with_meeting(1);
        space.rsvp(&m, "ann", true, at(1)).unwrap();
        space.rsvp(&m, "bea", true, at(1)).unwrap();
        let issue = space.propose("ann", "Funding", "", Language::En, at(1)).unwrap().id;
        space.support("ann", &issue, true, at(1)).unwrap();
        let notices = space.leave("ann", at(2));
        assert_eq!(notices.place_freed, vec![(m.clone(), "bea".to_string())]);
        let meeting = space.meeting(&m).unwrap();
        assert_eq!(meeting.attendance("ann"), Attendance::NoAnswer);
        assert!(!meeting.shows_address_to("ann"));
        assert_eq!(space.issue(&issue).unwrap().supports(), 0);
        assert!(space.issue(&issue).is_some(), "what they proposed stays");

        let notices = space.leave("host", at(3));
        assert_eq!(notices.host_gone, vec![(m.clone(), vec!["bea".to_string()])], "those coming are told");
        assert_eq!(space.meeting(&m).unwrap().host, None);
        assert!(space.offers.is_empty());
    }

    #[test]
    fn a_merged_issue_is_not_found_rather_than_closed() {
        let mut space = MemberSpace::default();
        let a = space.propose("p", "Funding", "", Language::En, at(0)).unwrap().id;
        let b = space.propose("q", "Funding changes", "", Language::En, at(0)).unwrap().id;
        space.merge(&b, &a).unwrap();
        assert_eq!(space.support("ann", &b, true, at(1)), Err(ErrorCode::IssueNotFound));
        assert_eq!(space.hide(&b), Err(ErrorCode::IssueNotFound));
    }

    #[derive(Debug, Clone)]
    enum Op {
        Give(usize, usize),
        Take(usize, usize),
        Settle(i64),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0..8usize, 0..6usize).prop_map(|(m, i)| Op::Give(m, i)),
            (0..8usize, 0..6usize).prop_map(|(m, i)| Op::Take(m, i)),
            (0..400i64).prop_map(Op::Settle),
        ]
    }

    proptest! {
        #[test]
        fn supports_never_exceed_the_allowance_nor_count_a_member_twice(ops in proptest::collection::vec(op(), 0..150)) {
            let mut space = MemberSpace::default();
            space.schedule(at(24 * 5), 90, None, None, at(0)).unwrap();
            space.schedule(at(24 * 12), 90, None, None, at(0)).unwrap();
            let issues: Vec<String> = (0..6).map(|n| space.propose(&format!("p{n}"), "t", "", Language::En, at(0)).unwrap().id).collect();
            let mut clock = at(0);
            for op in ops {
                let _ = match op {
                    Op::Give(m, i) => space.support(&format!("m{m}"), &issues[i], true, clock).map(|_| ()),
                    Op::Take(m, i) => space.support(&format!("m{m}"), &issues[i], false, clock).map(|_| ()),
                    Op::Settle(h) => { clock = clock.max(at(h)); space.settle(clock); Ok(()) }
                };
                for m in 0..8 {
                    let member = format!("m{}", m);
                    prop_assert!(space.supports_given(&member) <= SUPPORTS_PER_MEMBER);
                }
                for issue in &space.issues {
                    prop_assert!(issue.supports() <= 8, "a member counts once per issue");
                }
                for meeting in &space.meetings {
                    if let Some(agenda) = &meeting.agenda {
                        prop_assert!(agenda.len() <= AGENDA_SIZE);
                        // Chosen issues are ranked: most supported first.
                        let counts: Vec<u32> = agenda.iter().map(|id| space.issue(id).unwrap().supports()).collect();
                        prop_assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{:?}", counts);
                    }
                }
            }
        }

        #[test]
        fn a_meeting_never_seats_more_than_its_places_and_waiting_is_first_come(answers in proptest::collection::vec((0..12usize, any::<bool>()), 0..80), places in 1u32..6) {
            let (mut space, m) = space_with_meeting(places);
            let mut expected: Vec<String> = Vec::new();
            for (who, going) in answers {
                let who = format!("m{who}");
                space.rsvp(&m, &who, going, at(1)).unwrap();
                if going { if !expected.contains(&who) { expected.push(who) } } else { expected.retain(|w| *w != who) }
            }
            let meeting = space.meeting(&m).unwrap();
            prop_assert_eq!(&meeting.coming, &expected);
            prop_assert!(meeting.with_a_place().len() <= places as usize);
        }
    }
}
