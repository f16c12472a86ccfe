//! The internal protocol between the Worker and a group's `GroupSeats` Durable Object, and
//! between that object and the `CatalogueIndex` object. Never exposed publicly.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{SeatCount, SignupRequest};
use std::collections::BTreeMap;

use crate::model::{Group, LedgerEntry, Signup};

/// One command to a group's seat keeper. Commands are applied one at a time.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum SeatCommand {
    /// Sign a person up. `capacity` seeds a ledger that has never been set up; someone new
    /// who would wait behind `waitlist_max` people is refused (`JoinReply::waitlist_full`).
    Join {
        group_id: String,
        capacity: u32,
        request: SignupRequest,
        waitlist_max: u32,
    },
    /// Back after cancelling, through the manage link: answers `Option<JoinReply>`.
    Rejoin {
        signup_id: String,
        waitlist_max: u32,
    },
    /// Send the manage link to the address on file (someone signed up again with it).
    ResendLink {
        signup_id: String,
    },
    Cancel {
        signup_id: String,
    },
    Signup {
        signup_id: String,
    },
    /// Whose manage link `token` is (a link that names this group): the signup's id, or null.
    LinkHolder {
        token: String,
    },
    Count,
    /// The group's configuration as its object needs it: capacity (more seats promote from the
    /// waitlist), its sessions and whether reminders go out (the object's alarm sends them).
    SetCapacity {
        group_id: String,
        capacity: u32,
        #[serde(default)]
        sessions: Vec<crate::model::Session>,
        #[serde(default)]
        reminding: bool,
    },
    /// Send the reminders due now (the object's own alarm does, from its stored sessions):
    /// answers `RemindReply`.
    Remind,
    /// Development only: fail the next `follow_ups` follow-ups after a commit (to show that what
    /// a commit owes is done by the object's alarm anyway), and the next `commands` commands (to
    /// show what a failure looks like from outside: a `500` and a log line).
    InjectFaults {
        follow_ups: u32,
        #[serde(default)]
        commands: u32,
    },
    /// Development only (`POST /api/dev/bulk`): many people join in one command and one commit
    /// (no messages: a bulk network brings its own). Answers how many were new.
    JoinMany {
        group_id: String,
        capacity: u32,
        people: Vec<super::SignupRequest>,
    },
    Update {
        signup_id: String,
        details: super::DetailsUpdate,
    },
    /// "I'll come" to the session starting at `session` (a drop-in); answers the count.
    Rsvp {
        group_id: String,
        #[serde(deserialize_with = "crate::wire_time::utc")]
        session: DateTime<Utc>,
        device: String,
        /// Devices counted per session at most.
        max: u32,
    },
    /// How many said they'll come to `session`.
    Going {
        #[serde(deserialize_with = "crate::wire_time::utc")]
        session: DateTime<Utc>,
    },
    /// Mark someone present or absent; answers `AttendanceReply`.
    MarkAttendance {
        #[serde(deserialize_with = "crate::wire_time::utc")]
        session: DateTime<Utc>,
        signup_id: String,
        present: bool,
    },
    /// Everything the dashboard shows about the group's people: answers `RosterSnapshot`.
    Snapshot,
    /// Seat a waitlisted person now, adding a seat for them; answers `Option<Signup>`.
    SeatOutOfTurn {
        signup_id: String,
    },
    /// Take a person off the roster (their seat goes to the next in line). With a reason they
    /// are told; a move to another group tells them through the other group instead.
    Remove {
        signup_id: String,
        reason: Option<String>,
        notify: bool,
    },
    /// Answers the note before (`Option<String>`, `None` for an unknown signup).
    SetNote {
        signup_id: String,
        note: String,
    },
    /// Answers the entry before (`Option<LedgerEntry>`).
    SetLedger {
        signup_id: String,
        entry: LedgerEntry,
    },
    /// Anonymize whoever signed up with this (normalized) email: answers `Option<CancelReply>`.
    Erase {
        email: String,
    },
    /// A local group's member space (`rules::member_space`); each act says what it answers.
    /// `area`: the group's public area, for meetings whose host has not said theirs.
    Space {
        act: SpaceAct,
        #[serde(default)]
        area: String,
    },
    /// Helping out at a family group's sessions (`rules::helping`).
    Help { act: HelpAct },
    /// A family group's buddies (`rules::buddies`).
    Buddy { act: BuddyAct },
    /// Topics families suggest for visitors (`rules::topics`).
    Topics { act: TopicAct },
}

/// What is asked about suggested topics: a family's acts answer `Result<FamilyTopics,
/// ErrorCode>` (confirmed, or `not_a_member`); the leaders' list answers `TopicList`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TopicAct {
    Mine { signup_id: String },
    Suggest { signup_id: String, text: String },
    List,
}

/// What is asked about buddies. A family's acts name their confirmed signup (else
/// `not_a_member`) and answer `Result<FamilyBuddies, ErrorCode>`; a leader's answer
/// `Result<BuddyBoard, ErrorCode>`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BuddyAct {
    Mine { signup_id: String },
    Ask { signup_id: String, ask: crate::rules::buddies::Ask },
    Withdraw { signup_id: String },
    Offer { signup_id: String, offer: crate::rules::buddies::Offer },
    StopOffering { signup_id: String },
    StepBack { signup_id: String, pairing: String },
    /// The leader's view: the queue with suggestions, offers, pairings.
    Board,
    Pair { newcomer: String, buddy: String, by: crate::model::TeamContact },
    End { pairing: String, completed: bool },
}

/// What is asked about helping out. A family's acts name their signup (confirmed, or
/// `not_a_member`); writes answer `Result<…, ErrorCode>`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HelpAct {
    /// Anyone: a session's tasks, counts only: answers `Option<SessionTasks>`.
    Tasks { session: i64 },
    /// A family's upcoming sessions with tasks: answers `Result<FamilyTasks, ErrorCode>`.
    Mine { signup_id: String },
    Claim { signup_id: String, task: String },
    Drop { signup_id: String, task: String },
    /// A leader sets a session's tasks: answers `Result<SessionTasks, ErrorCode>`.
    Set { session: i64, tasks: Vec<crate::rules::helping::TaskSpec>, by: crate::model::TeamContact },
}

/// What is asked of a local group's member space. A member's acts name their signup; the
/// object checks they are a member (`not_a_member`) and settles agendas by the clock first.
/// Writes answer `Result<…, ErrorCode>`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SpaceAct {
    /// Anyone: answers `PublicSpace`.
    Public,
    /// One member's view: answers `Option<MemberSpaceReply>` (`None`: unknown signup).
    Member { signup_id: String },
    /// Answers `Result<MemberMeeting, ErrorCode>`.
    Rsvp { signup_id: String, meeting: String, going: bool },
    /// Answers `Result<MemberSpaceReply, ErrorCode>` (the space as it now is); `None` withdraws
    /// the offer.
    Host { signup_id: String, offer: Option<super::local_group::HostOfferBody> },
    /// Answers `Result<IssueSummary, ErrorCode>`.
    Propose { signup_id: String, body: super::local_group::ProposeBody },
    /// Answers `Result<SupportAnswer, ErrorCode>`.
    Support { signup_id: String, issue: String, give: bool },
    /// Leaders: answers `MeetingPlan`.
    Plan,
    /// Leaders: answers `Result<MeetingView, ErrorCode>`; every member is told.
    Schedule { body: super::local_group::ScheduleMeetingBody },
    /// Leaders: answers `Result<(), ErrorCode>`; those coming are told.
    SetHost { meeting: String, host: Option<String> },
    /// Leaders: answers `Result<(), ErrorCode>`.
    Hide { issue: String },
    /// Leaders: answers `Result<(), ErrorCode>`.
    Merge { from: String, into: String },
    /// Anyone: answers `ElectionsAnswer`.
    Elections,
    /// Leaders: answers `Result<ElectionView, ErrorCode>`; every member is told.
    StartElection { body: super::local_group::StartElectionBody },
    /// A member stands (`member` absent) or nominates another member: answers
    /// `Result<MemberElection, ErrorCode>`.
    Nominate { signup_id: String, election: String, member: Option<String> },
    /// A member stands down or declines a nomination: answers `Result<MemberElection, ErrorCode>`.
    StandDown { signup_id: String, election: String },
    /// A member's ballot: answers `Result<MemberElection, ErrorCode>`.
    Ballot { signup_id: String, election: String, candidate: String },
    /// Answers `bool`: a member of this group now.
    IsMember { signup_id: String },
    /// Hear about new meetings after leaving (`on`) or not: answers `Option<MemberSpaceReply>`.
    MeetingNews { signup_id: String, on: bool },
    /// A member posts on the board: answers `Result<PostReply, ErrorCode>`.
    Publish { signup_id: String, body: super::local_group::PostBody },
    /// One post as `viewer` (a member of `viewer_group`) sees it: `Result<PostReply, ErrorCode>`.
    ViewPost { post: String, viewer_group: String, viewer: String },
    /// A member of `group` is interested (the Worker checked their membership there):
    /// answers `Result<PostReply, ErrorCode>`.
    Interest { post: String, group: String, member: String },
    /// The poster accepts or declines: answers `Result<PostReply, ErrorCode>`.
    AnswerInterest { signup_id: String, post: String, interest: String, accept: bool },
    /// The poster closes the post, or someone accepted marks their part done:
    /// `Result<PostReply, ErrorCode>`.
    MarkDone { post: String, group: String, member: String },
    /// Another sixty days: `Result<PostReply, ErrorCode>`.
    Renew { signup_id: String, post: String },
    /// A member's own posts: `Vec<PostReply>`.
    MyPosts { signup_id: String },
    /// Members' names and contact, for the Worker to show where a post's answers allow:
    /// `Vec<Option<Contact>>` in the order asked.
    People { signup_ids: Vec<String> },
    /// Tell a member of this group about a post elsewhere (an acceptance): commits the message
    /// with the id given (so a retry sends it once). Answers `bool` (the member is here).
    Notify { message_id: String, signup_id: String, title: String, contact: Option<super::local_group::Contact> },
}

/// A post as the object answers it: the view, and those interested who belong to other
/// groups (whose names and contact the Worker looks up there).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostReply {
    pub view: super::local_group::PostView,
    #[serde(default)]
    pub elsewhere: Vec<InterestRef>,
}

/// Someone interested who belongs to another group.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InterestRef {
    pub interest: String,
    pub group: String,
    pub member: String,
}

/// Everything anyone may see of a member space.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicSpace {
    pub meetings: Vec<super::local_group::MeetingView>,
    pub issues: Vec<super::local_group::IssueSummary>,
}

/// One member's view, before the group's own facts are added (`MemberSpaceView`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberSpaceReply {
    pub name: String,
    pub member: bool,
    /// On the group's waitlist, at this position.
    #[serde(default)]
    pub waiting: Option<u32>,
    pub meetings: Vec<super::local_group::MemberMeeting>,
    pub issues: Vec<super::local_group::MemberIssue>,
    pub supports_left: u32,
    pub host_offer: Option<super::local_group::HostOfferBody>,
    #[serde(default)]
    pub elections: Vec<super::local_group::MemberElection>,
    #[serde(default)]
    pub leaders: Vec<super::local_group::LeaderView>,
    /// Other members one may nominate.
    #[serde(default)]
    pub nominees: Vec<super::local_group::Nominee>,
    /// They hear about new meetings (members always; someone who left unless they said no).
    #[serde(default)]
    pub meeting_news: bool,
}

/// A group's people as the dashboard sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterSnapshot {
    /// Confirmed first, then the waitlist in order, then cancelled.
    pub signups: Vec<Signup>,
    /// Session start (Unix seconds) → signup ids marked present.
    pub attendance: BTreeMap<i64, Vec<String>>,
    pub notes: BTreeMap<String, String>,
    pub incentives: BTreeMap<String, LedgerEntry>,
    pub count: SeatCount,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JoinReply {
    /// `None` only when refused (`waitlist_full`).
    pub signup: Option<Signup>,
    /// Only for a newly created signup.
    pub manage_token: Option<String>,
    pub created: bool,
    /// Refused: no seat, and the waitlist is as long as it may get.
    #[serde(default)]
    pub waitlist_full: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CancelReply {
    pub signup: Signup,
    pub promoted: Vec<Signup>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RemindReply {
    /// Reminders queued by this visit.
    pub reminded: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CapacityReply {
    pub count: SeatCount,
    pub promoted: Vec<Signup>,
}

/// What the catalogue index is told. Externally tagged: an internally tagged enum buffers its
/// fields and then cannot read the roster's integer map keys (session times) back.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
// Commands are serialized as soon as they are built; their size in memory does not matter.
#[allow(clippy::large_enum_variant)]
pub enum CatalogueCommand {
    /// A group was created or edited.
    Group { group: Group },
    /// A group's seats (or its people's attendance and incentives) changed. `version` grows
    /// with every change of that group, so a late message never overwrites a newer count.
    /// `roster`: what the overview needs of it (`rules::progress::overview_facts`).
    Seats {
        group_id: String,
        version: u64,
        count: SeatCount,
        #[serde(default)]
        roster: Option<RosterSnapshot>,
    },
    /// The network's overview of its running groups (its `subscribers` left empty).
    Overview,
    /// Nothing changed: load (moving an older layout) and make sure the alarm comes for any
    /// card still owed. The scheduled job sends it every run, so a card is never left behind.
    Settle,
}

#[cfg(test)]
mod catalogue_command_tests {
    use super::*;

    #[test]
    fn a_seat_count_with_its_roster_facts_reads_back() {
        let mut roster = RosterSnapshot::default();
        roster.attendance.insert(1_796_681_977, vec!["ana".into()]);
        let command = CatalogueCommand::Seats { group_id: "g".into(), version: 3, count: SeatCount::default(), roster: Some(roster) };
        let back: CatalogueCommand = serde_json::from_str(&serde_json::to_string(&command).unwrap()).unwrap();
        let CatalogueCommand::Seats { roster: Some(roster), .. } = back else { panic!("{back:?}") };
        assert_eq!(roster.attendance[&1_796_681_977], ["ana"]);
    }
}

/// Where a manage token leads: read from the token's group object, or for a link made before
/// links named their group, from KV (`manage:{sha256(token)}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ManageKey {
    pub group_id: String,
    pub signup_id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceReply {
    pub before: bool,
    pub signup: Signup,
}
