//! What each public route takes and answers.

use std::borrow::Cow;

use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

use super::Op;
use crate::api::buddies::FamilyBuddies;
use crate::api::directory::{DirectoryAnswer, EntryAnswer, ReportBody, ReportReceived};
use crate::api::helping::{FamilyTasks, FamilyTopics, SessionTasks, TopicBody};
use crate::api::local_group::{
    BallotAnswer, BallotBody, BoardAnswer, ElectionsAnswer, HostOfferBody, InterestAnswerBody, IssueAnswer,
    IssuesAnswer, ManageWithMeetings, MeetingNewsBody, MeetingsAnswer, MemberBoard, MemberSpaceView, NominateBody, PostBody, PostView,
    ProposeBody, RsvpAnswer, RsvpBody, SupportAnswer,
};
use crate::api::oruk::OrukPage;
use crate::api::routes::Public;
use crate::api::{
    CataloguePage, DetailsUpdate, DropInStatus, ErrorCode, GroupDetail, ManageResponse, RsvpRequest, SignupRequest,
    SignupResponse, SubscribeRequest, SubscriptionResponse,
};
use crate::rules::buddies::{Ask, Offer};

/// A public local group, named by the route.
const LOCAL_GROUP: &[ErrorCode] = &[ErrorCode::GroupNotFound, ErrorCode::NotALocalGroup];

/// A manage link of a local group's member.
const MEMBER: &[ErrorCode] = &[ErrorCode::SignupNotFound, ErrorCode::GroupNotFound, ErrorCode::NotALocalGroup];

/// A manage link, for a family group's helping, buddies and topics.
const FAMILY: &[ErrorCode] = &[ErrorCode::SignupNotFound, ErrorCode::NotAMember];

pub fn describe(action: Public) -> Op {
    match action {
        Public::Catalogue => Op::new("One page of the published groups that match the filters.")
            .query("audience", "Who the group is for: ffn, fcch, centre_staff, managers_childminders, families.")
            .query("delivery", "The language it is run in: en or es.")
            .query("format", "virtual or in_person.")
            .query("kind", "series, info_session, drop_in or local_group.")
            .query("day", "The weekday of its first session, on the viewer's clock: mon … sun.")
            .query("time", "The time of day of its first session: morning, afternoon or evening.")
            .query("area", "An in-person area, as the page's `areas` name them.")
            .query("near", "`lat,lon`: nearest first.")
            .query("tz", "The viewer's time zone (IANA), for day and time; UTC without one.")
            .query("program", "Only groups of this program (may repeat).")
            .query("cursor", "The `next` of the page before.")
            .answers::<CataloguePage>(200),
        Public::Group => Op::new("A published group with its live seat count.")
            .answers::<GroupDetail>(200)
            .refuses(&[ErrorCode::GroupNotFound]),
        Public::SignUp => Op::new("Sign up for a group: a seat, or a place on its waitlist.")
            .takes::<SignupRequest>()
            .answers::<SignupResponse>(201)
            .also(200, "Already on the list: the same answer, nothing new stored.")
            .refuses(&[
                ErrorCode::GroupNotFound,
                ErrorCode::SignupNotNeeded,
                ErrorCode::RegistrationNotOpen,
                ErrorCode::RegistrationClosed,
                ErrorCode::NotEligible,
                ErrorCode::WaitlistFull,
            ]),
        Public::DropIn => Op::new("A drop-in's next session, how many are coming, and its join link once open.")
            .answers::<DropInStatus>(200)
            .refuses(&[ErrorCode::GroupNotFound, ErrorCode::NotADropIn]),
        Public::Rsvp => Op::new("Say you are coming to a drop-in's next session.")
            .takes::<RsvpRequest>()
            .answers::<DropInStatus>(200)
            .refuses(&[ErrorCode::GroupNotFound, ErrorCode::NotADropIn, ErrorCode::NoUpcomingSession]),
        Public::Meetings => Op::new("A local group's meetings: upcoming first, areas and never addresses.")
            .answers::<MeetingsAnswer>(200)
            .refuses(LOCAL_GROUP),
        Public::Issues => Op::new("A local group's key issues with their support counts.")
            .answers::<IssuesAnswer>(200)
            .refuses(LOCAL_GROUP),
        Public::Elections => Op::new("A local group's elections and who leads it now.")
            .answers::<ElectionsAnswer>(200)
            .refuses(LOCAL_GROUP),
        Public::SessionTasks => Op::new("The tasks of one session (its start, Unix seconds) and the places taken.")
            .answers::<SessionTasks>(200)
            .refuses(&[ErrorCode::GroupNotFound]),
        Public::ShowSignup => Op::new("Your signup, its live status and its group.")
            .answers_either::<ManageResponse, ManageWithMeetings<'static>>(200)
            .refuses(&[ErrorCode::SignupNotFound]),
        Public::UpdateSignup => Op::new("Change your name, phone or language.")
            .takes::<DetailsUpdate>()
            .answers_either::<ManageResponse, ManageWithMeetings<'static>>(200)
            .refuses(&[ErrorCode::SignupNotFound]),
        Public::CancelSignup => Op::new("Cancel your signup; your seat goes to the waitlist.")
            .answers_either::<ManageResponse, ManageWithMeetings<'static>>(200)
            .refuses(&[ErrorCode::SignupNotFound]),
        Public::Rejoin => Op::new("Come back after cancelling: a free seat, or the back of the waitlist.")
            .answers_either::<ManageResponse, ManageWithMeetings<'static>>(200)
            .refuses(&[ErrorCode::SignupNotFound, ErrorCode::RegistrationClosed, ErrorCode::WaitlistFull]),
        Public::Calendar => Op::new("Your group's sessions or meetings, for your calendar.")
            .answers_file("text/calendar")
            .refuses(&[ErrorCode::SignupNotFound]),
        Public::Space => Op::new("Your local group's member space.").answers::<MemberSpaceView>(200).refuses(MEMBER),
        Public::MeetingRsvp => Op::new("Say whether you are coming to a meeting.")
            .takes::<RsvpBody>()
            .answers::<RsvpAnswer>(200)
            .refuses(MEMBER)
            .refuses(&[ErrorCode::NotAMember, ErrorCode::MeetingNotFound, ErrorCode::MeetingOver]),
        Public::OfferToHost => Op::new("Offer your setting for the group's meetings.")
            .takes::<HostOfferBody>()
            .answers::<MemberSpaceView>(200)
            .refuses(MEMBER)
            .refuses(&[ErrorCode::NotAMember]),
        Public::WithdrawHostOffer => Op::new("Withdraw your offer to host.")
            .answers::<MemberSpaceView>(200)
            .refuses(MEMBER)
            .refuses(&[ErrorCode::NotAMember]),
        Public::MeetingNews => Op::new("Keep hearing of new meetings after leaving, or stop.")
            .takes::<MeetingNewsBody>()
            .answers::<MemberSpaceView>(200)
            .refuses(MEMBER),
        Public::Propose => Op::new("Propose a key issue for the coming agenda.")
            .takes::<ProposeBody>()
            .answers::<IssueAnswer>(201)
            .refuses(MEMBER)
            .refuses(&[ErrorCode::NotAMember, ErrorCode::TooManyProposals]),
        Public::Support => Op::new("Support a key issue.").answers::<SupportAnswer>(200).refuses(MEMBER).refuses(&[
            ErrorCode::NotAMember,
            ErrorCode::IssueNotFound,
            ErrorCode::AgendaClosed,
            ErrorCode::SupportsUsedUp,
        ]),
        Public::WithdrawSupport => Op::new("Take back your support of a key issue.")
            .answers::<SupportAnswer>(200)
            .refuses(MEMBER)
            .refuses(&[ErrorCode::NotAMember, ErrorCode::IssueNotFound, ErrorCode::AgendaClosed]),
        Public::Nominate => Op::new("Stand in an election, accept a nomination, or nominate another member.")
            .takes::<NominateBody>()
            .answers::<BallotAnswer>(200)
            .refuses(MEMBER)
            .refuses(&[
                ErrorCode::NotAMember,
                ErrorCode::ElectionNotFound,
                ErrorCode::CandidateNotFound,
                ErrorCode::NominationsClosed,
            ]),
        Public::StandDown => Op::new("Stand down from an election, or decline a nomination.")
            .answers::<BallotAnswer>(200)
            .refuses(MEMBER)
            .refuses(&[ErrorCode::NotAMember, ErrorCode::ElectionNotFound, ErrorCode::NominationsClosed]),
        Public::Ballot => Op::new("Vote in an election, or change your vote.")
            .takes::<BallotBody>()
            .answers::<BallotAnswer>(200)
            .refuses(MEMBER)
            .refuses(&[
                ErrorCode::NotAMember,
                ErrorCode::NotAVoter,
                ErrorCode::ElectionNotFound,
                ErrorCode::ElectionNotOpen,
                ErrorCode::CandidateNotFound,
            ]),
        Public::FamilyTasks => Op::new("The tasks of your group's coming sessions, and your places.")
            .answers::<FamilyTasks>(200)
            .refuses(FAMILY),
        Public::TakeTask => Op::new("Take a place on a task.")
            .answers::<FamilyTasks>(200)
            .refuses(FAMILY)
            .refuses(&[ErrorCode::TaskNotFound, ErrorCode::TaskFull]),
        Public::LeaveTask => Op::new("Give back your place on a task.")
            .answers::<FamilyTasks>(200)
            .refuses(FAMILY)
            .refuses(&[ErrorCode::TaskNotFound]),
        Public::Buddy => {
            Op::new("Your buddy request, your offer and your pairings.").answers::<FamilyBuddies>(200).refuses(FAMILY)
        }
        Public::AskForBuddy => Op::new("Ask for a buddy, or change what you asked.")
            .takes::<Ask>()
            .answers::<FamilyBuddies>(200)
            .refuses(FAMILY)
            .refuses(&[ErrorCode::AlreadyPaired]),
        Public::WithdrawBuddyRequest => {
            Op::new("Stop waiting for a buddy.").answers::<FamilyBuddies>(200).refuses(FAMILY)
        }
        Public::OfferToBuddy => {
            Op::new("Offer to be a buddy to newcomers.").takes::<Offer>().answers::<FamilyBuddies>(200).refuses(FAMILY)
        }
        Public::StopOfferingToBuddy => {
            Op::new("Stop offering to be a buddy.").answers::<FamilyBuddies>(200).refuses(FAMILY)
        }
        Public::BuddyStepBack => Op::new("Step back as a family's buddy.")
            .answers::<FamilyBuddies>(200)
            .refuses(FAMILY)
            .refuses(&[ErrorCode::PairingNotFound]),
        Public::Topics => {
            Op::new("The topics you suggested for visitors.").answers::<FamilyTopics>(200).refuses(FAMILY)
        }
        Public::AddTopic => Op::new("Suggest a topic for a visitor to talk about.")
            .takes::<TopicBody>()
            .answers::<FamilyTopics>(201)
            .refuses(FAMILY),
        Public::MemberBoard => Op::new("The opportunities board's first page and your own posts.")
            .answers::<MemberBoard>(200)
            .refuses(MEMBER),
        Public::Publish => Op::new("Post on the opportunities board.")
            .takes::<PostBody>()
            .answers::<PostView>(201)
            .refuses(MEMBER)
            .refuses(&[ErrorCode::NotAMember, ErrorCode::TooManyPosts]),
        Public::Post => Op::new("One post on the board, as you may see it.")
            .answers::<PostView>(200)
            .refuses(MEMBER)
            .refuses(&[ErrorCode::PostNotFound]),
        Public::ShowInterest => {
            Op::new("Say you are interested in a post.").answers::<PostView>(200).refuses(MEMBER).refuses(&[
                ErrorCode::NotAMember,
                ErrorCode::PostNotFound,
                ErrorCode::PostClosed,
                ErrorCode::OwnPost,
                ErrorCode::PostFull,
            ])
        }
        Public::MarkPostDone => Op::new("Mark your post, or your part in it, done.")
            .answers::<PostView>(200)
            .refuses(MEMBER)
            .refuses(&[ErrorCode::PostNotFound]),
        Public::RenewPost => Op::new("Keep your post on the board for another sixty days.")
            .answers::<PostView>(200)
            .refuses(MEMBER)
            .refuses(&[ErrorCode::PostNotFound]),
        Public::AnswerInterest => Op::new("Accept or decline someone interested in your post.")
            .takes::<InterestAnswerBody>()
            .answers::<PostView>(200)
            .refuses(MEMBER)
            .refuses(&[ErrorCode::PostNotFound, ErrorCode::PostClosed, ErrorCode::PostFull]),
        Public::Board => Op::new("One page of the open posts across the network.")
            .query("cursor", "The `next` of the page before.")
            .answers::<BoardAnswer>(200),
        Public::Directory => Op::new("One page of the signposting directory, searched and filtered.")
            .query("q", "Words to search for.")
            .query("category", "A service category's code.")
            .query("area", "An area, as the page's `areas` name them.")
            .query("language", "A language the service is offered in, as the page's `languages` name them.")
            .query("near", "`lat,lon`, a US ZIP or a UK postcode: nearest first.")
            .query("cursor", "The `next` of the page before.")
            .answers::<DirectoryAnswer>(200),
        Public::DirectoryEntry => Op::new("One directory entry and how recently it was checked.")
            .answers::<EntryAnswer>(200)
            .refuses(&[ErrorCode::EntryNotFound]),
        Public::ReportEntry => Op::new("Say a directory entry has changed or closed.")
            .takes::<ReportBody>()
            .answers::<ReportReceived>(202)
            .refuses(&[ErrorCode::EntryNotFound]),
        Public::OpenReferral => Op::new("The public directory as Open Referral UK services, a page at a time.")
            .query("cursor", "The `X-Next-Cursor` of the page before.")
            .header("X-Next-Cursor", "Where the next page starts; absent on the last.")
            .answers::<OrukPage>(200),
        Public::Subscribe => Op::new("Join the updates list, or ask to hear when a group opens.")
            .takes::<SubscribeRequest>()
            .answers::<SubscriptionResponse>(200)
            .refuses(&[ErrorCode::GroupNotFound]),
        Public::ConfirmSubscription => Op::new("Confirm a subscription, or a change to it, from its email link.")
            .answers::<SubscriptionResponse>(200)
            .refuses(&[ErrorCode::SubscriptionNotFound]),
        Public::Unsubscribe => Op::new("Leave the updates list from its email link.")
            .answers::<SubscriptionResponse>(200)
            .refuses(&[ErrorCode::SubscriptionNotFound]),
        Public::Contract => Op::new("This document.").answers::<OpenApiDocument>(200),
        Public::Dev(_) => Op::new("Development only"),
    }
}

/// The answer of `GET /api/openapi.json`: an OpenAPI 3.1 document.
struct OpenApiDocument;

impl PartialSchema for OpenApiDocument {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new().schema_type(Type::Object).description(Some("An OpenAPI 3.1 document.")).into()
    }
}

impl ToSchema for OpenApiDocument {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("OpenApiDocument")
    }
}
