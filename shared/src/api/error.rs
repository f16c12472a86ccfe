use serde::{Deserialize, Serialize};

use crate::Language;

/// Every error the API can answer with. The snake_case code is stable: the app, the tests and
/// any client branch on it; the message is for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    NotFound,
    GroupNotFound,
    SignupNotFound,
    MethodNotAllowed,
    UnsupportedMediaType,
    PayloadTooLarge,
    MalformedJson,
    InvalidFields,
    SignupNotNeeded,
    RegistrationNotOpen,
    RegistrationClosed,
    NotEligible,
    NotADropIn,
    NoUpcomingSession,
    SubscriptionNotFound,
    NotSignedIn,
    Forbidden,
    CsrfRejected,
    /// A page's form posted from another website (`Sec-Fetch-Site`).
    FormFromElsewhere,
    TooManyRequests,
    SignInLinkInvalid,
    /// Creating a group under an id that is taken.
    GroupExists,
    /// Seating someone by hand who is not on the waitlist.
    NotWaitlisted,
    /// Nothing is held about that email.
    PersonNotFound,
    /// Saving a group that someone else changed after this editor opened it.
    EditConflict,
    /// The group's waitlist is as long as it may get.
    WaitlistFull,
    NotALocalGroup,
    NotAMember,
    MeetingNotFound,
    MeetingOver,
    IssueNotFound,
    AgendaClosed,
    SupportsUsedUp,
    TooManyProposals,
    NotAHost,
    MeetingInThePast,
    ElectionNotFound,
    CandidateNotFound,
    /// A ballot outside the voting phase.
    ElectionNotOpen,
    NominationsClosed,
    /// A second election for a role while one is running.
    ElectionUnderway,
    PostNotFound,
    /// Done, or past its sixty days.
    PostClosed,
    /// As many accepted as its places, or as many interested as it takes.
    PostFull,
    OwnPost,
    TooManyPosts,
    /// Joined after the election opened: not on its list of voters.
    NotAVoter,
    /// No directory entry by that id (or it is retired, for the public).
    EntryNotFound,
    TaskNotFound,
    /// Every place on the task is taken.
    TaskFull,
    /// That family is not (or no longer) waiting for a buddy.
    NoBuddyRequest,
    /// The buddy has no room left (or no longer offers); also: nobody is their own buddy.
    BuddyFull,
    PairingNotFound,
    /// They have a buddy already.
    AlreadyPaired,
    Internal,
}

/// Read back through `as_str` (one list, not a second derived table: the app's download stays
/// small); a code this build does not know reads as `Internal` (its message is still shown).
impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Ok(ErrorCode::ALL.into_iter().find(|c| c.as_str() == code).unwrap_or(ErrorCode::Internal))
    }
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 55] = [
        ErrorCode::NotFound,
        ErrorCode::GroupNotFound,
        ErrorCode::SignupNotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::PayloadTooLarge,
        ErrorCode::MalformedJson,
        ErrorCode::InvalidFields,
        ErrorCode::SignupNotNeeded,
        ErrorCode::RegistrationNotOpen,
        ErrorCode::RegistrationClosed,
        ErrorCode::NotEligible,
        ErrorCode::NotADropIn,
        ErrorCode::NoUpcomingSession,
        ErrorCode::SubscriptionNotFound,
        ErrorCode::NotSignedIn,
        ErrorCode::Forbidden,
        ErrorCode::CsrfRejected,
        ErrorCode::FormFromElsewhere,
        ErrorCode::TooManyRequests,
        ErrorCode::SignInLinkInvalid,
        ErrorCode::GroupExists,
        ErrorCode::NotWaitlisted,
        ErrorCode::PersonNotFound,
        ErrorCode::EditConflict,
        ErrorCode::WaitlistFull,
        ErrorCode::NotALocalGroup,
        ErrorCode::NotAMember,
        ErrorCode::MeetingNotFound,
        ErrorCode::MeetingOver,
        ErrorCode::IssueNotFound,
        ErrorCode::AgendaClosed,
        ErrorCode::SupportsUsedUp,
        ErrorCode::TooManyProposals,
        ErrorCode::NotAHost,
        ErrorCode::MeetingInThePast,
        ErrorCode::ElectionNotFound,
        ErrorCode::CandidateNotFound,
        ErrorCode::ElectionNotOpen,
        ErrorCode::NominationsClosed,
        ErrorCode::ElectionUnderway,
        ErrorCode::PostNotFound,
        ErrorCode::PostClosed,
        ErrorCode::PostFull,
        ErrorCode::OwnPost,
        ErrorCode::TooManyPosts,
        ErrorCode::NotAVoter,
        ErrorCode::EntryNotFound,
        ErrorCode::TaskNotFound,
        ErrorCode::TaskFull,
        ErrorCode::NoBuddyRequest,
        ErrorCode::BuddyFull,
        ErrorCode::PairingNotFound,
        ErrorCode::AlreadyPaired,
        ErrorCode::Internal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "not_found",
            ErrorCode::GroupNotFound => "group_not_found",
            ErrorCode::SignupNotFound => "signup_not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::MalformedJson => "malformed_json",
            ErrorCode::InvalidFields => "invalid_fields",
            ErrorCode::SignupNotNeeded => "signup_not_needed",
            ErrorCode::RegistrationNotOpen => "registration_not_open",
            ErrorCode::RegistrationClosed => "registration_closed",
            ErrorCode::NotEligible => "not_eligible",
            ErrorCode::NotADropIn => "not_a_drop_in",
            ErrorCode::NoUpcomingSession => "no_upcoming_session",
            ErrorCode::SubscriptionNotFound => "subscription_not_found",
            ErrorCode::NotSignedIn => "not_signed_in",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::CsrfRejected => "csrf_rejected",
            ErrorCode::FormFromElsewhere => "form_from_elsewhere",
            ErrorCode::TooManyRequests => "too_many_requests",
            ErrorCode::SignInLinkInvalid => "sign_in_link_invalid",
            ErrorCode::GroupExists => "group_exists",
            ErrorCode::NotWaitlisted => "not_waitlisted",
            ErrorCode::PersonNotFound => "person_not_found",
            ErrorCode::EditConflict => "edit_conflict",
            ErrorCode::WaitlistFull => "waitlist_full",
            ErrorCode::NotALocalGroup => "not_a_local_group",
            ErrorCode::NotAMember => "not_a_member",
            ErrorCode::MeetingNotFound => "meeting_not_found",
            ErrorCode::MeetingOver => "meeting_over",
            ErrorCode::IssueNotFound => "issue_not_found",
            ErrorCode::AgendaClosed => "agenda_closed",
            ErrorCode::SupportsUsedUp => "supports_used_up",
            ErrorCode::TooManyProposals => "too_many_proposals",
            ErrorCode::NotAHost => "not_a_host",
            ErrorCode::MeetingInThePast => "meeting_in_the_past",
            ErrorCode::ElectionNotFound => "election_not_found",
            ErrorCode::CandidateNotFound => "candidate_not_found",
            ErrorCode::ElectionNotOpen => "election_not_open",
            ErrorCode::NominationsClosed => "nominations_closed",
            ErrorCode::ElectionUnderway => "election_underway",
            ErrorCode::PostNotFound => "post_not_found",
            ErrorCode::PostClosed => "post_closed",
            ErrorCode::PostFull => "post_full",
            ErrorCode::OwnPost => "own_post",
            ErrorCode::TooManyPosts => "too_many_posts",
            ErrorCode::NotAVoter => "not_a_voter",
            ErrorCode::EntryNotFound => "entry_not_found",
            ErrorCode::TaskNotFound => "task_not_found",
            ErrorCode::TaskFull => "task_full",
            ErrorCode::NoBuddyRequest => "no_buddy_request",
            ErrorCode::BuddyFull => "buddy_full",
            ErrorCode::PairingNotFound => "pairing_not_found",
            ErrorCode::AlreadyPaired => "already_paired",
            ErrorCode::Internal => "internal",
        }
    }

    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::NotFound
            | ErrorCode::GroupNotFound
            | ErrorCode::SignupNotFound
            | ErrorCode::SubscriptionNotFound
            | ErrorCode::PersonNotFound
            | ErrorCode::MeetingNotFound
            | ErrorCode::IssueNotFound
            | ErrorCode::ElectionNotFound
            | ErrorCode::CandidateNotFound
            | ErrorCode::PostNotFound
            | ErrorCode::EntryNotFound
            | ErrorCode::TaskNotFound
            | ErrorCode::NoBuddyRequest
            | ErrorCode::PairingNotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::MalformedJson => 400,
            ErrorCode::InvalidFields | ErrorCode::MeetingInThePast => 422,
            ErrorCode::SignupNotNeeded
            | ErrorCode::RegistrationNotOpen
            | ErrorCode::RegistrationClosed
            | ErrorCode::NotEligible
            | ErrorCode::NotADropIn
            | ErrorCode::NoUpcomingSession
            | ErrorCode::GroupExists
            | ErrorCode::NotWaitlisted
            | ErrorCode::EditConflict
            | ErrorCode::WaitlistFull
            | ErrorCode::NotALocalGroup
            | ErrorCode::MeetingOver
            | ErrorCode::AgendaClosed
            | ErrorCode::SupportsUsedUp
            | ErrorCode::TooManyProposals
            | ErrorCode::NotAHost
            | ErrorCode::ElectionNotOpen
            | ErrorCode::NominationsClosed
            | ErrorCode::ElectionUnderway
            | ErrorCode::PostClosed
            | ErrorCode::PostFull
            | ErrorCode::OwnPost
            | ErrorCode::TooManyPosts
            | ErrorCode::TaskFull
            | ErrorCode::BuddyFull
            | ErrorCode::AlreadyPaired => 409,
            ErrorCode::NotSignedIn => 401,
            ErrorCode::Forbidden | ErrorCode::CsrfRejected | ErrorCode::FormFromElsewhere | ErrorCode::NotAMember | ErrorCode::NotAVoter => 403,
            ErrorCode::TooManyRequests => 429,
            ErrorCode::SignInLinkInvalid => 410,
            ErrorCode::Internal => 500,
        }
    }

    pub fn message(self, lang: Language) -> &'static str {
        crate::text::Words(lang).error(self)
    }
}

/// `{"error": {...}}`, the body of every 4xx and 5xx answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ApiError,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// For `invalid_fields`: each field's problem, in the request's language.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldMessage>,
    /// For `not_eligible`: what is missing and the group to do first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_step: Option<NextStep>,
}

/// The way forward from a refusal: the prerequisite not met, why in words, and (when one is
/// open) the group that meets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NextStep {
    pub missing: crate::model::Prerequisite,
    pub reason: String,
    pub group_id: Option<String>,
    pub group_title: Option<crate::model::Bilingual>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldMessage {
    pub field: String,
    pub message: String,
}

impl ErrorBody {
    pub fn new(code: ErrorCode, lang: Language) -> Self {
        ErrorBody {
            error: ApiError { code, message: code.message(lang).to_string(), fields: Vec::new(), next_step: None },
        }
    }

    pub fn with_fields(mut self, fields: Vec<FieldMessage>) -> Self {
        self.error.fields = fields;
        self
    }

    pub fn with_next_step(mut self, next_step: NextStep) -> Self {
        self.error.next_step = Some(next_step);
        self
    }
}

impl NextStep {
    /// What `group` asks of everyone before they join, worded from the group's rule alone and
    /// never from the person's own record (a stranger who types someone's email must not
    /// learn which series they finished). The button leads to the next open group of the
    /// rule's first programme, in the asker's language when there is one.
    pub fn for_group(
        group: &crate::model::Group,
        catalogue: &[super::CatalogueFacts],
        named: &[super::GroupSummary],
        lang: Language,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Option<NextStep> {
        use crate::model::Prerequisite;
        let first = group.prerequisites.first()?;
        let summary = |facts: Option<&super::CatalogueFacts>| named.iter().find(|g| Some(&g.id) == facts.map(|f| &f.id));
        let title = |p: &Prerequisite| {
            summary(NextStep::group_naming(p, catalogue, lang, now))
                .map(|g| g.title.get(lang).to_string())
                .unwrap_or_else(|| p.program().to_string())
        };
        let and = crate::text::Words(lang).and();
        let titles = |attended: bool| {
            let list: Vec<String> = group
                .prerequisites
                .iter()
                .filter(|p| matches!(p, Prerequisite::Attended { .. }) == attended)
                .map(title)
                .collect();
            (!list.is_empty()).then(|| list.join(and))
        };
        let sentences: Vec<String> = [
            titles(true).map(|t| NextStep::reason(&Prerequisite::Attended { program: String::new() }, &t, lang)),
            titles(false).map(|t| {
                NextStep::reason(&Prerequisite::Completed { program: String::new() }, &t, lang)
            }),
        ]
        .into_iter()
        .flatten()
        .collect();
        let step = summary(super::next_step(first, catalogue, lang, now));
        Some(NextStep {
            missing: first.clone(),
            reason: sentences.join(" "),
            group_id: step.map(|g| g.id.clone()),
            group_title: step.map(|g| g.title.clone()),
        })
    }

    /// The ids of the groups whose titles `for_group` needs (`named`): for each prerequisite,
    /// its next open group, else any group of its programme.
    pub fn groups_named(
        group: &crate::model::Group,
        catalogue: &[super::CatalogueFacts],
        lang: Language,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Vec<String> {
        let mut ids: Vec<String> = group
            .prerequisites
            .iter()
            .filter_map(|p| NextStep::group_naming(p, catalogue, lang, now))
            .map(|g| g.id.clone())
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    /// The group whose title names `missing`'s programme in `lang` (a programme has no record
    /// of its own): its next open group, in `lang` first, else any group of it.
    pub fn group_naming<'a>(
        missing: &crate::model::Prerequisite,
        catalogue: &'a [super::CatalogueFacts],
        lang: Language,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Option<&'a super::CatalogueFacts> {
        super::next_step(missing, catalogue, lang, now)
            .or_else(|| catalogue.iter().find(|g| g.program.as_deref() == Some(missing.program())))
    }

    /// Why, in words: `programme` is the title of the programme the prerequisite names.
    pub fn reason(missing: &crate::model::Prerequisite, programme: &str, lang: Language) -> String {
        match missing {
            crate::model::Prerequisite::Attended { .. } => crate::text::Words(lang).must_attend_first(programme),
            crate::model::Prerequisite::Completed { .. } => crate::text::Words(lang).must_have_completed(programme),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;


    #[test]
    fn every_code_reads_back_as_itself_and_an_unknown_one_as_internal() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), code);
        }
        assert_eq!(serde_json::from_str::<ErrorCode>("\"from_a_newer_server\"").unwrap(), ErrorCode::Internal);
    }

    #[test]
    fn codes_serialize_as_their_stable_string() {
        for code in ErrorCode::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), serde_json::json!(code.as_str()));
        }
    }

    #[test]
    fn every_error_is_a_client_or_server_error_with_a_message_in_both_languages() {
        for code in ErrorCode::ALL {
            assert!((400..600).contains(&code.http_status()));
            let (en, es) = (code.message(Language::En), code.message(Language::Es));
            assert!(!en.is_empty() && !es.is_empty());
            assert_ne!(en, es, "{code:?} is not translated");
        }
    }
}

