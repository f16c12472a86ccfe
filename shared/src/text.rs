//! What the shared rules say, English and Spanish side by side: the problems a form is refused
//! with, the error codes' messages, the lines of a calendar file and of a shared group's card.
//! One row per text, one column per language (`texts!`); the app's own texts are in
//! `frontend/src/*/text.rs`, and the words of the messages Village sends in `messages.rs`.

use crate::api::local_group::LeaderRole;
use crate::api::ErrorCode;
use crate::model::{Checker, ServiceCategory, Verdict};
use crate::rules::buddies::AgeBand;
use crate::Language;

/// The texts of the shared rules, in one language: `Words(lang).capacity_too_large()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words(pub Language);

crate::texts! { impl Words {
    // Any field's problem (`api::signups::Problem`).
    problem_required => "This is required.", "Este dato es obligatorio.";
    problem_too_long(max: usize) => "Please keep this under {max} characters.", "Usa menos de {max} caracteres.";
    problem_not_an_email => "This doesn't look like an email address. Check it looks like name@example.com.", "Esto no parece un correo electrónico. Revisa que sea como nombre@ejemplo.com.";
    problem_not_a_phone => "Use digits, spaces and + - ( ) only, e.g. (559) 555-0142.", "Usa solo números, espacios y + - ( ), por ejemplo (559) 555-0142.";
    problem_unknown_language => "Choose English or Spanish.", "Elige inglés o español.";
    problem_wrong_type => "This answer should be text.", "Esta respuesta debe ser texto.";
    problem_out_of_range(min: u32, max: u32) => "Please choose a number from {min} to {max}.", "Elige un número del {min} al {max}.";
    problem_in_the_past => "Choose a time in the future.", "Elige un momento en el futuro.";
    problem_not_after_the_previous => "Choose a time after the one above.", "Elige un momento posterior al de arriba.";
    problem_too_soon(days: u32) => "Leave at least {days} days for this.", "Deja al menos {days} días para esto.";

    name_required => "Please tell us your name.", "Escribe tu nombre.";
    email_required => "Please enter your email so we can send you the details.", "Escribe tu correo electrónico para enviarte los detalles.";

    // Names of things.
    /// Who last checked a directory entry, as the public sees it.
    checker(checker: Checker) => match {
        Checker::Team => "the Village team", "el equipo de Village";
        Checker::Leader => "a group leader", "una persona que coordina un grupo";
        Checker::Import => "the council's published list", "la lista publicada por el ayuntamiento";
    };
    /// What a report says, as a sentence for the one who vouched for the entry.
    verdict_said(verdict: Verdict) => match {
        Verdict::StillRight => "it is still right.", "sigue siendo correcto.";
        Verdict::Changed => "something has changed.", "algo ha cambiado.";
        Verdict::Closed => "it has closed.", "ha cerrado.";
    };
    service_category(category: ServiceCategory) => match {
        ServiceCategory::FamilyHub => "Family Hub", "Centro para familias (Family Hub)";
        ServiceCategory::HealthVisiting => "Health visitors", "Enfermería de salud infantil";
        ServiceCategory::Library => "Library", "Biblioteca";
        ServiceCategory::FoodBank => "Food bank", "Banco de alimentos";
        ServiceCategory::SpeechAndLanguage => "Speech and language", "Habla y lenguaje";
        ServiceCategory::ParentingCourse => "Parenting course", "Curso para madres y padres";
        ServiceCategory::MentalHealth => "Wellbeing and mental health", "Bienestar y salud mental";
        ServiceCategory::Childcare => "Childcare and early years", "Cuidado infantil y primera infancia";
        ServiceCategory::Other => "Other", "Otros";
    };
    /// An elected role, as a sentence says it ("leader", "colíder").
    leader_role(role: LeaderRole) => match {
        LeaderRole::Leader => "leader", "líder";
        LeaderRole::CoLeader => "co-leader", "colíder";
    };
    /// A child's age band (the buddy scheme).
    age_band(band: AgeBand) => match {
        AgeBand::UnderOne => "Under 1", "Menos de 1 año";
        AgeBand::OneToTwo => "1 to 2", "De 1 a 2 años";
        AgeBand::TwoToThree => "2 to 3", "De 2 a 3 años";
        AgeBand::ThreeToFive => "3 to 5", "De 3 a 5 años";
    };

    // A group, as the editor saves it.
    group_id_shape => "Use 3 to 64 characters: a–z, 0–9 and '-'.", "Usa de 3 a 64 caracteres: a–z, 0–9 y '-'.";
    group_title_missing => "Give the group a name in at least one language.", "Ponle nombre al grupo en al menos un idioma.";
    capacity_too_large => "At most 10,000 seats.", "Como máximo 10,000 lugares.";
    capacity_missing => "A group people sign up for needs at least one seat.", "Un grupo con inscripción necesita al menos un lugar.";
    sessions_missing => "Add at least one session.", "Agrega al menos una sesión.";
    visitor_shape => "A visitor needs a name (at most 120 characters; role, topic and what to bring at most 200 each).", "Una visita necesita un nombre (como máximo 120 caracteres; función, tema y qué traer, como máximo 200 cada uno).";
    session_length => "Each session lasts between 1 minute and 24 hours.", "Cada sesión dura entre 1 minuto y 24 horas.";
    registration_order => "Registration must open before it closes.", "La inscripción debe abrir antes de cerrar.";
    completion_range => "Between 1 and 100 percent.", "Entre 1 y 100 por ciento.";
    area_missing => "Name the area where the group meets.", "Indica la zona donde se reúne el grupo.";
    area_shape => "At most 80 characters, on one line.", "Como máximo 80 caracteres, en una línea.";
    point_range => "Latitude −90…90 and longitude −180…180.", "Latitud −90…90 y longitud −180…180.";
    program_shape => "At most 60 characters, on one line.", "Como máximo 60 caracteres, en una línea.";
    prerequisite_program_missing => "Name the programme a prerequisite refers to.", "Indica el programa del requisito.";
    too_many_prerequisites => "At most 4 prerequisites.", "Como máximo 4 requisitos.";
    unknown_zone => "Choose a time zone from the list, e.g. America/Los_Angeles.", "Elige una zona horaria de la lista, p. ej. America/Los_Angeles.";
    marked_session_fixed => "A session where attendance was taken can't be moved or removed.", "Una sesión con asistencia registrada no se puede mover ni quitar.";
    tasks_shape => "At most 12 tasks, each with a name (up to 60 characters) and 1 to 10 helpers.", "Como máximo 12 tareas, cada una con nombre (hasta 60 caracteres) y de 1 a 10 personas.";

    // What a person sends.
    device_unknown => "Please try again from the app.", "Vuelve a intentarlo desde la aplicación.";
    form_unreadable => "Please check the form and try again.", "Revisa el formulario y vuelve a intentarlo.";
    email_shape => "Please enter an email address like name@example.com.", "Escribe un correo electrónico como nombre@ejemplo.com.";
    topic_shape(max: usize) => "Say what you'd like to hear about, in up to {max} characters.", "Di de qué te gustaría oír hablar, en {max} caracteres como máximo.";
    buddy_language_missing => "Choose a language.", "Elige un idioma.";
    buddy_languages_missing => "Choose the languages you speak.", "Elige los idiomas que hablas.";
    buddy_can_take(max: u8) => "You can take 1 to {max} families.", "Puedes acompañar a entre 1 y {max} familias.";

    // A directory entry, and a report on one.
    service_name_missing => "Give the service a name in at least one language.", "Ponle nombre al servicio en al menos un idioma.";
    service_name_long => "At most 120 characters.", "Como máximo 120 caracteres.";
    service_description_long => "Keep the description under 1,000 characters and the opening times under 200.", "La descripción debe tener menos de 1,000 caracteres y el horario menos de 200.";
    service_organization_shape => "Say who runs it (at most 120 characters).", "Indica quién lo ofrece (como máximo 120 caracteres).";
    service_area_shape => "Name the town or neighbourhood (at most 60 characters).", "Indica la ciudad o el barrio (como máximo 60 caracteres).";
    service_address_long => "Keep the address, postcode, email and website under 200 characters each.", "La dirección, el código postal, el correo y la web deben tener menos de 200 caracteres cada uno.";
    service_phone_shape => "Write the phone number with digits, spaces and + ( ) - only.", "Escribe el teléfono solo con dígitos, espacios y + ( ) -.";
    service_email_shape => "That is not an email address.", "Eso no es una dirección de correo.";
    service_website_shape => "A website starts with https://.", "Una web empieza por https://.";
    service_languages_shape => "Languages are two-letter codes, like en, es, pl.", "Los idiomas son códigos de dos letras, como en, es, pl.";
    service_ages_order => "The youngest age must not be above the oldest.", "La edad mínima no puede ser mayor que la máxima.";
    service_point_range => "That place is not on Earth.", "Ese lugar no está en la Tierra.";
    report_note_long => "Keep the note under 500 characters.", "La nota debe tener menos de 500 caracteres.";

    // A prerequisite, worded from the group's rule.
    must_attend_first(programme: &str) => "Before you can register for this group, you need to attend: {programme}.", "Antes de inscribirte en este grupo, tienes que asistir a: {programme}.";
    must_have_completed(programme: &str) => "This group is for people who have completed: {programme}.", "Este grupo es para quienes ya completaron: {programme}.";
    /// Between the last two of a list ("A and B").
    and => " and ", " y ";

    // A calendar file, and a visitor's line in it and in reminders.
    online => "Online", "En línea";
    session_of(n: usize, of: usize, manage_url: &str) => "Session {n} of {of}. Manage your spot: {manage_url}", "Sesión {n} de {of}. Administra tu lugar: {manage_url}";
    visitor_line(name: &str, role: &str, topic: &str, spoken: &str, bring: &str) => "Visitor: {name}{role}{topic}, in {spoken}.{bring}", "Visita: {name}{role}{topic}, en {spoken}.{bring}";
    visitor_topic(topic: &str) => " on {topic}", " sobre {topic}";
    visitor_bring(bring: &str) => " Bring: {bring}.", " Trae: {bring}.";

    // A shared group's card (its link's preview and search result).
    /// The language a group is held in (its card, in the app and in a shared link's preview).
    delivery_language(lang: Language) => match {
        Language::En => "In English", "En inglés";
        Language::Es => "In Spanish", "En español";
    };
    card_drop_in => "Drop in, no signup", "Entrada libre, sin inscripción";
    card_full => "Full: join the waitlist", "Lleno: únete a la lista de espera";
    card_spots_left(n: u32) => plural n {
        1 => "1 spot left", _ => "{n} spots left"
    }, {
        1 => "Queda 1 lugar", _ => "Quedan {n} lugares"
    };
    card_locale => "en_US", "es_US";

    /// A spoken language's name by its ISO 639-1 code (Norfolk's most spoken; lower case in
    /// Spanish, as Spanish writes them); empty for any other code.
    spoken_language(code: &str) => match {
        "en" => "English", "inglés";
        "es" => "Spanish", "español";
        "pl" => "Polish", "polaco";
        "pt" => "Portuguese", "portugués";
        "lt" => "Lithuanian", "lituano";
        "ro" => "Romanian", "rumano";
        "ar" => "Arabic", "árabe";
        "uk" => "Ukrainian", "ucraniano";
        "bn" => "Bengali", "bengalí";
        _ => "", "";
    };

    /// What every error code says (the `message` of `{"error": …}`).
    error(code: ErrorCode) => match {
        ErrorCode::NotFound => "There is nothing at this address.", "No hay nada en esta dirección.";
        ErrorCode::GroupNotFound => "We couldn't find that group. It may have been removed.", "No encontramos ese grupo. Puede que ya no exista.";
        ErrorCode::SignupNotFound => "This link doesn't match any signup. Check that you copied the whole link.", "Este enlace no corresponde a ninguna inscripción. Revisa que hayas copiado el enlace completo.";
        ErrorCode::MethodNotAllowed => "This address doesn't accept that kind of request.", "Esta dirección no acepta ese tipo de solicitud.";
        ErrorCode::UnsupportedMediaType => "Please send the form as JSON.", "Envía el formulario en formato JSON.";
        ErrorCode::PayloadTooLarge => "That was too much text for one form. Please shorten it and try again.", "El formulario tiene demasiado texto. Acórtalo y vuelve a intentarlo.";
        ErrorCode::MalformedJson => "We couldn't read the form. Please try again.", "No pudimos leer el formulario. Vuelve a intentarlo.";
        ErrorCode::InvalidFields => "Some answers need a second look.", "Revisa algunas de tus respuestas.";
        ErrorCode::SignupNotNeeded => "This is a drop-in session: no signup needed, just come along.", "Es una sesión abierta: no hace falta inscribirse, solo ven.";
        ErrorCode::RegistrationNotOpen => "Registration for this group hasn't opened yet. We can tell you when it opens.", "La inscripción para este grupo todavía no abrió. Podemos avisarte cuando abra.";
        ErrorCode::RegistrationClosed => "Registration for this group has closed. Have a look at the next term's groups.", "La inscripción para este grupo ya cerró. Mira los grupos del próximo periodo.";
        ErrorCode::NotEligible => "This group has a step to take first.", "Para este grupo hay un paso previo.";
        ErrorCode::NotADropIn => "This group isn't a drop-in: sign up for it instead.", "Este grupo no es una sesión abierta: inscríbete en él.";
        ErrorCode::NoUpcomingSession => "There is no upcoming session yet. Check back soon.", "Todavía no hay una próxima sesión. Vuelve pronto.";
        ErrorCode::SubscriptionNotFound => "This link doesn't match any subscription. It may be incomplete.", "Este enlace no corresponde a ninguna suscripción. Puede que esté incompleto.";
        ErrorCode::NotSignedIn => "Please sign in to the dashboard first.", "Primero inicia sesión en el panel.";
        ErrorCode::Forbidden => "Your account can't see or change this. Ask an administrator if you need it.", "Tu cuenta no puede ver ni cambiar esto. Pídeselo a una persona administradora si lo necesitas.";
        ErrorCode::FormFromElsewhere => "This form was sent from another website, so nothing was done. Open the group on Village and send it from there.", "Este formulario se envió desde otro sitio web, así que no se hizo nada. Abre el grupo en Village y envíalo desde ahí.";
        ErrorCode::CsrfRejected => "This request didn't come from the dashboard. Reload the page and try again.", "Esta solicitud no vino del panel. Recarga la página y vuelve a intentarlo.";
        ErrorCode::TooManyRequests => "Too many tries from here. Please wait a while and try again.", "Demasiados intentos desde aquí. Espera un rato y vuelve a intentarlo.";
        ErrorCode::SignInLinkInvalid => "This sign-in link has expired or was already used. Ask for a new one.", "Este enlace para iniciar sesión venció o ya se usó. Pide uno nuevo.";
        ErrorCode::GroupExists => "A group with this id already exists. Choose another id.", "Ya existe un grupo con este identificador. Elige otro.";
        ErrorCode::NotWaitlisted => "This person isn't on the waitlist any more. Reload to see the roster now.", "Esta persona ya no está en la lista de espera. Recarga para ver la lista actual.";
        ErrorCode::PersonNotFound => "We hold nothing about that email address.", "No guardamos nada sobre ese correo.";
        ErrorCode::EditConflict => "Someone else saved changes to this group after you opened it, so yours were not saved. Load their version, then make your changes again.", "Otra persona guardó cambios en este grupo después de que lo abriste, así que los tuyos no se guardaron. Carga su versión y vuelve a hacer tus cambios.";
        ErrorCode::WaitlistFull => "This group's waitlist is full. Ask to be told when the next one opens.", "La lista de espera de este grupo está llena. Pide que te avisemos cuando abra el próximo.";
        ErrorCode::NotALocalGroup => "This is not a local group with meetings.", "Este no es un grupo local con reuniones.";
        ErrorCode::NotAMember => "Only the group's members can do this. If you left, tap “Join again” first.", "Solo los miembros del grupo pueden hacer esto. Si lo dejaste, toca «Inscribirme otra vez» primero.";
        ErrorCode::MeetingNotFound => "We couldn't find that meeting. It may have been moved.", "No encontramos esa reunión. Puede que la hayan cambiado.";
        ErrorCode::MeetingOver => "This meeting has already started, so answers can't change now.", "Esta reunión ya empezó, así que ya no se pueden cambiar las respuestas.";
        ErrorCode::IssueNotFound => "We couldn't find that issue. A leader may have merged or removed it.", "No encontramos ese tema. Puede que un líder lo haya unido a otro o quitado.";
        ErrorCode::AgendaClosed => "The agenda for this meeting has closed, so supports can't change on this issue.", "La agenda de esta reunión ya se cerró, así que los apoyos de este tema no pueden cambiar.";
        ErrorCode::SupportsUsedUp => "You've used all your supports. Take one back from another issue to give it here.", "Ya usaste todos tus apoyos. Quita uno de otro tema para darlo aquí.";
        ErrorCode::TooManyProposals => "You already have several issues waiting. Wait until one is on an agenda before proposing more.", "Ya tienes varios temas en espera. Espera a que uno entre en una agenda antes de proponer más.";
        ErrorCode::NotAHost => "Only a member who offered their setting can host.", "Solo un miembro que ofreció su espacio puede ser anfitrión.";
        ErrorCode::MeetingInThePast => "A meeting has to be in the future.", "La reunión tiene que ser en el futuro.";
        ErrorCode::ElectionNotFound => "We couldn't find that election.", "No encontramos esa elección.";
        ErrorCode::CandidateNotFound => "That person is not standing in this election.", "Esa persona no se presenta en esta elección.";
        ErrorCode::ElectionNotOpen => "Voting is not open in this election: it opens after nominations close, and ends when it closes.", "La votación no está abierta en esta elección: se abre al cerrarse las candidaturas y termina al cerrarse.";
        ErrorCode::NominationsClosed => "Nominations for this election have closed.", "Las candidaturas de esta elección ya se cerraron.";
        ErrorCode::ElectionUnderway => "An election for this role is already under way.", "Ya hay una elección en curso para este puesto.";
        ErrorCode::PostNotFound => "We couldn't find that post on the board.", "No encontramos esa publicación en el tablón.";
        ErrorCode::PostClosed => "This post is closed: it was marked done or has expired.", "Esta publicación está cerrada: se marcó como hecha o caducó.";
        ErrorCode::PostFull => "This post has all the people it can take.", "Esta publicación ya tiene todas las personas que puede recibir.";
        ErrorCode::OwnPost => "This is your own post.", "Esta publicación es tuya.";
        ErrorCode::TooManyPosts => "You have five posts open already: close or let one expire first.", "Ya tienes cinco publicaciones abiertas: cierra una o deja que caduque primero.";
        ErrorCode::NotAVoter => "Only those who were members when the election opened can vote in it.", "Solo pueden votar quienes eran miembros cuando se abrió la elección.";
        ErrorCode::TaskNotFound => "That task is not on the session any more.", "Esa tarea ya no está en la sesión.";
        ErrorCode::TaskFull => "Every place on that task is taken. Thank you — try another one.", "Ya están todos los lugares de esa tarea. Gracias: prueba con otra.";
        ErrorCode::NoBuddyRequest => "That family is not waiting for a buddy any more.", "Esa familia ya no está esperando compañía.";
        ErrorCode::BuddyFull => "That buddy has no room for another family.", "Esa familia ya no tiene lugar para acompañar a otra.";
        ErrorCode::PairingNotFound => "That pairing has ended.", "Ese acompañamiento ya terminó.";
        ErrorCode::AlreadyPaired => "You have a buddy already.", "Ya tienes una familia que te acompaña.";
        ErrorCode::EntryNotFound => "That service is not in the directory (any more).", "Ese servicio no está (o ya no está) en el directorio.";
        ErrorCode::Internal => "Something went wrong on our side. Please try again in a minute.", "Algo salió mal de nuestro lado. Vuelve a intentarlo en un minuto.";    };
}}
