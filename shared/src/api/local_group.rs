//! The HTTP contract of a local peer-support group's member space: meetings at a member's
//! setting, answers ("I'm coming"), host offers and the key issues members choose. Public
//! answers carry counts and areas, never a name or an address.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{FieldMessage, Problem};
use crate::rules::member_space::{ISSUE_DETAILS_MAX, ISSUE_TITLE_MAX, PLACES_MAX, SETTING_TEXT_MAX};
use crate::Language;

/// Where a member stands for one meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    Coming,
    /// The setting is full: waiting, in order.
    Waiting {
        position: u32,
    },
    NotComing,
    NoAnswer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IssueStatus {
    Open,
    OnAgenda,
}

/// A key issue as anyone sees it: its count, never who proposed or supports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssueSummary {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub details: String,
    pub language: Language,
    pub supports: u32,
    pub status: IssueStatus,
    /// Open, and left over from an agenda that closed: it stands for the next meeting.
    #[serde(default)]
    pub carried_over: bool,
}

/// A meeting as anyone sees it: the area, never the setting or its address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingView {
    pub id: String,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub starts_at: DateTime<Utc>,
    pub duration_minutes: u16,
    pub area: String,
    /// Coming, with a place.
    pub going: u32,
    pub places: u32,
    pub waiting: u32,
    pub has_host: bool,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub agenda_closes_at: DateTime<Utc>,
    /// `agenda` is final (chosen when it closed) rather than the standing so far.
    pub agenda_final: bool,
    pub agenda: Vec<IssueSummary>,
}

/// `GET /api/groups/{id}/meetings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingsAnswer {
    pub meetings: Vec<MeetingView>,
}

/// `GET /api/groups/{id}/issues`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssuesAnswer {
    pub issues: Vec<IssueSummary>,
}

/// A meeting as one member sees it. `setting`, `address` and `access_notes` only when they are
/// coming (with a place) or host it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberMeeting {
    pub meeting: MeetingView,
    pub mine: Attendance,
    #[serde(default)]
    pub hosting: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setting: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_notes: Option<String>,
}

/// An issue as one member sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberIssue {
    pub issue: IssueSummary,
    /// They proposed it.
    pub mine: bool,
    /// They give it one of their supports.
    pub supported: bool,
}

/// What a member offered for hosting (their own, shown back to them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HostOfferBody {
    pub setting: String,
    pub address: String,
    pub area: String,
    pub places: u32,
    #[serde(default)]
    pub access_notes: String,
}

impl HostOfferBody {
    /// What is wrong with it, by field, in the person's language (empty: fine).
    pub fn problems(&self, lang: Language) -> Vec<FieldMessage> {
        let mut problems = Vec::new();
        for (field, text) in [("setting", &self.setting), ("address", &self.address), ("area", &self.area)] {
            if text.trim().is_empty() {
                problems.push(Problem::Required.for_field(field, lang));
            } else if text.chars().count() > SETTING_TEXT_MAX {
                problems.push(Problem::TooLong(SETTING_TEXT_MAX).for_field(field, lang));
            }
        }
        if self.access_notes.chars().count() > SETTING_TEXT_MAX * 2 {
            problems.push(Problem::TooLong(SETTING_TEXT_MAX * 2).for_field("access_notes", lang));
        }
        if self.places == 0 || self.places > PLACES_MAX {
            problems.push(Problem::OutOfRange(1, PLACES_MAX).for_field("places", lang));
        }
        problems
    }
}

/// `GET /api/manage/{token}/space`: everything the member space page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberSpaceView {
    pub group_id: String,
    pub group_title: crate::model::Bilingual,
    pub time_zone: String,
    pub name: String,
    /// Still a member (they may have left: one tap brings them back).
    pub member: bool,
    /// Not a member yet: waiting for a place in a group that limits them (position from 1).
    #[serde(default)]
    pub waiting: Option<u32>,
    pub meetings: Vec<MemberMeeting>,
    pub issues: Vec<MemberIssue>,
    pub supports_left: u32,
    pub supports_per_member: u32,
    #[serde(default)]
    pub host_offer: Option<HostOfferBody>,
    #[serde(default)]
    pub elections: Vec<MemberElection>,
    #[serde(default)]
    pub leaders: Vec<LeaderView>,
    #[serde(default)]
    pub nominees: Vec<Nominee>,
    /// New meetings are emailed to them (someone who left may turn it off).
    #[serde(default)]
    pub meeting_news: bool,
}

/// `PUT /api/manage/{token}/meeting-news {"on"}`: someone who left still hears of new
/// meetings, or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingNewsBody {
    pub on: bool,
}

/// `PUT /api/manage/{token}/meetings/{meeting}/rsvp`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RsvpBody {
    pub going: bool,
}

/// The answer to an RSVP: the meeting as the member now sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RsvpAnswer {
    pub meeting: MemberMeeting,
}

/// `POST /api/manage/{token}/issues`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposeBody {
    pub title: String,
    #[serde(default)]
    pub details: Option<String>,
    pub language: Language,
}

impl ProposeBody {
    pub fn problems(&self, lang: Language) -> Vec<FieldMessage> {
        let mut problems = Vec::new();
        let title = self.title.trim().chars().count();
        if title == 0 {
            problems.push(Problem::Required.for_field("title", lang));
        } else if title > ISSUE_TITLE_MAX {
            problems.push(Problem::TooLong(ISSUE_TITLE_MAX).for_field("title", lang));
        }
        if self.details.as_deref().unwrap_or_default().chars().count() > ISSUE_DETAILS_MAX {
            problems.push(Problem::TooLong(ISSUE_DETAILS_MAX).for_field("details", lang));
        }
        problems
    }
}

/// `201` to a proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssueAnswer {
    pub issue: IssueSummary,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupportCount {
    pub id: String,
    pub supports: u32,
}

/// `PUT` / `DELETE /api/manage/{token}/issues/{issue}/support`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupportAnswer {
    pub issue: SupportCount,
    pub supports_left: u32,
}

/// `POST /api/admin/groups/{id}/meetings`: a leader schedules a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScheduleMeetingBody {
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub starts_at: DateTime<Utc>,
    pub duration_minutes: u16,
    /// The hosting member's signup id (one who offered their setting).
    #[serde(default)]
    pub host: Option<String>,
    /// Default: what the host's setting takes.
    #[serde(default)]
    pub places: Option<u32>,
}

impl ScheduleMeetingBody {
    /// What is wrong with it, by field, in the leader's language (empty: fine). A meeting is
    /// as long as a session may be; its places as many as a setting may take.
    pub fn problems(&self, lang: Language) -> Vec<FieldMessage> {
        let mut problems = Vec::new();
        if !(1..=super::SESSION_MINUTES_MAX).contains(&self.duration_minutes) {
            problems.push(Problem::OutOfRange(1, super::SESSION_MINUTES_MAX.into()).for_field("duration_minutes", lang));
        }
        if self.places.is_some_and(|p| p == 0 || p > PLACES_MAX) {
            problems.push(Problem::OutOfRange(1, PLACES_MAX).for_field("places", lang));
        }
        problems
    }
}

/// One volunteer host, as leaders see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HostRow {
    pub signup_id: String,
    pub name: String,
    pub offer: HostOfferBody,
    #[serde(default)]
    #[serde(deserialize_with = "crate::wire_time::utc_opt")]
    pub last_hosted: Option<DateTime<Utc>>,
}

/// A meeting as leaders see it: who hosts and who is coming.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeaderMeeting {
    pub meeting: MeetingView,
    #[serde(default)]
    pub host: Option<HostRow>,
    /// Names, in the order they said so (those past the places wait).
    pub coming: Vec<String>,
}

/// `GET /api/admin/groups/{id}/meetings`: what a leader plans with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingPlan {
    pub hosts: Vec<HostRow>,
    /// Who hosted least recently (`rules::member_space::MemberSpace::suggest_host`).
    #[serde(default)]
    pub suggested_host: Option<String>,
    pub meetings: Vec<LeaderMeeting>,
    pub issues: Vec<IssueSummary>,
}

/// `PUT /api/admin/groups/{id}/meetings/{meeting}/host`: who hosts now (`None`: nobody yet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetHostBody {
    pub host: Option<String>,
}

/// `POST /api/admin/groups/{id}/issues/{issue}/hide`, `…/merge`: a leader's moderation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MergeBody {
    pub into: String,
}

/// `GET /api/manage/{token}` of a local group: the usual answer with the member's meetings
/// (`address` only where they may see it). Written by the Worker only: the provider app reads
/// the plain `ManageResponse` and never carries this type's reader.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ManageWithMeetings<'a> {
    #[serde(flatten)]
    pub manage: &'a super::ManageResponse,
    pub meetings: Vec<MemberMeeting>,
}

/// A leader role in a local group, elected for a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LeaderRole {
    Leader,
    CoLeader,
}

impl LeaderRole {
    pub const ALL: [LeaderRole; 2] = [LeaderRole::Leader, LeaderRole::CoLeader];

    pub fn label(self, lang: Language) -> &'static str {
        crate::text::Words(lang).leader_role(self)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ElectionPhase {
    Nominating,
    Voting,
    Closed,
}

/// A candidate as anyone sees them: a first name and an initial (they accepted to stand).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CandidateView {
    pub id: String,
    pub name: String,
}

/// An election as anyone sees it: turnout, never who voted for whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ElectionView {
    pub id: String,
    pub role: LeaderRole,
    pub phase: ElectionPhase,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub voting_opens_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub closes_at: DateTime<Utc>,
    pub term_months: u32,
    /// Those who accepted to stand, in the order they were nominated.
    pub candidates: Vec<CandidateView>,
    /// Ballots cast (while voting: so far).
    pub turnout: u32,
    /// Votes per candidate, once counted (same order as `candidates`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub votes: Vec<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elected: Option<CandidateView>,
    /// A run-off between the candidates who tied.
    #[serde(default)]
    pub runoff: bool,
    /// Closed with a tie: the run-off that follows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runoff_id: Option<String>,
}

/// Who holds a role now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeaderView {
    pub role: LeaderRole,
    pub name: String,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub until: DateTime<Utc>,
    /// Staying on because nobody stood.
    #[serde(default)]
    pub acting: bool,
}

/// `GET /api/groups/{id}/elections`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ElectionsAnswer {
    pub elections: Vec<ElectionView>,
    pub leaders: Vec<LeaderView>,
}

/// An election as one member sees it: their own ballot and nominations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberElection {
    pub election: ElectionView,
    /// The candidate they vote for (until the close; nobody else ever sees it).
    #[serde(default)]
    pub my_ballot: Option<String>,
    /// They stand (accepted) in it.
    #[serde(default)]
    pub standing: bool,
    /// Someone nominated them and they have not accepted yet.
    #[serde(default)]
    pub nominated: bool,
}

/// `POST /api/manage/{token}/elections/{election}/nominations`: stand (`member` absent) or
/// nominate another member by their candidate-list name (`member`: a signup id from `members`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NominateBody {
    #[serde(default)]
    pub member: Option<String>,
}

/// `PUT /api/manage/{token}/elections/{election}/ballot`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BallotBody {
    pub candidate: String,
}

/// `PUT …/ballot` answers the election as the member now sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BallotAnswer {
    pub election: MemberElection,
}

/// A member one can nominate: an id for the request and a public name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Nominee {
    pub member: String,
    pub name: String,
}

/// `POST /api/admin/groups/{id}/elections`: a leader opens nominations for a role now; voting
/// opens and closes when they say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StartElectionBody {
    pub role: LeaderRole,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub voting_opens_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub closes_at: DateTime<Utc>,
    /// Default `rules::election::TERM_MONTHS`.
    #[serde(default)]
    pub term_months: Option<u32>,
}

impl StartElectionBody {
    /// What is wrong with it, by field, in the leader's language (empty: fine).
    pub fn problems(&self, now: DateTime<Utc>, lang: Language) -> Vec<FieldMessage> {
        use crate::rules::election::{MIN_NOMINATION_DAYS, MIN_VOTING_DAYS, TERM_MONTHS_MAX};
        let mut problems = Vec::new();
        if self.voting_opens_at <= now {
            problems.push(Problem::InThePast.for_field("voting_opens_at", lang));
        } else if self.voting_opens_at < now + chrono::Duration::days(MIN_NOMINATION_DAYS) {
            problems.push(Problem::TooSoon(MIN_NOMINATION_DAYS as u32).for_field("voting_opens_at", lang));
        }
        if self.closes_at <= self.voting_opens_at {
            problems.push(Problem::NotAfterThePrevious.for_field("closes_at", lang));
        } else if self.closes_at < self.voting_opens_at + chrono::Duration::days(MIN_VOTING_DAYS) {
            problems.push(Problem::TooSoon(MIN_VOTING_DAYS as u32).for_field("closes_at", lang));
        }
        if self.term_months.is_some_and(|m| !(1..=TERM_MONTHS_MAX).contains(&m)) {
            problems.push(Problem::OutOfRange(1, TERM_MONTHS_MAX).for_field("term_months", lang));
        }
        problems
    }
}

/// What a board post is about (product line 8: visits, shadowing, mentoring, training).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OpportunityKind {
    Visit,
    Shadowing,
    Mentoring,
    Training,
}

impl OpportunityKind {
    pub const ALL: [OpportunityKind; 4] =
        [OpportunityKind::Visit, OpportunityKind::Shadowing, OpportunityKind::Mentoring, OpportunityKind::Training];

    pub fn code(self) -> &'static str {
        match self {
            OpportunityKind::Visit => "visit",
            OpportunityKind::Shadowing => "shadowing",
            OpportunityKind::Mentoring => "mentoring",
            OpportunityKind::Training => "training",
        }
    }
}

/// Offering something, or asking for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PostSide {
    Offer,
    Request,
}

/// `POST /api/manage/{token}/board`: a member's post, in their words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostBody {
    pub side: PostSide,
    pub kind: OpportunityKind,
    pub title: String,
    #[serde(default)]
    pub details: String,
    /// Where (a town or area, public).
    pub area: String,
    /// When, as people say it ("Tuesday mornings in March").
    #[serde(default)]
    pub dates: String,
    pub places: u32,
}

impl PostBody {
    /// What is wrong with it, by field, in the person's language (empty: fine). The short
    /// fields travel in the board's listing beside each key, whose room is small.
    pub fn problems(&self, lang: Language) -> Vec<FieldMessage> {
        use crate::rules::board::{POST_DETAILS_MAX, POST_PLACES_MAX, POST_SHORT_MAX};
        let mut problems = Vec::new();
        for (field, text, required) in
            [("title", &self.title, true), ("area", &self.area, true), ("dates", &self.dates, false)]
        {
            if required && text.trim().is_empty() {
                problems.push(Problem::Required.for_field(field, lang));
            } else if text.trim().chars().count() > POST_SHORT_MAX {
                problems.push(Problem::TooLong(POST_SHORT_MAX).for_field(field, lang));
            }
        }
        if self.details.trim().chars().count() > POST_DETAILS_MAX {
            problems.push(Problem::TooLong(POST_DETAILS_MAX).for_field("details", lang));
        }
        if !(1..=POST_PLACES_MAX).contains(&self.places) {
            problems.push(Problem::OutOfRange(1, POST_PLACES_MAX).for_field("places", lang));
        }
        problems
    }
}

/// A post as the board lists it (no names: the poster's group, never the poster).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostSummary {
    pub id: String,
    pub group_id: String,
    pub side: PostSide,
    pub kind: OpportunityKind,
    pub title: String,
    pub area: String,
    #[serde(default)]
    pub dates: String,
    pub places: u32,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub expires_at: DateTime<Utc>,
}

/// `GET /api/board?cursor=`: a page of open posts across the network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardAnswer {
    pub posts: Vec<PostSummary>,
    #[serde(default)]
    pub next: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InterestState {
    Pending,
    Accepted,
    Declined,
    Done,
}

/// How to reach someone, once both sides agreed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    pub name: String,
    pub email: String,
    #[serde(default)]
    pub phone: Option<String>,
}

/// Someone interested in a member's post, as the poster sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InterestView {
    pub id: String,
    /// First name and initial.
    pub name: String,
    pub state: InterestState,
    /// Only once accepted.
    #[serde(default)]
    pub contact: Option<Contact>,
}

/// A post in full: its details; for its poster, who is interested; for someone interested,
/// where they stand (and the poster's contact once accepted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostView {
    pub post: PostSummary,
    #[serde(default)]
    pub details: String,
    /// The poster's group's title.
    #[serde(default)]
    pub group_title: Option<crate::model::Bilingual>,
    pub accepted: u32,
    /// The viewer posted it.
    #[serde(default)]
    pub mine: bool,
    #[serde(default)]
    pub interests: Vec<InterestView>,
    /// The viewer's own interest in it.
    #[serde(default)]
    pub my_interest: Option<InterestState>,
    /// The poster, once the viewer's interest was accepted.
    #[serde(default)]
    pub poster: Option<Contact>,
    #[serde(default)]
    pub done: bool,
}

/// `PUT /api/manage/{token}/board/{group}/{post}/interests/{interest}` (the poster answers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InterestAnswerBody {
    pub accept: bool,
}

/// `GET /api/manage/{token}/board`: the board's first page and the member's own posts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberBoard {
    pub board: BoardAnswer,
    pub mine: Vec<PostView>,
}
