//! The HTTP contract, against the real local stack: wrangler dev (workerd), real Workers KV and
//! real Durable Objects. The tests share one stack; each uses its own groups.

use std::collections::BTreeSet;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use village_tests::api::{series, unique_id, Answer, Api};
use village_tests::Stack;

fn stack() -> &'static Stack {
    static STACK: OnceLock<Stack> = OnceLock::new();
    STACK.get_or_init(Stack::start)
}

async fn api_with_group(prefix: &str, capacity: u32) -> (Api, String) {
    let api = Api::new(stack());
    let group = series(&unique_id(prefix), capacity);
    api.put_group(&group).await;
    (api, group.id)
}

async fn detail(api: &Api, id: &str) -> Value {
    let answer = api.get(&format!("/api/groups/{id}")).await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer.body
}

fn assert_error(answer: &Answer, status: u16, code: &str) {
    assert_eq!(answer.status, status, "{:?}", answer.body);
    assert_eq!(answer.error_code(), code, "{:?}", answer.body);
    let message = answer.body["error"]["message"].as_str().unwrap_or("");
    assert!(!message.is_empty(), "an error says what happened: {:?}", answer.body);
    assert_eq!(answer.headers["content-type"], "application/json");
}

#[tokio::test]
async fn a_signup_with_seats_left_is_confirmed_with_an_unguessable_manage_token() {
    let (api, id) = api_with_group("confirm", 12).await;
    let answer = api.sign_up(&id, "Rosa Martínez", "Rosa@Example.org").await;
    assert_eq!(answer.status, 201, "{:?}", answer.body);
    assert_eq!(answer.body["signup"]["status"], "confirmed");
    assert_eq!(answer.body["signup"]["waitlist_position"], Value::Null);
    assert_eq!(answer.body["signup"]["email"], "rosa@example.org", "email normalized");
    let token = answer.body["manage_token"].as_str().expect("a manage token");
    // The link names its group, whose object checks it; the secret is what makes it unguessable.
    let (group, secret) = token.split_once('_').expect("{group id}_{secret}");
    assert_eq!(group, id);
    assert!(secret.len() >= 32 && secret.chars().all(|c| c.is_ascii_hexdigit()), "≥128 random bits, hex: {token}");

    let manage = api.get(&format!("/api/manage/{token}")).await;
    assert_eq!(manage.status, 200, "{:?}", manage.body);
    assert_eq!(manage.body["signup"]["name"], "Rosa Martínez");
    assert_eq!(manage.body["group"]["id"], id.as_str());
    assert_eq!(detail(&api, &id).await["seats_left"], 11);

    // A link is the whole token: its secret under another group's name, or a secret one digit
    // off, leads nowhere.
    let (_, other) = api_with_group("confirm-other", 12).await;
    assert_eq!(api.sign_up(&other, "Ben", "ben@example.org").await.status, 201);
    let mut off = secret.to_string();
    off.replace_range(..1, if secret.starts_with('0') { "1" } else { "0" });
    for guess in [format!("{other}_{secret}"), format!("{id}_{off}"), format!("{id}_{}", &secret[1..]), secret.to_string()] {
        assert_error(&api.get(&format!("/api/manage/{guess}")).await, 404, "signup_not_found");
    }
}

#[tokio::test]
async fn past_capacity_people_are_waitlisted_in_order_with_positions() {
    let (api, id) = api_with_group("waitlist", 2).await;
    let mut statuses = vec![];
    for n in 0..5 {
        let a = api.sign_up(&id, &format!("Person {n}"), &format!("p{n}@example.org")).await;
        assert_eq!(a.status, 201);
        statuses.push((a.body["signup"]["status"].clone(), a.body["signup"]["waitlist_position"].clone()));
    }
    assert_eq!(
        statuses,
        vec![
            (json!("confirmed"), Value::Null),
            (json!("confirmed"), Value::Null),
            (json!("waitlisted"), json!(1)),
            (json!("waitlisted"), json!(2)),
            (json!("waitlisted"), json!(3)),
        ]
    );
    let d = detail(&api, &id).await;
    assert_eq!((d["seats_left"].as_u64(), d["waitlist_length"].as_u64()), (Some(0), Some(3)));
}

#[tokio::test]
async fn cancelling_promotes_the_head_of_the_waitlist() {
    let (api, id) = api_with_group("promote", 1).await;
    let first = api.sign_up(&id, "Ana", "ana@example.org").await;
    let second = api.sign_up(&id, "Ben", "ben@example.org").await;
    let third = api.sign_up(&id, "Cruz", "cruz@example.org").await;
    let token = |a: &Answer| a.body["manage_token"].as_str().unwrap().to_string();

    let cancelled = api.delete(&format!("/api/manage/{}", token(&first))).await;
    assert_eq!(cancelled.status, 200, "{:?}", cancelled.body);
    assert_eq!(cancelled.body["signup"]["status"], "cancelled");

    let ben = api.get(&format!("/api/manage/{}", token(&second))).await;
    assert_eq!(ben.body["signup"]["status"], "confirmed", "the head of the waitlist takes the seat");
    let cruz = api.get(&format!("/api/manage/{}", token(&third))).await;
    assert_eq!(cruz.body["signup"]["waitlist_position"], 1, "everyone behind moves up");

    let again = api.delete(&format!("/api/manage/{}", token(&first))).await;
    assert_eq!(again.status, 200, "cancelling twice is harmless");
    assert_eq!(detail(&api, &id).await["waitlist_length"], 1, "and promotes nobody else");
}

#[tokio::test]
async fn the_same_person_twice_is_the_same_signup_and_the_link_is_not_revealed_again() {
    let (api, id) = api_with_group("twice", 5).await;
    let first = api.sign_up(&id, "Ana", "ana@example.org").await;
    let again = api.sign_up(&id, "Ana Ruiz", "  ANA@example.ORG ").await;
    assert_eq!(first.status, 201);
    assert_eq!(again.status, 200, "{:?}", again.body);
    assert_eq!(again.body["signup"], Value::Null, "nothing stored is told to whoever typed the address");
    assert_eq!(again.body["already_signed_up"], true);
    assert_eq!(again.body["manage_token"], Value::Null, "someone who knows an email must not get its manage link");
    assert_eq!(detail(&api, &id).await["seats_left"], 4, "one seat, not two");
}

#[tokio::test]
async fn bad_input_gets_a_clear_error_and_nothing_is_stored() {
    let (api, id) = api_with_group("bad", 3).await;
    let path = format!("{}/api/groups/{id}/signups", api.base);
    let raw = |body: &'static str| api.http.post(&path).header("content-type", "application/json").body(body);

    assert_error(&api.send(raw("{not json")).await, 400, "malformed_json");
    assert_error(&api.send(raw("[1, 2]")).await, 400, "malformed_json");
    assert_error(
        &api.send(api.http.post(&path).header("content-type", "text/plain").body("name=Ana")).await,
        415,
        "unsupported_media_type",
    );
    let huge = format!(r#"{{"name": "{}", "email": "a@b.co"}}"#, "x".repeat(200_000));
    assert_error(
        &api.send(api.http.post(&path).header("content-type", "application/json").body(huge)).await,
        413,
        "payload_too_large",
    );

    let missing = api.post_json(&format!("/api/groups/{id}/signups"), &json!({})).await;
    assert_error(&missing, 422, "invalid_fields");
    let fields: BTreeSet<&str> =
        missing.body["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, BTreeSet::from(["name", "email"]));

    let wrong_types = api.post_json(&format!("/api/groups/{id}/signups"), &json!({"name": 7, "email": true})).await;
    assert_error(&wrong_types, 422, "invalid_fields");
    let bad_email =
        api.post_json(&format!("/api/groups/{id}/signups"), &json!({"name": "Ana", "email": "ana at home"})).await;
    assert_error(&bad_email, 422, "invalid_fields");
    assert_eq!(bad_email.body["error"]["fields"][0]["field"], "email");
    let bad_language = api
        .post_json(&format!("/api/groups/{id}/signups"), &json!({"name": "Ana", "email": "a@b.co", "language": "fr"}))
        .await;
    assert_error(&bad_language, 422, "invalid_fields");

    assert_error(&api.sign_up("no-such-group", "Ana", "ana@example.org").await, 404, "group_not_found");
    assert_error(&api.get("/api/groups/no-such-group").await, 404, "group_not_found");
    assert_error(&api.get(&format!("/api/manage/{}", "0".repeat(64))).await, 404, "signup_not_found");
    assert_error(&api.get("/api/manage/short").await, 404, "signup_not_found");
    assert_error(&api.get(&format!("/api/manage/{id}_{}", "0".repeat(64))).await, 404, "signup_not_found");
    assert_error(&api.get(&format!("/api/manage/No_Such_{}", "0".repeat(64))).await, 404, "signup_not_found");
    assert_error(&api.delete(&format!("/api/manage/{}", "f".repeat(64))).await, 404, "signup_not_found");
    assert_error(&api.get("/api/nothing-here").await, 404, "not_found");
    let wrong_method = api.delete(&format!("/api/groups/{id}")).await;
    assert_error(&wrong_method, 405, "method_not_allowed");
    assert_eq!(wrong_method.headers["allow"], "GET");

    let d = detail(&api, &id).await;
    assert_eq!((d["seats_left"].as_u64(), d["waitlist_length"].as_u64()), (Some(3), Some(0)), "nothing was stored");
}

#[tokio::test]
async fn errors_speak_the_language_of_the_request() {
    let (api, id) = api_with_group("lang", 3).await;
    let url = format!("{}/api/groups/{id}/signups", api.base);
    let spanish =
        api.send(api.http.post(&url).header("accept-language", "es-MX,es;q=0.9").json(&json!({"email": "x"}))).await;
    assert_error(&spanish, 422, "invalid_fields");
    assert_eq!(spanish.body["error"]["message"], "Revisa algunas de tus respuestas.");
    let field = spanish.body["error"]["fields"][0]["message"].as_str().unwrap();
    assert_eq!(field, "Escribe tu nombre.");
    // The language chosen on the form wins over the browser's.
    let chosen = api.send(api.http.post(&url).header("accept-language", "en").json(&json!({"language": "es"}))).await;
    assert_eq!(chosen.body["error"]["message"], "Revisa algunas de tus respuestas.");
    let english = api.get("/api/groups/nope").await;
    assert_eq!(english.body["error"]["message"], "We couldn't find that group. It may have been removed.");
}

#[tokio::test]
async fn a_drop_in_takes_no_signups() {
    let api = Api::new(stack());
    let mut group = series(&unique_id("dropin"), 0);
    group.kind = village_shared::model::GroupKind::DropIn;
    api.put_group(&group).await;
    assert_error(&api.sign_up(&group.id, "Ana", "ana@example.org").await, 409, "signup_not_needed");
}

#[tokio::test]
async fn two_hundred_simultaneous_signups_for_twelve_seats_confirm_exactly_twelve() {
    let (api, id) = api_with_group("crowd", 12).await;
    let requests = (0..200).map(|n| {
        let api = api.clone();
        let id = id.clone();
        tokio::spawn(
            async move { api.sign_up(&id, &format!("Provider {n}"), &format!("provider{n}@example.org")).await },
        )
    });
    let answers: Vec<Answer> =
        futures::future::join_all(requests).await.into_iter().map(|r| r.expect("task")).collect();
    assert!(answers.iter().all(|a| a.status == 201), "every request answered 201");
    let confirmed = answers.iter().filter(|a| a.body["signup"]["status"] == "confirmed").count();
    let mut positions: Vec<u64> =
        answers.iter().filter_map(|a| a.body["signup"]["waitlist_position"].as_u64()).collect();
    positions.sort();
    assert_eq!(confirmed, 12);
    assert_eq!(positions, (1..=188).collect::<Vec<u64>>(), "positions 1..188, none lost, none duplicated");
    let ids: BTreeSet<&str> = answers.iter().map(|a| a.body["signup"]["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 200, "200 distinct signups");
    let d = detail(&api, &id).await;
    assert_eq!((d["seats_left"].as_u64(), d["waitlist_length"].as_u64()), (Some(0), Some(188)));
}

#[tokio::test]
async fn the_catalogue_lists_groups_with_their_seats_from_one_document() {
    let (api, id) = api_with_group("catalogue", 4).await;
    api.sign_up(&id, "Ana", "ana@example.org").await;
    // The catalogue document is rewritten at most about once a second; wait for it.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let entry = api.catalogue().await.into_iter().find(|g| g["id"] == id.as_str());
        if let Some(g) = entry.filter(|g| g["seats_left"] == 3) {
            assert_eq!(g["kind"], "series");
            assert_eq!(g["capacity"], 4);
            assert_eq!(g["title"]["es"], format!("Serie de prueba {id}"));
            assert_eq!(g["session_count"], 3);
            return;
        }
        assert!(Instant::now() < deadline, "the catalogue never showed {id} with 3 seats left: {:?}", api.get("/api/groups").await.body);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn every_response_carries_the_security_headers_and_client_routes_get_the_app() {
    let api = Api::new(stack());
    for path in ["/api/groups", "/api/nope"] {
        let a = api.get(path).await;
        assert_eq!(a.headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(a.headers["referrer-policy"], "no-referrer", "{path}");
        assert!(a.headers["content-security-policy"].to_str().unwrap().contains("default-src 'none'"), "{path}");
    }
    // An unknown group's page is the app too (it says the group is not found), answered 404 so
    // that search engines drop it.
    for (path, status) in [("/", 200), ("/groups/some-group", 404), ("/manage/abc", 200)] {
        let response = api.http.get(format!("{}{path}", api.base)).send().await.unwrap();
        assert_eq!(response.status(), status, "{path}");
        let csp = response.headers()["content-security-policy"].to_str().unwrap().to_string();
        assert!(
            csp.contains("default-src 'self'") && csp.contains("'wasm-unsafe-eval'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
        let body = response.text().await.unwrap();
        assert!(body.contains("<link rel=\"manifest\""), "{path} serves the app shell");
    }
    let manifest: Value =
        api.http.get(format!("{}/manifest.webmanifest", api.base)).send().await.unwrap().json().await.unwrap();
    assert_eq!(manifest["display"], "standalone");
    let sizes: BTreeSet<&str> =
        manifest["icons"].as_array().unwrap().iter().filter_map(|i| i["sizes"].as_str()).collect();
    assert!(sizes.contains("192x192") && sizes.contains("512x512"));
    assert!(manifest["icons"].as_array().unwrap().iter().any(|i| i["purpose"] == "maskable"));
}

#[tokio::test]
async fn state_survives_a_restart_and_dev_routes_exist_only_in_development() {
    // Its own stack: this test stops and restarts the runtime.
    let state = village_tests::stack::fresh_dir("restart");
    let first = Stack::start_at(&state, true);
    let api = Api::new(&first);
    let group = series("restart-group", 1);
    api.put_group(&group).await;
    let ana = api.sign_up(&group.id, "Ana", "ana@example.org").await;
    let ben = api.sign_up(&group.id, "Ben", "ben@example.org").await;
    let state = first.stop();

    // Restarted as production would run: same state, no development routes.
    let second = Stack::start_at(&state, false);
    let api = Api::new(&second);
    let d = detail(&api, &group.id).await;
    assert_eq!((d["seats_left"].as_u64(), d["waitlist_length"].as_u64()), (Some(0), Some(1)));
    let token = ana.body["manage_token"].as_str().unwrap();
    assert_eq!(api.get(&format!("/api/manage/{token}")).await.body["signup"]["status"], "confirmed");
    api.delete(&format!("/api/manage/{token}")).await;
    let ben_token = ben.body["manage_token"].as_str().unwrap();
    assert_eq!(api.get(&format!("/api/manage/{ben_token}")).await.body["signup"]["status"], "confirmed");
    let dev = api.send(api.http.put(format!("{}/api/dev/groups/{}", api.base, group.id)).json(&group)).await;
    assert_error(&dev, 404, "not_found");
}

#[tokio::test]
async fn signups_are_refused_outside_the_registration_window_and_nothing_is_stored() {
    let api = Api::new(stack());
    let now = chrono::Utc::now();
    let mut later = series(&unique_id("window-later"), 5);
    later.registration = Some(village_shared::model::RegistrationWindow {
        opens_at: now + chrono::Duration::days(30),
        closes_at: now + chrono::Duration::days(60),
    });
    let mut past = series(&unique_id("window-past"), 5);
    past.registration = Some(village_shared::model::RegistrationWindow {
        opens_at: now - chrono::Duration::days(60),
        closes_at: now - chrono::Duration::days(1),
    });
    let mut open = series(&unique_id("window-open"), 5);
    open.registration = Some(village_shared::model::RegistrationWindow {
        opens_at: now - chrono::Duration::days(1),
        closes_at: now + chrono::Duration::days(1),
    });
    for g in [&later, &past, &open] {
        api.put_group(g).await;
    }
    assert_error(&api.sign_up(&later.id, "Ana", "ana@example.org").await, 409, "registration_not_open");
    assert_error(&api.sign_up(&past.id, "Ana", "ana@example.org").await, 409, "registration_closed");
    assert_eq!(api.sign_up(&open.id, "Ana", "ana@example.org").await.status, 201);
    for g in [&later, &past] {
        assert_eq!(detail(&api, &g.id).await["seats_left"], 5, "nothing stored for {}", g.id);
    }
    let d = detail(&api, &later.id).await;
    assert!(d["registration"]["opens_at"].is_string(), "the window is public: {d}");
}

#[tokio::test]
async fn a_prerequisite_not_met_is_refused_with_the_next_step_and_history_opens_the_door() {
    use village_shared::model::Prerequisite;
    let api = Api::new(stack());
    let info_program = unique_id("info-program");
    let mut info = series(&unique_id("info"), 40);
    info.kind = village_shared::model::GroupKind::InfoSession;
    info.program = Some(info_program.clone());
    api.put_group(&info).await;
    let mut cos = series(&unique_id("cos"), 12);
    cos.prerequisites = vec![Prerequisite::Attended { program: info_program.clone() }];
    api.put_group(&cos).await;

    // The next step is looked up in the catalogue, which is rewritten about once a second.
    let email = format!("{}@example.org", unique_id("new-provider"));
    let deadline = Instant::now() + Duration::from_secs(10);
    let refused = loop {
        let answer = api.sign_up(&cos.id, "Nueva", &email).await;
        assert_error(&answer, 409, "not_eligible");
        if answer.body["error"]["next_step"]["group_id"].is_string() || Instant::now() > deadline {
            break answer;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    };
    let step = &refused.body["error"]["next_step"];
    assert_eq!(step["group_id"], info.id.as_str(), "{step}");
    assert!(step["missing"]["attended"].is_object(), "{step}");
    assert!(step["reason"].as_str().unwrap().contains(&format!("Test series {}", info.id)), "{step}");
    assert_eq!(detail(&api, &cos.id).await["seats_left"], 12, "nothing stored");

    // Having attended the information session, the same person is welcome.
    let history = json!([{ "group_id": info.id, "program": info_program, "sessions_total": 1, "sessions_attended": 1, "completion_percent": 75 }]);
    api.put_history(&email.to_uppercase(), &history).await;
    let joined = api.sign_up(&cos.id, "Nueva", &email).await;
    assert_eq!(joined.status, 201, "{:?}", joined.body);
}

/// A prerequisite's programme is named in the group's own answer, by the title of the group
/// that names it in each language (the soonest, one in that language first): the group's page
/// asks nothing more, and the Worker's drawing shows the name in the language asked for.
#[tokio::test]
async fn a_groups_answer_names_the_programmes_its_prerequisites_need() {
    use village_shared::model::Prerequisite;
    let api = Api::new(stack());
    let program = unique_id("intro");
    let mut english = series(&unique_id("intro-en"), 10);
    english.program = Some(program.clone());
    let mut spanish = series(&unique_id("intro-es"), 10);
    spanish.program = Some(program.clone());
    spanish.language = village_shared::Language::Es;
    for session in &mut spanish.sessions {
        session.starts_at += chrono::Duration::days(30);
    }
    api.put_group(&english).await;
    api.put_group(&spanish).await;
    let mut next = series(&unique_id("next"), 10);
    let gone = unique_id("no-groups");
    next.prerequisites =
        vec![Prerequisite::Completed { program: program.clone() }, Prerequisite::Attended { program: gone }];
    api.put_group(&next).await;

    // The catalogue lists a group about a second after it is written.
    let named = json!([{ "program": program, "name": { "en": english.title.en, "es": spanish.title.es } }]);
    let deadline = Instant::now() + Duration::from_secs(10);
    let answer = loop {
        let answer = detail(&api, &next.id).await;
        if answer["programmes"] == named || Instant::now() > deadline {
            break answer;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    };
    assert_eq!(answer["programmes"], named, "a programme no group is listed of is not named");
    for (lang, name) in [("en", &english.title.en), ("es", &spanish.title.es)] {
        let page = api.http.get(format!("{}/groups/{}?lang={lang}", api.base, next.id)).send().await.unwrap();
        let html = page.text().await.unwrap();
        assert!(html.contains(&format!(" {name}</li>")), "{lang}: the prerequisite named in the list: {html}");
    }
}

#[tokio::test]
async fn the_advanced_series_needs_both_earlier_series_completed() {
    use village_shared::model::Prerequisite;
    let api = Api::new(stack());
    let (a, b) = (unique_id("well-being"), unique_id("connection"));
    let mut advanced = series(&unique_id("advanced"), 8);
    advanced.prerequisites =
        vec![Prerequisite::Completed { program: a.clone() }, Prerequisite::Completed { program: b.clone() }];
    advanced.incentives = Default::default();
    api.put_group(&advanced).await;
    let record = |program: &str, attended: u32| json!({ "group_id": program, "program": program, "sessions_total": 6, "sessions_attended": attended, "completion_percent": 75 });

    api.put_history("half@example.org", &json!([record(&a, 6), record(&b, 3)])).await;
    let refused = api.sign_up(&advanced.id, "Half", "half@example.org").await;
    assert_error(&refused, 409, "not_eligible");
    // Worded from the group's rule (both series), not from what this person has done.
    assert_eq!(refused.body["error"]["next_step"]["missing"], json!({"completed": {"program": a}}));
    let reason = refused.body["error"]["next_step"]["reason"].as_str().unwrap();
    assert!(reason.contains(&a) && reason.contains(&b), "{reason}");

    api.put_history("both@example.org", &json!([record(&a, 6), record(&b, 5)])).await;
    assert_eq!(api.sign_up(&advanced.id, "Both", "both@example.org").await.status, 201);
}

/// Run the scheduled job once, as the cron would. One run at a time: tests share the stack,
/// and the real cron never overlaps itself (every 15 minutes).
async fn scheduled_job(api: &Api) -> reqwest::StatusCode {
    static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    let _turn = ONE_AT_A_TIME.lock().await;
    let answer = api.http.get(format!("{}/__scheduled?cron=*/15+*+*+*+*", api.base)).send().await;
    answer.expect("the stack answers").status()
}

async fn outbox(api: &Api, to: &str) -> Vec<Value> {
    let answer = api.get(&format!("/api/dev/outbox?to={to}")).await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer.body["messages"].as_array().unwrap().clone()
}

#[tokio::test]
async fn people_are_told_in_their_language_when_confirmed_waitlisted_and_promoted() {
    let (api, id) = api_with_group("messages", 1).await;
    let first = api
        .post_json(
            &format!("/api/groups/{id}/signups"),
            &json!({"name": "Ana", "email": "ana.msg@example.org", "language": "es"}),
        )
        .await;
    let second = api
        .post_json(
            &format!("/api/groups/{id}/signups"),
            &json!({"name": "Ben", "email": "ben.msg@example.org", "language": "en"}),
        )
        .await;
    let ana = outbox(&api, "ana.msg@example.org").await;
    assert_eq!(ana.len(), 1, "{ana:?}");
    assert_eq!(ana[0]["kind"], "confirmation");
    assert_eq!(ana[0]["language"], "es");
    assert_eq!(ana[0]["status"], "sent", "locally the outbox is the delivery");
    let token = first.body["manage_token"].as_str().unwrap();
    assert!(
        ana[0]["body"].as_str().unwrap().contains(&format!("/manage/{token}")),
        "the confirmation carries the manage link"
    );
    assert!(ana[0]["subject"].as_str().unwrap().starts_with("Tu lugar está confirmado"));
    let ben = outbox(&api, "ben.msg@example.org").await;
    assert_eq!(ben[0]["kind"], "waitlist_placed");
    assert!(ben[0]["body"].as_str().unwrap().contains("number 1"));

    api.delete(&format!("/api/manage/{token}")).await;
    let ben = outbox(&api, "ben.msg@example.org").await;
    assert_eq!(ben.len(), 2, "{ben:?}");
    assert_eq!(ben[0]["kind"], "promoted", "newest first");
    let ben_token = second.body["manage_token"].as_str().unwrap();
    assert!(
        ben[0]["body"].as_str().unwrap().contains(&format!("/manage/{ben_token}")),
        "the promotion carries Ben's own link"
    );
    assert_eq!(outbox(&api, "ana.msg@example.org").await[0]["kind"], "cancelled");
}

#[tokio::test]
async fn each_reminder_goes_once_24_hours_before_a_session_from_the_groups_own_alarm() {
    let api = Api::new(stack());
    let mut group = series(&unique_id("reminder"), 5);
    group.sessions[0].starts_at = chrono::Utc::now() + chrono::Duration::hours(23);
    api.put_group(&group).await;
    let email = format!("{}@example.org", unique_id("remind-me"));
    api.post_json(
        &format!("/api/groups/{}/signups", group.id),
        &json!({"name": "Rosa", "email": email, "language": "es"}),
    )
    .await;
    // The group's object keeps its own alarm for reminders: no job needs to run, or read
    // every group.
    let reminders = |messages: Vec<Value>| messages.into_iter().filter(|m| m["kind"] == "reminder").collect::<Vec<_>>();
    let deadline = Instant::now() + Duration::from_secs(20);
    let first = loop {
        let sent = reminders(outbox(&api, &email).await);
        if !sent.is_empty() || Instant::now() > deadline {
            break sent;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    };
    assert_eq!(first.len(), 1, "{first:?}");
    assert!(first[0]["subject"].as_str().unwrap().starts_with("Mañana:"));
    assert!(
        first[0]["body"].as_str().unwrap().contains("PST") || first[0]["body"].as_str().unwrap().contains("PDT"),
        "the time with its zone named"
    );
    assert!(scheduled_job(&api).await.is_success());
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(reminders(outbox(&api, &email).await).len(), 1, "never twice");
}

#[tokio::test]
async fn a_message_that_cannot_be_delivered_stays_pending_with_its_error_until_its_retry_time() {
    // Its own stack, with an email API that refuses connections.
    let state = village_tests::stack::fresh_dir("mailer-down");
    let down = Stack::start_with(&state, true, &[("EMAIL_API_URL", "http://127.0.0.1:9/send")]);
    let api = Api::new(&down);
    let group = series("mailer-down", 3);
    api.put_group(&group).await;
    let signup = api.sign_up(&group.id, "Ana", "ana@example.org").await;
    assert_eq!(signup.status, 201, "the signup itself succeeds: {:?}", signup.body);
    let messages = outbox(&api, "ana@example.org").await;
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["status"], "pending");
    assert_eq!(messages[0]["attempts"], 1);
    assert!(messages[0]["last_error"].is_string());
    // Not due yet: the job leaves it alone.
    scheduled_job(&api).await;
    assert_eq!(outbox(&api, "ana@example.org").await[0]["attempts"], 1);
}

#[tokio::test]
async fn the_manage_link_updates_details_and_gives_a_calendar_and_the_meeting_link_only_to_the_confirmed() {
    let (api, id) = api_with_group("manage", 1).await;
    let private = json!({ "meeting_link": "https://meet.example/cos-123", "address": null });
    let put = api.send(api.http.put(format!("{}/api/dev/groups/{id}/private", api.base)).json(&private)).await;
    assert_eq!(put.status, 200);
    let ana = api.sign_up(&id, "Ana", "ana.manage@example.org").await;
    let ben = api.sign_up(&id, "Ben", "ben.manage@example.org").await;
    let (ana_token, ben_token) =
        (ana.body["manage_token"].as_str().unwrap(), ben.body["manage_token"].as_str().unwrap());

    // The link is private: not in the public answers, not for the waitlisted.
    assert!(!api.get(&format!("/api/groups/{id}")).await.body.to_string().contains("meet.example"));
    assert!(!serde_json::to_string(&api.catalogue().await).unwrap().contains("meet.example"));
    assert_eq!(
        api.get(&format!("/api/manage/{ana_token}")).await.body["private"]["meeting_link"],
        "https://meet.example/cos-123"
    );
    assert_eq!(api.get(&format!("/api/manage/{ben_token}")).await.body["private"], Value::Null);

    // Update details; the place is kept; bad input is refused per field.
    let url = format!("{}/api/manage/{ben_token}", api.base);
    let updated = api
        .send(api.http.patch(&url).json(&json!({"name": "Benjamín", "phone": "(559) 555-0100", "language": "es"})))
        .await;
    assert_eq!(updated.status, 200, "{:?}", updated.body);
    assert_eq!(updated.body["signup"]["name"], "Benjamín");
    assert_eq!(updated.body["signup"]["language"], "es");
    assert_eq!(updated.body["signup"]["waitlist_position"], 1);
    let bad = api.send(api.http.patch(&url).json(&json!({"name": "", "phone": "call me"}))).await;
    assert_error(&bad, 422, "invalid_fields");
    assert_eq!(api.get(&format!("/api/manage/{ben_token}")).await.body["signup"]["name"], "Benjamín", "nothing stored");

    // The calendar: one event per session, UTC instants, the meeting link for the confirmed.
    let response = api.http.get(format!("{}/api/manage/{ana_token}/calendar.ics", api.base)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
    let ics = response.text().await.unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR"), "{ics}");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 3);
    assert!(ics.contains("LOCATION:https://meet.example/cos-123"));
    let ben_ics = api
        .http
        .get(format!("{}/api/manage/{ben_token}/calendar.ics", api.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!ben_ics.contains("meet.example"), "no meeting link for the waitlisted");
    assert!(ben_ics.contains("Sesión 1 de 3"), "in Ben's new language");
}

#[tokio::test]
async fn a_drop_in_counts_ill_come_and_shows_its_join_link_from_15_minutes_before() {
    let api = Api::new(stack());
    let soon = chrono::Utc::now() + chrono::Duration::minutes(10);
    let mut group = series(&unique_id("open-door"), 0);
    group.kind = village_shared::model::GroupKind::DropIn;
    group.sessions[0].starts_at = soon;
    group.sessions[1].starts_at = soon + chrono::Duration::days(28);
    group.sessions.truncate(2);
    api.put_group(&group).await;
    api.send(
        api.http
            .put(format!("{}/api/dev/groups/{}/private", api.base, group.id))
            .json(&json!({"meeting_link": "https://meet.example/open-door"})),
    )
    .await;

    let status = api.get(&format!("/api/groups/{}/drop-in", group.id)).await;
    assert_eq!(status.status, 200, "{:?}", status.body);
    assert_eq!(status.body["going"], 0);
    assert_eq!(status.body["join_link"], "https://meet.example/open-door", "10 minutes before: the link is open");
    let rsvps = format!("/api/groups/{}/rsvps", group.id);
    assert_eq!(api.post_json(&rsvps, &json!({ "device": "phone-aaaa-1111" })).await.body["going"], 1);
    assert_eq!(
        api.post_json(&rsvps, &json!({ "device": "phone-aaaa-1111" })).await.body["going"],
        1,
        "the same phone counts once"
    );
    assert_eq!(api.post_json(&rsvps, &json!({ "device": "phone-bbbb-2222" })).await.body["going"], 2);
    assert_eq!(api.get(&format!("/api/groups/{}/drop-in", group.id)).await.body["going"], 2);
    assert_error(
        &api.post_json(&format!("/api/groups/{}/rsvps", group.id), &json!({"device": "x"})).await,
        422,
        "invalid_fields",
    );

    // A later drop-in: the date is shown, the link is not yet.
    let mut later = group.clone();
    later.id = unique_id("open-door-later");
    later.sessions = vec![group.sessions[1].clone()];
    api.put_group(&later).await;
    api.send(
        api.http
            .put(format!("{}/api/dev/groups/{}/private", api.base, later.id))
            .json(&json!({"meeting_link": "https://meet.example/x"})),
    )
    .await;
    let status = api.get(&format!("/api/groups/{}/drop-in", later.id)).await;
    assert!(status.body["next_session"].is_string());
    assert_eq!(status.body["join_link"], Value::Null);

    let (_, series_id) = api_with_group("not-drop-in", 3).await;
    assert_error(&api.get(&format!("/api/groups/{series_id}/drop-in")).await, 409, "not_a_drop_in");
}

/// The token at the end of a link like `…/updates/confirm/{token}?lang=es` in a message.
fn link_token(body: &str, path: &str) -> String {
    let start = body.find(path).unwrap_or_else(|| panic!("no {path} link in: {body}")) + path.len();
    body[start..].chars().take_while(|c| c.is_ascii_hexdigit()).collect()
}

#[tokio::test]
async fn the_updates_list_is_double_opt_in_tells_people_when_a_group_opens_and_lets_them_leave() {
    let api = Api::new(stack());
    let mut group = series(&unique_id("opens-soon"), 12);
    let now = chrono::Utc::now();
    group.registration = Some(village_shared::model::RegistrationWindow {
        opens_at: now + chrono::Duration::seconds(3),
        closes_at: now + chrono::Duration::days(30),
    });
    api.put_group(&group).await;
    let email = format!("{}@example.org", unique_id("subscriber"));

    assert_error(
        &api.post_json("/api/subscriptions", &json!({"email": "nope", "language": "es"})).await,
        422,
        "invalid_fields",
    );
    assert_error(
        &api.post_json("/api/subscriptions", &json!({"email": email, "language": "es", "group_id": "no-such-group"}))
            .await,
        404,
        "group_not_found",
    );
    let subscribed = api
        .post_json(
            "/api/subscriptions",
            &json!({"email": email, "language": "es", "audiences": ["ffn"], "group_id": group.id}),
        )
        .await;
    assert_eq!(subscribed.status, 200, "{:?}", subscribed.body);
    assert_eq!(subscribed.body["status"], "pending", "nothing is sent until the person confirms");

    // Someone else asks too, but confirms their address only after the opening.
    let late = format!("{}@example.org", unique_id("late-subscriber"));
    let asked =
        api.post_json("/api/subscriptions", &json!({"email": late, "language": "en", "group_id": group.id})).await;
    assert_eq!(asked.body["status"], "pending");

    let confirm = outbox(&api, &email).await;
    assert_eq!(confirm[0]["kind"], "subscription_confirm");
    assert!(confirm[0]["subject"].as_str().unwrap().starts_with("Confirma"));
    let body = confirm[0]["body"].as_str().unwrap();
    let (confirm_token, unsubscribe_token) =
        (link_token(body, "/updates/confirm/"), link_token(body, "/updates/unsubscribe/"));
    assert_error(
        &api.post_json(&format!("/api/subscriptions/confirm/{unsubscribe_token}"), &json!({})).await,
        404,
        "subscription_not_found",
    );
    let confirmed = api.post_json(&format!("/api/subscriptions/confirm/{confirm_token}"), &json!({})).await;
    assert_eq!(confirmed.body["status"], "confirmed");

    // Registration opens; the scheduled job tells them once, with the way out. (Run the job
    // until the window has opened and the catalogue it reads lists the group.)
    let run = || scheduled_job(&api);
    let notices = |all: Vec<Value>| all.into_iter().filter(|m| m["kind"] == "opening_notice").collect::<Vec<_>>();
    let deadline = Instant::now() + Duration::from_secs(20);
    let sent = loop {
        tokio::time::sleep(Duration::from_millis(500)).await;
        run().await;
        let sent = notices(outbox(&api, &email).await);
        if !sent.is_empty() || Instant::now() > deadline {
            break sent;
        }
    };
    assert_eq!(sent.len(), 1, "{sent:?}");
    let notice = sent[0]["body"].as_str().unwrap();
    assert!(
        notice.contains(&format!("/groups/{}", group.id))
            && notice.contains(&format!("/updates/unsubscribe/{unsubscribe_token}")),
        "{notice}"
    );
    run().await;
    assert_eq!(notices(outbox(&api, &email).await).len(), 1, "never twice");

    assert!(notices(outbox(&api, &late).await).is_empty(), "not before they confirm");
    let late_confirm = outbox(&api, &late).await[0]["body"].as_str().unwrap().to_string();
    api.post_json(
        &format!("/api/subscriptions/confirm/{}", link_token(&late_confirm, "/updates/confirm/")),
        &json!({}),
    )
    .await;
    run().await;
    run().await;
    let told = notices(outbox(&api, &late).await);
    assert_eq!(told.len(), 1, "confirming after the opening still brings the notice, once: {told:?}");
    assert!(told[0]["subject"].as_str().unwrap().contains("open"), "{:?}", told[0]["subject"]);

    // A group that is archived before it opens: nobody is told, and its watches are let go.
    let mut shelved = series(&unique_id("shelved"), 12);
    shelved.registration = Some(village_shared::model::RegistrationWindow {
        opens_at: now + chrono::Duration::days(7),
        closes_at: now + chrono::Duration::days(30),
    });
    api.put_group(&shelved).await;
    api.post_json("/api/subscriptions", &json!({"email": email, "language": "es", "group_id": shelved.id})).await;
    let watch = format!("/api/dev/kv?contains=notify:{}:", shelved.id);
    // A subscriber's change waits for them to confirm it, from their email.
    let change = outbox(&api, &email).await.into_iter().find(|m| m["kind"] == "subscription_confirm").unwrap();
    let change_token = link_token(change["body"].as_str().unwrap(), "/updates/confirm/");
    assert_ne!(change_token, confirm_token, "a new, one-use link for the change");
    api.post_json(&format!("/api/subscriptions/confirm/{change_token}"), &json!({})).await;
    assert_eq!(api.get(&watch).await.body["keys"].as_array().unwrap().len(), 1, "watching");
    run().await;
    assert_eq!(api.get(&watch).await.body["keys"].as_array().unwrap().len(), 1, "kept until it opens");
    shelved.status = village_shared::model::Publication::Archived;
    api.put_group(&shelved).await;
    // (Once the catalogue, rewritten about a second later, no longer lists it.)
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        run().await;
        if api.get(&watch).await.body["keys"] == json!([]) {
            break;
        }
        assert!(Instant::now() < deadline, "an archived group's watches are let go");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }

    let left = api.post_json(&format!("/api/subscriptions/unsubscribe/{unsubscribe_token}"), &json!({})).await;
    assert_eq!(left.body["status"], "unsubscribed");
    assert_error(
        &api.post_json(&format!("/api/subscriptions/unsubscribe/{}", "a".repeat(64)), &json!({})).await,
        404,
        "subscription_not_found",
    );
}

#[tokio::test]
async fn search_engines_get_a_real_robots_txt_and_a_sitemap_of_the_published_groups_in_both_languages() {
    let api = Api::new(stack());
    let published = series(&unique_id("indexed"), 4);
    api.put_group(&published).await;
    let mut draft = series(&unique_id("draft-unindexed"), 4);
    draft.status = village_shared::model::Publication::Draft;
    api.put_group(&draft).await;
    api.until_listed(&published.id).await;

    let robots = api.http.get(format!("{}/robots.txt", api.base)).send().await.unwrap();
    assert_eq!(robots.headers()["content-type"], "text/plain; charset=utf-8");
    let robots = robots.text().await.unwrap();
    assert!(robots.contains("Disallow: /admin") && robots.contains("Disallow: /manage/"), "{robots}");
    assert!(robots.contains(&format!("Sitemap: {}/sitemap.xml", api.base)), "{robots}");

    let sitemap = api.http.get(format!("{}/sitemap.xml", api.base)).send().await.unwrap();
    assert_eq!(sitemap.headers()["content-type"], "application/xml; charset=utf-8");
    let sitemap = sitemap.text().await.unwrap();
    for lang in ["en", "es"] {
        assert!(sitemap.contains(&format!("<loc>{}/groups/{}?lang={lang}</loc>", api.base, published.id)), "{sitemap}");
    }
    assert!(!sitemap.contains(&draft.id), "drafts are never in it");

    let dashboard = api.http.get(format!("{}/admin/", api.base)).send().await.unwrap();
    assert_eq!(dashboard.headers()["x-robots-tag"], "noindex");
}

#[tokio::test]
async fn each_page_opens_its_own_bundle_and_carries_none_of_the_others() {
    let api = Api::new(stack());
    let get = |path: String| {
        let api = api.clone();
        async move { api.http.get(format!("{}{path}", api.base)).send().await.unwrap() }
    };
    // The app that takes a page over, by the loader's `data-js`.
    let app_of = |html: &str| html.split("data-js=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or_default().to_string();
    let token = "0".repeat(64);
    for path in [format!("/manage/{token}"), format!("/updates/confirm/{token}"), format!("/updates/unsubscribe/{token}")] {
        let page = get(path.clone()).await;
        assert_eq!(page.status(), 200, "{path}");
        // Answered at the address itself: a redirect elsewhere would drop the person's link.
        assert_eq!(page.url().path(), path, "{path}");
        assert_eq!(page.headers()["x-robots-tag"], "noindex", "{path}");
        assert!(page.headers()["content-security-policy"].to_str().unwrap().contains("script-src"), "{path}");
        let html = page.text().await.unwrap();
        assert!(app_of(&html).starts_with("/manage/village-manage-"), "{path}: {html}");
        // Its files are served under /manage/ too, not answered with a page.
        let js = app_of(&html);
        let file = get(js.clone()).await;
        assert_eq!(file.status(), 200, "{js}");
        assert!(file.headers()["content-type"].to_str().unwrap().contains("javascript"), "{js}");
    }
    // The two first loads: the catalogue, and a group's page with what its form opens (the
    // join bundle), each drawn by the Worker into its own bundle's page.
    let group = series(&unique_id("bundle"), 4);
    api.put_group(&group).await;
    let first_loads = [
        ("/?lang=en".to_string(), "/village-frontend-"),
        (format!("/groups/{}?lang=en", group.id), "/join/village-join-"),
        (format!("/signed-up/{token}?lang=en"), "/join/village-join-"),
    ];
    for (path, app) in first_loads {
        let page = get(path.clone()).await;
        assert!(page.headers()["content-security-policy"].to_str().unwrap().contains("script-src"), "{path}");
        // Nothing of the bundle's own page's headers keeps a page out of search (the outcome
        // page says `noindex` itself, in its head).
        assert!(page.headers().get("x-robots-tag").is_none(), "{path}");
        let html = page.text().await.unwrap();
        assert!(app_of(&html).starts_with(app), "{path}: {html}");
        let others = ["/village-frontend-", "/join/village-join-", "/manage/village-manage-"];
        for other in others.iter().filter(|o| **o != app) {
            assert!(!html.contains(other), "{path} names {other}: {html}");
        }
        let wasm = html.split("data-wasm=\"").nth(1).and_then(|s| s.split('"').next()).unwrap().to_string();
        let file = get(wasm.clone()).await;
        assert_eq!(file.status(), 200, "{wasm}");
        assert_eq!(file.headers()["content-type"], "application/wasm", "{wasm}");
    }
}

#[tokio::test]
async fn a_shared_group_link_answers_with_its_card_in_the_language_asked_for() {
    let api = Api::new(stack());
    let group = series(&unique_id("shared-card"), 4);
    api.put_group(&group).await;
    api.sign_up(&group.id, "Ana", &format!("{}@example.org", unique_id("ana"))).await;
    let page = |path: String| {
        let api = api.clone();
        async move {
            let response = api.http.get(format!("{}{path}", api.base)).send().await.unwrap();
            let status = response.status().as_u16();
            let csp = response.headers().get("content-security-policy").map(|v| v.to_str().unwrap().to_string());
            (status, csp, response.text().await.unwrap())
        }
    };
    let (status, csp, html) = page(format!("/groups/{}?lang=es", group.id)).await;
    assert_eq!(status, 200);
    assert!(csp.is_some_and(|c| c.contains("script-src")), "the app's security headers stay");
    assert!(html.contains("<html lang=\"es\" data-locale=\"es-US\">"), "{html}");
    assert!(html.contains(&format!("<title>Serie de prueba {} · Village</title>", group.id)), "{html}");
    assert!(html.contains("<meta property=\"og:description\" content=\"") && html.contains("Quedan 3 lugares"), "{html}");
    assert!(html.contains(&format!("<link rel=\"canonical\" href=\"{}/groups/{}?lang=es\" />", api.base, group.id)));
    assert!(html.contains("\"@type\":\"EventSeries\"") && html.contains("\"startDate\""), "{html}");
    assert!(html.contains("data-js=\"/join/village-join-"), "the app still boots from it: the join bundle");

    let (_, _, english) = page(format!("/groups/{}?lang=en", group.id)).await;
    assert!(english.contains("3 spots left") && english.contains("<html lang=\"en\" data-locale=\"en-US\">"));

    let mut draft = series(&unique_id("draft-card"), 4);
    draft.status = village_shared::model::Publication::Draft;
    api.put_group(&draft).await;
    let (status, _, html) = page(format!("/groups/{}", draft.id)).await;
    assert_eq!(status, 404);
    assert!(html.contains("<meta name=\"robots\" content=\"noindex\" />") && !html.contains(&draft.id));
}
