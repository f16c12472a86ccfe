//! The words of every message Village sends, in the recipient's language. Pure: the caller
//! supplies the facts (names, dates already formatted in the group's zone, links).

use crate::model::MessageKind;
use crate::Language;

/// What a message talks about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageFacts {
    pub name: String,
    pub group_title: String,
    /// Waitlist position, for a waitlist placement.
    pub position: Option<u32>,
    /// The first (or, for a reminder, the upcoming) session, formatted with its zone named.
    pub when: Option<String>,
    pub manage_url: String,
    pub calendar_url: String,
    /// Why the network took the person off the roster (for `Removed`).
    pub reason: Option<String>,
    /// A local group's meeting place, only when this person may see it (coming, or hosting).
    pub address: Option<String>,
    /// An election's role, in the person's language ("leader", "colíder").
    pub role: Option<String>,
    /// Its result: the public name of the one elected; `None` with a role: nobody (a run-off,
    /// or the leader stays on).
    pub elected: Option<String>,
    /// A board post's title.
    pub opportunity: Option<String>,
    /// The other side of an accepted board answer: name, email, phone.
    pub contact: Option<String>,
    /// A meeting's agenda, one issue a line.
    pub agenda: Vec<String>,
    /// A session's visitor, as one line (`Visitor::line`), for its reminder.
    pub visitor: Option<String>,
    /// The tasks this person helps with at the session, for its reminder.
    pub tasks: Vec<String>,
    /// The other family of a buddy pairing, by first name and initial.
    pub buddy: Option<String>,
}

/// What a message to the network's team talks about (`TeamContact`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamFacts {
    /// The group's title, or the directory entry's name.
    pub about: String,
    /// The families it concerns, by first name and initial.
    pub families: Vec<String>,
    /// A dropped task's title.
    pub task: Option<String>,
    /// The session it concerns, with its zone named.
    pub when: Option<String>,
    /// Weeks since a pairing.
    pub weeks: Option<i64>,
    /// A directory report's verdict in words, and its note.
    pub report: Option<String>,
    /// Where to act on it in the dashboard.
    pub link: String,
}

/// Messages to the team: a pairing's nudge, a task dropped late, a directory report.
pub fn compose_team(kind: MessageKind, lang: Language, f: &TeamFacts) -> (String, String) {
    let about = &f.about;
    let families = f.families.join(match lang {
        Language::En => " and ",
        Language::Es => " y ",
    });
    let when = f.when.as_deref().unwrap_or_default();
    let task = f.task.as_deref().unwrap_or_default();
    let weeks = f.weeks.unwrap_or_default();
    let report = f.report.as_deref().unwrap_or_default();
    let link = &f.link;
    match (kind, lang) {
        (MessageKind::BuddyNudge, Language::En) => (
            format!("Still in touch? {families}"),
            format!("Hello,\n\nIt is {weeks} weeks since you paired {families} as buddies in \"{about}\". Are they still in touch? A quick word at the next session is enough. When the pairing has done its job, or has stopped, mark it on the group's page:\n{link}\n\nVillage"),
        ),
        (MessageKind::BuddyNudge, Language::Es) => (
            format!("¿Siguen en contacto? {families}"),
            format!("Hola:\n\nHace {weeks} semanas que emparejaste a {families} en «{about}». ¿Siguen en contacto? Basta con preguntarles en la próxima sesión. Cuando el acompañamiento haya cumplido su función, o se haya detenido, márcalo en la página del grupo:\n{link}\n\nVillage"),
        ),
        (MessageKind::TaskDropped, Language::En) => (
            format!("A task needs someone: {task}"),
            format!("Hello,\n\n{families} can no longer help with \"{task}\" at \"{about}\" ({when}). The place is open again for another family; you may want to ask someone.\n{link}\n\nVillage"),
        ),
        (MessageKind::TaskDropped, Language::Es) => (
            format!("Una tarea necesita a alguien: {task}"),
            format!("Hola:\n\n{families} ya no puede ayudar con «{task}» en «{about}» ({when}). El lugar vuelve a estar libre para otra familia; quizá quieras pedírselo a alguien.\n{link}\n\nVillage"),
        ),
        (_, Language::En) => (
            format!("Is this still right? {about}"),
            format!("Hello,\n\nSomeone looking at \"{about}\" in the directory says: {report}\n\nYou last checked this entry. Please check it again (it waits in the dashboard's queue with any other reports):\n{link}\n\nVillage"),
        ),
        (_, Language::Es) => (
            format!("¿Sigue siendo correcto? {about}"),
            format!("Hola:\n\nAlguien que consultó «{about}» en el directorio dice: {report}\n\nTú revisaste esta ficha por última vez. Revísala de nuevo, por favor (espera en la cola del panel con cualquier otro aviso):\n{link}\n\nVillage"),
        ),
    }
}

/// What an updates-list message talks about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdatesFacts {
    pub confirm_url: Option<String>,
    pub unsubscribe_url: String,
    pub group_title: Option<String>,
    pub group_url: Option<String>,
}

/// Updates-list messages: the double opt-in and opening notices. Every one ends with the
/// unsubscribe link.
pub fn compose_updates(kind: MessageKind, lang: Language, f: &UpdatesFacts) -> (String, String) {
    let title = f.group_title.as_deref().unwrap_or_default();
    let confirm = f.confirm_url.as_deref().unwrap_or_default();
    let group_url = f.group_url.as_deref().unwrap_or_default();
    let unsubscribe = &f.unsubscribe_url;
    match (kind, lang) {
        (MessageKind::OpeningNotice, Language::En) => (
            format!("Registration is open: {title}"),
            format!("Hello,\n\nYou asked us to tell you when \"{title}\" opens. Registration is open now:\n{group_url}\n\nSpots fill up, so don't wait too long.\n\nStop these emails: {unsubscribe}\nVillage"),
        ),
        (MessageKind::OpeningNotice, Language::Es) => (
            format!("Ya abrió la inscripción: {title}"),
            format!("Hola:\n\nNos pediste que te avisáramos cuando abriera «{title}». La inscripción ya está abierta:\n{group_url}\n\nLos lugares se llenan, así que no esperes mucho.\n\nDejar de recibir estos correos: {unsubscribe}\nVillage"),
        ),
        (_, Language::En) => (
            "Please confirm: Village updates".to_string(),
            format!("Hello,\n\nPlease confirm that you want news from Village about new groups and information sessions:\n{confirm}\n\nIf you didn't ask for this, ignore this email and nothing will happen.\n\nUnsubscribe at any time: {unsubscribe}\nVillage"),
        ),
        (_, Language::Es) => (
            "Confirma tu suscripción a las novedades de Village".to_string(),
            format!("Hola:\n\nConfirma que quieres recibir novedades de Village sobre nuevos grupos y sesiones informativas:\n{confirm}\n\nSi no lo pediste, ignora este correo y no pasará nada.\n\nPuedes darte de baja cuando quieras: {unsubscribe}\nVillage"),
        ),
    }
}

/// A dashboard sign-in link (`MessageKind::SignInLink`): it works once, for 15 minutes.
pub fn compose_sign_in(lang: Language, link: &str) -> (String, String) {
    match lang {
        Language::En => (
            "Your Village sign-in link".to_string(),
            format!("Sign in to the Village dashboard (the link works once, for 15 minutes):\n{link}\n\nIf you didn't ask for it, ignore this email."),
        ),
        Language::Es => (
            "Tu enlace para entrar a Village".to_string(),
            format!("Entra al panel de Village (el enlace sirve una vez, durante 15 minutos):\n{link}\n\nSi no lo pediste, ignora este correo."),
        ),
    }
}

/// Subject and plain-text body.
/// A meeting's agenda as numbered lines, or `none` when it is empty.
fn agenda_lines(f: &MessageFacts, none: &str) -> String {
    if f.agenda.is_empty() {
        return none.to_string();
    }
    f.agenda.iter().enumerate().map(|(i, title)| format!("{}. {title}", i + 1)).collect::<Vec<_>>().join("\n")
}

pub fn compose(kind: MessageKind, lang: Language, f: &MessageFacts) -> (String, String) {
    let when_en = f.when.as_deref().map(|w| format!("\nFirst session: {w}\n")).unwrap_or_default();
    let when_es = f.when.as_deref().map(|w| format!("\nPrimera sesión: {w}\n")).unwrap_or_default();
    let manage_en =
        format!("\nSee your groups, cancel, or update your details (no password needed):\n{}\n", f.manage_url);
    let manage_es =
        format!("\nConsulta tus grupos, cancela o actualiza tus datos (sin contraseña):\n{}\n", f.manage_url);
    let calendar_en = format!("Add the sessions to your calendar: {}\n", f.calendar_url);
    let calendar_es = format!("Agrega las sesiones a tu calendario: {}\n", f.calendar_url);
    let position = f.position.unwrap_or(0);
    let (name, title) = (&f.name, &f.group_title);
    let role = f.role.as_deref().unwrap_or_default();
    let post = f.opportunity.as_deref().unwrap_or_default();
    let contact = f.contact.as_deref().unwrap_or_default();
    match (kind, lang) {
        (MessageKind::Confirmation, Language::En) => (
            format!("You're in: {title}"),
            format!("Hi {name},\n\nYour spot in \"{title}\" is confirmed.\n{when_en}{calendar_en}{manage_en}\nSee you there!\nVillage"),
        ),
        (MessageKind::Confirmation, Language::Es) => (
            format!("Tu lugar está confirmado: {title}"),
            format!("Hola, {name}:\n\nTu lugar en «{title}» está confirmado.\n{when_es}{calendar_es}{manage_es}\n¡Nos vemos!\nVillage"),
        ),
        (MessageKind::WaitlistPlaced, Language::En) => (
            format!("You're on the waitlist: {title}"),
            format!("Hi {name},\n\n\"{title}\" is full right now, so you're on the waitlist: number {position}. If a spot opens, it goes to the next person in line and we'll email you straight away.\n{manage_en}\nVillage"),
        ),
        (MessageKind::WaitlistPlaced, Language::Es) => (
            format!("Estás en la lista de espera: {title}"),
            format!("Hola, {name}:\n\n«{title}» está lleno por ahora, así que estás en la lista de espera: número {position}. Si se libera un lugar, pasa a la siguiente persona de la lista y te escribimos enseguida.\n{manage_es}\nVillage"),
        ),
        (MessageKind::Promoted, Language::En) => (
            format!("A spot opened up — you're in: {title}"),
            format!("Hi {name},\n\nGood news: a spot opened in \"{title}\" and it's yours. Your place is confirmed.\n{when_en}{calendar_en}{manage_en}\nIf you can no longer come, please cancel so the next person can take it.\nVillage"),
        ),
        (MessageKind::Promoted, Language::Es) => (
            format!("Se liberó un lugar y es tuyo: {title}"),
            format!("Hola, {name}:\n\nBuenas noticias: se liberó un lugar en «{title}» y es para ti. Tu lugar está confirmado.\n{when_es}{calendar_es}{manage_es}\nSi ya no puedes venir, cancela para que otra persona pueda ocupar el lugar.\nVillage"),
        ),
        (MessageKind::Cancelled, Language::En) => (
            format!("Cancelled: {title}"),
            format!("Hi {name},\n\nYour spot in \"{title}\" is cancelled. Thank you for letting us know.\n\nChanged your mind? Sign up again from the group's page while registration is open.\nVillage"),
        ),
        (MessageKind::Cancelled, Language::Es) => (
            format!("Cancelado: {title}"),
            format!("Hola, {name}:\n\nTu lugar en «{title}» quedó cancelado. Gracias por avisarnos.\n\n¿Cambiaste de idea? Puedes inscribirte otra vez desde la página del grupo mientras la inscripción esté abierta.\nVillage"),
        ),
        (MessageKind::Reminder, Language::En) => (
            format!("Tomorrow: {title}"),
            format!(
                "Hi {name},\n\nA reminder that \"{title}\" meets tomorrow.\n{}\n{}{manage_en}\nVillage",
                f.when.as_deref().map(|w| format!("When: {w}")).unwrap_or_default(),
                [
                    f.visitor.as_deref().map(|v| format!("{v}\n")).unwrap_or_default(),
                    if f.tasks.is_empty() { String::new() } else { format!("You're helping with: {}. Thank you!\n", f.tasks.join(", ")) },
                ]
                .concat()
            ),
        ),
        (MessageKind::Removed, Language::En) => (
            format!("Your place in \"{title}\" has ended"),
            format!(
                "Hi {name},\n\nThe team running \"{title}\" has taken you off the group's list.\n{}\nQuestions? Reply to this email and we'll get back to you. You can find other groups at any time in Village.\nVillage",
                f.reason.as_deref().map(|r| format!("\nTheir reason: {r}\n")).unwrap_or_default()
            ),
        ),
        (MessageKind::Removed, Language::Es) => (
            format!("Tu lugar en «{title}» terminó"),
            format!(
                "Hola, {name}:\n\nEl equipo de «{title}» te quitó de la lista del grupo.\n{}\n¿Preguntas? Responde a este correo y te contestaremos. Puedes buscar otros grupos en Village cuando quieras.\nVillage",
                f.reason.as_deref().map(|r| format!("\nEl motivo: {r}\n")).unwrap_or_default()
            ),
        ),
        (MessageKind::LinkResent, Language::En) => (
            format!("Your link for \"{title}\""),
            format!("Hi {name},\n\nSomeone (we hope you) asked to sign up for \"{title}\" with this email address. This address is already on its list, so nothing has changed.\n{manage_en}\nIf you cancelled and want to come back, open the link and choose \"Join again\". If this wasn't you, you can ignore this email.\nVillage"),
        ),
        (MessageKind::LinkResent, Language::Es) => (
            format!("Tu enlace para «{title}»"),
            format!("Hola, {name}:\n\nAlguien (esperamos que tú) pidió inscribirse en «{title}» con este correo. Este correo ya está en la lista del grupo, así que nada cambió.\n{manage_es}\nSi cancelaste y quieres volver, abre el enlace y elige «Inscribirme otra vez». Si no fuiste tú, puedes ignorar este correo.\nVillage"),
        ),
        (MessageKind::MeetingScheduled, Language::En) => (
            format!("New meeting: {title}"),
            format!("Hi {name},\n\n\"{title}\" meets again{}.\n\nSay whether you're coming, and see the agenda members are choosing, in your member space:\n{}\n\nVillage", when_at(f, " on "), f.manage_url),
        ),
        (MessageKind::MeetingScheduled, Language::Es) => (
            format!("Nueva reunión: {title}"),
            format!("Hola, {name}:\n\n«{title}» se vuelve a reunir{}.\n\nDi si vienes y mira la agenda que eligen los miembros en tu espacio de miembro:\n{}\n\nVillage", when_at(f, " el "), f.manage_url),
        ),
        (MessageKind::MeetingReminder, Language::En) => (
            format!("Tomorrow: {title}"),
            format!("Hi {name},\n\nA reminder that \"{title}\" meets tomorrow{}.\n{}\nCan't come after all? Say so here and your place goes to the next person:\n{}\n\nVillage", when_at(f, ", "), f.address.as_deref().map(|a| format!("\nWhere: {a}\n")).unwrap_or_default(), f.manage_url),
        ),
        (MessageKind::MeetingReminder, Language::Es) => (
            format!("Mañana: {title}"),
            format!("Hola, {name}:\n\nTe recordamos que «{title}» se reúne mañana{}.\n{}\n¿Al final no puedes venir? Avísanos aquí y tu lugar pasa a la siguiente persona:\n{}\n\nVillage", when_at(f, ", "), f.address.as_deref().map(|a| format!("\nDónde: {a}\n")).unwrap_or_default(), f.manage_url),
        ),
        (MessageKind::HostChanged, Language::En) => (
            format!("Change of place: {title}"),
            format!("Hi {name},\n\nThe meeting of \"{title}\"{} you said you're coming to has a change of host. See where it is now in your member space:\n{}\n\nVillage", when_at(f, " on "), f.manage_url),
        ),
        (MessageKind::HostChanged, Language::Es) => (
            format!("Cambio de lugar: {title}"),
            format!("Hola, {name}:\n\nLa reunión de «{title}»{} a la que dijiste que vienes cambió de anfitrión. Mira dónde será ahora en tu espacio de miembro:\n{}\n\nVillage", when_at(f, " del "), f.manage_url),
        ),
        (MessageKind::MeetingPlaceFreed, Language::En) => (
            format!("A place for you: {title}"),
            format!("Hi {name},\n\nA place came free at the meeting of \"{title}\"{}, and it's yours.\n{}\nCan't come after all? Say so here and it goes to the next person:\n{}\n\nVillage", when_at(f, " on "), f.address.as_deref().map(|a| format!("\nWhere: {a}\n")).unwrap_or_default(), f.manage_url),
        ),
        (MessageKind::MeetingPlaceFreed, Language::Es) => (
            format!("Hay lugar para ti: {title}"),
            format!("Hola, {name}:\n\nSe liberó un lugar en la reunión de «{title}»{} y es tuyo.\n{}\n¿Al final no puedes venir? Avísanos aquí y pasa a la siguiente persona:\n{}\n\nVillage", when_at(f, " del "), f.address.as_deref().map(|a| format!("\nDónde: {a}\n")).unwrap_or_default(), f.manage_url),
        ),
        (MessageKind::NominationsOpen, Language::En) => (
            format!("Choose your {role}: {title}"),
            format!("Hi {name},\n\n\"{title}\" is electing its {role}. Stand yourself, or nominate another member (they'll be asked to accept), in your member space. Voting opens{}.\n{}\n\nVillage", when_at(f, " "), f.manage_url),
        ),
        (MessageKind::NominationsOpen, Language::Es) => (
            format!("Elige a tu {role}: {title}"),
            format!("Hola, {name}:\n\n«{title}» elige a su {role}. Preséntate o propón a otro miembro (se le pedirá que acepte) en tu espacio de miembro. La votación se abre{}.\n{}\n\nVillage", when_at(f, " el "), f.manage_url),
        ),
        (MessageKind::Nominated, Language::En) => (
            format!("You were nominated as {role}: {title}"),
            format!("Hi {name},\n\nA member of \"{title}\" nominated you as its {role}. If you'd like to stand, accept in your member space; if not, decline there. Nobody is put forward without saying yes.\n{}\n\nVillage", f.manage_url),
        ),
        (MessageKind::Nominated, Language::Es) => (
            format!("Te propusieron como {role}: {title}"),
            format!("Hola, {name}:\n\nUn miembro de «{title}» te propuso como {role}. Si quieres presentarte, acepta en tu espacio de miembro; si no, recházalo allí. Nadie se presenta sin decir que sí.\n{}\n\nVillage", f.manage_url),
        ),
        (MessageKind::BallotOpen, Language::En) => (
            format!("Vote for your {role}: {title}"),
            format!("Hi {name},\n\nVoting is open for the {role} of \"{title}\" until{}. Your vote is secret, and you can change it until then.\n{}\n\nVillage", when_at(f, " "), f.manage_url),
        ),
        (MessageKind::BallotOpen, Language::Es) => (
            format!("Vota por tu {role}: {title}"),
            format!("Hola, {name}:\n\nLa votación para {role} de «{title}» está abierta hasta{}. Tu voto es secreto y puedes cambiarlo hasta entonces.\n{}\n\nVillage", when_at(f, " el "), f.manage_url),
        ),
        (MessageKind::ElectionResult, Language::En) => (
            format!("Election result: {title}"),
            match &f.elected {
                Some(elected) => format!("Hi {name},\n\n{elected} was elected {role} of \"{title}\". The votes and the turnout are in your member space:\n{}\n\nVillage", f.manage_url),
                None => format!("Hi {name},\n\nThe election for {role} of \"{title}\" has closed without a winner: a tie goes to a run-off, and with nobody elected the current {role} stays on as acting. See where it stands in your member space:\n{}\n\nVillage", f.manage_url),
            },
        ),
        (MessageKind::ElectionResult, Language::Es) => (
            format!("Resultado de la elección: {title}"),
            match &f.elected {
                Some(elected) => format!("Hola, {name}:\n\n{elected} fue elegida o elegido {role} de «{title}». Los votos y la participación están en tu espacio de miembro:\n{}\n\nVillage", f.manage_url),
                None => format!("Hola, {name}:\n\nLa elección para {role} de «{title}» se cerró sin ganador: un empate va a una segunda vuelta y, si nadie sale elegido, quien ocupa el puesto sigue en funciones. Mira cómo queda en tu espacio de miembro:\n{}\n\nVillage", f.manage_url),
            },
        ),
        (MessageKind::AgendaSet, Language::En) => (
            format!("The agenda is set: {title}"),
            format!("Hi {name},\n\nThe agenda for the meeting of \"{title}\"{} is set. Members chose:\n\n{}\n\nSay whether you're coming in your member space:\n{}\n\nVillage", when_at(f, " on "), agenda_lines(f, "Nothing had support this time: bring what is on your mind."), f.manage_url),
        ),
        (MessageKind::AgendaSet, Language::Es) => (
            format!("La agenda está lista: {title}"),
            format!("Hola, {name}:\n\nLa agenda de la reunión de «{title}»{} está lista. Los miembros eligieron:\n\n{}\n\nDi si vienes en tu espacio de miembro:\n{}\n\nVillage", when_at(f, " del "), agenda_lines(f, "Esta vez ningún tema tuvo apoyo: trae lo que te preocupe."), f.manage_url),
        ),
        (MessageKind::BoardInterest, Language::En) => (
            format!("Someone is interested: {post}"),
            format!("Hi {name},\n\nA member is interested in your post \"{post}\" on the opportunities board. Accept or decline in your member space; only if you accept do you both get each other's contact details.\n{}\n\nVillage", f.manage_url),
        ),
        (MessageKind::BoardInterest, Language::Es) => (
            format!("Alguien está interesado: {post}"),
            format!("Hola, {name}:\n\nUn miembro está interesado en tu publicación «{post}» del tablón de oportunidades. Acepta o rechaza en tu espacio de miembro; solo si aceptas reciben los dos los datos de contacto del otro.\n{}\n\nVillage", f.manage_url),
        ),
        (MessageKind::BoardAccepted, Language::En) => (
            format!("You're in touch: {post}"),
            format!("Hi {name},\n\n\"{post}\" on the opportunities board is agreed. Here is how to reach each other:\n\n{contact}\n\nWhen it has happened, either of you can mark it done in your member space:\n{}\n\nVillage", f.manage_url),
        ),
        (MessageKind::BoardAccepted, Language::Es) => (
            format!("Ya están en contacto: {post}"),
            format!("Hola, {name}:\n\n«{post}» del tablón de oportunidades está acordado. Así pueden contactarse:\n\n{contact}\n\nCuando haya ocurrido, cualquiera de los dos puede marcarlo como hecho en su espacio de miembro:\n{}\n\nVillage", f.manage_url),
        ),
        (MessageKind::BoardRenew, Language::En) => (
            format!("Your post ends in a week: {post}"),
            format!("Hi {name},\n\nYour post \"{post}\" leaves the opportunities board in a week. To keep it for another sixty days, renew it in your member space:\n{}\n\nVillage", f.manage_url),
        ),
        (MessageKind::BoardRenew, Language::Es) => (
            format!("Tu publicación termina en una semana: {post}"),
            format!("Hola, {name}:\n\nTu publicación «{post}» sale del tablón de oportunidades en una semana. Para mantenerla otros sesenta días, renuévala en tu espacio de miembro:\n{}\n\nVillage", f.manage_url),
        ),
        (MessageKind::BuddyPaired, Language::En) => (
            format!("Meet your buddy: {}", f.buddy.as_deref().unwrap_or_default()),
            format!(
                "Hi {name},\n\nAt \"{title}\" you and {} are now buddies: a friendly face to say hello to, ask about the group, or just sit with.\n{}{}\n{}\nVillage",
                f.buddy.as_deref().unwrap_or_default(),
                f.when.as_deref().map(|w| format!("You'll meet at the session on {w}; a leader will introduce you.\n")).unwrap_or_default(),
                f.contact.as_deref().map(|c| format!("You both agreed to share contact details:\n{c}\n")).unwrap_or_default(),
                format!("\nYour buddy, and your group, from your own link (no password needed):\n{}\n", f.manage_url),
            ),
        ),
        (MessageKind::BuddyPaired, Language::Es) => (
            format!("Conoce a tu familia compañera: {}", f.buddy.as_deref().unwrap_or_default()),
            format!(
                "Hola, {name}:\n\nEn «{title}», tú y {} ahora se acompañan: una cara amiga para saludar, preguntar por el grupo o simplemente sentarse juntos.\n{}{}\n{}\nVillage",
                f.buddy.as_deref().unwrap_or_default(),
                f.when.as_deref().map(|w| format!("Se conocerán en la sesión del {w}; alguien del equipo los presentará.\n")).unwrap_or_default(),
                f.contact.as_deref().map(|c| format!("Los dos aceptaron compartir sus datos de contacto:\n{c}\n")).unwrap_or_default(),
                format!("\nTu acompañamiento y tu grupo, desde tu propio enlace (sin contraseña):\n{}\n", f.manage_url),
            ),
        ),
        (
            MessageKind::SubscriptionConfirm
            | MessageKind::OpeningNotice
            | MessageKind::SignInLink
            | MessageKind::BuddyNudge
            | MessageKind::TaskDropped
            | MessageKind::DirectoryReported,
            _,
        ) => {
            unreachable!("updates-list, sign-in and team messages are composed by their own functions")
        }
        (MessageKind::Reminder, Language::Es) => (
            format!("Mañana: {title}"),
            format!(
                "Hola, {name}:\n\nTe recordamos que «{title}» se reúne mañana.\n{}\n{}{manage_es}\nVillage",
                f.when.as_deref().map(|w| format!("Cuándo: {w}")).unwrap_or_default(),
                [
                    f.visitor.as_deref().map(|v| format!("{v}\n")).unwrap_or_default(),
                    if f.tasks.is_empty() { String::new() } else { format!("Ayudas con: {}. ¡Gracias!\n", f.tasks.join(", ")) },
                ]
                .concat()
            ),
        ),
    }
}

/// " on {when}" (with the joining words given), or nothing when the time is not known.
fn when_at(f: &MessageFacts, joining: &str) -> String {
    f.when.as_deref().map(|w| format!("{joining}{w}")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sign_in_link_goes_in_the_persons_language_and_says_it_works_once() {
        let link = "https://village.example/admin/sign-in/abc";
        let (subject, body) = compose_sign_in(Language::Es, link);
        assert!(subject.contains("enlace") && body.contains(link) && body.contains("una vez"));
        let (subject, body) = compose_sign_in(Language::En, link);
        assert!(subject.contains("sign-in link") && body.contains(link) && body.contains("works once"));
    }

    fn facts() -> MessageFacts {
        MessageFacts {
            name: "Rosa".into(),
            group_title: "Serie Bienestar de quien cuida".into(),
            position: Some(3),
            when: Some("mar, 15 dic, 6:30 p.m. PST".into()),
            manage_url: "https://village.example/manage/abc".into(),
            reason: None,
            address: None,
            role: None,
            elected: None,
            opportunity: None,
            contact: None,
            agenda: vec![],
            calendar_url: "https://village.example/api/manage/abc/calendar.ics".into(),
            visitor: None,
            tasks: vec![],
            buddy: None,
        }
    }

    #[test]
    fn a_reminder_names_the_tasks_the_family_helps_with() {
        let f = MessageFacts { tasks: vec!["Merienda".into(), "Recoger".into()], ..facts() };
        assert!(compose(MessageKind::Reminder, Language::Es, &f).1.contains("Ayudas con: Merienda, Recoger."));
        assert!(!compose(MessageKind::Reminder, Language::En, &facts()).1.contains("helping with"));
    }

    #[test]
    fn a_reminder_names_the_sessions_visitor_in_the_persons_language() {
        use crate::model::{Bilingual, Visitor};
        let visitor = Visitor {
            name: "Jo Lane".into(),
            role: "Health visitor".into(),
            topic: Bilingual::new("sleep", "el sueño"),
            language: Language::En,
            bring: Bilingual::new("your red book", "tu libro rojo"),
            directory_entry: None,
        };
        for (lang, line) in [
            (Language::En, "Visitor: Jo Lane (Health visitor) on sleep, in English. Bring: your red book."),
            (Language::Es, "Visita: Jo Lane (Health visitor) sobre el sueño, en inglés. Trae: tu libro rojo."),
        ] {
            let f = MessageFacts { visitor: Some(visitor.line(lang)), ..facts() };
            assert!(compose(MessageKind::Reminder, lang, &f).1.contains(line), "{lang:?}");
        }
        assert!(!compose(MessageKind::Reminder, Language::En, &facts()).1.contains("Visitor"));
    }

    #[test]
    fn a_pairing_names_the_other_family_and_carries_contact_only_when_given() {
        let f = MessageFacts { buddy: Some("Ana P.".into()), ..facts() };
        let (subject, body) = compose(MessageKind::BuddyPaired, Language::Es, &f);
        assert!(subject.contains("Ana P.") && body.contains("mar, 15 dic"), "{body}");
        assert!(!body.contains("contacto:"), "{body}");
        let f = MessageFacts { contact: Some("ana@example.org".into()), ..f };
        let body = compose(MessageKind::BuddyPaired, Language::En, &f).1;
        assert!(body.contains("ana@example.org") && body.contains("Your buddy, and your group"), "{body}");
    }

    #[test]
    fn team_messages_say_what_happened_in_the_leaders_language() {
        let f = TeamFacts {
            about: "Mile Cross stay-and-play".into(),
            families: vec!["Ana P.".into(), "Beth C.".into()],
            task: Some("Merienda".into()),
            when: Some("mar, 15 dic, 10:00 GMT".into()),
            weeks: Some(6),
            report: None,
            link: "https://village.example/admin/".into(),
        };
        assert!(compose_team(MessageKind::BuddyNudge, Language::En, &f).1.contains("6 weeks since you paired Ana P. and Beth C."));
        let (subject, body) = compose_team(MessageKind::TaskDropped, Language::Es, &f);
        assert!(subject.contains("Merienda") && body.contains("mar, 15 dic"), "{body}");
        let f = TeamFacts { report: Some("It has closed.".into()), ..f };
        assert!(compose_team(MessageKind::DirectoryReported, Language::En, &f).1.contains("It has closed."));
    }

    const KINDS: [MessageKind; 19] = [
        MessageKind::BuddyPaired,
        MessageKind::AgendaSet,
        MessageKind::BoardInterest,
        MessageKind::BoardAccepted,
        MessageKind::BoardRenew,
        MessageKind::NominationsOpen,
        MessageKind::Nominated,
        MessageKind::BallotOpen,
        MessageKind::ElectionResult,
        MessageKind::MeetingPlaceFreed,
        MessageKind::MeetingScheduled,
        MessageKind::MeetingReminder,
        MessageKind::HostChanged,
        MessageKind::Confirmation,
        MessageKind::WaitlistPlaced,
        MessageKind::Promoted,
        MessageKind::Cancelled,
        MessageKind::Reminder,
        MessageKind::Removed,
    ];

    #[test]
    fn an_election_result_names_the_one_elected_or_says_why_nobody_was() {
        let f = MessageFacts { role: Some("colíder".into()), elected: Some("Claire B.".into()), ..facts() };
        let (subject, body) = compose(MessageKind::ElectionResult, Language::Es, &f);
        assert!(subject.contains("Resultado") && body.contains("Claire B.") && body.contains("colíder"), "{body}");
        let f = MessageFacts { role: Some("leader".into()), ..facts() };
        assert!(compose(MessageKind::ElectionResult, Language::En, &f).1.contains("stays on as acting"));
    }

    #[test]
    fn a_meeting_reminder_names_the_place_only_when_the_facts_carry_it() {
        let with = MessageFacts { address: Some("1 Oak Lane, Dereham".into()), ..facts() };
        assert!(compose(MessageKind::MeetingReminder, Language::Es, &with).1.contains("Dónde: 1 Oak Lane"));
        assert!(!compose(MessageKind::MeetingReminder, Language::En, &facts()).1.contains("Where:"));
    }

    #[test]
    fn a_removal_gives_the_reason_in_the_persons_language() {
        let f = MessageFacts { reason: Some("moved away".into()), ..facts() };
        assert!(compose(MessageKind::Removed, Language::En, &f).1.contains("Their reason: moved away"));
        assert!(compose(MessageKind::Removed, Language::Es, &f).1.contains("El motivo: moved away"));
        assert!(!compose(MessageKind::Removed, Language::En, &facts()).1.contains("reason"));
    }

    #[test]
    fn every_message_exists_in_both_languages_and_differs() {
        for kind in KINDS {
            let (en_subject, en_body) = compose(kind, Language::En, &facts());
            let (es_subject, es_body) = compose(kind, Language::Es, &facts());
            assert_ne!(en_subject, es_subject, "{kind:?}");
            assert_ne!(en_body, es_body, "{kind:?}");
            assert!(en_body.contains("Rosa") && es_body.contains("Rosa"));
        }
    }

    #[test]
    fn every_updates_message_has_the_unsubscribe_link_in_both_languages() {
        let facts = UpdatesFacts {
            confirm_url: Some("https://v.example/updates/confirm/c".into()),
            unsubscribe_url: "https://v.example/updates/unsubscribe/u".into(),
            group_title: Some("Serie Bienestar".into()),
            group_url: Some("https://v.example/groups/g".into()),
        };
        for kind in [MessageKind::SubscriptionConfirm, MessageKind::OpeningNotice] {
            let (en_s, en) = compose_updates(kind, Language::En, &facts);
            let (es_s, es) = compose_updates(kind, Language::Es, &facts);
            assert_ne!(en_s, es_s);
            assert!(en.contains("/updates/unsubscribe/u") && es.contains("/updates/unsubscribe/u"), "{kind:?}");
        }
        assert!(compose_updates(MessageKind::SubscriptionConfirm, Language::Es, &facts)
            .1
            .contains("/updates/confirm/c"));
        assert!(compose_updates(MessageKind::OpeningNotice, Language::En, &facts)
            .1
            .contains("https://v.example/groups/g"));
    }

    #[test]
    fn messages_that_lead_somewhere_carry_the_manage_link() {
        for kind in
            [MessageKind::Confirmation, MessageKind::WaitlistPlaced, MessageKind::Promoted, MessageKind::Reminder]
        {
            let (_, body) = compose(kind, Language::Es, &facts());
            assert!(body.contains("https://village.example/manage/abc"), "{kind:?}");
        }
        let (_, waitlist) = compose(MessageKind::WaitlistPlaced, Language::Es, &facts());
        assert!(waitlist.contains("número 3"));
        let (_, confirmed) = compose(MessageKind::Confirmation, Language::En, &facts());
        assert!(confirmed.contains("calendar.ics"));
    }
}
