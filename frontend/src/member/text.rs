//! The member space's texts, English and Spanish side by side (one row per text, one column
//! per language, so a missing translation does not compile). Kept apart so none reaches the
//! provider's download.

use village_shared::api::local_group::{InterestState, OpportunityKind, PostSide};

use village_shared::texts;
use crate::i18n::Tr;

texts! { impl Tr {
    member_title => "Village member space", "Espacio de miembro de Village";
    helping_heading => "Helping out", "Echar una mano";
    helping_intro => "Sessions run because families help, even with the smallest tasks. Take a place on one, or give it back if something comes up.", "Las sesiones salen adelante porque las familias ayudan, aunque sea con lo más pequeño. Apúntate a una tarea, o déjala si te surge algo.";
    helping_none => "No session has tasks yet. The group's leaders will add them.", "Todavía ninguna sesión tiene tareas. Quienes coordinan el grupo las añadirán.";
    helping_back => "Back to your place in the group", "Volver a tu lugar en el grupo";
    task_take => "I'll do it", "Me apunto";
    task_give_back => "I can't any more", "Ya no puedo";
    task_full => "Covered", "Cubierta";
    task_yours => "yours", "tuya";
    topic_heading => "Ideas for a visitor", "Ideas para una visita";
    topic_label => "What would you like a visitor to talk about?", "¿De qué te gustaría que hablara una visita?";
    topic_hint => "Sleep, first words, eating, play… The group's leaders see your idea when they invite the next visitor.", "El sueño, las primeras palabras, la comida, el juego… Quienes coordinan el grupo verán tu idea al invitar a la próxima visita.";
    topic_yours => "You suggested:", "Sugeriste:";
    suggest_topic => "Suggest it", "Sugerirlo";
    buddy_heading => "A buddy family", "Una familia que acompaña";
    buddy_intro => "Coming to a new group is easier with a friendly face. Ask for a buddy — a family who has been coming a while — or offer to be one. A leader pairs you and introduces you at a session.", "Llegar a un grupo nuevo es más fácil con una cara amiga. Pide una familia que te acompañe —una que ya lleva un tiempo viniendo— u ofrécete a acompañar. Alguien del equipo los empareja y los presenta en una sesión.";
    buddy_pairings => "Your buddies", "Tus acompañamientos";
    pairing_active => "now", "en curso";
    pairing_completed => "completed", "completado";
    pairing_ended => "ended", "terminado";
    you_are_their_buddy => "you are their buddy", "tú les acompañas";
    they_are_your_buddy => "your buddy", "te acompaña";
    you_meet_at => "You'll meet at the session on", "Se conocerán en la sesión del";
    contact_not_shared => "Contact details stay private unless you both agree to share them. Say hello at the session.", "Los datos de contacto son privados salvo que los dos acepten compartirlos. Salúdense en la sesión.";
    step_back => "Step back as their buddy", "Dejar de acompañar";
    ask_heading => "Ask for a buddy", "Pedir una familia que te acompañe";
    waiting_for_buddy => "You're on the list. A leader will pair you with a buddy and we'll email you.", "Estás en la lista. Alguien del equipo te emparejará y te escribiremos.";
    buddy_language => "The language you'd like to speak", "El idioma en que te gustaría hablar";
    buddy_usual => "The session you usually come to", "La sesión a la que sueles venir";
    buddy_usual_any => "Any session", "Cualquier sesión";
    ask_for_buddy => "Ask for a buddy", "Pedir acompañamiento";
    save_changes => "Save changes", "Guardar cambios";
    stop_waiting => "I don't need a buddy now", "Ya no lo necesito";
    offer_heading => "Be a buddy", "Acompañar a una familia";
    offer_intro => "Been coming a while? Say hello to a new family, show them where things are, sit with them at a session.", "¿Llevas un tiempo viniendo? Saluda a una familia nueva, enséñale dónde está todo y siéntate con ella en una sesión.";
    buddy_speaks => "Languages you speak", "Idiomas que hablas";
    can_take => "How many families you can take", "Cuántas familias puedes acompañar";
    offer_to_be_buddy => "Offer to be a buddy", "Ofrecerme";
    stop_offering => "Stop offering", "Dejar de ofrecerme";
    child_age => "Your child's age", "Edad de tu hija o hijo";
    share_contact => "My buddy may have my email and phone", "Mi familia compañera puede tener mi correo y teléfono";
    share_contact_hint => "Only if they agree too. Otherwise you meet at the session.", "Solo si la otra familia también acepta. Si no, se conocen en la sesión.";
    member_intro => "Your group's meetings and the issues members choose to talk about. This link is your key: keep it to yourself.", "Las reuniones de tu grupo y los temas que eligen sus miembros. Este enlace es tu llave: no lo compartas.";
    member_left => "You left this group. You can come back whenever you like.", "Dejaste este grupo. Puedes volver cuando quieras.";
    leave_group => "Leave the group", "Dejar el grupo";
    tell_me_about_meetings => "Tell me about new meetings", "Avisarme de nuevas reuniones";
    meeting_news_on => "We'll still email you when a meeting is planned, so you can come back for it.", "Te seguiremos escribiendo cuando se planee una reunión, para que puedas volver a ella.";
    meeting_news_off => "You won't hear about new meetings. Tap above to hear about them again.", "No recibirás avisos de nuevas reuniones. Toca arriba para volver a recibirlos.";
    leave_help => "You can dip in and out: leaving is one tap, and so is coming back.", "Puedes entrar y salir: dejar el grupo es un toque, y volver también.";
    meetings_heading => "Meetings", "Reuniones";
    no_meetings => "No meeting is planned yet. The group's leaders will schedule the next one, and you'll get an email.", "Todavía no hay una reunión planeada. Quienes dirigen el grupo programarán la próxima y recibirás un correo.";
    past_meetings => "Past meetings", "Reuniones anteriores";
    coming => "I'm coming", "Voy";
    not_coming => "Not this time", "Esta vez no";
    you_are_coming => "You're coming.", "Vas a venir.";
    you_are_not_coming => "You said not this time.", "Dijiste que esta vez no.";
    no_answer_yet => "Are you coming?", "¿Vienes?";
    you_host => "You're hosting this meeting.", "Tú recibes esta reunión.";
    address_after_rsvp => "The address is shown once you say you're coming.", "La dirección aparece cuando dices que vas.";
    host_to_confirm => "Place to be confirmed", "Lugar por confirmar";
    setting_label => "Setting", "Lugar";
    address_label => "Address", "Dirección";
    access_label => "Getting in", "Cómo entrar";
    agenda_heading => "Agenda", "Agenda";
    agenda_so_far => "Agenda so far", "Agenda hasta ahora";
    agenda_empty => "No issue has support yet: give yours below.", "Ningún tema tiene apoyo todavía: da el tuyo abajo.";
    issues_heading => "Key issues", "Temas clave";
    issues_intro => "Choose what the next meeting talks about. The most supported issues make the agenda when it closes, two days before; the rest carry over. Counts are shown, names never.", "Elige de qué se habla en la próxima reunión. Los temas con más apoyo entran en la agenda cuando se cierra, dos días antes; los demás pasan a la siguiente. Se ven los números, nunca los nombres.";
    no_issues => "No issues yet. Propose the first one.", "Todavía no hay temas. Propón el primero.";
    support => "Support", "Apoyar";
    take_back => "Take back my support", "Quitar mi apoyo";
    on_agenda => "On an agenda", "En una agenda";
    carried_over => "Carried over", "Pasa a la siguiente";
    yours => "Yours", "Tuyo";
    propose_heading => "Propose an issue", "Proponer un tema";
    issue_title => "Issue", "Tema";
    issue_title_hint => "A few words, e.g. \"Recruiting staff\".", "Unas palabras, por ejemplo «Contratar personal».";
    issue_details => "A line about it (optional)", "Una línea sobre el tema (opcional)";
    propose => "Propose", "Proponer";
    proposed => "Proposed. Members can support it now.", "Propuesto. Los miembros ya pueden apoyarlo.";
    host_heading => "Host a meeting", "Recibir una reunión";
    host_intro => "Could your setting host a meeting? Leaders ask whoever hosted least recently. Only members coming to a meeting you host see the address.", "¿Tu espacio podría recibir una reunión? Quienes dirigen el grupo piden a quien recibió hace más tiempo. Solo quienes vienen a una reunión en tu espacio ven la dirección.";
    host_offered => "You offered your setting:", "Ofreciste tu espacio:";
    setting_name => "Name of your setting", "Nombre de tu espacio";
    setting_address => "Address", "Dirección";
    setting_area => "Town or area (shown to everyone)", "Pueblo o zona (lo ve todo el mundo)";
    setting_places => "How many people fit", "Cuántas personas caben";
    setting_access => "Access notes (optional)", "Cómo llegar y entrar (opcional)";
    offer_setting => "Offer my setting", "Ofrecer mi espacio";
    update_offer => "Save my offer", "Guardar mi oferta";
    withdraw_offer => "Withdraw my offer", "Retirar mi oferta";
    saved_offer => "Saved. Thank you!", "Guardado. ¡Gracias!";
    leaders_heading => "Leaders and elections", "Liderazgo y elecciones";
    no_leader_yet => "The group has no elected leader yet.", "El grupo todavía no tiene líder elegido.";
    acting => "acting", "en funciones";
    runoff_mark => " (run-off)", " (segunda vuelta)";
    nobody_standing_yet => "Nobody is standing yet.", "Todavía nadie se presenta.";
    standing_so_far => "Standing:", "Se presentan:";
    accept_nomination => "Yes, I'll stand", "Sí, me presento";
    decline_nomination => "No, thank you", "No, gracias";
    you_are_standing => "You're standing.", "Te presentas.";
    stand_down => "Stand down", "Retirarme";
    nominate_someone => "Nominate another member", "Proponer a otro miembro";
    nominate => "Nominate", "Proponer";
    nominee_asked => "They are asked first: nobody stands without saying yes.", "Primero se le pregunta: nadie se presenta sin decir que sí.";
    your_secret_vote => "Your vote (secret: nobody, not even the organisers, sees it)", "Tu voto (secreto: nadie, ni quienes organizan, lo ve)";
    you_voted => "You voted. You can change your vote until voting closes.", "Votaste. Puedes cambiar tu voto hasta que se cierre la votación.";
    cast_vote => "Vote", "Votar";
    change_vote => "Change my vote", "Cambiar mi voto";
    elected => "elected", "elegida/o";
    went_to_runoff => "A tie: the tied candidates go to a run-off.", "Empate: quienes empataron van a una segunda vuelta.";
    nobody_elected => "Nobody was elected: the current leader stays on as acting.", "No se eligió a nadie: quien ocupa el puesto sigue en funciones.";
    board_heading => "Opportunities board", "Tablón de oportunidades";
    board_intro => "Visits, shadowing, mentoring and training, offered and asked for by members of every local group. Say you're interested; only when the poster accepts do you both see each other's contact details. Open posts are on the next meeting's agenda.", "Visitas, acompañamiento, mentoría y formación que ofrecen y piden los miembros de todos los grupos locales. Di que te interesa; solo cuando quien publica acepta ven los dos los datos de contacto del otro. Las publicaciones abiertas están en la agenda de la próxima reunión.";
    your_posts => "Your posts", "Tus publicaciones";
    on_the_board => "On the board", "En el tablón";
    nothing_on_board => "Nothing on the board yet: be the first to offer or ask.", "Todavía no hay nada en el tablón: sé la primera persona en ofrecer o pedir.";
    post_done => "Marked done.", "Marcada como hecha.";
    nobody_interested_yet => "Nobody has said they're interested yet.", "Todavía nadie dijo que le interesa.";
    accept_interest => "Accept", "Aceptar";
    decline_interest => "Decline", "Rechazar";
    mark_done => "Mark done", "Marcar como hecha";
    renew_post => "Keep it 60 more days", "Mantenerla 60 días más";
    contact_name => "Name", "Nombre";
    contact_email => "Email", "Correo";
    contact_phone => "Phone", "Teléfono";
    open_post => "Details", "Detalles";
    interested => "I'm interested", "Me interesa";
    post_heading => "Offer or ask", "Ofrecer o pedir";
    post_side_label => "You are…", "Quieres…";
    post_kind_label => "What", "Qué";
    post_title => "Title", "Título";
    post_details => "A few lines about it (optional)", "Unas líneas sobre esto (opcional)";
    post_area => "Town or area", "Pueblo o zona";
    post_dates => "When (e.g. \"Tuesday mornings in March\")", "Cuándo (por ejemplo «martes por la mañana en marzo»)";
    post_places => "How many people", "Cuántas personas";
    posted => "Posted. It's on the board for 60 days.", "Publicado. Está en el tablón durante 60 días.";
    publish_post => "Post it", "Publicar";

    /// "Hello, Ann."
    hello(name: &str) => "Hello, {name}.", "Hola, {name}.";
    until(when: &str) => "until {when}", "hasta el {when}";

    // Meetings and key issues.
    /// "In Dereham · 5 of 12 coming · 2 waiting"
    meeting_facts(area: &str, going: u32, places: u32, waiting: u32) => plural waiting {
        0 => "In {area} · {going} of {places} coming", _ => "In {area} · {going} of {places} coming · {waiting} waiting"
    }, {
        0 => "En {area} · vienen {going} de {places}", _ => "En {area} · vienen {going} de {places} · {waiting} en espera"
    };
    /// "You're waiting for a place (number 2)."
    waiting_at(position: u32) => "The setting is full: you're waiting for a place (number {position}).", "El lugar está lleno: esperas un lugar (número {position}).";
    waiting_for_membership(position: u32) => "The group is full for now: you're number {position} on its waiting list. Meetings and key issues open to you as soon as a place is free, and we'll email you.", "El grupo está lleno por ahora: eres el número {position} en su lista de espera. Las reuniones y los temas se abren para ti en cuanto haya un lugar, y te avisaremos por correo.";
    agenda_closes(when: &str) => "closes {when}", "se cierra el {when}";
    /// "1 support" / "3 supports".
    supports(n: u32) => plural n {
        1 => "1 support", _ => "{n} supports"
    }, {
        1 => "1 apoyo", _ => "{n} apoyos"
    };
    supports_left(left: u32, of: u32) => "You have {left} of {of} supports left.", "Te quedan {left} de {of} apoyos.";

    // Leaders and elections.
    election_for(role: &str) => "Electing the {role}", "Elección de {role}";
    stand_for(role: &str) => "Stand as {role}", "Presentarme como {role}";
    you_were_nominated(role: &str) => "A member nominated you as {role}. Would you like to stand?", "Un miembro te propuso como {role}. ¿Quieres presentarte?";
    nominations_until(when: &str) => "Nominations are open. Voting opens {when}.", "Las candidaturas están abiertas. La votación se abre el {when}.";
    voting_until(when: &str, turnout: u32) => "Voting is open until {when} · {turnout} voted so far", "La votación está abierta hasta el {when} · han votado {turnout}";
    closed_turnout(turnout: u32) => "Closed · {turnout} voted", "Cerrada · votaron {turnout}";
    votes(n: u32) => plural n {
        1 => "1 vote", _ => "{n} votes"
    }, {
        1 => "1 voto", _ => "{n} votos"
    };

    // The opportunities board.
    post_side(side: PostSide) => match {
        PostSide::Offer => "Offering", "Ofrece";
        PostSide::Request => "Asking for", "Pide";
    };
    opportunity(kind: OpportunityKind) => match {
        OpportunityKind::Visit => "a visit to a setting", "una visita a un espacio";
        OpportunityKind::Shadowing => "shadowing", "acompañamiento";
        OpportunityKind::Mentoring => "mentoring", "mentoría";
        OpportunityKind::Training => "training", "formación";
    };
    places(n: u32) => plural n {
        1 => "1 place", _ => "{n} places"
    }, {
        1 => "1 lugar", _ => "{n} lugares"
    };
    places_taken(taken: u32, of: u32) => "{taken} of {of} places agreed", "{taken} de {of} lugares acordados";
    post_until(when: &str) => "On the board until {when}.", "En el tablón hasta el {when}.";
    posted_in(group: &str) => "Posted in {group}", "Publicado en {group}";
    /// An interest in one's own post, as its poster sees it.
    interest_state(state: InterestState) => match {
        InterestState::Pending => "waiting for your answer", "espera tu respuesta";
        InterestState::Accepted => "accepted", "aceptado";
        InterestState::Declined => "declined", "rechazado";
        InterestState::Done => "done", "hecho";
    };
    /// One's own interest in someone else's post.
    my_interest_state(state: InterestState) => match {
        InterestState::Pending => "You said you're interested: the poster will answer.", "Dijiste que te interesa: quien publicó responderá.";
        InterestState::Accepted => "Accepted. Here is how to reach them:", "Aceptado. Así puedes contactar:";
        InterestState::Declined => "The poster could not take you this time.", "Quien publicó no pudo aceptarte esta vez.";
        InterestState::Done => "Done. Thank you!", "Hecho. ¡Gracias!";
    };
    board_on_agenda(n: usize) => plural n {
        1 => "Also: 1 open post on the opportunities board", _ => "Also: {n} open posts on the opportunities board"
    }, {
        1 => "Además: 1 publicación abierta en el tablón de oportunidades", _ => "Además: {n} publicaciones abiertas en el tablón de oportunidades"
    };

    // Buddies and helping out.
    offering(free: u8) => "Thank you! You have room for {free} more.", "¡Gracias! Puedes acompañar a {free} más.";
    places_covered(covered: u8, needed: u8) => "{covered} of {needed} places covered", "{covered} de {needed} lugares cubiertos";
}}
