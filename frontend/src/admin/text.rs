//! The dashboard's texts, English and Spanish side by side (same rule as the app's: one row
//! per text, one column per language, so a missing translation does not compile). Kept apart from the app's
//! texts so none of them reaches the provider's download.

use village_shared::api::local_group::{Attendance, ElectionPhase};
use village_shared::model::{Publication, Role, SubscriptionStatus};

use village_shared::texts;
use crate::i18n::Tr;

texts! { impl Tr {
    dashboard_title => "Village dashboard", "Panel de Village";
    your_groups_heading => "Your groups", "Tus grupos";
    role_admin => "administrator", "administración";
    role_facilitator => "facilitator", "facilitación";
    sign_out => "Sign out", "Cerrar sesión";
    sign_in_heading => "Sign in", "Iniciar sesión";
    sign_in_intro => "No password: we email you a link that signs you in once, for 15 minutes.", "Sin contraseña: te enviamos por correo un enlace que sirve una vez, durante 15 minutos.";
    send_sign_in_link => "Email me a sign-in link", "Enviarme un enlace para entrar";
    sign_in_tap_intro => "Tap the button to sign in on this device. The link works once.", "Toca el botón para entrar en este dispositivo. El enlace sirve una sola vez.";
    sign_in_now => "Sign in", "Entrar";
    sign_in_sent => "If this email has access to the dashboard, a sign-in link is on its way. Check your inbox.", "Si este correo tiene acceso al panel, ya va en camino un enlace para entrar. Revisa tu bandeja de entrada.";
    roster_heading => "Roster", "Lista de participantes";
    take_attendance => "Take attendance", "Tomar asistencia";
    outbox_heading => "Messages (outbox)", "Mensajes (bandeja de salida)";
    message_sent => "Sent", "Enviado";
    message_pending => "Waiting to be sent", "Por enviar";
    message_failed => "Could not be sent", "No se pudo enviar";
    resend => "Try again", "Volver a intentar";
    load_their_version => "Load their version", "Cargar su versión";
    download_csv => "Download roster (CSV)", "Descargar lista (CSV)";


    meetings_and_issues => "Meetings and key issues", "Reuniones y temas clave";
    upcoming_meetings => "Next meetings", "Próximas reuniones";
    no_upcoming_meetings => "No meeting is planned. Schedule the next one above: every member is told.", "No hay ninguna reunión planeada. Programa la próxima arriba: se avisa a cada miembro.";
    no_issues_yet => "No key issues proposed yet. Members propose them from their link.", "Todavía no se han propuesto temas. Los miembros los proponen desde su enlace.";
    never_hosted => "never hosted", "nunca ha recibido";
    suggested_mark => " (suggested)", " (sugerencia)";
    no_hosts_yet => "No member has offered their setting yet. You can schedule now and choose the host later.", "Ningún miembro ha ofrecido su espacio todavía. Puedes programar ahora y elegir quién recibe más tarde.";
    suggested_help => "Suggested: the volunteer who hosted least recently. Those coming see the address, nobody else.", "Sugerencia: quien recibió hace más tiempo. Solo quienes vienen ven la dirección.";
    schedule_meeting => "Schedule a meeting", "Programar una reunión";
    meeting_scheduled => "Scheduled. Every member is being told.", "Programada. Se está avisando a cada miembro.";
    meeting_starts_needed => "Choose the day and time.", "Elige el día y la hora.";
    meeting_minutes => "How long (minutes)", "Duración (minutos)";
    meeting_host => "Host", "Quién recibe";
    no_host_yet => "Nobody yet", "Nadie todavía";
    meeting_places => "Places (empty: what the setting takes)", "Lugares (vacío: lo que cabe en el espacio)";
    host_changed => "Host changed. Those coming are being told.", "Se cambió quién recibe. Se está avisando a quienes vienen.";
    change_host => "Change host", "Cambiar";
    hide_issue => "Hide", "Ocultar";
    merge_into => "Same as", "Es el mismo que";
    merge => "Merge", "Unir";
    issue_hidden => "Hidden. Its supports went back to the members.", "Oculto. Sus apoyos volvieron a los miembros.";
    issue_merged => "Merged. Nobody is counted twice.", "Unidos. Nadie cuenta dos veces.";
    elections_heading => "Elections", "Elecciones";
    offered_setting => "Offered their setting", "Ofreció su espacio";
    proposed_issue => "Proposed", "Propuso";
    supports_issue => "Supports", "Apoya";
    stands_as => "Stands as", "Se presenta como";
    board_post => "Board post", "Publicación en el tablón";
    ballots_secret => "Ballots are secret: nobody, administrators included, can see a vote.", "El voto es secreto: nadie, ni la administración, puede verlo.";
    start_election => "Open an election", "Abrir una elección";
    election_started => "Nominations are open. Every member is being told.", "Las candidaturas están abiertas. Se está avisando a cada miembro.";
    election_role => "Role", "Puesto";
    voting_opens_help => "Nominations are open from now until voting opens.", "Las candidaturas están abiertas desde ahora hasta que se abre la votación.";
    term_months => "Term (months)", "Mandato (meses)";
    acting_mark => " (acting)", " (en funciones)";
    nav_label => "Dashboard sections", "Secciones del panel";
    nav_overview => "Overview", "Resumen";
    nav_groups => "Groups", "Grupos";
    nav_users => "Access", "Acceso";
    nav_people => "People's data", "Datos personales";
    nav_audit => "Audit log", "Registro";
    nav_outbox => "Messages", "Mensajes";
    nav_directory => "Directory", "Directorio";
    helping_out_heading => "Helping out at the next sessions", "Ayuda en las próximas sesiones";
    add_usual_tasks => "Add the usual tasks", "Añadir las tareas de siempre";
    topic_ideas_heading => "Topics families would like a visitor to talk about", "Temas de los que a las familias les gustaría que hablara una visita";
    buddies_heading => "Buddies", "Familias que acompañan";
    buddies_nobody_waiting => "Nobody is waiting for a buddy.", "Nadie está esperando acompañamiento.";
    waiting_since => "Waiting since", "Esperando desde";
    no_buddy_free => "No buddy has room right now: ask a family who has been coming a while.", "Ninguna familia tiene lugar ahora: pídeselo a una que lleve tiempo viniendo.";
    pair_them => "Pair", "Emparejar";
    pairings_heading => "Pairings", "Acompañamientos";
    paired_on => "Paired", "Emparejados el";
    pairing_is_active => "in touch", "en contacto";
    pairing_is_completed => "completed", "completado";
    pairing_is_ended => "ended", "terminado";
    mark_completed => "Completed", "Completado";
    mark_ended => "Ended", "Terminado";
    dir_heading => "Local services directory", "Directorio de servicios locales";
    dir_public_link => "See it as families do", "Verlo como lo ven las familias";
    dir_needs_checking => "Needs checking (checked longest ago first)", "Por comprobar (primero lo que lleva más tiempo sin comprobar)";
    dir_nothing_to_check => "Everything has been checked in the last six months.", "Todo se comprobó en los últimos seis meses.";
    dir_reports => "What families told us", "Lo que nos dijeron las familias";
    dir_no_reports => "No reports waiting.", "No hay avisos pendientes.";
    dir_all => "All entries", "Todas las entradas";
    dir_ageing => "Ageing", "Envejeciendo";
    dir_hidden => "Hidden from families (over a year unchecked)", "Oculto a las familias (más de un año sin comprobar)";
    dir_retired => "Retired", "Retirado";
    dir_fresh => "Fresh", "Al día";
    dir_checked => "Checked", "Comprobado";
    dir_by => "by", "por";
    dir_mark_checked => "Still right: mark checked today", "Sigue bien: marcar como comprobado hoy";
    dir_edit => "Edit", "Editar";
    dir_retire => "Retire…", "Retirar…";
    dir_retire_confirm => "Retire it for good", "Retirarlo para siempre";
    dir_verdict_still_right => "Still right", "Sigue bien";
    dir_verdict_changed => "Something changed", "Algo cambió";
    dir_verdict_closed => "Closed", "Cerró";
    dir_add => "Add a service", "Añadir un servicio";
    dir_editing => "Edit a service", "Editar un servicio";
    dir_save => "Save", "Guardar";
    dir_cancel => "Cancel", "Cancelar";
    dir_saved => "Saved.", "Guardado.";
    dir_name_en => "Name (English)", "Nombre (inglés)";
    dir_name_es => "Name (Spanish)", "Nombre (español)";
    dir_organization => "Run by", "Lo ofrece";
    dir_category => "Kind of help", "Tipo de ayuda";
    dir_area => "Area (town or neighbourhood)", "Zona (ciudad o barrio)";
    dir_address => "Address", "Dirección";
    dir_postcode => "Postcode or ZIP", "Código postal";
    dir_phone => "Phone", "Teléfono";
    dir_website => "Website", "Sitio web";
    dir_languages => "Languages spoken (codes, e.g. en, es, pl)", "Idiomas que se hablan (códigos, p. ej. en, es, pl)";
    dir_opening_en => "Opening times (English)", "Horario (inglés)";
    dir_opening_es => "Opening times (Spanish)", "Horario (español)";
    dir_description_en => "Description (English)", "Descripción (inglés)";
    dir_description_es => "Description (Spanish)", "Descripción (español)";
    dir_import => "Bring in an Open Referral UK feed", "Importar una lista Open Referral UK";
    dir_import_help => "Paste a page of services as a council publishes it (JSON). The same id again replaces the entry.", "Pega una página de servicios tal como la publica un ayuntamiento (JSON). El mismo id de nuevo reemplaza la entrada.";
    dir_import_button => "Import", "Importar";
    dir_import_not_json => "That is not JSON: paste the feed exactly as published.", "Eso no es JSON: pega la lista tal como se publica.";
    dir_export => "Give the list back (Open Referral UK)", "Devolver la lista (Open Referral UK)";

    new_group => "New group", "Nuevo grupo";
    edit_group => "Edit group", "Editar grupo";
    publish => "Publish", "Publicar";
    unpublish => "Unpublish", "Retirar de la lista";
    archive => "Archive", "Archivar";
    back_to_draft => "Back to draft", "Volver a borrador";
    duplicate => "Duplicate for next term", "Duplicar para el próximo periodo";
    duplicate_id => "New group's id", "Identificador del nuevo grupo";
    duplicate_weeks => "Weeks later", "Semanas después";
    duplicate_help => "Every session and the registration window move by whole weeks. The copy is a draft: check it, then publish.", "Todas las sesiones y la inscripción se mueven semanas completas. La copia queda como borrador: revísala y publícala.";
    status_changed => "Saved. The public catalogue follows within a few seconds.", "Guardado. El catálogo público se actualiza en unos segundos.";
    saved => "Saved.", "Guardado.";
    save => "Save", "Guardar";
    cancel => "Cancel", "Cancelar";
    saving => "Saving…", "Guardando…";
    public_page => "Public page", "Página pública";

    editor_basics => "The basics", "Lo básico";
    editor_texts => "Texts, in both languages", "Textos, en los dos idiomas";
    editor_where => "Where it meets", "Dónde se reúne";
    editor_when => "Sessions", "Sesiones";
    editor_registration => "Registration", "Inscripción";
    editor_rules => "Prerequisites and completion", "Requisitos y finalización";
    editor_incentives => "Incentives", "Incentivos";
    editor_private => "Only for confirmed people", "Solo para quienes tienen lugar";
    field_id => "Id (in the address)", "Identificador (en la dirección)";
    field_id_hint => "Lowercase letters, digits and '-', e.g. cos-spring-2027-es. It can't change later.", "Minúsculas, números y '-', p. ej. cos-primavera-2027-es. No se puede cambiar después.";
    field_kind => "Kind of group", "Tipo de grupo";
    field_language => "Delivered in", "Se imparte en";
    field_audiences => "Who it's for", "Para quién es";
    field_title => "Name", "Nombre";
    field_description => "Description", "Descripción";
    field_term => "Term", "Periodo";
    field_in_english => "English", "Inglés";
    field_in_spanish => "Spanish", "Español";
    field_format => "Format", "Formato";
    field_area => "Area (public)", "Zona (pública)";
    field_postcode => "ZIP or postcode district", "Código postal o distrito";
    field_time_zone => "Time zone of the sessions", "Zona horaria de las sesiones";
    field_capacity => "Seats", "Lugares";
    field_starts => "Starts (group's time)", "Empieza (hora del grupo)";
    field_duration => "Minutes", "Minutos";
    field_topic => "Topic", "Tema";
    field_visitor => "A visitor comes to talk (optional)", "Viene una visita a hablar (opcional)";
    field_visitor_name => "Visitor's name", "Nombre de la visita";
    field_visitor_role => "Role or organisation", "Función u organización";
    field_visitor_language => "Speaks in", "Habla en";
    field_visitor_bring => "What to bring", "Qué traer";
    field_visitor_entry => "Their service in the directory (its id, optional)", "Su servicio en el directorio (su id, opcional)";
    add_session => "Add a session", "Agregar una sesión";
    remove_session => "Remove this session", "Quitar esta sesión";
    field_window => "Registration opens and closes on set dates", "La inscripción abre y cierra en fechas fijas";
    field_opens => "Opens", "Abre";
    field_closes => "Closes", "Cierra";
    field_program => "Programme (shared by its runs in each language and term)", "Programa (compartido por sus ediciones en cada idioma y periodo)";
    field_prerequisite => "Before joining, people must have", "Antes de inscribirse, deben haber";
    prerequisite_none => "Nothing", "Nada";
    prerequisite_attended_program => "attended a session of programme", "asistido a una sesión del programa";
    prerequisite_completed_program => "completed programme", "completado el programa";
    prerequisite_program_needed => "Name the programme people must have done first.", "Indica el programa que deben haber hecho antes.";
    field_completion => "Attendance needed to complete (%)", "Asistencia para completar (%)";
    field_stipend => "Stipend on completion ($, empty for none)", "Estipendio al completar ($, vacío si no hay)";
    field_kit => "A kit is shipped on completion", "Se envía un kit al completar";
    field_facilitators => "Facilitators (names, comma-separated; shown publicly)", "Facilitadoras (nombres separados por comas; se muestran)";
    field_meeting_link => "Meeting link", "Enlace de la reunión";
    field_address => "Address", "Dirección";
    invalid_date => "Use the date picker, or type a date and time like 2027-03-02 18:30.", "Usa el selector, o escribe fecha y hora como 2027-03-02 18:30.";
    invalid_number => "Type a whole number.", "Escribe un número entero.";

    status_label => "State", "Estado";
    action_seat => "Give a seat now", "Dar un lugar ahora";
    action_seat_help => "Adds one seat for this person, ahead of the line. Everyone else keeps their place.", "Agrega un lugar para esta persona, antes de su turno. Nadie más pierde su lugar.";
    action_remove => "Remove…", "Quitar…";
    action_remove_confirm => "Remove and tell them", "Quitar y avisarle";
    remove_reason => "Reason (sent to the person)", "Motivo (se le envía a la persona)";
    action_move => "Move…", "Mover…";
    action_move_confirm => "Move", "Mover";
    move_to => "To group", "Al grupo";
    action_note => "Private note", "Nota privada";
    save_note => "Save note", "Guardar nota";
    note_help => "Only people with access to this group see it.", "Solo la ven las personas con acceso a este grupo.";
    cancelled_heading => "No longer in the group", "Ya no están en el grupo";
    completed => "Completed", "Completó";
    download_attendance => "Download attendance (CSV)", "Descargar asistencia (CSV)";
    incentives_heading => "Incentives ledger", "Registro de incentivos";
    incentives_intro => "People who completed, what they are owed and what was given.", "Quienes completaron, lo que se les debe y lo que se entregó.";
    nobody_completed => "Nobody has completed yet.", "Nadie ha completado todavía.";
    stipend_issued_on => "Stipend issued on", "Estipendio entregado el";
    stipend_amount => "Amount ($)", "Monto ($)";
    kit_shipped_on => "Kit shipped on", "Kit enviado el";
    owed => "Still owed", "Pendiente";
    all_given => "All given", "Todo entregado";
    no_sessions_yet => "This group has no sessions yet.", "Este grupo todavía no tiene sesiones.";

    overview_heading => "Overview", "Resumen";
    this_week_heading => "Sessions in the next 7 days", "Sesiones en los próximos 7 días";
    nothing_this_week => "No sessions in the next 7 days.", "No hay sesiones en los próximos 7 días.";
    fill_heading => "Seats and waitlists", "Lugares y listas de espera";
    demand_heading => "Where people are waiting", "Dónde hay gente esperando";
    demand_intro => "People on waitlists, by the group's language, audience and programme: where to open the next group.", "Personas en listas de espera, según el idioma, el público y el programa del grupo: dónde abrir el próximo grupo.";
    demand_language => "By language", "Por idioma";
    demand_audience => "By audience", "Por público";
    demand_program => "By programme", "Por programa";
    nobody_waiting => "Nobody is waiting.", "Nadie está esperando.";
    attendance_heading => "Attendance by session", "Asistencia por sesión";
    no_attendance_yet => "No session has started yet.", "Todavía no empezó ninguna sesión.";
    incentives_owed_heading => "Completions and incentives", "Finalizaciones e incentivos";
    subscribers_heading => "Updates list", "Lista de novedades";
    download_incentives => "Incentives (CSV)", "Incentivos (CSV)";
    download_subscribers => "Subscribers (CSV)", "Suscripciones (CSV)";
    confirmed_label => "confirmed", "confirmados";
    waiting_label => "waiting", "en espera";
    seats_label => "seats", "lugares";

    users_heading => "People with access", "Personas con acceso";
    invite_heading => "Invite someone", "Invitar a alguien";
    invite_help => "They get a sign-in link by email. Facilitators see only the groups you tick.", "Recibe un enlace para entrar por correo. Las facilitadoras solo ven los grupos que marques.";
    send_invite => "Send the invitation", "Enviar la invitación";
    invited => "Invitation sent.", "Invitación enviada.";
    role_label => "Role", "Rol";
    groups_label => "Groups", "Grupos";
    revoke => "Revoke access", "Quitar acceso";
    restore => "Give access back", "Devolver acceso";
    revoked_label => "No access", "Sin acceso";
    save_groups => "Save groups", "Guardar grupos";
    all_groups => "All groups", "Todos los grupos";

    people_heading => "A person's data", "Datos de una persona";
    people_intro => "Find everything Village holds about an email address, download it, or erase it. Erasing keeps the counts (seats, attendance) but removes the person.", "Busca todo lo que Village guarda sobre un correo, descárgalo o bórralo. Al borrar se conservan los conteos (lugares, asistencia) pero se quita a la persona.";
    find => "Find", "Buscar";
    download_json => "Download everything (JSON)", "Descargar todo (JSON)";
    erase => "Erase this person…", "Borrar a esta persona…";
    erase_confirm => "Yes, erase everything about this person", "Sí, borrar todo sobre esta persona";
    erase_warning => "This can't be undone. Their seats go to the next in line; messages, notes, history and any dashboard access are removed.", "No se puede deshacer. Sus lugares pasan a quien sigue; se borran mensajes, notas, historial y su acceso al panel.";
    erased => "Erased. Nothing about this person is kept.", "Borrado. No se guarda nada sobre esta persona.";
    signups_heading => "Signups", "Inscripciones";
    history_heading => "Attendance history", "Historial de asistencia";
    subscription_heading => "Updates list", "Lista de novedades";
    messages_heading => "Messages sent", "Mensajes enviados";
    none => "None", "Ninguno";

    audit_heading => "Audit log", "Registro de cambios";
    audit_intro => "Every change made in the dashboard: who, when, what, before → after.", "Cada cambio hecho en el panel: quién, cuándo, qué, antes → después.";
    filter_who => "Who (email)", "Quién (correo)";
    filter_action => "What (e.g. attendance.mark)", "Qué (p. ej. attendance.mark)";
    filter_target => "On (e.g. a group id)", "Sobre (p. ej. un grupo)";
    apply_filters => "Filter", "Filtrar";
    no_entries => "No entries match.", "Ningún registro coincide.";
    show_more => "Show more", "Mostrar más";
    loading_more => "Loading…", "Cargando…";
    downloading => "Preparing the file…", "Preparando el archivo…";
    before_label => "Before", "Antes";
    after_label => "After", "Después";

    publication(status: Publication) => match {
        Publication::Draft => "Draft", "Borrador";
        Publication::Published => "Published", "Publicado";
        Publication::Unpublished => "Unpublished", "Retirado de la lista";
        Publication::Archived => "Archived", "Archivado";
    };
    subscription_status(status: SubscriptionStatus) => match {
        SubscriptionStatus::Pending => "Waiting for them to confirm", "Esperando su confirmación";
        SubscriptionStatus::Confirmed => "Subscribed", "Suscrita";
        SubscriptionStatus::Unsubscribed => "Unsubscribed", "Dada de baja";
    };
    signed_in_as(email: &str, role: &str) => "Signed in as {email} ({role}).", "Sesión iniciada como {email} ({role}).";
    dir_imported(imported: usize, skipped: usize) => "Imported {imported}; skipped {skipped} that could not be read.", "Importadas {imported}; omitidas {skipped} que no se pudieron leer.";

    // Groups, rosters and the overview.
    fill(confirmed: u32, capacity: u32, waiting: u32) => "{confirmed} of {capacity} seats taken · {waiting} waiting", "{confirmed} de {capacity} lugares ocupados · {waiting} en espera";
    attended_of(attended: u32, total: usize) => "came to {attended} of {total}", "vino a {attended} de {total}";
    attempts(n: u32) => plural n {
        1 => "1 attempt", _ => "{n} attempts"
    }, {
        1 => "1 intento", _ => "{n} intentos"
    };
    confirmed_count(n: usize) => "Confirmed ({n})", "Con lugar confirmado ({n})";
    waitlist_count(n: usize) => "Waitlist, in order ({n})", "Lista de espera, en orden ({n})";
    promoted_after_save(n: u64) => plural n {
        0 => "Saved.", _ => "Saved. {n} people on the waitlist got a seat and were told."
    }, {
        0 => "Guardado.", _ => "Guardado. {n} personas de la lista de espera recibieron lugar y se les avisó."
    };
    seats_by_hand(n: u32) => plural n {
        1 => "Plus 1 seat given by hand on the roster.", _ => "Plus {n} seats given by hand on the roster."
    }, {
        1 => "Más 1 lugar dado a mano en la lista.", _ => "Más {n} lugares dados a mano en la lista."
    };
    present_of(present: u32, expected: u32) => "{present} of {expected} came", "vinieron {present} de {expected}";
    completed_count(n: u32) => "{n} completed", "{n} completaron";
    stipends_owed(n: u32, amount: u32) => "{n} stipends owed (${amount})", "{n} estipendios pendientes (${amount})";
    stipends_issued(n: u32, amount: u32) => "{n} stipends issued (${amount})", "{n} estipendios entregados (${amount})";
    kits(owed: u32, shipped: u32) => "{owed} kits to ship · {shipped} shipped", "{owed} kits por enviar · {shipped} enviados";
    subscribers_summary(confirmed: u32, pending: u32, week: u32, month: u32) => "{confirmed} confirmed, {pending} waiting to confirm · {week} new this week, {month} in 30 days", "{confirmed} confirmadas, {pending} por confirmar · {week} nuevas esta semana, {month} en 30 días";
    attended_sessions(n: u32) => plural n {
        1 => "attended 1 session", _ => "attended {n} sessions"
    }, {
        1 => "asistió a 1 sesión", _ => "asistió a {n} sesiones"
    };

    // Buddies.
    buddies_waiting(n: usize) => "Waiting for a buddy ({n})", "Esperando acompañamiento ({n})";
    buddies_offering(n: usize) => "Families offering to be buddies ({n}, with room left)", "Familias que se ofrecen ({n}, con lugares libres)";
    weeks_ago(n: usize) => plural n {
        0 => "this week", 1 => "last week", _ => "{n} weeks ago"
    }, {
        0 => "esta semana", 1 => "la semana pasada", _ => "hace {n} semanas"
    };

    // A local group's meetings.
    last_hosted(when: &str) => "last hosted {when}", "recibió por última vez el {when}";
    fits(places: u32) => "fits {places}", "caben {places}";
    meeting_starts(zone: &str) => "Starts (time in {zone})", "Empieza (hora de {zone})";
    coming_count(going: u32, places: u32, waiting: u32) => plural waiting {
        0 => "{going} of {places} coming", _ => "{going} of {places} coming · {waiting} waiting"
    }, {
        0 => "vienen {going} de {places}", _ => "vienen {going} de {places} · {waiting} en espera"
    };
    meeting_on(when: &str) => "Meeting {when}", "Reunión del {when}";
    /// A member's answer to a meeting (see `attendance_word`).
    attendance_coming => "coming", "viene";
    attendance_waiting(position: u32) => "waiting (number {position})", "en espera (número {position})";
    attendance_not_coming => "not coming", "no viene";
    attendance_no_answer => "no answer", "sin respuesta";
    /// The answer of the member who hosts the meeting.
    hosting_and(answer: &str) => "hosting · {answer}", "recibe · {answer}";

    // A local group's elections.
    election_phase(phase: ElectionPhase) => match {
        ElectionPhase::Nominating => "nominations open", "candidaturas abiertas";
        ElectionPhase::Voting => "voting", "en votación";
        ElectionPhase::Closed => "closed", "cerrada";
    };
    standing_count(n: usize) => plural n {
        1 => "1 standing", _ => "{n} standing"
    }, {
        1 => "1 candidatura", _ => "{n} candidaturas"
    };
    turnout(n: u32) => "{n} voted", "votaron {n}";
    voting_window(opens: &str, closes: &str) => "voting {opens} – {closes}", "votación {opens} – {closes}";
    elected_is(name: &str) => "Elected: {name}", "Elegida/o: {name}";
    voting_opens(zone: &str) => "Voting opens (time in {zone})", "La votación se abre (hora de {zone})";
    voting_closes(zone: &str) => "Voting closes (time in {zone})", "La votación se cierra (hora de {zone})";
}}

impl Tr {
    pub fn role(self, role: Role) -> &'static str {
        match role {
            Role::Admin => self.role_admin(),
            Role::Facilitator => self.role_facilitator(),
        }
    }

    /// "coming", "waiting (number 2)", "hosting · coming".
    pub fn attendance_word(self, mine: Attendance, hosting: bool) -> String {
        let answer = match mine {
            Attendance::Coming => self.attendance_coming().to_string(),
            Attendance::Waiting { position } => self.attendance_waiting(position),
            Attendance::NotComing => self.attendance_not_coming().to_string(),
            Attendance::NoAnswer => self.attendance_no_answer().to_string(),
        };
        if hosting {
            self.hosting_and(&answer)
        } else {
            answer
        }
    }
}
