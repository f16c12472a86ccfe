//! Every route the Worker answers under `/api/`, as data: a method, a path pattern (`{…}` is one
//! segment) and the action it runs. The Worker's routers look requests up here and match the
//! actions exhaustively; the published contract (`contract`, feature `openapi`) describes each
//! row. A route is added here, or nowhere.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    pub fn from_name(name: &str) -> Option<Method> {
        [Method::Get, Method::Post, Method::Put, Method::Patch, Method::Delete]
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(name))
    }

    /// Whether it changes something (the dashboard checks CSRF on these).
    pub fn writes(self) -> bool {
        self != Method::Get
    }
}

/// One row of a table: the method and path pattern it answers, and what runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route<A> {
    pub method: Method,
    pub path: &'static str,
    pub action: A,
}

const fn row<A>(method: Method, path: &'static str, action: A) -> Route<A> {
    Route { method, path, action }
}

/// Why no row matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Miss {
    UnknownPath,
    /// The path is known; these are the methods it answers (for `405`'s `Allow`).
    WrongMethod(Vec<Method>),
}

/// The segments `pattern`'s `{…}` bind in `path`, in order, if it matches.
fn bind<'p>(pattern: &str, path: &'p str) -> Option<Vec<&'p str>> {
    let (parts, segments): (Vec<&str>, Vec<&str>) =
        (pattern.trim_matches('/').split('/').collect(), path.trim_matches('/').split('/').collect());
    if parts.len() != segments.len() || !parts.iter().zip(&segments).all(|(p, s)| p.starts_with('{') || p == s) {
        return None;
    }
    Some(parts.iter().zip(segments).filter(|(p, _)| p.starts_with('{')).map(|(_, s)| s).collect())
}

/// The methods the rows matching `path` answer (none: an unknown path).
pub fn methods_of<A: Copy>(table: &[Route<A>], path: &str) -> Vec<Method> {
    table.iter().filter(|r| bind(r.path, path).is_some()).map(|r| r.method).collect()
}

/// The row a method and path name, with the segments its `{…}` bound, in order.
pub fn find<'t, 'p, A: Copy>(
    table: &'t [Route<A>],
    method: Method,
    path: &'p str,
) -> Result<(&'t Route<A>, Vec<&'p str>), Miss> {
    let found = table.iter().filter(|r| r.method == method).find_map(|r| Some((r, bind(r.path, path)?)));
    match found {
        Some(found) => Ok(found),
        None => match methods_of(table, path) {
            allowed if allowed.is_empty() => Err(Miss::UnknownPath),
            allowed => Err(Miss::WrongMethod(allowed)),
        },
    }
}

/// What a public route runs (everything under `/api/` but the dashboard's `/api/admin/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Public {
    Catalogue,
    Group,
    SignUp,
    DropIn,
    Rsvp,
    ShowSignup,
    UpdateSignup,
    CancelSignup,
    Rejoin,
    Calendar,
    Meetings,
    Issues,
    Space,
    MeetingRsvp,
    OfferToHost,
    WithdrawHostOffer,
    MeetingNews,
    Propose,
    Support,
    WithdrawSupport,
    Elections,
    Nominate,
    StandDown,
    Ballot,
    Board,
    SessionTasks,
    FamilyTasks,
    TakeTask,
    LeaveTask,
    Buddy,
    AskForBuddy,
    WithdrawBuddyRequest,
    OfferToBuddy,
    StopOfferingToBuddy,
    BuddyStepBack,
    Topics,
    AddTopic,
    Directory,
    DirectoryEntry,
    ReportEntry,
    OpenReferral,
    MemberBoard,
    Publish,
    Post,
    ShowInterest,
    MarkPostDone,
    RenewPost,
    AnswerInterest,
    Subscribe,
    ConfirmSubscription,
    Unsubscribe,
    /// The published contract itself.
    Contract,
    Dev(Dev),
}

/// Development-only routes (tests, seeding, the bench): `404` anywhere else, and not in the
/// published contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dev {
    PutGroup,
    PutGroupPrivate,
    PutDirectoryEntry,
    InjectFaults,
    PutHistory,
    Outbox,
    AddAdminUser,
    AdminRoutes,
    Kv,
    Bulk,
    Clock,
    SetClock,
    Limiter,
}

use Method::{Delete, Get, Patch, Post, Put};

pub const PUBLIC: &[Route<Public>] = &[
    row(Get, "/api/groups", Public::Catalogue),
    row(Get, "/api/groups/{id}", Public::Group),
    row(Post, "/api/groups/{id}/signups", Public::SignUp),
    row(Get, "/api/groups/{id}/drop-in", Public::DropIn),
    row(Post, "/api/groups/{id}/rsvps", Public::Rsvp),
    row(Get, "/api/groups/{id}/meetings", Public::Meetings),
    row(Get, "/api/groups/{id}/issues", Public::Issues),
    row(Get, "/api/groups/{id}/elections", Public::Elections),
    row(Get, "/api/groups/{id}/sessions/{session}/tasks", Public::SessionTasks),
    row(Get, "/api/manage/{token}", Public::ShowSignup),
    row(Patch, "/api/manage/{token}", Public::UpdateSignup),
    row(Delete, "/api/manage/{token}", Public::CancelSignup),
    row(Post, "/api/manage/{token}/rejoin", Public::Rejoin),
    row(Get, "/api/manage/{token}/calendar.ics", Public::Calendar),
    row(Get, "/api/manage/{token}/space", Public::Space),
    row(Put, "/api/manage/{token}/meetings/{meeting}/rsvp", Public::MeetingRsvp),
    row(Put, "/api/manage/{token}/host-offer", Public::OfferToHost),
    row(Delete, "/api/manage/{token}/host-offer", Public::WithdrawHostOffer),
    row(Put, "/api/manage/{token}/meeting-news", Public::MeetingNews),
    row(Post, "/api/manage/{token}/issues", Public::Propose),
    row(Put, "/api/manage/{token}/issues/{issue}/support", Public::Support),
    row(Delete, "/api/manage/{token}/issues/{issue}/support", Public::WithdrawSupport),
    row(Post, "/api/manage/{token}/elections/{election}/nominations", Public::Nominate),
    row(Delete, "/api/manage/{token}/elections/{election}/nominations", Public::StandDown),
    row(Put, "/api/manage/{token}/elections/{election}/ballot", Public::Ballot),
    row(Get, "/api/manage/{token}/tasks", Public::FamilyTasks),
    row(Put, "/api/manage/{token}/tasks/{task}", Public::TakeTask),
    row(Delete, "/api/manage/{token}/tasks/{task}", Public::LeaveTask),
    row(Get, "/api/manage/{token}/buddy", Public::Buddy),
    row(Put, "/api/manage/{token}/buddy/request", Public::AskForBuddy),
    row(Delete, "/api/manage/{token}/buddy/request", Public::WithdrawBuddyRequest),
    row(Put, "/api/manage/{token}/buddy/offer", Public::OfferToBuddy),
    row(Delete, "/api/manage/{token}/buddy/offer", Public::StopOfferingToBuddy),
    row(Post, "/api/manage/{token}/buddy/pairings/{pairing}/step-back", Public::BuddyStepBack),
    row(Get, "/api/manage/{token}/topics", Public::Topics),
    row(Post, "/api/manage/{token}/topics", Public::AddTopic),
    row(Get, "/api/manage/{token}/board", Public::MemberBoard),
    row(Post, "/api/manage/{token}/board", Public::Publish),
    row(Get, "/api/manage/{token}/board/{group}/{post}", Public::Post),
    row(Post, "/api/manage/{token}/board/{group}/{post}/interest", Public::ShowInterest),
    row(Post, "/api/manage/{token}/board/{group}/{post}/done", Public::MarkPostDone),
    row(Post, "/api/manage/{token}/board/{group}/{post}/renew", Public::RenewPost),
    row(Put, "/api/manage/{token}/board/{group}/{post}/interests/{interest}", Public::AnswerInterest),
    row(Get, "/api/board", Public::Board),
    row(Get, "/api/directory", Public::Directory),
    row(Get, "/api/directory/{id}", Public::DirectoryEntry),
    row(Post, "/api/directory/{id}/reports", Public::ReportEntry),
    row(Get, "/api/open-referral/services", Public::OpenReferral),
    row(Post, "/api/subscriptions", Public::Subscribe),
    row(Post, "/api/subscriptions/confirm/{token}", Public::ConfirmSubscription),
    row(Post, "/api/subscriptions/unsubscribe/{token}", Public::Unsubscribe),
    row(Get, "/api/openapi.json", Public::Contract),
    row(Put, "/api/dev/groups/{id}", Public::Dev(Dev::PutGroup)),
    row(Put, "/api/dev/groups/{id}/private", Public::Dev(Dev::PutGroupPrivate)),
    row(Put, "/api/dev/directory/{id}", Public::Dev(Dev::PutDirectoryEntry)),
    row(Post, "/api/dev/groups/{id}/faults", Public::Dev(Dev::InjectFaults)),
    row(Put, "/api/dev/history/{email}", Public::Dev(Dev::PutHistory)),
    row(Get, "/api/dev/outbox", Public::Dev(Dev::Outbox)),
    row(Post, "/api/dev/admin-users", Public::Dev(Dev::AddAdminUser)),
    row(Get, "/api/dev/admin-routes", Public::Dev(Dev::AdminRoutes)),
    row(Get, "/api/dev/kv", Public::Dev(Dev::Kv)),
    row(Post, "/api/dev/bulk", Public::Dev(Dev::Bulk)),
    row(Get, "/api/dev/clock", Public::Dev(Dev::Clock)),
    row(Put, "/api/dev/clock", Public::Dev(Dev::SetClock)),
    row(Get, "/api/dev/limiter", Public::Dev(Dev::Limiter)),
];

/// Who may call a dashboard route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// Signing in: no session yet.
    Public,
    SignedIn,
    /// The group named by the route's `{group}`.
    Group,
    Network,
}

/// What a dashboard row runs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Run {
    /// Signing in: no session yet.
    SignIn(SignInStep),
    /// Everything else: signed in, authorized for the row's `Access`, CSRF-checked on writes.
    Dashboard(Action),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SignInStep {
    AskForLink,
    OpenSession,
}

/// Every dashboard action, one row of [`ADMIN`] each.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Action {
    SignOut,
    Me,
    Groups,
    CreateGroup,
    Group,
    UpdateGroup,
    DuplicateGroup,
    SetStatus,
    Roster,
    RosterCsv,
    Attendance,
    MarkAttendance,
    AttendanceCsv,
    Seat,
    Remove,
    Note,
    SetTasks,
    Topics,
    Buddies,
    Pair,
    EndPairing,
    MeetingPlan,
    ScheduleMeeting,
    SetHost,
    HideIssue,
    MergeIssue,
    StartElection,
    Move,
    RecordIncentives,
    DirectoryQueue,
    AddEntry,
    ImportDirectory,
    Entry,
    EditEntry,
    CheckEntry,
    RetireEntry,
    Overview,
    IncentivesCsv,
    SubscribersCsv,
    AuditLog,
    Outbox,
    Resend,
    Users,
    Invite,
    UpdateUser,
    Person,
    Erase,
}

/// A dashboard row: who may call it, and what it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dashboard {
    pub access: Access,
    pub run: Run,
}

const fn admin(method: Method, path: &'static str, access: Access, run: Run) -> Route<Dashboard> {
    Route { method, path, action: Dashboard { access, run } }
}

const fn act(action: Action) -> Run {
    Run::Dashboard(action)
}

/// Every dashboard route, `/api/admin/…`.
pub const ADMIN: &[Route<Dashboard>] = &[
    admin(Post, "/api/admin/sign-in", Access::Public, Run::SignIn(SignInStep::AskForLink)),
    admin(Post, "/api/admin/session", Access::Public, Run::SignIn(SignInStep::OpenSession)),
    admin(Post, "/api/admin/sign-out", Access::SignedIn, act(Action::SignOut)),
    admin(Get, "/api/admin/me", Access::SignedIn, act(Action::Me)),
    // The groups you may see (all of them for an admin).
    admin(Get, "/api/admin/groups", Access::SignedIn, act(Action::Groups)),
    admin(Post, "/api/admin/groups", Access::Network, act(Action::CreateGroup)),
    admin(Get, "/api/admin/groups/{group}", Access::Group, act(Action::Group)),
    admin(Put, "/api/admin/groups/{group}", Access::Network, act(Action::UpdateGroup)),
    admin(Post, "/api/admin/groups/{group}/duplicate", Access::Network, act(Action::DuplicateGroup)),
    admin(Put, "/api/admin/groups/{group}/status", Access::Network, act(Action::SetStatus)),
    admin(Get, "/api/admin/groups/{group}/roster", Access::Group, act(Action::Roster)),
    admin(Get, "/api/admin/groups/{group}/roster.csv", Access::Group, act(Action::RosterCsv)),
    admin(Get, "/api/admin/groups/{group}/attendance", Access::Group, act(Action::Attendance)),
    admin(Put, "/api/admin/groups/{group}/attendance", Access::Group, act(Action::MarkAttendance)),
    admin(Get, "/api/admin/groups/{group}/attendance.csv", Access::Group, act(Action::AttendanceCsv)),
    admin(Post, "/api/admin/groups/{group}/signups/{signup}/seat", Access::Group, act(Action::Seat)),
    admin(Post, "/api/admin/groups/{group}/signups/{signup}/remove", Access::Group, act(Action::Remove)),
    admin(Put, "/api/admin/groups/{group}/signups/{signup}/note", Access::Group, act(Action::Note)),
    admin(Put, "/api/admin/groups/{group}/sessions/{session}/tasks", Access::Group, act(Action::SetTasks)),
    admin(Get, "/api/admin/groups/{group}/topics", Access::Group, act(Action::Topics)),
    admin(Get, "/api/admin/groups/{group}/buddies", Access::Group, act(Action::Buddies)),
    admin(Post, "/api/admin/groups/{group}/buddies/pairings", Access::Group, act(Action::Pair)),
    admin(Post, "/api/admin/groups/{group}/buddies/pairings/{pairing}/end", Access::Group, act(Action::EndPairing)),
    // A local group's meetings and key issues: its leaders run them.
    admin(Get, "/api/admin/groups/{group}/meetings", Access::Group, act(Action::MeetingPlan)),
    admin(Post, "/api/admin/groups/{group}/meetings", Access::Group, act(Action::ScheduleMeeting)),
    admin(Put, "/api/admin/groups/{group}/meetings/{meeting}/host", Access::Group, act(Action::SetHost)),
    admin(Post, "/api/admin/groups/{group}/issues/{issue}/hide", Access::Group, act(Action::HideIssue)),
    admin(Post, "/api/admin/groups/{group}/issues/{issue}/merge", Access::Group, act(Action::MergeIssue)),
    admin(Post, "/api/admin/groups/{group}/elections", Access::Group, act(Action::StartElection)),
    // Touches a second group, and money: the network decides.
    admin(Post, "/api/admin/groups/{group}/signups/{signup}/move", Access::Network, act(Action::Move)),
    admin(Put, "/api/admin/groups/{group}/signups/{signup}/incentives", Access::Network, act(Action::RecordIncentives)),
    // The signposting directory: admins and facilitators keep it.
    admin(Get, "/api/admin/directory", Access::SignedIn, act(Action::DirectoryQueue)),
    admin(Post, "/api/admin/directory", Access::SignedIn, act(Action::AddEntry)),
    admin(Post, "/api/admin/directory/import", Access::SignedIn, act(Action::ImportDirectory)),
    admin(Get, "/api/admin/directory/{entry}", Access::SignedIn, act(Action::Entry)),
    admin(Put, "/api/admin/directory/{entry}", Access::SignedIn, act(Action::EditEntry)),
    admin(Post, "/api/admin/directory/{entry}/check", Access::SignedIn, act(Action::CheckEntry)),
    admin(Post, "/api/admin/directory/{entry}/retire", Access::SignedIn, act(Action::RetireEntry)),
    admin(Get, "/api/admin/overview", Access::Network, act(Action::Overview)),
    admin(Get, "/api/admin/incentives.csv", Access::Network, act(Action::IncentivesCsv)),
    admin(Get, "/api/admin/subscribers.csv", Access::Network, act(Action::SubscribersCsv)),
    admin(Get, "/api/admin/audit", Access::Network, act(Action::AuditLog)),
    admin(Get, "/api/admin/outbox", Access::Network, act(Action::Outbox)),
    admin(Post, "/api/admin/outbox/{message}/resend", Access::Network, act(Action::Resend)),
    admin(Get, "/api/admin/users", Access::Network, act(Action::Users)),
    admin(Post, "/api/admin/users", Access::Network, act(Action::Invite)),
    admin(Put, "/api/admin/users/{user}", Access::Network, act(Action::UpdateUser)),
    admin(Get, "/api/admin/people/{email}", Access::Network, act(Action::Person)),
    admin(Post, "/api/admin/people/{email}/erase", Access::Network, act(Action::Erase)),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn no_two_rows_answer_the_same_request<A: Copy>(table: &[Route<A>]) {
        for (i, a) in table.iter().enumerate() {
            for b in &table[i + 1..] {
                assert!(!(a.method == b.method && a.path == b.path), "{} {} twice", a.method.as_str(), a.path);
            }
        }
    }

    #[test]
    fn every_request_finds_at_most_one_row() {
        no_two_rows_answer_the_same_request(PUBLIC);
        no_two_rows_answer_the_same_request(ADMIN);
    }

    #[test]
    fn a_path_binds_its_segments_in_order() {
        let (route, bound) = find(PUBLIC, Method::Put, "/api/manage/tok/board/g1/p2/interests/i3").unwrap();
        assert_eq!(route.action, Public::AnswerInterest);
        assert_eq!(bound, ["tok", "g1", "p2", "i3"]);
    }

    #[test]
    fn a_known_path_with_another_method_names_the_methods_it_answers() {
        assert_eq!(
            find(PUBLIC, Method::Post, "/api/manage/tok").unwrap_err(),
            Miss::WrongMethod(vec![Method::Get, Method::Patch, Method::Delete])
        );
        assert_eq!(find(PUBLIC, Method::Get, "/api/nothing").unwrap_err(), Miss::UnknownPath);
    }

    #[test]
    fn a_literal_segment_is_not_taken_for_a_parameter() {
        let (route, _) = find(PUBLIC, Method::Put, "/api/manage/tok/buddy/offer").unwrap();
        assert_eq!(route.action, Public::OfferToBuddy);
        assert!(find(PUBLIC, Method::Put, "/api/manage/tok/buddy/other").is_err());
    }

    #[test]
    fn a_path_names_every_method_it_answers() {
        assert_eq!(methods_of(PUBLIC, "/api/manage/tok"), [Method::Get, Method::Patch, Method::Delete]);
        assert_eq!(methods_of(PUBLIC, "/api/groups"), [Method::Get]);
        assert!(methods_of(PUBLIC, "/api/nothing").is_empty());
    }

    /// The dashboard authorizes a group route for the group its first parameter names.
    #[test]
    fn a_group_route_names_its_group_first() {
        for route in ADMIN.iter().filter(|r| r.action.access == Access::Group) {
            let first = route.path.split('/').find(|s| s.starts_with('{'));
            assert_eq!(first, Some("{group}"), "{}", route.path);
        }
    }

    /// Two rows of one method whose patterns could both match a path would depend on order.
    #[test]
    fn no_two_rows_of_one_method_could_match_the_same_path() {
        fn overlap(a: &str, b: &str) -> bool {
            let (a, b): (Vec<&str>, Vec<&str>) = (a.split('/').collect(), b.split('/').collect());
            a.len() == b.len() && a.iter().zip(&b).all(|(x, y)| x.starts_with('{') || y.starts_with('{') || x == y)
        }
        fn check<A: Copy>(table: &[Route<A>]) {
            for (i, a) in table.iter().enumerate() {
                for b in &table[i + 1..] {
                    assert!(!(a.method == b.method && overlap(a.path, b.path)), "{} {} and {}", a.method.as_str(), a.path, b.path);
                }
            }
        }
        check(PUBLIC);
        check(ADMIN);
    }

    #[test]
    fn every_dashboard_route_is_under_api_admin_and_no_public_one_is() {
        assert!(ADMIN.iter().all(|r| r.path.starts_with("/api/admin/")));
        assert!(PUBLIC.iter().all(|r| r.path.starts_with("/api/") && !r.path.starts_with("/api/admin/")));
    }
}
