//! Bodies of the dashboard's API (`/api/admin/…`), shared by the Worker and the dashboard.

use serde::{Deserialize, Serialize};

use super::SeatCount;
use crate::model::{AdminUser, AuditEntry, Group, GroupPrivate, LedgerEntry, Message, Publication, Role, Signup};
use crate::rules::eligibility::Participation;
use crate::rules::progress::PersonProgress;

/// `GET /api/admin/me` and the answer to opening a session: who is signed in, and the token
/// every write must echo (`X-CSRF-Token`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub user: AdminUser,
    pub csrf: String,
}

/// `POST /api/admin/groups` and `PUT /api/admin/groups/{id}`: the group and what only its
/// confirmed people see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupForm {
    pub group: Group,
    /// Left out: unchanged (on an edit) or none (on a new group).
    #[serde(default)]
    pub private: Option<GroupPrivate>,
    /// On an edit: the `revision` the editor opened. When someone has saved since, the edit is
    /// refused (`edit_conflict`) rather than silently undoing theirs. Left out: no check.
    #[serde(default)]
    pub revision: Option<String>,
}

/// A group as the dashboard sees it: any state, with its live seats (and, for one group, its
/// private details).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminGroup {
    pub group: Group,
    pub count: SeatCount,
    #[serde(default)]
    pub private: Option<GroupPrivate>,
    /// For one group with its private details: what an edit sends back (see `GroupForm`).
    #[serde(default)]
    pub revision: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusChange {
    pub status: Publication,
}

/// `POST …/duplicate`: the new group's id and how many weeks later it runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DuplicateRequest {
    pub id: String,
    pub weeks: i64,
}

/// `POST …/signups/{id}/remove`: the reason is sent to the person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RemoveRequest {
    pub reason: String,
}

/// `POST …/signups/{id}/move`: the group to move the person to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MoveRequest {
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoteRequest {
    pub note: String,
}

/// `PUT /api/admin/users/{email}`: role, groups, access.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserUpdate {
    pub role: Role,
    #[serde(default)]
    pub groups: Vec<String>,
    #[serde(default)]
    pub revoked: bool,
}

/// A group's roster for the dashboard: everyone with notes, and the check-in sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterView {
    pub group: Group,
    pub count: SeatCount,
    /// Confirmed, then the waitlist in order, then cancelled.
    pub signups: Vec<Signup>,
    pub notes: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceView {
    pub title: crate::model::Bilingual,
    pub sessions: Vec<crate::model::Session>,
    pub completion_percent: u8,
    pub incentives: crate::model::Incentives,
    pub people: Vec<PersonProgress>,
}

/// One of a person's signups, with what the group holds about them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonSignup {
    pub signup: Signup,
    pub group_title: crate::model::Bilingual,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub incentives: Option<LedgerEntry>,
    /// Sessions attended.
    pub attended: u32,
    /// In a local group: what they did in its member space.
    #[serde(default)]
    pub member_space: Option<PersonSpace>,
}

/// What a person did in a local group's member space, as their data shows it. Their ballots
/// are not here: a vote is secret from everyone, administrators included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonSpace {
    #[serde(default)]
    pub host_offer: Option<crate::api::local_group::HostOfferBody>,
    /// Meetings they answered or hosted: when, and where they stand.
    #[serde(default, deserialize_with = "crate::wire_time::utc_first")]
    pub meetings: Vec<(chrono::DateTime<chrono::Utc>, crate::api::local_group::Attendance, bool)>,
    /// Issues they proposed, and those they support.
    #[serde(default)]
    pub proposed: Vec<String>,
    #[serde(default)]
    pub supporting: Vec<String>,
    /// Elections they stand in (their role).
    #[serde(default)]
    pub standing: Vec<crate::api::local_group::LeaderRole>,
    /// Their posts on the opportunities board.
    #[serde(default)]
    pub posts: Vec<String>,
}

/// `GET /api/admin/people/{email}`: everything Village holds about a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonData {
    pub email: String,
    pub signups: Vec<PersonSignup>,
    pub history: Vec<Participation>,
    #[serde(default)]
    pub subscriber: Option<crate::model::Subscriber>,
    /// Groups whose opening they asked to hear about.
    pub watching: Vec<String>,
    pub messages: Vec<Message>,
    /// Their dashboard account, if they have one.
    #[serde(default)]
    pub dashboard_user: Option<AdminUser>,
}

impl PersonData {
    pub fn is_empty(&self) -> bool {
        self.signups.is_empty()
            && self.history.is_empty()
            && self.subscriber.is_none()
            && self.watching.is_empty()
            && self.messages.is_empty()
            && self.dashboard_user.is_none()
    }
}

/// Paged answers carry the cursor of the next page (`?cursor=`); none on the last page. A
/// paged CSV export carries it in this header.
pub const NEXT_PAGE_HEADER: &str = "X-Next-Cursor";

/// `GET /api/admin/audit?who=&action=&target=&cursor=`: newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditAnswer {
    pub entries: Vec<AuditEntry>,
    #[serde(default)]
    pub next: Option<String>,
}

/// `GET /api/admin/groups?cursor=`: the groups you may see, what needs attention first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupList {
    pub groups: Vec<AdminGroup>,
    #[serde(default)]
    pub next: Option<String>,
}

/// `GET /api/admin/outbox?cursor=`: messages newest first (their links left out).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxAnswer {
    pub messages: Vec<Message>,
    #[serde(default)]
    pub next: Option<String>,
}

/// `POST /api/admin/sign-in`: who asks for a sign-in link.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInRequest {
    #[serde(default)]
    pub email: String,
}

/// `POST /api/admin/session`: the token of the sign-in link being followed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionRequest {
    #[serde(default)]
    pub token: String,
}

/// `POST /api/admin/sign-in`: a link is on its way (answered alike whether or not the address
/// is a user's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkSent {
    pub sent: bool,
}

/// `POST /api/admin/sign-out`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignedOut {
    pub signed_out: bool,
}

/// `PUT /api/admin/groups/{group}`: the group as saved, its seats, how many a raised capacity
/// promoted, and the revision to edit from next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupUpdated {
    pub group: Group,
    pub count: SeatCount,
    pub promoted: usize,
    pub revision: String,
}

/// `PUT /api/admin/groups/{group}/attendance`: one person, one session, present or not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkBody {
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub session: chrono::DateTime<chrono::Utc>,
    pub signup_id: String,
    pub present: bool,
}

/// The answer to a mark.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceMarked {
    pub signup_id: String,
    pub present: bool,
}

/// `POST /api/admin/groups/{group}/signups/{signup}/seat`: seated, and the capacity it took.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Seated {
    pub signup: Signup,
    pub capacity: u32,
}

/// `POST /api/admin/groups/{group}/signups/{signup}/remove`: the signup as it is now (cancelled,
/// with the reason), and whoever its seat went to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Removed {
    pub signup: Signup,
    pub promoted: Vec<Signup>,
}

/// `PUT /api/admin/groups/{group}/signups/{signup}/note`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoteSaved {
    pub note: String,
}

/// `POST /api/admin/groups/{group}/signups/{signup}/move`: their signup in the other group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Moved {
    pub signup: Signup,
}

/// `PUT /api/admin/groups/{group}/signups/{signup}/incentives`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IncentivesSaved {
    pub incentives: LedgerEntry,
}

/// `GET /api/admin/users`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Users {
    pub users: Vec<AdminUser>,
}

/// `POST /api/admin/users` and `PUT /api/admin/users/{user}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserSaved {
    pub user: AdminUser,
}

/// `POST /api/dev/admin-users` (development only: `cargo xtask admin add`, tests): the user and
/// a sign-in link for them, handed back instead of emailed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DevUserAdded {
    pub user: AdminUser,
    pub token: String,
    pub link: String,
}

/// `GET /api/dev/admin-routes` (development only): one row of the dashboard's route table, so
/// tests enumerate the real router.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RouteRow {
    pub method: String,
    pub path: String,
    pub access: super::routes::Access,
}

/// `POST /api/admin/outbox/{message}/resend`: the message as it is now, without its links.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Resent {
    pub message: Message,
}

/// What an erasure removed, counted (also its audit entry: the counts, never the person).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErasureSummary {
    pub signups: usize,
    pub messages: usize,
    pub history: usize,
    pub subscriber: bool,
    pub dashboard_user: bool,
    pub audit_entries_redacted: u32,
}

/// `POST /api/admin/people/{email}/erase`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Erased {
    pub erased: ErasureSummary,
}
