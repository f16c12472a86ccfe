//! Every text of the app, English and Spanish side by side: one row per text, one column per
//! language (`village_shared::texts!`), so a text cannot exist in one language and not the
//! other: the compiler refuses.
//! The Spanish is written for the programmes' Spanish-speaking providers, with the warm «tú»
//! they use, rather than translated word for word.

use chrono::Weekday;
use village_shared::model::{Audience, Format, GroupKind, SignupStatus};
use village_shared::rules::finding::TimeOfDay;
use village_shared::texts;
use village_shared::Language;

#[derive(Clone, Copy, PartialEq)]
pub struct Tr(pub Language);

texts! { impl Tr {
    app_title => "Village — peer support for people who care for young children", "Village — apoyo entre pares para quienes cuidan a niños pequeños";
    brand_tagline => "Peer support for people who care for young children", "Apoyo entre pares para quienes cuidan a niños pequeños";
    skip_to_content => "Skip to content", "Ir al contenido";
    local_services_link => "Local services for families", "Servicios locales para familias";
    visitor_in_directory => "About their service", "Sobre su servicio";
    helping_link => "Helping out at sessions", "Echar una mano en las sesiones";
    buddy_link => "A buddy family", "Una familia que acompaña";
    language_label => "Language", "Idioma";
    offline_banner => "You're offline. You can still see what's saved on this phone.", "Estás sin conexión. Puedes ver lo que está guardado en este teléfono.";

    catalogue_heading => "Find your group", "Encuentra tu grupo";
    catalogue_intro => "Virtual and local groups where caregivers share experiences, reflect and support each other, in English and Spanish.", "Grupos virtuales y locales donde quienes cuidan comparten experiencias, reflexionan y se apoyan, en inglés y en español.";
    loading => "Loading…", "Cargando…";
    retry => "Try again", "Volver a intentar";
    no_groups => "There are no groups to show yet. Check back soon.", "Todavía no hay grupos. Vuelve pronto.";
    network_error => "We couldn't reach Village. Check your connection and try again.", "No pudimos conectar con Village. Revisa tu conexión y vuelve a intentarlo.";
    my_groups_heading => "Your groups on this phone", "Tus grupos en este teléfono";

    online => "Online", "En línea";
    in_person => "In person", "En persona";
    drop_in_no_signup => "Drop in — no signup needed", "Sesión abierta — sin inscripción";

    back_to_groups => "All groups", "Todos los grupos";
    about_heading => "About this group", "Sobre este grupo";
    sessions_heading => "Sessions", "Sesiones";
    facilitators_heading => "Facilitators", "Facilitadoras";
    for_whom => "For", "Para";
    no_incentives => "This group does not include a stipend or kit.", "Este grupo no incluye estipendio ni kit.";
    kit_on_completion => "A Connect. Reflect. Grow. kit when you complete the series.", "Un kit Connect. Reflect. Grow. al completar la serie.";
    signup_heading => "Sign up", "Inscríbete";
    waitlist_heading => "Join the waitlist", "Anótate en la lista de espera";
    signup_intro => "It takes a minute. We'll send the details to your email.", "Toma un minuto. Te enviaremos los detalles por correo.";
    waitlist_intro => "This group is full. Join the waitlist: if a spot opens, it's yours in the order people joined, and we'll tell you.", "Este grupo está lleno. Anótate en la lista de espera: si se libera un lugar, se asigna por orden de llegada y te avisamos.";
    drop_in_intro => "No signup needed: come to any of the sessions listed above.", "No hace falta inscribirse: ven a cualquiera de las sesiones de arriba.";
    before_joining => "Before joining", "Antes de inscribirte";
    prerequisite_attended => "Attend first:", "Asiste primero a:";
    prerequisite_completed => "Complete first:", "Completa primero:";

    name_label => "Your name", "Tu nombre";
    email_label => "Email", "Correo electrónico";
    email_hint => "We'll send your confirmation and a link to manage your spot.", "Te enviaremos la confirmación y un enlace para administrar tu lugar.";
    phone_label => "Phone (optional)", "Teléfono (opcional)";
    message_language_label => "Send me messages in", "Quiero recibir mensajes en";
    submit_signup => "Sign up", "Inscribirme";
    submit_waitlist => "Join the waitlist", "Anotarme en la lista de espera";
    submitting => "Sending…", "Enviando…";
    fix_errors => "Please check the answers marked below. Nothing you typed was lost.", "Revisa las respuestas marcadas abajo. No se perdió nada de lo que escribiste.";

    outcome_confirmed => "You're in! Your spot is confirmed.", "¡Listo! Tu lugar está confirmado.";
    outcome_already => "Check your email", "Revisa tu correo";
    manage_link_heading => "Your link to manage your spot", "Tu enlace para administrar tu lugar";
    manage_link_help => "Keep this link: it's how you see your groups, cancel or update your details. No password needed.", "Guarda este enlace: con él ves tus grupos, cancelas o actualizas tus datos. No necesitas contraseña.";
    manage_link_kept => "It's also saved on this phone.", "También queda guardado en este teléfono.";
    open_manage => "Open my signup", "Ver mi inscripción";
    already_no_link => "This email is already on this group's list, so nothing has changed. We've sent its link to that address: open it to see the place, update the details or cancel.", "Este correo ya está en la lista del grupo, así que nada cambió. Enviamos su enlace a esa dirección: ábrelo para ver el lugar, cambiar los datos o cancelar.";
    join_again => "Join again", "Inscribirme otra vez";
    open_member_space => "Meetings and key issues", "Reuniones y temas clave";

    manage_heading => "Your signup", "Tu inscripción";
    status_confirmed => "Confirmed", "Confirmado";
    status_cancelled => "Cancelled", "Cancelado";
    cancel_signup => "Cancel my spot", "Cancelar mi lugar";
    cancel_confirm_question => "Cancel your spot? If people are waiting, the next person gets it.", "¿Cancelar tu lugar? Si hay personas esperando, pasará a la siguiente.";
    cancel_yes => "Yes, cancel", "Sí, cancelar";
    cancel_no => "Keep my spot", "Mantener mi lugar";
    cancelled_message => "Your spot is cancelled. Thank you for letting us know.", "Tu lugar quedó cancelado. Gracias por avisarnos.";

    registration_closed => "Registration closed", "Inscripción cerrada";
    registration_closed_intro => "Registration for this group has closed. Have a look at the groups for the next term.", "La inscripción para este grupo ya cerró. Mira los grupos del próximo periodo.";
    see_other_groups => "See the other groups", "Ver los otros grupos";
    not_eligible_heading => "One step first", "Un paso antes";
    go_to_next_step => "Go to", "Ir a";
    no_next_step_open => "None is open for signups right now; check back soon.", "Ahora no hay ninguno con inscripción abierta; vuelve pronto.";

    saved_copy_offline => "You're offline: this is the copy saved on this phone.", "Estás sin conexión: esta es la copia guardada en este teléfono.";
    meeting_link_heading => "Join the meeting", "Entrar a la reunión";
    address_heading => "Where we meet", "Dónde nos reunimos";
    add_to_calendar => "Add to my calendar", "Agregar a mi calendario";
    your_details_heading => "Your details", "Tus datos";
    update_details => "Update my details", "Actualizar mis datos";
    save_details => "Save", "Guardar";

    filter_heading => "Filter groups", "Filtrar grupos";
    any => "Any", "Cualquiera";
    delivery_label => "Language of the group", "Idioma del grupo";
    format_label => "Online or in person", "En línea o en persona";
    kind_label => "Kind of group", "Tipo de grupo";
    day_label => "Day", "Día";
    time_label => "Time of day", "Horario";
    area_label => "Area", "Zona";
    clear_filters => "Clear filters", "Quitar filtros";
    no_matches => "No group matches these choices. Try fewer filters.", "Ningún grupo coincide con lo que elegiste. Prueba con menos filtros.";
    show_more_groups => "Show more groups", "Mostrar más grupos";

    next_drop_in => "Next session", "Próxima sesión";
    join_now => "Join now", "Entrar ahora";
    join_link_later => "The link to join appears here 15 minutes before the start.", "El enlace para entrar aparece aquí 15 minutos antes de empezar.";
    ill_come => "I'll come", "Voy a ir";
    see_you_there => "Thanks! See you there.", "¡Gracias! Nos vemos ahí.";
    no_upcoming_session => "There is no upcoming session yet. Check back soon.", "Todavía no hay una próxima sesión. Vuelve pronto.";

    updates_heading => "News from Village", "Novedades de Village";
    updates_intro => "New groups open every term. Tell us what interests you and we'll email you when they do.", "Cada periodo abren grupos nuevos. Dinos qué te interesa y te escribimos cuando abran.";
    interests_legend => "What interests you (optional)", "Qué te interesa (opcional)";
    subscribe => "Send me news", "Quiero recibir novedades";
    notify_me => "Tell me when it opens", "Avísame cuando abra";
    notify_intro => "Leave your email and we'll write to you the day registration opens.", "Deja tu correo y te escribimos el día que abra la inscripción.";
    check_email_to_confirm => "Almost done: check your email and tap the link to confirm.", "Ya casi: revisa tu correo y toca el enlace para confirmar.";
    subscription_confirmed => "Thank you! You'll get news from Village.", "¡Gracias! Vas a recibir las novedades de Village.";
    unsubscribed => "Done: you won't get any more news emails from us.", "Listo: ya no te enviaremos más correos de novedades.";
    confirm_question => "Tap to confirm that you want news from Village at this address.", "Toca para confirmar que quieres recibir novedades de Village en este correo.";
    confirm_button => "Yes, send me news", "Sí, quiero recibir novedades";
    unsubscribe_question => "Tap to stop Village's news emails to this address.", "Toca para dejar de recibir los correos de novedades de Village.";
    unsubscribe_button => "Stop the emails", "Dejar de recibirlos";

    nearest_heading => "Groups near you", "Grupos cerca de ti";
    near_label => "Your ZIP code or postcode", "Tu código postal (ZIP o del Reino Unido)";
    nearest_first => "Nearest first", "Los más cercanos primero";
    use_my_location => "Use my location", "Usar mi ubicación";
    clear_near => "Clear", "Quitar";
    near_unknown_code => "We don't know that code. Check it: a ZIP like 95814 or a postcode like NR3 1AB.", "No conocemos ese código. Revísalo: un ZIP como 95814 o un código del Reino Unido como NR3 1AB.";
    near_uk_source => "Postcode areas:", "Zonas de códigos postales:";
    near_not_a_code => "Type a five-digit ZIP code like 95814, or a UK postcode like NR3 1AB.", "Escribe un código postal de cinco dígitos como 95814, o uno del Reino Unido como NR3 1AB.";
    near_no_location => "We couldn't get your location. Check that location is allowed for this site, or type a ZIP code or postcode.", "No pudimos obtener tu ubicación. Revisa que este sitio tenga permiso de ubicación, o escribe un código postal.";

    not_found_heading => "Page not found", "Página no encontrada";
    not_found_body => "There's nothing at this address.", "No hay nada en esta dirección.";


    kind(kind: GroupKind) => match {
        GroupKind::Series => "Group series", "Serie de grupo";
        GroupKind::InfoSession => "Information session", "Sesión informativa";
        GroupKind::DropIn => "Drop-in", "Sesión abierta";
        GroupKind::LocalGroup => "Local peer group", "Grupo local entre pares";
    };
    audience(audience: Audience) => match {
        Audience::Ffn => "Family, friend & neighbor caregivers", "Cuidadoras familiares, amigas y vecinas";
        Audience::Fcch => "Family child care home providers", "Proveedoras de cuidado infantil en el hogar";
        Audience::CentreStaff => "Center staff", "Personal de centros";
        Audience::ManagersChildminders => "Managers & childminders", "Responsables y childminders";
        Audience::Families => "Families with babies & toddlers", "Familias con bebés y niños pequeños";
    };
    /// A language's name (the choice of the messages' language).
    language_name(lang: Language) => match {
        Language::En => "English", "Inglés";
        Language::Es => "Spanish", "Español";
    };
    time_of_day(time: TimeOfDay) => match {
        TimeOfDay::Morning => "Morning", "Mañana";
        TimeOfDay::Afternoon => "Afternoon", "Tarde";
        TimeOfDay::Evening => "Evening", "Noche";
    };
    /// A weekday's name (the day filter).
    weekday(day: Weekday) => match {
        Weekday::Mon => "Monday", "lunes";
        Weekday::Tue => "Tuesday", "martes";
        Weekday::Wed => "Wednesday", "miércoles";
        Weekday::Thu => "Thursday", "jueves";
        Weekday::Fri => "Friday", "viernes";
        Weekday::Sat => "Saturday", "sábado";
        Weekday::Sun => "Sunday", "domingo";
    };

    spots_left(n: u32) => plural n {
        1 => "1 spot left", _ => "{n} spots left"
    }, {
        1 => "Queda 1 lugar", _ => "Quedan {n} lugares"
    };
    full_waitlist(waiting: u32) => plural waiting {
        0 => "Full — join the waitlist", _ => "Full — join the waitlist ({waiting} waiting)"
    }, {
        0 => "Lleno — anótate en la lista de espera", _ => "Lleno — anótate en la lista de espera ({waiting} en espera)"
    };
    session_count(n: u32) => plural n {
        1 => "1 session", _ => "{n} sessions"
    }, {
        1 => "1 sesión", _ => "{n} sesiones"
    };
    people_going(n: u32) => plural n {
        0 => "Be the first to say you'll come.", 1 => "1 person said they'll come.", _ => "{n} people said they'll come."
    }, {
        0 => "Sé la primera persona en decir que vas.", 1 => "1 persona dijo que va a ir.", _ => "{n} personas dijeron que van a ir."
    };
    group_count(n: usize) => plural n {
        1 => "1 group", _ => "{n} groups"
    }, {
        1 => "1 grupo", _ => "{n} grupos"
    };

    starts(when: &str) => "Starts {when}", "Empieza el {when}";
    group_time(when: &str) => "({when} where the group meets)", "({when} donde se reúne el grupo)";
    times_in_your_zone(zone: &str) => "Times are shown in your time zone ({zone}).", "Los horarios se muestran en tu zona horaria ({zone}).";
    times_in_group_zone(zone: &str) => "Times are shown where the group meets ({zone}).", "Los horarios se muestran en la hora donde se reúne el grupo ({zone}).";
    stipend(amount: u32) => "A ${amount} stipend when you complete the series.", "Un estipendio de ${amount} al completar la serie.";
    outcome_waitlisted(position: u32) => "You're on the waitlist: number {position}. If a spot opens, we'll tell you right away.", "Estás en la lista de espera: número {position}. Si se libera un lugar, te avisamos enseguida.";
    status_waitlisted(position: u32) => "Waitlist — number {position}", "Lista de espera — número {position}";
    registration_opens(when: &str) => "Registration opens {when}", "La inscripción abre el {when}";
    registration_opens_intro(when: &str) => "Registration for this group opens on {when}. Come back then to sign up.", "La inscripción para este grupo abre el {when}. Vuelve ese día para inscribirte.";
    session_number(n: usize) => "Session {n}", "Sesión {n}";
    distance_under_a_km => "Less than 1 km away", "A menos de 1 km";
    distance_away(km: u32, mi: u32) => "{km} km ({mi} mi) away", "A {km} km ({mi} mi)";
}}

impl Tr {
    pub fn lang(self) -> Language {
        self.0
    }

    /// The language a group is held in (the shared table's row: the card says it the same way).
    pub fn delivery_language(self, lang: Language) -> &'static str {
        village_shared::text::Words(self.0).delivery_language(lang)
    }

    /// "Confirmed", "Waitlist — number 3", "Cancelled".
    pub fn signup_status(self, status: SignupStatus, position: Option<u32>) -> String {
        match (status, position) {
            (SignupStatus::Confirmed, _) => self.status_confirmed().to_string(),
            (SignupStatus::Waitlisted, Some(n)) => self.status_waitlisted(n),
            _ => self.status_cancelled().to_string(),
        }
    }

    /// "Online" or "In person · Norwich, Norfolk".
    pub fn place(self, format: &Format) -> String {
        match format {
            Format::Virtual => self.online().to_string(),
            Format::InPerson { area, .. } => format!("{} · {area}", self.in_person()),
        }
    }

    /// "12 km (7 mi) away", rounded; under half a kilometre, "less than 1 km".
    pub fn distance(self, km: f64) -> String {
        match (km.round() as u32, (km / 1.609_344).round() as u32) {
            (0, _) => self.distance_under_a_km().to_string(),
            (km, mi) => self.distance_away(km, mi),
        }
    }
}
