//! What each dashboard route takes and answers.

use super::Op;
use crate::api::admin::{
    AdminGroup, AttendanceMarked, AttendanceView, AuditAnswer, DuplicateRequest, Erased, GroupForm, GroupList,
    GroupUpdated, IncentivesSaved, LinkSent, MarkBody, Me, MoveRequest, Moved, NoteRequest, NoteSaved, OutboxAnswer,
    PersonData, RemoveRequest, Removed, Resent, RosterView, Seated, SessionRequest, SignInRequest, SignedOut, StatusChange,
    UserSaved, UserUpdate, Users,
};
use crate::api::buddies::{BuddyBoard, EndPairingBody, PairBody};
use crate::api::directory::{DirectoryQueue, EntryBody, EntrySaved, ImportAnswer};
use crate::api::helping::{SessionTasks, SetTasksBody, TopicList};
use crate::api::local_group::{
    ElectionView, MeetingPlan, MeetingView, MergeBody, ScheduleMeetingBody, SetHostBody, StartElectionBody,
};
use crate::api::oruk::OrukFeed;
use crate::api::routes::{Action, Run, SignInStep};
use crate::api::ErrorCode;
use crate::model::{AdminUser, LedgerEntry};
use crate::rules::progress::Overview;

const CURSOR: &str = "Where the page starts: the `next` of the page before.";

/// A local group's meetings and issues: the group must exist and be one.
const LOCAL_GROUP: &[ErrorCode] = &[ErrorCode::GroupNotFound, ErrorCode::NotALocalGroup];

pub fn describe(run: Run) -> Op {
    match run {
        Run::SignIn(SignInStep::AskForLink) => {
            Op::new("Email a sign-in link, if the address has access (the same answer either way).")
                .takes::<SignInRequest>()
                .answers::<LinkSent>(200)
        }
        Run::SignIn(SignInStep::OpenSession) => Op::new("Trade a sign-in link's token for a session cookie.")
            .takes::<SessionRequest>()
            .answers::<Me>(200)
            .refuses(&[ErrorCode::SignInLinkInvalid]),
        Run::Dashboard(Action::SignOut) => Op::new("End the session.").answers::<SignedOut>(200),
        Run::Dashboard(Action::Me) => Op::new("Who is signed in, with the session's CSRF token.").answers::<Me>(200),
        Run::Dashboard(Action::Groups) => Op::new("The groups you may see, any state, a page at a time.")
            .query("cursor", CURSOR)
            .answers::<GroupList>(200),
        Run::Dashboard(Action::CreateGroup) => Op::new("Create a group, as a draft.")
            .takes::<GroupForm>()
            .answers::<AdminGroup>(201)
            .refuses(&[ErrorCode::GroupExists]),
        Run::Dashboard(Action::Group) => Op::new("A group with its private details and seats.")
            .answers::<AdminGroup>(200)
            .refuses(&[ErrorCode::GroupNotFound]),
        Run::Dashboard(Action::UpdateGroup) => Op::new("Edit a group (not its state).")
            .takes::<GroupForm>()
            .answers::<GroupUpdated>(200)
            .refuses(&[ErrorCode::GroupNotFound, ErrorCode::EditConflict]),
        Run::Dashboard(Action::DuplicateGroup) => Op::new("Copy a group for next term, as a draft.")
            .takes::<DuplicateRequest>()
            .answers::<AdminGroup>(201)
            .refuses(&[ErrorCode::GroupNotFound, ErrorCode::GroupExists]),
        Run::Dashboard(Action::SetStatus) => Op::new("Publish, unpublish, archive a group, or make it a draft again.")
            .takes::<StatusChange>()
            .answers::<AdminGroup>(200)
            .refuses(&[ErrorCode::GroupNotFound]),
        Run::Dashboard(Action::Roster) => Op::new("A group's roster, with the facilitators' notes.")
            .answers::<RosterView>(200)
            .refuses(&[ErrorCode::GroupNotFound]),
        Run::Dashboard(Action::RosterCsv) => {
            Op::new("A group's roster as a spreadsheet.").answers_file("text/csv").refuses(&[ErrorCode::GroupNotFound])
        }
        Run::Dashboard(Action::Attendance) => Op::new("A group's check-in sheet: every session, every person.")
            .answers::<AttendanceView>(200)
            .refuses(&[ErrorCode::GroupNotFound]),
        Run::Dashboard(Action::MarkAttendance) => Op::new("Mark one person present or absent at one session.")
            .takes::<MarkBody>()
            .answers::<AttendanceMarked>(200)
            .refuses(&[ErrorCode::GroupNotFound, ErrorCode::SignupNotFound]),
        Run::Dashboard(Action::AttendanceCsv) => Op::new("A group's check-in sheet as a spreadsheet.")
            .answers_file("text/csv")
            .refuses(&[ErrorCode::GroupNotFound]),
        Run::Dashboard(Action::Seat) => Op::new("Give a waitlisted person a seat now, with one more seat for them.")
            .answers::<Seated>(200)
            .refuses(&[ErrorCode::GroupNotFound, ErrorCode::NotWaitlisted]),
        Run::Dashboard(Action::Remove) => Op::new("Take someone off the roster, telling them why.")
            .takes::<RemoveRequest>()
            .answers::<Removed>(200)
            .refuses(&[ErrorCode::SignupNotFound]),
        Run::Dashboard(Action::Note) => Op::new("Set the facilitators' private note on a signup (empty removes it).")
            .takes::<NoteRequest>()
            .answers::<NoteSaved>(200)
            .refuses(&[ErrorCode::SignupNotFound]),
        Run::Dashboard(Action::SetTasks) => {
            Op::new("Set a session's tasks (the session is its start, in Unix seconds).")
                .takes::<SetTasksBody>()
                .answers::<SessionTasks>(200)
                .refuses(&[ErrorCode::NotAMember])
        }
        Run::Dashboard(Action::Topics) => {
            Op::new("The topics families would like a visitor to talk about.").answers::<TopicList>(200)
        }
        Run::Dashboard(Action::Buddies) => {
            Op::new("Who waits for a buddy, who offers, and the pairings.").answers::<BuddyBoard>(200)
        }
        Run::Dashboard(Action::Pair) => Op::new("Pair a waiting family with a buddy.")
            .takes::<PairBody>()
            .answers::<BuddyBoard>(201)
            .refuses(&[ErrorCode::NotAMember, ErrorCode::NoBuddyRequest, ErrorCode::BuddyFull]),
        Run::Dashboard(Action::EndPairing) => Op::new("End a buddy pairing, done or not.")
            .takes::<EndPairingBody>()
            .answers::<BuddyBoard>(200)
            .refuses(&[ErrorCode::NotAMember, ErrorCode::PairingNotFound]),
        Run::Dashboard(Action::MeetingPlan) => Op::new("A local group's volunteer hosts, meetings and issues.")
            .answers::<MeetingPlan>(200)
            .refuses(LOCAL_GROUP),
        Run::Dashboard(Action::ScheduleMeeting) => Op::new("Schedule a meeting; every member is told.")
            .takes::<ScheduleMeetingBody>()
            .answers::<MeetingView>(201)
            .refuses(LOCAL_GROUP)
            .refuses(&[ErrorCode::MeetingInThePast, ErrorCode::NotAHost]),
        Run::Dashboard(Action::SetHost) => Op::new("Change who hosts a meeting (null: nobody for now).")
            .takes::<SetHostBody>()
            .answers::<MeetingPlan>(200)
            .refuses(LOCAL_GROUP)
            .refuses(&[ErrorCode::NotAHost, ErrorCode::MeetingNotFound, ErrorCode::MeetingOver]),
        Run::Dashboard(Action::HideIssue) => Op::new("Hide an inappropriate issue; its supports go back.")
            .answers::<MeetingPlan>(200)
            .refuses(LOCAL_GROUP)
            .refuses(&[ErrorCode::IssueNotFound, ErrorCode::AgendaClosed]),
        Run::Dashboard(Action::MergeIssue) => Op::new("Fold a duplicate issue into another open one.")
            .takes::<MergeBody>()
            .answers::<MeetingPlan>(200)
            .refuses(LOCAL_GROUP)
            .refuses(&[ErrorCode::IssueNotFound]),
        Run::Dashboard(Action::StartElection) => Op::new("Open nominations for a role now; every member is told.")
            .takes::<StartElectionBody>()
            .answers::<ElectionView>(201)
            .refuses(LOCAL_GROUP)
            .refuses(&[ErrorCode::NotAMember, ErrorCode::ElectionUnderway]),
        Run::Dashboard(Action::Move) => Op::new("Move a person to another group.")
            .takes::<MoveRequest>()
            .answers::<Moved>(200)
            .refuses(&[ErrorCode::SignupNotFound, ErrorCode::WaitlistFull]),
        Run::Dashboard(Action::RecordIncentives) => Op::new("Record what a person has been given.")
            .takes::<LedgerEntry>()
            .answers::<IncentivesSaved>(200)
            .refuses(&[ErrorCode::SignupNotFound]),
        Run::Dashboard(Action::DirectoryQueue) => {
            Op::new("The directory's entries to check, its reports, and a page of entries.")
                .query("cursor", CURSOR)
                .answers::<DirectoryQueue>(200)
        }
        Run::Dashboard(Action::AddEntry) => Op::new("Add a directory entry, checked today by its author.")
            .takes::<EntryBody>()
            .answers::<EntrySaved>(201),
        Run::Dashboard(Action::ImportDirectory) => Op::new("Bring in an Open Referral UK page (or list) of services.")
            .takes::<OrukFeed>()
            .answers::<ImportAnswer>(200),
        Run::Dashboard(Action::Entry) => Op::new("A directory entry, whatever its state.")
            .answers::<EntrySaved>(200)
            .refuses(&[ErrorCode::EntryNotFound]),
        Run::Dashboard(Action::EditEntry) => Op::new("Edit a directory entry (its check date stays).")
            .takes::<EntryBody>()
            .answers::<EntrySaved>(200)
            .refuses(&[ErrorCode::EntryNotFound]),
        Run::Dashboard(Action::CheckEntry) => Op::new("Mark a directory entry still right, as of today.")
            .answers::<EntrySaved>(200)
            .refuses(&[ErrorCode::EntryNotFound]),
        Run::Dashboard(Action::RetireEntry) => Op::new("Take a directory entry out of the public directory for good.")
            .answers::<EntrySaved>(200)
            .refuses(&[ErrorCode::EntryNotFound]),
        Run::Dashboard(Action::Overview) => Op::new("The network at a glance.").answers::<Overview>(200),
        Run::Dashboard(Action::IncentivesCsv) => {
            Op::new("What is owed and given to everyone who completed a group, a page at a time.")
                .query("cursor", "Where the page starts: the `X-Next-Cursor` of the page before.")
                .header("X-Next-Cursor", "Where the next page starts; absent on the last.")
                .answers_file("text/csv")
        }
        Run::Dashboard(Action::SubscribersCsv) => Op::new("The updates list, a page at a time.")
            .query("cursor", "Where the page starts: the `X-Next-Cursor` of the page before.")
                .header("X-Next-Cursor", "Where the next page starts; absent on the last.")
            .answers_file("text/csv"),
        Run::Dashboard(Action::AuditLog) => Op::new("The audit log, newest first, a page at a time.")
            .query("who", "Only what this user did.")
            .query("action", "Only this action.")
            .query("target", "Only what touched this target.")
            .query("cursor", CURSOR)
            .answers::<AuditAnswer>(200),
        Run::Dashboard(Action::Outbox) => Op::new("Messages sent or to send, newest first, a page at a time.")
            .query("cursor", CURSOR)
            .answers::<OutboxAnswer>(200),
        Run::Dashboard(Action::Resend) => Op::new("Try sending a message again.").answers::<Resent>(200),
        Run::Dashboard(Action::Users) => Op::new("Everyone who may use the dashboard.").answers::<Users>(200),
        Run::Dashboard(Action::Invite) => Op::new("Add (or update) a dashboard user and send them a sign-in link.")
            .takes::<AdminUser>()
            .answers::<UserSaved>(201),
        Run::Dashboard(Action::UpdateUser) => {
            Op::new("Change a user's role and groups, or revoke or restore their access.")
                .takes::<UserUpdate>()
                .answers::<UserSaved>(200)
        }
        Run::Dashboard(Action::Person) => Op::new("Everything held about an email.")
            .query("download", "Present: answer as a file to save.")
            .answers::<PersonData>(200)
            .refuses(&[ErrorCode::PersonNotFound]),
        Run::Dashboard(Action::Erase) => Op::new("Erase a person: their identity goes, the counts stay.")
            .answers::<Erased>(200)
            .refuses(&[ErrorCode::PersonNotFound]),
    }
}
