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
    pub const ALL: [ErrorCode; 54] = [
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
            ErrorCode::Forbidden | ErrorCode::CsrfRejected | ErrorCode::NotAMember | ErrorCode::NotAVoter => 403,
            ErrorCode::TooManyRequests => 429,
            ErrorCode::SignInLinkInvalid => 410,
            ErrorCode::Internal => 500,
        }
    }

    pub fn message(self, lang: Language) -> &'static str {
        use ErrorCode::*;
        match (self, lang) {
            (NotFound, Language::En) => "There is nothing at this address.",
            (NotFound, Language::Es) => "No hay nada en esta dirección.",
            (GroupNotFound, Language::En) => "We couldn't find that group. It may have been removed.",
            (GroupNotFound, Language::Es) => "No encontramos ese grupo. Puede que ya no exista.",
            (SignupNotFound, Language::En) => {
                "This link doesn't match any signup. Check that you copied the whole link."
            }
            (SignupNotFound, Language::Es) => {
                "Este enlace no corresponde a ninguna inscripción. Revisa que hayas copiado el enlace completo."
            }
            (MethodNotAllowed, Language::En) => "This address doesn't accept that kind of request.",
            (MethodNotAllowed, Language::Es) => "Esta dirección no acepta ese tipo de solicitud.",
            (UnsupportedMediaType, Language::En) => "Please send the form as JSON.",
            (UnsupportedMediaType, Language::Es) => "Envía el formulario en formato JSON.",
            (PayloadTooLarge, Language::En) => "That was too much text for one form. Please shorten it and try again.",
            (PayloadTooLarge, Language::Es) => "El formulario tiene demasiado texto. Acórtalo y vuelve a intentarlo.",
            (MalformedJson, Language::En) => "We couldn't read the form. Please try again.",
            (MalformedJson, Language::Es) => "No pudimos leer el formulario. Vuelve a intentarlo.",
            (InvalidFields, Language::En) => "Some answers need a second look.",
            (InvalidFields, Language::Es) => "Revisa algunas de tus respuestas.",
            (SignupNotNeeded, Language::En) => "This is a drop-in session: no signup needed, just come along.",
            (SignupNotNeeded, Language::Es) => "Es una sesión abierta: no hace falta inscribirse, solo ven.",
            (RegistrationNotOpen, Language::En) => {
                "Registration for this group hasn't opened yet. We can tell you when it opens."
            }
            (RegistrationNotOpen, Language::Es) => {
                "La inscripción para este grupo todavía no abrió. Podemos avisarte cuando abra."
            }
            (RegistrationClosed, Language::En) => {
                "Registration for this group has closed. Have a look at the next term's groups."
            }
            (RegistrationClosed, Language::Es) => {
                "La inscripción para este grupo ya cerró. Mira los grupos del próximo periodo."
            }
            (NotEligible, Language::En) => "This group has a step to take first.",
            (NotEligible, Language::Es) => "Para este grupo hay un paso previo.",
            (NotADropIn, Language::En) => "This group isn't a drop-in: sign up for it instead.",
            (NotADropIn, Language::Es) => "Este grupo no es una sesión abierta: inscríbete en él.",
            (NoUpcomingSession, Language::En) => "There is no upcoming session yet. Check back soon.",
            (NoUpcomingSession, Language::Es) => "Todavía no hay una próxima sesión. Vuelve pronto.",
            (SubscriptionNotFound, Language::En) => "This link doesn't match any subscription. It may be incomplete.",
            (SubscriptionNotFound, Language::Es) => {
                "Este enlace no corresponde a ninguna suscripción. Puede que esté incompleto."
            }
            (NotSignedIn, Language::En) => "Please sign in to the dashboard first.",
            (NotSignedIn, Language::Es) => "Primero inicia sesión en el panel.",
            (Forbidden, Language::En) => "Your account can't see or change this. Ask an administrator if you need it.",
            (Forbidden, Language::Es) => {
                "Tu cuenta no puede ver ni cambiar esto. Pídeselo a una persona administradora si lo necesitas."
            }
            (CsrfRejected, Language::En) => {
                "This request didn't come from the dashboard. Reload the page and try again."
            }
            (CsrfRejected, Language::Es) => {
                "Esta solicitud no vino del panel. Recarga la página y vuelve a intentarlo."
            }
            (TooManyRequests, Language::En) => "Too many tries from here. Please wait a while and try again.",
            (TooManyRequests, Language::Es) => "Demasiados intentos desde aquí. Espera un rato y vuelve a intentarlo.",
            (SignInLinkInvalid, Language::En) => {
                "This sign-in link has expired or was already used. Ask for a new one."
            }
            (SignInLinkInvalid, Language::Es) => "Este enlace para iniciar sesión venció o ya se usó. Pide uno nuevo.",
            (GroupExists, Language::En) => "A group with this id already exists. Choose another id.",
            (GroupExists, Language::Es) => "Ya existe un grupo con este identificador. Elige otro.",
            (NotWaitlisted, Language::En) => {
                "This person isn't on the waitlist any more. Reload to see the roster now."
            }
            (NotWaitlisted, Language::Es) => {
                "Esta persona ya no está en la lista de espera. Recarga para ver la lista actual."
            }
            (PersonNotFound, Language::En) => "We hold nothing about that email address.",
            (PersonNotFound, Language::Es) => "No guardamos nada sobre ese correo.",
            (EditConflict, Language::En) => {
                "Someone else saved changes to this group after you opened it, so yours were not saved. Load their version, then make your changes again."
            }
            (EditConflict, Language::Es) => {
                "Otra persona guardó cambios en este grupo después de que lo abriste, así que los tuyos no se guardaron. Carga su versión y vuelve a hacer tus cambios."
            }
            (WaitlistFull, Language::En) => {
                "This group's waitlist is full. Ask to be told when the next one opens."
            }
            (WaitlistFull, Language::Es) => {
                "La lista de espera de este grupo está llena. Pide que te avisemos cuando abra el próximo."
            }
            (NotALocalGroup, Language::En) => "This is not a local group with meetings.",
            (NotALocalGroup, Language::Es) => "Este no es un grupo local con reuniones.",
            (NotAMember, Language::En) => "Only the group's members can do this. If you left, tap “Join again” first.",
            (NotAMember, Language::Es) => "Solo los miembros del grupo pueden hacer esto. Si lo dejaste, toca «Inscribirme otra vez» primero.",
            (MeetingNotFound, Language::En) => "We couldn't find that meeting. It may have been moved.",
            (MeetingNotFound, Language::Es) => "No encontramos esa reunión. Puede que la hayan cambiado.",
            (MeetingOver, Language::En) => "This meeting has already started, so answers can't change now.",
            (MeetingOver, Language::Es) => "Esta reunión ya empezó, así que ya no se pueden cambiar las respuestas.",
            (IssueNotFound, Language::En) => "We couldn't find that issue. A leader may have merged or removed it.",
            (IssueNotFound, Language::Es) => "No encontramos ese tema. Puede que un líder lo haya unido a otro o quitado.",
            (AgendaClosed, Language::En) => "The agenda for this meeting has closed, so supports can't change on this issue.",
            (AgendaClosed, Language::Es) => "La agenda de esta reunión ya se cerró, así que los apoyos de este tema no pueden cambiar.",
            (SupportsUsedUp, Language::En) => "You've used all your supports. Take one back from another issue to give it here.",
            (SupportsUsedUp, Language::Es) => "Ya usaste todos tus apoyos. Quita uno de otro tema para darlo aquí.",
            (TooManyProposals, Language::En) => "You already have several issues waiting. Wait until one is on an agenda before proposing more.",
            (TooManyProposals, Language::Es) => "Ya tienes varios temas en espera. Espera a que uno entre en una agenda antes de proponer más.",
            (NotAHost, Language::En) => "Only a member who offered their setting can host.",
            (NotAHost, Language::Es) => "Solo un miembro que ofreció su espacio puede ser anfitrión.",
            (MeetingInThePast, Language::En) => "A meeting has to be in the future.",
            (MeetingInThePast, Language::Es) => "La reunión tiene que ser en el futuro.",
            (ElectionNotFound, Language::En) => "We couldn't find that election.",
            (ElectionNotFound, Language::Es) => "No encontramos esa elección.",
            (CandidateNotFound, Language::En) => "That person is not standing in this election.",
            (CandidateNotFound, Language::Es) => "Esa persona no se presenta en esta elección.",
            (ElectionNotOpen, Language::En) => "Voting is not open in this election: it opens after nominations close, and ends when it closes.",
            (ElectionNotOpen, Language::Es) => "La votación no está abierta en esta elección: se abre al cerrarse las candidaturas y termina al cerrarse.",
            (NominationsClosed, Language::En) => "Nominations for this election have closed.",
            (NominationsClosed, Language::Es) => "Las candidaturas de esta elección ya se cerraron.",
            (ElectionUnderway, Language::En) => "An election for this role is already under way.",
            (ElectionUnderway, Language::Es) => "Ya hay una elección en curso para este puesto.",
            (PostNotFound, Language::En) => "We couldn't find that post on the board.",
            (PostNotFound, Language::Es) => "No encontramos esa publicación en el tablón.",
            (PostClosed, Language::En) => "This post is closed: it was marked done or has expired.",
            (PostClosed, Language::Es) => "Esta publicación está cerrada: se marcó como hecha o caducó.",
            (PostFull, Language::En) => "This post has all the people it can take.",
            (PostFull, Language::Es) => "Esta publicación ya tiene todas las personas que puede recibir.",
            (OwnPost, Language::En) => "This is your own post.",
            (OwnPost, Language::Es) => "Esta publicación es tuya.",
            (TooManyPosts, Language::En) => "You have five posts open already: close or let one expire first.",
            (NotAVoter, Language::En) => "Only those who were members when the election opened can vote in it.",
            (NotAVoter, Language::Es) => "Solo pueden votar quienes eran miembros cuando se abrió la elección.",
            (TooManyPosts, Language::Es) => "Ya tienes cinco publicaciones abiertas: cierra una o deja que caduque primero.",
            (TaskNotFound, Language::En) => "That task is not on the session any more.",
            (TaskNotFound, Language::Es) => "Esa tarea ya no está en la sesión.",
            (TaskFull, Language::En) => "Every place on that task is taken. Thank you — try another one.",
            (TaskFull, Language::Es) => "Ya están todos los lugares de esa tarea. Gracias: prueba con otra.",
            (NoBuddyRequest, Language::En) => "That family is not waiting for a buddy any more.",
            (NoBuddyRequest, Language::Es) => "Esa familia ya no está esperando compañía.",
            (BuddyFull, Language::En) => "That buddy has no room for another family.",
            (BuddyFull, Language::Es) => "Esa familia ya no tiene lugar para acompañar a otra.",
            (PairingNotFound, Language::En) => "That pairing has ended.",
            (PairingNotFound, Language::Es) => "Ese acompañamiento ya terminó.",
            (AlreadyPaired, Language::En) => "You have a buddy already.",
            (AlreadyPaired, Language::Es) => "Ya tienes una familia que te acompaña.",
            (EntryNotFound, Language::En) => "That service is not in the directory (any more).",
            (EntryNotFound, Language::Es) => "Ese servicio no está (o ya no está) en el directorio.",
            (Internal, Language::En) => "Something went wrong on our side. Please try again in a minute.",
            (Internal, Language::Es) => "Algo salió mal de nuestro lado. Vuelve a intentarlo en un minuto.",
        }
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
        let and = match lang {
            Language::En => " and ",
            Language::Es => " y ",
        };
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

    /// The group whose title names `missing`'s programme.
    fn group_naming<'a>(
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
        use crate::model::Prerequisite::*;
        match (missing, lang) {
            (Attended { .. }, Language::En) => {
                format!("Before you can register for this group, you need to attend: {programme}.")
            }
            (Attended { .. }, Language::Es) => {
                format!("Antes de inscribirte en este grupo, tienes que asistir a: {programme}.")
            }
            (Completed { .. }, Language::En) => format!("This group is for people who have completed: {programme}."),
            (Completed { .. }, Language::Es) => format!("Este grupo es para quienes ya completaron: {programme}."),
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

