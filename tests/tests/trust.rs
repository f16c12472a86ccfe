//! No stranger learns anything from a public answer, and one client's flood is bounded while a
//! registration rush is not — against the real local stack. Each client here is a loopback
//! source address: the Worker counts writes by the address the runtime reports.

use std::sync::OnceLock;

use serde_json::{json, Value};
use village_shared::rules::limits::Limits;
use village_tests::api::{series, unique_id, Api};
use village_tests::Stack;

fn stack() -> &'static Stack {
    static STACK: OnceLock<Stack> = OnceLock::new();
    STACK.get_or_init(Stack::start)
}

/// A client address of its own for each test that counts one client's requests.
fn own_address() -> String {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("127.0.9.{n}")
}

async fn outbox(api: &Api, to: &str) -> Vec<Value> {
    let answer = api.get(&format!("/api/dev/outbox?to={to}")).await;
    answer.body["messages"].as_array().cloned().unwrap_or_default()
}

fn signup(name: &str, email: &str, phone: Option<&str>) -> Value {
    json!({ "name": name, "email": email, "phone": phone, "language": "en" })
}

#[tokio::test]
async fn a_stranger_typing_someones_email_learns_nothing_and_changes_nothing() {
    let api = Api::new(stack());
    let group = series(&unique_id("private"), 1);
    api.put_group(&group).await;
    let path = format!("/api/groups/{}/signups", group.id);
    let owner = format!("{}@example.org", unique_id("owner"));
    let first = api.post_json(&path, &json!({ "name": "Rosa Martínez", "email": owner, "phone": "559 555 0142", "language": "es" })).await;
    assert_eq!(first.status, 201, "{:?}", first.body);
    let token = first.body["manage_token"].as_str().unwrap().to_string();

    let stranger = api.post_json(&path, &signup("Stranger", &owner.to_uppercase(), Some("555 000 0000"))).await;
    assert_eq!(stranger.status, 200, "{:?}", stranger.body);
    let text = stranger.body.to_string();
    for stored in ["Rosa", "559 555 0142", "confirmed", "waitlist_position", &token] {
        assert!(!text.contains(stored), "the answer carries `{stored}`: {text}");
    }
    assert_eq!(stranger.body, json!({ "signup": null, "manage_token": null, "already_signed_up": true }));

    // The link went to the address on file, in the owner's language — not to the stranger.
    let told = outbox(&api, &owner).await;
    let resent = told.iter().find(|m| m["kind"] == "link_resent").expect("the owner is sent their link");
    assert_eq!(resent["language"], "es");
    assert!(resent["body"].as_str().unwrap().contains(&format!("/manage/{token}")));

    // A cancelled place is not taken back, nor its details overwritten, by someone typing the email.
    assert_eq!(api.delete(&format!("/api/manage/{token}")).await.body["signup"]["status"], "cancelled");
    let again = api.post_json(&path, &signup("Stranger", &owner, Some("555 000 0000"))).await;
    assert_eq!((again.status, again.body["signup"].clone()), (200, Value::Null));
    let mine = api.get(&format!("/api/manage/{token}")).await.body;
    assert_eq!(
        (mine["signup"]["name"].clone(), mine["signup"]["phone"].clone(), mine["signup"]["status"].clone()),
        (json!("Rosa Martínez"), json!("559 555 0142"), json!("cancelled"))
    );
    // The owner comes back through their own link.
    let back = api.post_json(&format!("/api/manage/{token}/rejoin"), &json!({})).await;
    assert_eq!((back.status, back.body["signup"]["status"].clone()), (200, json!("confirmed")), "{:?}", back.body);
}

#[tokio::test]
async fn not_eligible_is_worded_from_the_groups_rule_not_the_persons_record() {
    use village_shared::model::Prerequisite;
    let api = Api::new(stack());
    let (a, b) = (unique_id("well-being"), unique_id("connection"));
    let mut advanced = series(&unique_id("advanced"), 8);
    advanced.prerequisites = vec![Prerequisite::Completed { program: a.clone() }, Prerequisite::Completed { program: b.clone() }];
    api.put_group(&advanced).await;
    let record = |program: &str| json!({ "group_id": program, "program": program, "sessions_total": 6, "sessions_attended": 6, "completion_percent": 75 });
    let (did_a, did_b, nothing) = (
        format!("{}@example.org", unique_id("did-a")),
        format!("{}@example.org", unique_id("did-b")),
        format!("{}@example.org", unique_id("nothing")),
    );
    api.put_history(&did_a, &json!([record(&a)])).await;
    api.put_history(&did_b, &json!([record(&b)])).await;
    let path = format!("/api/groups/{}/signups", advanced.id);
    let mut answers = Vec::new();
    for email in [&did_a, &did_b, &nothing] {
        let answer = api.post_json(&path, &signup("Someone", email, None)).await;
        assert_eq!((answer.status, answer.body["error"]["code"].clone()), (409, json!("not_eligible")));
        answers.push(answer.body);
    }
    assert_eq!(answers[0], answers[1], "what each has completed is not told");
    assert_eq!(answers[1], answers[2]);
}

#[tokio::test]
async fn subscribing_tells_nothing_stored_and_changes_nothing_until_the_owner_confirms() {
    let api = Api::new(stack());
    let email = format!("{}@example.org", unique_id("subscriber"));
    let first = api.post_json("/api/subscriptions", &json!({ "email": email, "language": "es" })).await;
    assert_eq!(first.body, json!({ "status": "pending" }));
    let confirm = outbox(&api, &email).await[0]["body"].as_str().unwrap().to_string();
    let start = confirm.find("/updates/confirm/").unwrap() + "/updates/confirm/".len();
    let token: String = confirm[start..].chars().take_while(|c| c.is_ascii_hexdigit()).collect();
    assert_eq!(api.post_json(&format!("/api/subscriptions/confirm/{token}"), &json!({})).await.body["status"], "confirmed");

    // A stranger asks again for that address, in English, for a group's opening.
    let group = series(&unique_id("watched"), 5);
    api.put_group(&group).await;
    let stranger =
        api.post_json("/api/subscriptions", &json!({ "email": email, "language": "en", "group_id": group.id })).await;
    assert_eq!(stranger.body, json!({ "status": "pending" }), "the same answer as for a new address");
    let watch = format!("/api/dev/kv?contains=notify:{}:", group.id);
    assert_eq!(api.get(&watch).await.body["keys"], json!([]), "no watch until the owner confirms");

    // Draft and unknown groups answer alike.
    let mut draft = series(&unique_id("draft"), 5);
    draft.status = village_shared::model::Publication::Draft;
    api.put_group(&draft).await;
    let ask = |group: String| {
        let api = api.clone();
        async move {
            let email = format!("{}@example.org", unique_id("asker"));
            api.post_json("/api/subscriptions", &json!({ "email": email, "language": "en", "group_id": group })).await
        }
    };
    let (to_draft, to_nothing) = (ask(draft.id.clone()).await, ask(unique_id("no-such-group")).await);
    assert_eq!((to_draft.status, to_draft.body.clone()), (to_nothing.status, to_nothing.body.clone()));
}

#[tokio::test]
async fn one_client_is_refused_after_its_limit_while_a_rush_of_five_hundred_people_all_land() {
    let stack = stack();
    let group = series(&unique_id("rush"), 50);
    Api::new(stack).put_group(&group).await;
    let path = format!("/api/groups/{}/signups", group.id);

    // One client, 100 signups with invented emails: the first `CLIENT_WRITES` in, then 429 with
    // Retry-After.
    let limit = Limits::default().client_writes.count as usize;
    assert!(limit < 100);
    let flood = Api::from_address(stack, &own_address());
    let mut statuses = Vec::new();
    for n in 0..100 {
        let answer = flood.post_json(&path, &signup("Flood", &format!("flood{n}@example.org"), None)).await;
        if answer.status == 429 {
            assert_eq!(answer.error_code(), "too_many_requests");
            let retry: u32 = answer.headers["retry-after"].to_str().unwrap().parse().unwrap();
            assert!((1..=600).contains(&retry), "{retry}");
            // Once refused, the flood is refused by the Worker itself: its limiter, shared with
            // other clients, is not asked again.
            if statuses.last() == Some(&429) {
                assert_eq!(answer.cost().object_calls, 0, "request {n} asked the limiter again");
            }
        }
        statuses.push(answer.status);
    }
    assert_eq!(statuses.iter().filter(|&&s| s == 201).count(), limit, "{statuses:?}");
    assert!(statuses[limit..].iter().all(|&s| s == 429));

    // 500 people, each from their own address, at once: every one lands, in order, none lost.
    let group = series(&unique_id("rush"), 50);
    Api::new(stack).put_group(&group).await;
    let path = format!("/api/groups/{}/signups", group.id);
    let answers = futures::future::join_all((0..500u32).map(|n| {
        let api = Api::from_address(stack, &format!("127.0.{}.{}", 40 + n / 250, 1 + n % 250));
        let path = path.clone();
        async move { api.post_json(&path, &signup("Person", &format!("rush{n}@example.org"), None)).await }
    }))
    .await;
    let landed = answers.iter().filter(|a| a.status == 201).count();
    assert_eq!(landed, 500, "{:?}", answers.iter().find(|a| a.status != 201).map(|a| a.body.clone()));
    let mut positions: Vec<u64> =
        answers.iter().filter_map(|a| a.body["signup"]["waitlist_position"].as_u64()).collect();
    positions.sort();
    assert_eq!(positions, (1..=450).collect::<Vec<_>>(), "50 seats, then 450 waiting in contiguous order");
    // The rush was counted in a few warm limiters, not an object (a cold start and its own
    // storage) per person.
    let limiters = std::fs::read_dir(stack.state_dir.join("v3/do/village-Limiter")).expect("the limiters' storage");
    // One `{id}.sqlite` per object (beside the runtime's own `metadata.sqlite`).
    let objects = limiters
        .flatten()
        .filter(|f| f.file_name().to_string_lossy().strip_suffix(".sqlite").is_some_and(|id| id.len() == 64))
        .count();
    assert!(objects <= 64, "{objects} limiter objects for a rush of 500");
}

/// A key's windows are kept only while one is open: once they end, the limiter's alarm forgets
/// the key (and the counting starts again).
#[tokio::test]
async fn a_limiter_forgets_a_client_once_its_windows_end() {
    let stack = Stack::start_with(&village_tests::stack::fresh_dir("forget"), true, &[("CLIENT_WRITES", "2/2"), ("EMAIL_WRITES", "2/2")]);
    let group = series(&unique_id("forget"), 50);
    Api::new(&stack).put_group(&group).await;
    let path = format!("/api/groups/{}/signups", group.id);
    let phone = Api::from_address(&stack, "127.0.12.1");
    let kept = || async { Api::new(&stack).get("/api/dev/limiter?key=ip:127.0.12.1").await.body["kept"].as_bool() };
    assert_eq!(kept().await, Some(false), "nothing kept before the client asks");
    let asks = (0..3).map(|n| {
        let (phone, path) = (&phone, &path);
        async move { phone.post_json(path, &signup("Ann", &format!("forget{n}@example.org"), None)).await.status }
    });
    let statuses: Vec<u16> = futures::future::join_all(asks).await;
    assert_eq!(statuses.iter().filter(|&&s| s == 429).count(), 1, "two in a window of two seconds: {statuses:?}");
    assert_eq!(kept().await, Some(true), "its window is kept while open");
    let started = std::time::Instant::now();
    while kept().await == Some(true) && started.elapsed() < std::time::Duration::from_secs(20) {
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    assert_eq!(kept().await, Some(false), "forgotten after its window ended ({:?})", started.elapsed());
    let again = phone.post_json(&path, &signup("Ann", "forget9@example.org", None)).await;
    assert_eq!(again.status, 201, "counted afresh: {:?}", again.body);
}

#[tokio::test]
async fn ill_come_from_one_client_is_bounded() {
    let stack = stack();
    let mut drop_in = series(&unique_id("open-door"), 0);
    drop_in.kind = village_shared::model::GroupKind::DropIn;
    Api::new(stack).put_group(&drop_in).await;
    let phone = Api::from_address(stack, &own_address());
    let limit = Limits::default().client_writes.count;
    let mut last = Value::Null;
    for n in 0..limit + 5 {
        let answer = phone
            .post_json(&format!("/api/groups/{}/rsvps", drop_in.id), &json!({ "device": format!("device-{n:04}") }))
            .await;
        if n >= limit {
            assert_eq!((answer.status, answer.error_code()), (429, "too_many_requests"), "request {n}");
        } else {
            last = answer.body;
        }
    }
    assert_eq!(last["going"], limit);
}

#[tokio::test]
async fn a_client_over_its_sign_in_limit_cannot_lock_an_admin_out() {
    let stack = stack();
    let api = Api::new(stack);
    let admin = format!("{}@example.org", unique_id("admin"));
    village_tests::admin::add_user(&api, &admin, "admin", &[]).await;
    let attacker = Api::from_address(stack, &own_address());
    let mut refused = 0;
    for _ in 0..8 {
        if attacker.post_json("/api/admin/sign-in", &json!({ "email": admin })).await.status == 429 {
            refused += 1;
        }
    }
    assert!(refused >= 3, "the attacking client is limited ({refused} refused)");
    // More attacking clients change nothing for the admin's own phone.
    for n in 0..5 {
        let another = Api::from_address(stack, &format!("127.0.11.{}", n + 1));
        for _ in 0..6 {
            another.post_json("/api/admin/sign-in", &json!({ "email": admin })).await;
        }
    }
    let own_phone = Api::from_address(stack, &own_address());
    let mine = own_phone.post_json("/api/admin/sign-in", &json!({ "email": admin })).await;
    assert_eq!(mine.status, 200, "the admin still gets a link: {:?}", mine.body);
}

#[tokio::test]
async fn json_means_application_json_and_one_email_in_two_unicode_forms_is_one_person() {
    let api = Api::new(stack());
    let group = series(&unique_id("nfc"), 5);
    api.put_group(&group).await;
    let path = format!("{}/api/groups/{}/signups", api.base, group.id);
    let body = signup("José", "jose-nfc@example.org", None).to_string();
    let sneaky = api.send(api.http.post(&path).header("content-type", "text/plain;x=json").body(body)).await;
    assert_eq!((sneaky.status, sneaky.error_code()), (415, "unsupported_media_type"));

    let composed = format!("jos\u{e9}.{}@example.org", unique_id("n"));
    let decomposed = composed.replace('\u{e9}', "e\u{301}");
    let first = api.post_json(&format!("/api/groups/{}/signups", group.id), &signup("José", &composed, None)).await;
    let second = api.post_json(&format!("/api/groups/{}/signups", group.id), &signup("José", &decomposed, None)).await;
    assert_eq!((first.status, second.status), (201, 200), "{:?}", second.body);

    let hidden = api
        .post_json(&format!("/api/groups/{}/signups", group.id), &signup("Ana", "ana\u{200B}@example.org", None))
        .await;
    assert_eq!((hidden.status, hidden.error_code()), (422, "invalid_fields"));
}

#[tokio::test]
async fn strangers_requests_send_one_address_a_few_emails_a_day_not_one_per_request() {
    let stack = stack();
    let limits = Limits::default();
    let email = format!("{}@example.org", unique_id("bombed"));
    let one_client = Api::from_address(stack, "127.0.10.1");
    for _ in 0..6 {
        let answer = one_client.post_json("/api/subscriptions", &json!({ "email": email, "language": "en" })).await;
        assert_eq!(answer.body, json!({ "status": "pending" }));
    }
    let api = Api::new(stack);
    assert_eq!(outbox(&api, &email).await.len(), limits.mail_per_address.count as usize, "from one client");
    for n in 0..12 {
        let other = Api::from_address(stack, &format!("127.0.10.{}", n + 2));
        other.post_json("/api/subscriptions", &json!({ "email": email, "language": "en" })).await;
    }
    assert_eq!(outbox(&api, &email).await.len(), limits.mail_per_address_total.count as usize, "from everyone");
}

#[tokio::test]
async fn the_dashboard_shows_that_a_link_was_sent_never_the_link() {
    use village_tests::admin::{call, signed_in, write};
    let api = Api::new(stack());
    let group = series(&unique_id("links"), 3);
    api.put_group(&group).await;
    let email = format!("{}@example.org", unique_id("ana"));
    let token = api.sign_up(&group.id, "Ana", &email).await.body["manage_token"].as_str().unwrap().to_string();
    let admin = signed_in(&api, "admin", &[]).await;
    let other = format!("{}@example.org", unique_id("other-admin"));
    village_tests::admin::add_user(&api, &other, "admin", &[]).await;
    assert_eq!(api.post_json("/api/admin/sign-in", &json!({ "email": other })).await.status, 200);
    let sign_in_link = village_tests::admin::emailed_sign_in_link(&api, &other).await;

    let outbox =
        serde_json::to_string(&village_tests::admin::all_pages(&api, "/api/admin/outbox", &admin, "messages").await)
            .unwrap();
    assert!(outbox.contains(&email), "the message is listed");
    assert!(!outbox.contains(&token), "no manage link in the dashboard");
    assert!(!outbox.contains(&sign_in_link), "no sign-in link in the dashboard");
    assert!(outbox.contains("/manage/…"), "it says a link was sent");
    let person = call(&api, "GET", &format!("/api/admin/people/{email}"), Some(&admin), false).await.body.to_string();
    assert!(person.contains("Ana") && !person.contains(&token));

    // Revoking ends their sessions: giving access back later does not revive an old one.
    let facilitator = signed_in(&api, "facilitator", &[]).await;
    let url = format!("/api/admin/users/{}", facilitator.email);
    write(&api, "PUT", &url, &admin, &json!({ "role": "facilitator", "groups": [], "revoked": true })).await;
    write(&api, "PUT", &url, &admin, &json!({ "role": "facilitator", "groups": [], "revoked": false })).await;
    assert_eq!(call(&api, "GET", "/api/admin/me", Some(&facilitator), false).await.status, 401);

    // Signups live in their group's object alone: no copy in KV (the per-person index names a
    // signup by its id, with an empty value).
    let keys = api.get("/api/dev/kv?contains=signup:").await.body["keys"].clone();
    let copies: Vec<&Value> = keys.as_array().unwrap().iter().filter(|k| k.as_str().unwrap().starts_with("signup:")).collect();
    assert!(copies.is_empty(), "{copies:?}");
}

#[tokio::test]
async fn a_failure_is_logged_by_the_routes_shape_never_its_token_or_email() {
    let stack = stack();
    let api = Api::new(stack);
    let group = series(&unique_id("logged"), 3);
    api.put_group(&group).await;
    let email = format!("{}@example.org", unique_id("private.person"));
    let token = api.sign_up(&group.id, "Ana", &email).await.body["manage_token"].as_str().unwrap().to_string();
    let faults = json!({ "command_failures": 1 });
    assert_eq!(api.post_json(&format!("/api/dev/groups/{}/faults", group.id), &faults).await.status, 200);
    let failed = api.get(&format!("/api/manage/{token}")).await;
    assert_eq!((failed.status, failed.error_code()), (500, "internal"));
    assert!(!failed.body.to_string().contains(&token));
    // The log says which route failed, in its shape.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !stack.log().contains("GET /api/manage/{token}:") && !stack.log().contains("Get /api/manage/{token}") {
        assert!(std::time::Instant::now() < deadline, "the failure was not logged");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    // (Lines of wrangler's own local access log name every path; it is not the Worker's log,
    // and on Cloudflare the platform's request log is off: `invocation_logs = false`.)
    let worker_log: String =
        stack.log().lines().filter(|l| !l.starts_with("[wrangler:info]")).collect::<Vec<_>>().join("\n");
    assert!(worker_log.contains("/api/manage/{token}"), "{worker_log}");
    assert!(!worker_log.contains(&token), "a manage token in the log");
    assert!(!worker_log.contains(&email), "an email in the log");
}
