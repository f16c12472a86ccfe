//! Demo data for a local Village, drawn from the three source documents:
//! the California IECMHC network's Community of Support groups (English and Spanish series,
//! the BIPOC-centred series, the advanced peer-facilitator series, information sessions and
//! the monthly Open-Door drop-in), Norfolk's Managers/Childminders Peer Support Groups, and a
//! baby-and-toddler group. Dates are relative to `today`, so the demo never goes stale.
//!
//! Stipend amounts and people are invented for the demo; everything else follows the sources.

pub mod network;
pub mod scale;

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};

use village_shared::api::SignupRequest;
use village_shared::model::{
    Audience, Bilingual, Format, GeoPoint, Group, GroupKind, GroupPrivate, Incentives, LedgerEntry, Prerequisite,
    Publication, RegistrationWindow, Session, Visitor, DEFAULT_COMPLETION_PERCENT,
};
use village_shared::rules::eligibility::Participation;
use village_shared::rules::time::local_to_utc;
use village_shared::Language;

const CALIFORNIA: &str = "America/Los_Angeles";

/// Programme keys: every term's and language's group of a programme shares one.
pub const INFO_SESSION: &str = "cos-info-session";
pub const WELL_BEING: &str = "cos-well-being";
pub const CONNECTION: &str = "cos-connection";
pub const BIPOC: &str = "cos-bipoc";
pub const PEER_FACILITATOR: &str = "cos-peer-facilitator";
const NORFOLK: &str = "Europe/London";

/// The Well-Being series' six meetings, from the network's description.
const WELL_BEING_TOPICS: [(&str, &str); 6] = [
    ("Welcome: our strengths as caregivers", "Bienvenida: nuestras fortalezas como cuidadoras"),
    ("Stressors in the day-to-day", "Lo que nos estresa en el día a día"),
    ("Caring for ourselves", "Cuidarnos a nosotras mismas"),
    ("Hopes for the children and families we care for", "Esperanzas para los niños y las familias que cuidamos"),
    ("Hopes for ourselves", "Esperanzas para nosotras mismas"),
    ("Looking back, looking forward", "Mirar atrás, mirar adelante"),
];

/// What members of a local group have done in its member space, by their place in the group's
/// signups: settings offered, issues proposed (title, line) and supported, and who said they
/// are coming to the next meeting (at the group's first planned session, hosted by the
/// suggested volunteer).
pub struct DemoSpace {
    pub hosts: Vec<(usize, village_shared::api::local_group::HostOfferBody)>,
    pub issues: Vec<(usize, &'static str, &'static str)>,
    /// (member, issue)
    pub supports: Vec<(usize, usize)>,
    pub coming: Vec<usize>,
    pub election: DemoElection,
    /// Posts on the opportunities board: (member, post).
    pub posts: Vec<(usize, village_shared::api::local_group::PostBody)>,
    /// Last month's meeting: the issues that made its agenda (member, title, line; each
    /// supported by the members listed) and who came.
    pub past_issues: Vec<(usize, &'static str, &'static str, Vec<usize>)>,
    pub past_coming: Vec<usize>,
}

/// A local group's election for its leader: who stood, who voted for whom (by place among
/// those standing), and whether it has closed (twenty days ago: a leader in office) or is in
/// its voting days.
pub struct DemoElection {
    pub finished: bool,
    pub standing: Vec<usize>,
    /// (voter, candidate)
    pub votes: Vec<(usize, usize)>,
}

/// The Norfolk peer groups' member spaces (invented settings and addresses).
pub fn demo_space(group_id: &str) -> Option<DemoSpace> {
    use village_shared::api::local_group::{HostOfferBody, OpportunityKind, PostBody, PostSide};
    let post = |side, kind, title: &str, details: &str, area: &str, dates: &str, places| PostBody {
        side,
        kind,
        title: title.into(),
        details: details.into(),
        area: area.into(),
        dates: dates.into(),
        places,
    };
    let offer = |setting: &str, address: &str, area: &str, places: u32, notes: &str| HostOfferBody {
        setting: setting.into(),
        address: address.into(),
        area: area.into(),
        places,
        access_notes: notes.into(),
    };
    match group_id {
        "norwich-peer-support" => Some(DemoSpace {
            hosts: vec![
                (1, offer("Little Acorns Day Nursery", "14 Orchard Way, Norwich NR3 2QX", "Norwich (north)", 10, "Side gate; parking on Orchard Way after 6 pm")),
                (3, offer("Ward's Childminding", "7 Elm Close, Taverham NR8 6LT", "Taverham", 6, "")),
            ],
            issues: vec![
                (0, "Recruiting and keeping staff", "Who has found something that works for level 3 practitioners?"),
                (2, "Funded hours for under-twos", "How settings are planning for the September expansion."),
                (4, "Preparing for inspection", "Swap notes on the new framework before the next visits."),
                (5, "Supporting children with SEND", "Waiting lists for assessments and what we do meanwhile."),
            ],
            supports: vec![(0, 0), (1, 0), (2, 0), (3, 1), (4, 1), (0, 3), (5, 2)],
            coming: vec![0, 2, 4],
            election: DemoElection { finished: true, standing: vec![0, 3], votes: vec![(1, 0), (2, 0), (4, 1), (5, 0)] },
            past_issues: vec![
                (2, "Ratios and the new staffing rules", "What the changes mean for small settings.", vec![0, 1, 4]),
                (5, "Getting paid on time for funded hours", "Late payments and how settings cope.", vec![2, 3]),
            ],
            past_coming: vec![0, 1, 2, 5],
            posts: vec![
                (1, post(PostSide::Offer, OpportunityKind::Visit, "See our forest school mornings", "Come and spend a morning with our pre-school room in the woods.", "Norwich (north)", "Tuesday mornings in January", 2)),
                (3, post(PostSide::Request, OpportunityKind::Mentoring, "Mentor for a new childminder", "I registered in September and would love someone to talk paperwork and planning with.", "Taverham", "An hour a fortnight", 1)),
            ],
        }),
        "kings-lynn-peer-support" => Some(DemoSpace {
            hosts: vec![(0, offer("Fisher's Little Learners", "3 Tower Street, King's Lynn PE30 1EJ", "King's Lynn", 8, "Ring the bell at the blue door"))],
            issues: vec![
                (1, "Childminder networks and isolation", "Meeting up between meetings: walks, stay-and-plays."),
                (2, "Paperwork that eats the weekend", "Apps and templates that save time."),
            ],
            supports: vec![(1, 0), (3, 0), (2, 1)],
            coming: vec![1],
            election: DemoElection { finished: false, standing: vec![0, 2], votes: vec![(1, 0), (3, 1)] },
            past_issues: vec![(3, "Finding cover when you are ill", "A shared list of registered childminders who can step in.", vec![0, 1, 2])],
            past_coming: vec![0, 1, 3],
            posts: vec![(2, post(PostSide::Offer, OpportunityKind::Training, "Paediatric first aid refresher", "A qualified trainer is coming to us; two places are spare.", "King's Lynn", "Saturday 16 January", 2))],
        }),
        _ => None,
    }
}

/// A demo group and the people already signed up for it, in signup order.
pub struct DemoGroup {
    pub group: Group,
    pub signups: Vec<SignupRequest>,
}

impl DemoGroup {
    /// What only confirmed people see: a meeting link for a virtual group, the host setting's
    /// address for one meeting in person (invented, like the people).
    pub fn private(&self) -> GroupPrivate {
        if self.group.kind == GroupKind::LocalGroup {
            // Each meeting is at a member's setting: its address is the host's (`member_space`).
            return GroupPrivate::default();
        }
        match &self.group.format {
            Format::Virtual => GroupPrivate {
                meeting_link: Some(format!("https://meet.example.org/village/{}", self.group.id)),
                address: None,
            },
            Format::InPerson { area, postcode, .. } => GroupPrivate {
                meeting_link: None,
                address: Some(format!("Host setting: 12 Church Lane, {area} {postcode} 4AB")),
            },
        }
    }
}

/// The first `weekday` on or after `from`.
fn on_or_after(from: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() - from.weekday().num_days_from_monday()) % 7;
    from + Duration::days(ahead.into())
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("valid demo time")
}

/// Sessions every `every_days` from `first`, at a local time in `zone`, one per topic.
fn sessions(
    zone: &str,
    first: NaiveDate,
    every_days: i64,
    at: NaiveTime,
    minutes: u16,
    topics: &[(&str, &str)],
) -> Vec<Session> {
    topics
        .iter()
        .enumerate()
        .map(|(i, (en, es))| Session {
            starts_at: local_to_utc(zone, first + Duration::days(every_days * i as i64), at)
                .expect("demo zones are known"),
            duration_minutes: minutes,
            topic: Bilingual::new(*en, *es),
            visitor: None,
        })
        .collect()
}

/// "Winter 2027" / "Invierno 2027" for the season a date falls in.
fn season(date: NaiveDate) -> Bilingual {
    let (en, es, year) = match date.month() {
        12 => ("Winter", "Invierno", date.year() + 1),
        1 | 2 => ("Winter", "Invierno", date.year()),
        3..=5 => ("Spring", "Primavera", date.year()),
        6..=8 => ("Summer", "Verano", date.year()),
        _ => ("Fall", "Otoño", date.year()),
    };
    Bilingual::new(format!("{en} {year}"), format!("{es} {year}"))
}

/// Norfolk runs on school terms rather than seasons.
fn school_term(date: NaiveDate) -> Bilingual {
    let (en, es) = match date.month() {
        9..=12 => ("Autumn term", "Trimestre de otoño"),
        1..=3 => ("Spring term", "Trimestre de primavera"),
        _ => ("Summer term", "Trimestre de verano"),
    };
    Bilingual::new(format!("{en} {}", date.year()), format!("{es} {}", date.year()))
}

fn person(name: &str, language: Language) -> SignupRequest {
    let email = format!(
        "{}@example.org",
        name.to_lowercase()
            .replace(' ', ".")
            .replace(['á', 'à'], "a")
            .replace('é', "e")
            .replace('í', "i")
            .replace('ó', "o")
            .replace('ú', "u")
            .replace('ñ', "n")
    );
    SignupRequest { name: name.into(), email, phone: None, language }
}

fn people(names: &[&str], language: Language) -> Vec<SignupRequest> {
    names.iter().map(|n| person(n, language)).collect()
}

const SPANISH_NAMES: [&str; 16] = [
    "Rosa Martínez",
    "Guadalupe Hernández",
    "María López",
    "Ana Ruiz",
    "Lucía Ramírez",
    "Carmen Flores",
    "Teresa Gómez",
    "Patricia Díaz",
    "Verónica Morales",
    "Elena Castillo",
    "Silvia Ortiz",
    "Marisol Vargas",
    "Juana Reyes",
    "Alma Jiménez",
    "Beatriz Cruz",
    "Rocío Mendoza",
];

const ENGLISH_NAMES: [&str; 12] = [
    "Keisha Johnson",
    "Linda Nguyen",
    "Tamika Brown",
    "Sarah Thompson",
    "Mei Chen",
    "Denise Carter",
    "Jasmine Williams",
    "Angela Davis",
    "Hannah Kim",
    "Rachel Green",
    "Dana Walker",
    "Priya Patel",
];

/// The whole demo network, with sessions relative to `today`.
pub fn demo_groups(today: NaiveDate) -> Vec<DemoGroup> {
    let info_day = on_or_after(today + Duration::days(5), Weekday::Thu);
    let series_start = on_or_after(today + Duration::days(21), Weekday::Tue);
    let term = season(series_start);
    let virtual_providers = vec![Audience::Ffn, Audience::Fcch];
    let cos_incentives = Incentives { stipend: Some(150), kit: true };

    let info =
        |id: &str, language: Language, title: Bilingual, day: NaiveDate, signups: Vec<SignupRequest>| DemoGroup {
            group: Group {
                id: id.into(),
                kind: GroupKind::InfoSession,
                title,
                description: Bilingual::new(
                    "Find out what a Community of Support group is like, who it is for, and how the \
                 series, stipends and kits work. You must attend one Information Session before \
                 you can register for a group.",
                    "Conoce cómo es un grupo de Comunidad de Apoyo, para quién es y cómo funcionan \
                 las series, los estipendios y los kits. Debes asistir a una Sesión Informativa \
                 antes de inscribirte en un grupo.",
                ),
                audiences: virtual_providers.clone(),
                language,
                format: Format::Virtual,
                time_zone: CALIFORNIA.into(),
                capacity: 60,
                term: term.clone(),
                facilitators: vec!["Marisela Torres".into()],
                sessions: sessions(
                    CALIFORNIA,
                    day,
                    7,
                    time(18, 30),
                    60,
                    &[("Information Session", "Sesión informativa")],
                ),
                incentives: Incentives::default(),
                program: Some(INFO_SESSION.into()),
                registration: None,
                prerequisites: vec![],
                completion_percent: DEFAULT_COMPLETION_PERCENT,
                status: Publication::Published,
            },
            signups,
        };

    let well_being_topics = WELL_BEING_TOPICS;
    let connection_topics = [
        (
            "How the past influences present ways of providing care",
            "Cómo el pasado influye en nuestra forma de cuidar hoy",
        ),
        ("Brain development", "Desarrollo del cerebro"),
        ("Developmental milestones", "Etapas del desarrollo"),
        ("Everyday routines", "Rutinas diarias"),
        ("Caring for ourselves", "Cuidarnos a nosotras mismas"),
    ];
    let bipoc_topics = [
        ("Build community", "Construir comunidad"),
        ("Share stories and shared experiences", "Compartir historias y experiencias"),
        ("Uplift BIPOC voices", "Elevar las voces BIPOC"),
        ("Reflect and empower", "Reflexionar y empoderarnos"),
        ("Pass on cultural roots", "Transmitir nuestras raíces culturales"),
    ];

    let series = |id: &str,
                  program: &str,
                  language: Language,
                  title: Bilingual,
                  description: Bilingual,
                  weekday: Weekday,
                  topics: &[(&str, &str)],
                  facilitators: &[&str],
                  capacity: u32,
                  incentives: Incentives,
                  signups: Vec<SignupRequest>| DemoGroup {
        group: Group {
            id: id.into(),
            kind: GroupKind::Series,
            title,
            description,
            audiences: virtual_providers.clone(),
            language,
            format: Format::Virtual,
            time_zone: CALIFORNIA.into(),
            capacity,
            term: term.clone(),
            facilitators: facilitators.iter().map(|f| f.to_string()).collect(),
            sessions: sessions(CALIFORNIA, on_or_after(series_start, weekday), 7, time(18, 30), 90, topics),
            incentives,
            program: Some(program.into()),
            // Registration opened two weeks ago and closes the day before the first session.
            registration: Some(RegistrationWindow {
                opens_at: local_to_utc(CALIFORNIA, today - Duration::days(14), time(9, 0)).expect("known zone"),
                closes_at: local_to_utc(
                    CALIFORNIA,
                    on_or_after(series_start, weekday) - Duration::days(1),
                    time(23, 59),
                )
                .expect("known zone"),
            }),
            prerequisites: if program == PEER_FACILITATOR {
                vec![
                    Prerequisite::Completed { program: WELL_BEING.into() },
                    Prerequisite::Completed { program: CONNECTION.into() },
                ]
            } else {
                vec![Prerequisite::Attended { program: INFO_SESSION.into() }]
            },
            completion_percent: DEFAULT_COMPLETION_PERCENT,
            status: Publication::Published,
        },
        signups,
    };

    let well_being_description = Bilingual::new(
        "A consistent and supportive space for home-based child care providers from a variety of \
         backgrounds to share their experiences caring for young children and their families. \
         Through story sharing and reflection, caregivers explore their strengths and stressors, \
         and their hopes for themselves and the children and families they care for, through the \
         lens of caregiver well-being.",
        "Un espacio constante y de apoyo para proveedoras de cuidado infantil en el hogar, de \
         distintos orígenes, donde compartir sus experiencias cuidando a niños pequeños y a sus \
         familias. A través de historias y reflexión, exploramos nuestras fortalezas, lo que nos \
         estresa y nuestras esperanzas para nosotras y para los niños y familias que cuidamos, \
         desde el bienestar de quien cuida.",
    );
    let connection_description = Bilingual::new(
        "Conversations about the connections built between the caregiver, the child and the \
         family. Providers take a deep dive, through reflection and story sharing, into topics of \
         the caregiving role, and discuss ways to build healthy attachments and enrich their \
         relationships with young children and their families.",
        "Conversaciones sobre los vínculos entre quien cuida, el niño y la familia. Las \
         proveedoras profundizan, a través de la reflexión y de sus propias historias, en temas \
         del rol de cuidar, y comparten maneras de construir apegos sanos y enriquecer sus \
         relaciones con los niños pequeños y sus familias.",
    );

    let mut groups = vec![
        info(
            "cos-info-session-en",
            Language::En,
            Bilingual::new(
                "Community of Support Information Session",
                "Sesión informativa de Comunidad de Apoyo (en inglés)",
            ),
            info_day,
            people(&ENGLISH_NAMES[..5], Language::En),
        ),
        info(
            "cos-info-session-es",
            Language::Es,
            Bilingual::new(
                "Community of Support Information Session (in Spanish)",
                "Sesión informativa de Comunidad de Apoyo",
            ),
            info_day + Duration::days(1),
            people(&SPANISH_NAMES[..7], Language::Es),
        ),
        series(
            "cos-well-being-en",
            WELL_BEING,
            Language::En,
            Bilingual::new("Caregiver Well-Being Series", "Serie Bienestar de quien cuida (en inglés)"),
            well_being_description.clone(),
            Weekday::Tue,
            &well_being_topics,
            &["Marisela Torres", "Joanne Price"],
            12,
            cos_incentives.clone(),
            people(&ENGLISH_NAMES[..4], Language::En),
        ),
        series(
            "cos-bienestar-es",
            WELL_BEING,
            Language::Es,
            Bilingual::new("Caregiver Well-Being Series (in Spanish)", "Serie Bienestar de quien cuida"),
            well_being_description,
            Weekday::Wed,
            &well_being_topics,
            &["Adriana Salcedo"],
            12,
            cos_incentives.clone(),
            // Full, with people waiting: "our groups are now full".
            people(&SPANISH_NAMES, Language::Es),
        ),
        series(
            "cos-connection-en",
            CONNECTION,
            Language::En,
            Bilingual::new(
                "Supporting Connection & Relationship Series",
                "Serie Apoyo a la conexión y las relaciones (en inglés)",
            ),
            connection_description.clone(),
            Weekday::Thu,
            &connection_topics,
            &["Joanne Price"],
            12,
            cos_incentives.clone(),
            people(&ENGLISH_NAMES[2..12], Language::En),
        ),
        series(
            "cos-conexion-es",
            CONNECTION,
            Language::Es,
            Bilingual::new(
                "Supporting Connection & Relationship Series (in Spanish)",
                "Serie Apoyo a la conexión y las relaciones",
            ),
            connection_description,
            Weekday::Mon,
            &connection_topics,
            &["Adriana Salcedo", "Lorena Aguilar"],
            12,
            cos_incentives.clone(),
            people(&SPANISH_NAMES[4..10], Language::Es),
        ),
        series(
            "cos-bipoc-en",
            BIPOC,
            Language::En,
            Bilingual::new(
                "BIPOC Caregivers Community of Support",
                "Comunidad de Apoyo para cuidadoras BIPOC (en inglés)",
            ),
            Bilingual::new(
                "A supportive community that centers the experiences of BIPOC (Black, Indigenous, \
                 and People of Color) caregivers, led by BIPOC facilitators, and welcoming all who \
                 wish to uplift BIPOC voices. Connect with caregivers who share similar \
                 experiences, reflect on cultural upbringing and family traditions, and find ways \
                 to pass cultural roots down to the children in your care.",
                "Una comunidad de apoyo que pone en el centro las experiencias de cuidadoras BIPOC \
                 (personas negras, indígenas y de color), guiada por facilitadoras BIPOC y abierta \
                 a todas las personas que quieran elevar esas voces. Conecta con cuidadoras con \
                 experiencias parecidas, reflexiona sobre tu crianza y tus tradiciones familiares, \
                 y encuentra maneras de transmitir tus raíces culturales a los niños que cuidas.",
            ),
            Weekday::Sat,
            &bipoc_topics,
            &["Keisha Adeyemi", "Rosa Tzul"],
            12,
            cos_incentives,
            people(&ENGLISH_NAMES[6..9], Language::En),
        ),
        series(
            "cos-peer-facilitator-en",
            PEER_FACILITATOR,
            Language::En,
            Bilingual::new(
                "Peer Facilitator Series (advanced)",
                "Serie de facilitación entre pares (avanzada, en inglés)",
            ),
            Bilingual::new(
                "For returning providers who took part in both the Caregiver Well-Being and the \
                 Supporting Connection & Relationship series and want to start peer-facilitated \
                 Community of Support groups in their own communities. Reflect on your CoS \
                 experience, choose what to carry forward, and build confidence to lead. This \
                 series does not include stipends or Connect. Reflect. Grow. kits.",
                "Para proveedoras que ya participaron en las series Bienestar de quien cuida y \
                 Apoyo a la conexión y las relaciones, y quieren iniciar grupos de Comunidad de \
                 Apoyo facilitados entre pares en sus propias comunidades. Esta serie no incluye \
                 estipendio ni kits Connect. Reflect. Grow.",
            ),
            Weekday::Tue,
            &[
                ("Reflecting on our CoS experience", "Reflexionar sobre nuestra experiencia en CoS"),
                ("What we carry forward", "Lo que queremos llevar con nosotras"),
                ("Creating and leading a support group", "Crear y guiar un grupo de apoyo"),
                ("Growing our caregiver networks", "Hacer crecer nuestras redes de cuidadoras"),
            ],
            &["Marisela Torres"],
            8,
            Incentives::default(),
            people(&ENGLISH_NAMES[..2], Language::En),
        ),
    ];

    // Monthly Open-Door drop-in for centre-based staff: first Wednesday of each month.
    let mut first_wednesdays = Vec::new();
    let mut month_start = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).expect("valid");
    while first_wednesdays.len() < 4 {
        let day = on_or_after(month_start, Weekday::Wed);
        if day >= today {
            first_wednesdays.push(day);
        }
        month_start = (month_start + Duration::days(32)).with_day(1).expect("valid");
    }
    groups.push(DemoGroup {
        group: Group {
            id: "open-door-drop-in".into(),
            kind: GroupKind::DropIn,
            title: Bilingual::new("Open-Door Drop-In for Center Staff", "Sesión abierta para personal de centros"),
            description: Bilingual::new(
                "A monthly drop-in reflective session for center-based child care and early \
                 education teachers and staff. No signup: come when you can. For individualized \
                 support, call the Helpline at 1-877-524-2422.",
                "Una sesión de reflexión abierta, cada mes, para maestras y personal de centros de \
                 cuidado y educación infantil. No hace falta inscribirse: ven cuando puedas. Para \
                 apoyo individual, llama a la línea de ayuda al 1-877-524-2422.",
            ),
            audiences: vec![Audience::CentreStaff],
            language: Language::En,
            format: Format::Virtual,
            time_zone: CALIFORNIA.into(),
            capacity: 0,
            term: season(today),
            facilitators: vec!["Joanne Price".into()],
            sessions: first_wednesdays
                .iter()
                .map(|d| Session {
                    starts_at: local_to_utc(CALIFORNIA, *d, time(15, 30)).expect("known zone"),
                    duration_minutes: 60,
                    topic: Bilingual::default(),
                    visitor: None,
                })
                .collect(),
            incentives: Incentives::default(),
            program: Some("open-door".into()),
            registration: None,
            prerequisites: vec![],
            completion_percent: DEFAULT_COMPLETION_PERCENT,
            status: Publication::Published,
        },
        signups: vec![],
    });

    // Norfolk managers/childminders peer groups: once or twice a term at a member's setting.
    let peer_group =
        |id: &str, town: &str, postcode: &str, point: GeoPoint, first: NaiveDate, signups: Vec<SignupRequest>| {
            DemoGroup {
                group: Group {
                    id: id.into(),
                    kind: GroupKind::LocalGroup,
                    title: Bilingual::new(
                        format!("{town} Managers & Childminders Peer Support Group"),
                        format!("Grupo de apoyo entre pares para responsables y childminders de {town}"),
                    ),
                    description: Bilingual::new(
                        "An informal network for early years setting leaders, managers and childminders: \
                 discussion, information, advice and support from people who do the same job. We \
                 meet once or twice a term at one of our settings; dip in and out as suits you. The \
                 group chooses the key issues for each meeting, and arranges visits, shadowing, \
                 mentoring and training between members.",
                        "Una red informal para responsables, directoras y childminders de educación \
                 infantil: conversación, información, consejos y apoyo de quienes hacen el mismo \
                 trabajo. Nos reunimos una o dos veces por trimestre en el centro de algún miembro; \
                 ven cuando te venga bien. El grupo elige los temas de cada reunión y organiza \
                 visitas, acompañamiento, mentoría y formación entre miembros.",
                    ),
                    audiences: vec![Audience::ManagersChildminders],
                    language: Language::En,
                    format: Format::InPerson {
                        area: format!("{town}, Norfolk"),
                        postcode: postcode.into(),
                        point: Some(point),
                    },
                    time_zone: NORFOLK.into(),
                    capacity: 20,
                    term: school_term(first),
                    facilitators: vec![],
                    sessions: sessions(
                        NORFOLK,
                        first,
                        49,
                        time(19, 0),
                        120,
                        &[
                            (
                                "Key issues chosen by the group: funded hours and staffing",
                                "Temas elegidos por el grupo: horas financiadas y personal",
                            ),
                            (
                                "Key issues chosen by the group: preparing for inspection",
                                "Temas elegidos por el grupo: preparar la inspección",
                            ),
                        ],
                    ),
                    incentives: Incentives::default(),
                    program: Some("norfolk-peer-support".into()),
                    registration: None,
                    prerequisites: vec![],
                    completion_percent: DEFAULT_COMPLETION_PERCENT,
                    status: Publication::Published,
                },
                signups,
            }
        };
    groups.push(peer_group(
        "norwich-peer-support",
        "Norwich",
        "NR2",
        GeoPoint { lat: 52.6309, lon: 1.2974 },
        on_or_after(today + Duration::days(10), Weekday::Wed),
        people(&["Claire Bennett", "Sophie Hughes", "Gemma Clarke", "Helen Ward", "Priya Shah", "Joanne Mills"], Language::En),
    ));
    groups.push(peer_group(
        "kings-lynn-peer-support",
        "King's Lynn",
        "PE30",
        GeoPoint { lat: 52.7543, lon: 0.3976 },
        on_or_after(today + Duration::days(17), Weekday::Tue),
        people(&["Laura Fisher", "Emma Barker", "Kerry Nolan", "Marta Kowalska"], Language::En),
    ));

    // A weekly baby-and-toddler group with visiting speakers.
    groups.push(DemoGroup {
        group: Group {
            id: "mile-cross-stay-and-play".into(),
            kind: GroupKind::Series,
            title: Bilingual::new(
                "Mile Cross Baby & Toddler Stay and Play",
                "Juego en familia para bebés y niños pequeños de Mile Cross",
            ),
            description: Bilingual::new(
                "A friendly, play-rich morning for babies and toddlers with their parents and \
                 carers. New families are welcomed by a buddy. Some weeks a visitor comes to talk \
                 about a topic; ask us about local services, volunteering and training.",
                "Una mañana amable y llena de juego para bebés y niños pequeños con sus madres, \
                 padres y cuidadores. A las familias nuevas las recibe una familia 'compañera'. \
                 Algunas semanas viene una visita a hablar de un tema; pregúntanos por servicios \
                 locales, voluntariado y formación.",
            ),
            audiences: vec![Audience::Families],
            language: Language::En,
            format: Format::InPerson {
                area: "Mile Cross, Norwich".into(),
                postcode: "NR3".into(),
                point: Some(GeoPoint { lat: 52.6466, lon: 1.2766 }),
            },
            time_zone: NORFOLK.into(),
            capacity: 15,
            term: school_term(today),
            facilitators: vec!["Kath Duffy".into()],
            sessions: {
                let mut weeks = sessions(
                    NORFOLK,
                    on_or_after(today + Duration::days(1), Weekday::Fri),
                    7,
                    time(9, 30),
                    90,
                    &[
                        ("Music and movement", "Música y movimiento"),
                        ("Health and wellbeing", "Salud y bienestar"),
                        ("Early communication", "Comunicación temprana"),
                        ("Messy play", "Juego sensorial"),
                    ],
                );
                // Visiting speakers, linked to their services in the directory.
                weeks[1].visitor = Some(Visitor {
                    name: "Jo Lane".into(),
                    role: "Health visitor, Norfolk Healthy Child Programme".into(),
                    topic: Bilingual::new("sleep, feeding and your wellbeing", "el sueño, la alimentación y tu bienestar"),
                    language: Language::En,
                    bring: Bilingual::new("your child's red book", "el libro rojo de tu hijo o hija"),
                    directory_entry: Some("norwich-health-visiting-team".into()),
                });
                weeks[2].visitor = Some(Visitor {
                    name: "Marta Silva".into(),
                    role: "Speech and language therapist".into(),
                    topic: Bilingual::new("helping your child's first words", "cómo ayudar con las primeras palabras"),
                    language: Language::Es,
                    bring: Bilingual::default(),
                    directory_entry: Some("west-norfolk-speech-and-language".into()),
                });
                weeks
            },
            incentives: Incentives::default(),
            program: Some("stay-and-play".into()),
            registration: None,
            prerequisites: vec![],
            completion_percent: DEFAULT_COMPLETION_PERCENT,
            status: Publication::Published,
        },
        signups: people(
            &["Amy Collins", "Zainab Ali", "Olivia Turner", "Chloe Evans", "Megan Price", "Ruth Harris"],
            Language::En,
        ),
    });

    // Next term: "more groups in the spring". Registration has not opened yet.
    let spring_start = on_or_after(today + Duration::days(100), Weekday::Wed);
    let mut spring = groups.iter().find(|d| d.group.id == "cos-bienestar-es").expect("defined above").group.clone();
    spring.id = "cos-bienestar-es-spring".into();
    spring.term = season(spring_start);
    spring.sessions = sessions(CALIFORNIA, spring_start, 7, time(18, 30), 90, &well_being_topics);
    spring.registration = Some(RegistrationWindow {
        opens_at: local_to_utc(CALIFORNIA, spring_start - Duration::days(30), time(9, 0)).expect("known zone"),
        closes_at: local_to_utc(CALIFORNIA, spring_start - Duration::days(1), time(23, 59)).expect("known zone"),
    });
    groups.push(DemoGroup { group: spring, signups: vec![] });

    groups
}

/// Last term's English Well-Being series, finished two weeks ago: attendance taken at every
/// session, some stipends issued and kits shipped, some still owed — so the dashboard's
/// overview, check-in lists and incentives ledger have something true to show. Seeded through
/// the dashboard's own API (`cargo xtask seed`), then unpublished, as a network does after a
/// term.
pub struct LastTerm {
    pub demo: DemoGroup,
    /// For each session, in order, the emails of those who came.
    pub present: Vec<Vec<String>>,
    /// Email → what was given.
    pub given: Vec<(String, LedgerEntry)>,
}

pub fn demo_last_term(today: NaiveDate) -> LastTerm {
    let first = on_or_after(today - Duration::days(49), Weekday::Wed);
    let topics = WELL_BEING_TOPICS;
    let signups = people(
        &[
            "Denise Carter",
            "Jasmine Lee",
            "Monica Reyes",
            "Tamara Brooks",
            "Priya Patel",
            "Sharon White",
            "Latoya Green",
            "Emily Chen",
        ],
        Language::En,
    );
    let group = Group {
        id: "cos-well-being-en-last-term".into(),
        kind: GroupKind::Series,
        title: Bilingual::new("Caregiver Well-Being Series", "Serie Bienestar de quien cuida (en inglés)"),
        description: Bilingual::new(
            "Six weekly virtual meetings for family, friend and neighbour caregivers and family child              care providers: share experiences, reflect, and support each other.",
            "Seis reuniones virtuales semanales para cuidadoras familiares, amigas y vecinas y              proveedoras de cuidado infantil en el hogar: compartir, reflexionar y apoyarse.",
        ),
        audiences: vec![Audience::Ffn, Audience::Fcch],
        language: Language::En,
        format: Format::Virtual,
        time_zone: CALIFORNIA.into(),
        capacity: 12,
        term: season(first),
        facilitators: vec!["Marisela Torres".into()],
        sessions: sessions(CALIFORNIA, first, 7, time(18, 30), 90, &topics),
        incentives: Incentives { stipend: Some(150), kit: true },
        program: Some(WELL_BEING.into()),
        registration: None,
        prerequisites: vec![],
        completion_percent: DEFAULT_COMPLETION_PERCENT,
        status: Publication::Published,
    };
    // Who came, session by session: most people nearly always; two drifted away.
    let came = [
        [true, true, true, true, true, true],
        [true, true, true, false, true, true],
        [true, true, true, true, true, true],
        [true, false, true, true, true, false],
        [true, true, false, true, true, true],
        [true, true, false, false, false, false],
        [true, true, true, true, false, true],
        [true, false, false, false, false, false],
    ];
    let present = (0..topics.len())
        .map(|session| signups.iter().zip(came).filter(|(_, row)| row[session]).map(|(p, _)| p.email.clone()).collect())
        .collect();
    let day = |days_ago: i64| Some(today - Duration::days(days_ago));
    let given = vec![
        (
            signups[0].email.clone(),
            LedgerEntry { stipend_issued_on: day(10), stipend_amount: Some(150), kit_shipped_on: day(8) },
        ),
        (
            signups[2].email.clone(),
            LedgerEntry { stipend_issued_on: day(10), stipend_amount: Some(150), kit_shipped_on: None },
        ),
        (
            signups[4].email.clone(),
            LedgerEntry { stipend_issued_on: day(3), stipend_amount: Some(150), kit_shipped_on: None },
        ),
    ];
    LastTerm { demo: DemoGroup { group, signups }, present, given }
}

/// People whose history shows every eligibility branch in the running app, besides everyone
/// already signed up for a group with prerequisites (who met them):
/// - `yesenia.alvarez@example.org` attended an information session: may join any CoS series;
/// - `keisha.johnson@example.org` and `linda.nguyen@example.org` completed both series: may join
///   the advanced peer-facilitator series;
/// - `maribel.sanchez@example.org` completed only Well-Being: the advanced series sends her to
///   the Connection & Relationship series first;
/// - anyone else is new: a CoS series sends them to an information session first.
pub fn demo_histories(today: NaiveDate) -> Vec<(String, Vec<Participation>)> {
    let past = |program: &str, attended: u32, total: u32| Participation {
        group_id: format!("{program}-{}", season(today - Duration::days(120)).en.to_lowercase().replace(' ', "-")),
        program: Some(program.into()),
        sessions_total: total,
        sessions_attended: attended,
        completion_percent: DEFAULT_COMPLETION_PERCENT,
    };
    let mut histories: Vec<(String, Vec<Participation>)> = Vec::new();
    for demo in demo_groups(today) {
        if demo.group.prerequisites.is_empty() {
            continue;
        }
        for person in demo.signups {
            if !histories.iter().any(|(email, _)| *email == person.email) {
                histories.push((person.email.clone(), vec![past(INFO_SESSION, 1, 1)]));
            }
        }
    }
    let completed_both = vec![past(INFO_SESSION, 1, 1), past(WELL_BEING, 6, 6), past(CONNECTION, 4, 5)];
    for (email, history) in [
        ("yesenia.alvarez@example.org", vec![past(INFO_SESSION, 1, 1)]),
        ("keisha.johnson@example.org", completed_both.clone()),
        ("linda.nguyen@example.org", completed_both),
        ("maribel.sanchez@example.org", vec![past(INFO_SESSION, 1, 1), past(WELL_BEING, 5, 6), past(CONNECTION, 2, 5)]),
    ] {
        histories.retain(|(e, _)| e != email);
        histories.push((email.to_string(), history));
    }
    histories
}

#[cfg(test)]
mod tests {
    use super::*;
    use village_shared::api::group_problems;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    #[test]
    fn every_demo_group_is_valid_and_every_person_too() {
        let demo = demo_groups(today());
        assert!(demo.len() >= 8);
        for d in &demo {
            assert!(
                group_problems(&d.group, Language::En).is_empty(),
                "{}: {:?}",
                d.group.id,
                group_problems(&d.group, Language::En)
            );
            for p in &d.signups {
                assert!(p.problems().is_empty(), "{}: {p:?}", d.group.id);
            }
        }
    }

    #[test]
    fn the_demo_covers_every_kind_and_audience_and_both_languages() {
        let demo = demo_groups(today());
        for kind in GroupKind::ALL {
            assert!(demo.iter().any(|d| d.group.kind == kind), "{kind:?}");
        }
        for audience in Audience::ALL {
            assert!(demo.iter().any(|d| d.group.audiences.contains(&audience)), "{audience:?}");
        }
        assert!(demo.iter().any(|d| d.group.language == Language::Es));
    }

    #[test]
    fn some_series_is_full_with_a_waitlist_and_ids_are_unique() {
        let demo = demo_groups(today());
        assert!(demo.iter().any(|d| d.signups.len() as u32 > d.group.capacity && d.group.kind.takes_signups()));
        let mut ids: Vec<_> = demo.iter().map(|d| d.group.id.clone()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), demo.len());
    }

    #[test]
    fn every_seeded_signup_meets_its_groups_prerequisites_and_every_branch_is_shown() {
        use village_shared::rules::eligibility::missing_prerequisites;
        let histories = demo_histories(today());
        let history =
            |email: &str| histories.iter().find(|(e, _)| e == email).map(|(_, h)| h.clone()).unwrap_or_default();
        let demo = demo_groups(today());
        for d in &demo {
            for p in &d.signups {
                assert!(
                    missing_prerequisites(&d.group, &history(&p.email)).is_empty(),
                    "{} in {}",
                    p.email,
                    d.group.id
                );
            }
        }
        let group = |id: &str| demo.iter().find(|d| d.group.id == id).unwrap().group.clone();
        let advanced = group("cos-peer-facilitator-en");
        assert!(missing_prerequisites(&advanced, &history("keisha.johnson@example.org")).is_empty());
        assert_eq!(
            missing_prerequisites(&advanced, &history("maribel.sanchez@example.org")),
            vec![Prerequisite::Completed { program: CONNECTION.into() }]
        );
        assert_eq!(missing_prerequisites(&group("cos-well-being-en"), &history("someone.new@example.org")).len(), 1);
        assert!(missing_prerequisites(&group("cos-bienestar-es"), &history("yesenia.alvarez@example.org")).is_empty());
    }

    #[test]
    fn a_next_term_group_has_registration_not_yet_open() {
        use village_shared::rules::registration::{registration_state, RegistrationState};
        let demo = demo_groups(today());
        let spring = demo.iter().find(|d| d.group.id == "cos-bienestar-es-spring").unwrap();
        let now = today().and_hms_opt(12, 0, 0).unwrap().and_utc();
        assert!(matches!(
            registration_state(spring.group.registration.as_ref(), now),
            RegistrationState::NotYetOpen { .. }
        ));
        let current = demo.iter().find(|d| d.group.id == "cos-bienestar-es").unwrap();
        assert_eq!(registration_state(current.group.registration.as_ref(), now), RegistrationState::Open);
    }

    #[test]
    fn last_term_is_over_with_completions_and_incentives_both_given_and_owed() {
        use village_shared::api::seat_protocol::RosterSnapshot;
        use village_shared::model::{Signup, SignupStatus};
        use village_shared::rules::progress::progress;
        let last = demo_last_term(today());
        let start = today().and_hms_opt(0, 0, 0).unwrap().and_utc();
        assert!(last.demo.group.sessions.iter().all(|s| s.starts_at < start), "every session is over");
        assert!(group_problems(&last.demo.group, Language::En).is_empty());
        // The shared completion rule over the seeded marks: who completed, what is owed.
        let signups: Vec<Signup> = last
            .demo
            .signups
            .iter()
            .map(|p| Signup {
                id: p.email.clone(),
                group_id: last.demo.group.id.clone(),
                name: p.name.clone(),
                email: p.email.clone(),
                phone: None,
                language: p.language,
                status: SignupStatus::Confirmed,
                waitlist_position: None,
                created_at: start,
                updated_at: start,
            })
            .collect();
        let attendance = last
            .demo
            .group
            .sessions
            .iter()
            .zip(&last.present)
            .map(|(s, emails)| (s.starts_at.timestamp(), emails.clone()))
            .collect();
        let incentives = last.given.iter().cloned().collect();
        let snapshot = RosterSnapshot { signups, attendance, incentives, ..Default::default() };
        let people = progress(&last.demo.group, &snapshot);
        let completed = people.iter().filter(|p| p.completed).count();
        let owed = people.iter().filter(|p| p.stipend_owed || p.kit_owed).count();
        assert_eq!((completed, owed), (5, 4), "5 of 8 completed; one has everything, four are owed something");
    }

    #[test]
    fn sessions_are_in_the_future_and_at_local_evening_times() {
        let demo = demo_groups(today());
        let start = today().and_hms_opt(0, 0, 0).unwrap().and_utc();
        for d in &demo {
            assert!(d.group.sessions.iter().all(|s| s.starts_at > start), "{}", d.group.id);
        }
        // 18:30 in California is 02:30 UTC the next day in winter (PST, UTC-8).
        let well_being = demo.iter().find(|d| d.group.id == "cos-well-being-en").unwrap();
        assert_eq!(well_being.group.sessions[0].starts_at.format("%H:%M").to_string(), "02:30");
    }
}

/// A Norfolk signposting directory: real kinds of services with invented details (names,
/// numbers and addresses are made up). Most were checked lately; one is ageing (checked seven
/// months ago) and one was last checked over a year ago, so it is out of the public list and
/// waiting in the leaders' queue.
pub fn demo_directory(today: NaiveDate) -> Vec<village_shared::model::DirectoryEntry> {
    use village_shared::model::{AgeRange, Bilingual, Checker, DirectoryEntry, ServiceCategory, ServiceDetails};
    let entry = |id: &str,
                 category: ServiceCategory,
                 name: (&str, &str),
                 organization: &str,
                 description: (&str, &str),
                 place: (&str, &str, &str),
                 phone: &str,
                 languages: &[&str],
                 ages: Option<(u8, u8)>,
                 opening: (&str, &str),
                 checked_days_ago: i64| DirectoryEntry {
        id: id.into(),
        service: ServiceDetails {
            organization: organization.into(),
            name: Bilingual::new(name.0, name.1),
            description: Bilingual::new(description.0, description.1),
            category,
            area: place.0.into(),
            address: Some(place.1.into()),
            postcode: Some(place.2.into()),
            point: None,
            phone: Some(phone.into()),
            email: None,
            website: None,
            languages: languages.iter().map(|l| l.to_string()).collect(),
            ages: ages.map(|(min_years, max_years)| AgeRange { min_years, max_years }),
            opening_times: Bilingual::new(opening.0, opening.1),
        },
        checked_on: today - Duration::days(checked_days_ago),
        checked_by: if checked_days_ago > 300 { Checker::Import } else { Checker::Leader },
        edited_at: (today - Duration::days(checked_days_ago)).and_hms_opt(10, 0, 0).expect("a time").and_utc(),
        retired: false,
    };
    vec![
        entry(
            "norwich-north-family-hub",
            ServiceCategory::FamilyHub,
            ("Norwich North Family Hub", "Family Hub del norte de Norwich"),
            "Norfolk County Council",
            ("Your first stop for help with children 0–19: stay-and-play, infant feeding, money advice and someone to talk to.",
             "Tu primer lugar para pedir ayuda con niños de 0 a 19 años: juego en familia, alimentación infantil, consejo sobre dinero y alguien con quien hablar."),
            ("Mile Cross, Norwich", "Hub House, 3 Sample Road, Norwich", "NR3 2AA"),
            "01603 000 101",
            &["en", "pl", "pt"],
            Some((0, 19)),
            ("Mon–Fri 9:00–17:00", "lun–vie 9:00–17:00"),
            20,
        ),
        entry(
            "norwich-health-visiting-team",
            ServiceCategory::HealthVisiting,
            ("Health visiting team (Norwich)", "Equipo de enfermería de salud infantil (Norwich)"),
            "Norfolk Healthy Child Programme",
            ("Health visitors for every family with a child under five: development reviews, sleep, feeding and wellbeing. Interpreters on request.",
             "Enfermeras de salud infantil para toda familia con menores de cinco años: revisiones del desarrollo, sueño, alimentación y bienestar. Intérpretes si lo pides."),
            ("Norwich", "Example Clinic, 10 Test Street, Norwich", "NR1 3AA"),
            "0300 000 0102",
            &["en", "es"],
            Some((0, 5)),
            ("Mon–Fri 9:00–17:00; text line every day", "lun–vie 9:00–17:00; mensajes de texto todos los días"),
            45,
        ),
        entry(
            "mile-cross-library-rhyme-time",
            ServiceCategory::Library,
            ("Mile Cross Library: Rhyme Time", "Biblioteca de Mile Cross: canciones y rimas"),
            "Norfolk Library Service",
            ("Free songs and rhymes for babies and toddlers, and a library card for every child.",
             "Canciones y rimas gratis para bebés y niños pequeños, y un carné de biblioteca para cada niño."),
            ("Mile Cross, Norwich", "Library Lane, Norwich", "NR3 2AB"),
            "0344 000 0103",
            &["en"],
            Some((0, 4)),
            ("Rhyme Time Tuesdays 10:30", "Canciones los martes 10:30"),
            10,
        ),
        entry(
            "norwich-community-food-bank",
            ServiceCategory::FoodBank,
            ("Norwich Community Food Bank", "Banco de alimentos comunitario de Norwich"),
            "Example Food Partnership",
            ("Emergency food parcels with a referral from your Family Hub, health visitor or GP; baby milk and nappies too.",
             "Paquetes de comida de emergencia con la derivación de tu Family Hub, enfermera o médico; también leche infantil y pañales."),
            ("Norwich", "Unit 4, Sample Yard, Norwich", "NR2 4AA"),
            "01603 000 104",
            &["en", "es", "pl"],
            None,
            ("Tue and Fri 10:00–13:00", "mar y vie 10:00–13:00"),
            60,
        ),
        entry(
            "west-norfolk-speech-and-language",
            ServiceCategory::SpeechAndLanguage,
            ("Early talk drop-in (King's Lynn)", "Encuentro sobre el habla temprana (King's Lynn)"),
            "West Norfolk Children's Therapy",
            ("Worried about how your child is talking? Drop in to see a speech and language therapist, no referral needed.",
             "¿Te preocupa cómo habla tu hijo o hija? Ven a ver a una logopeda sin cita ni derivación."),
            ("King's Lynn, Norfolk", "Example Children's Centre, King's Lynn", "PE30 1AA"),
            "01553 000 105",
            &["en"],
            Some((1, 5)),
            ("First Thursday of the month 13:30–15:30", "Primer jueves del mes 13:30–15:30"),
            // Ageing: checked seven months ago.
            213,
        ),
        entry(
            "norwich-parenting-course",
            ServiceCategory::ParentingCourse,
            ("Incredible Years parenting course", "Curso para madres y padres Incredible Years"),
            "Example Parenting Partnership",
            ("Ten weekly sessions for parents of toddlers, with a crèche.", "Diez sesiones semanales para madres y padres de niños pequeños, con guardería."),
            ("Norwich", "Example Church Hall, Norwich", "NR5 8AA"),
            "01603 000 106",
            &["en"],
            Some((1, 4)),
            ("Wednesdays in term time 9:30–11:30", "Miércoles en periodo escolar 9:30–11:30"),
            // Past twelve months unchecked: out of the public list until someone checks it.
            400,
        ),
    ]
}

#[cfg(test)]
mod directory_tests {
    use super::*;
    use village_shared::rules::directory::{entry_problems, freshness, is_entry_id, Freshness};

    #[test]
    fn the_demo_directory_is_valid_mostly_fresh_with_one_ageing_and_one_hidden() {
        let today: NaiveDate = "2026-12-01".parse().unwrap();
        let entries = demo_directory(today);
        for e in &entries {
            assert!(is_entry_id(&e.id), "{}", e.id);
            assert_eq!(entry_problems(&e.service, Language::En), vec![], "{}", e.id);
        }
        let count = |f| entries.iter().filter(|e| freshness(e.checked_on, today) == f).count();
        assert_eq!((count(Freshness::Ageing), count(Freshness::Hidden)), (1, 1));
        assert!(count(Freshness::Fresh) >= 3);
    }
}
