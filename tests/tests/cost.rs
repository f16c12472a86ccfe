//! What a request costs does not grow with the network: every public route, every dashboard
//! page and a scheduled run are measured (the development stack's cost header: KV reads,
//! writes, deletes, listings, object calls, fetches) on a small network and again after it has
//! grown several times over, and must cost exactly the same — and stay within Cloudflare's
//! per-invocation budgets; nor may any value stored in KV grow with it. Pages are five long
//! here, so "several pages" is a small network.

use std::collections::BTreeMap;

use serde_json::json;
use village_shared::api::cost::{Budget, Cost};
use village_tests::admin::{call, signed_in, write, Session};
use village_tests::api::{series, unique_id, Api};
use village_tests::Stack;

const PAGE: usize = 5;

/// Groups added with their people, messages, subscribers and audit entries.
async fn grow(api: &Api, admin: &Session, groups: usize, local: &str) {
    for _ in 0..groups {
        // The local group grows too: a member who proposes and supports an issue.
        let member = api.sign_up(local, "Ann", &format!("{}@example.org", unique_id("member"))).await;
        let token = member.body["manage_token"].as_str().unwrap().to_string();
        let issue = api
            .post_json(&format!("/api/manage/{token}/issues"), &json!({ "title": "Funding", "language": "en" }))
            .await;
        let issue = issue.body["issue"]["id"].as_str().unwrap().to_string();
        api.put(&format!("/api/manage/{token}/issues/{issue}/support")).await;
        let group = series(&unique_id("grown"), 3);
        let form = json!({ "group": group, "private": { "meeting_link": "https://meet.example.org/x" } });
        let created = write(api, "POST", "/api/admin/groups", admin, &form).await;
        assert_eq!(created.status, 201, "{:?}", created.body);
        let publish = json!({ "status": "published" });
        write(api, "PUT", &format!("/api/admin/groups/{}/status", group.id), admin, &publish).await;
        for name in ["Ana", "Bea"] {
            let email = format!("{}@example.org", unique_id(name));
            let joined = api.sign_up(&group.id, name, &email).await;
            assert_eq!(joined.status, 201, "{:?}", joined.body);
            let signup = joined.body["signup"]["id"].as_str().unwrap().to_string();
            let note = json!({ "note": "Prefers evenings" });
            write(api, "PUT", &format!("/api/admin/groups/{}/signups/{signup}/note", group.id), admin, &note).await;
        }
        let subscriber = format!("{}@example.org", unique_id("subscriber"));
        api.post_json("/api/subscriptions", &json!({ "email": subscriber, "language": "en" })).await;
        // The directory grows too: a service and a report on it.
        let service = unique_id("service");
        write(api, "POST", "/api/admin/directory/import", admin, &json!([{ "id": service, "name": "Grown Family Hub" }])).await;
        api.post_json(&format!("/api/directory/{service}/reports"), &json!({ "verdict": "changed" })).await;
    }
}

/// The directory entry every measurement reads, reports on and checks.
const DIRECTORY_ENTRY: &str = "cost-family-hub";

/// The directory, before the first measurement: more than a page of the Open Referral export
/// (40 services), so the export reads a whole page at either size.
async fn directory(api: &Api, admin: &Session) {
    let mut services: Vec<serde_json::Value> =
        (0..45).map(|n| json!({ "id": format!("cost-service-{n}"), "name": format!("Service {n}") })).collect();
    services.push(json!({ "id": DIRECTORY_ENTRY, "name": "Cost Family Hub",
        "service_at_locations": [{ "location": { "physical_addresses": [{ "address_1": "1 Hub Street", "postal_code": "NR3 1AB" }] } }] }));
    let imported = write(api, "POST", "/api/admin/directory/import", admin, &json!(services)).await;
    assert_eq!(imported.body["imported"], 46, "{:?}", imported.body);
    // Checked once through the dashboard: every measured report is the first since a check, the
    // one that emails whoever checked it (the dearer case).
    let checked = write(api, "POST", &format!("/api/admin/directory/{DIRECTORY_ENTRY}/check"), admin, &json!({})).await;
    assert_eq!(checked.status, 200, "{:?}", checked.body);
}

/// The directory's routes, public and the leaders'.
async fn measure_directory(api: &Api, admin: &Session, costs: &mut BTreeMap<&'static str, Cost>) {
    let reads = [
        ("GET /api/directory", "/api/directory?near=NR3%201AB&q=hub".to_string()),
        ("GET /api/directory/{id}", format!("/api/directory/{DIRECTORY_ENTRY}")),
        ("GET /api/open-referral/services", "/api/open-referral/services".to_string()),
    ];
    for (name, path) in reads {
        let answer = api.get(&path).await;
        assert_eq!(answer.status, 200, "{name}: {:?}", answer.body);
        costs.insert(name, answer.cost());
    }
    let reported = api.post_json(&format!("/api/directory/{DIRECTORY_ENTRY}/reports"), &json!({ "verdict": "closed" })).await;
    assert_eq!(reported.status, 202, "{:?}", reported.body);
    costs.insert("POST /api/directory/{id}/reports", reported.cost());
    let queue = call(api, "GET", "/api/admin/directory", Some(admin), false).await;
    assert_eq!(queue.status, 200);
    costs.insert("GET /api/admin/directory", queue.cost());
    let checked = write(api, "POST", &format!("/api/admin/directory/{DIRECTORY_ENTRY}/check"), admin, &json!({})).await;
    assert_eq!(checked.status, 200, "{:?}", checked.body);
    costs.insert("POST /api/admin/directory/{entry}/check", checked.cost());
}

/// A person with a signup (and a note about it), a subscription and messages: erased later.
async fn person(api: &Api, admin: &Session, group: &str) -> String {
    let email = format!("{}@example.org", unique_id("person"));
    let joined = api.sign_up(group, "Rosa", &email).await;
    let signup = joined.body["signup"]["id"].as_str().unwrap().to_string();
    let note = json!({ "note": "Asked about a kit" });
    write(api, "PUT", &format!("/api/admin/groups/{group}/signups/{signup}/note"), admin, &note).await;
    api.post_json("/api/subscriptions", &json!({ "email": email, "language": "es" })).await;
    email
}

/// A local group's member space, measured with a fresh member: their reads and writes, and a
/// leader's plan and scheduling.
async fn measure_local(api: &Api, admin: &Session, local: &str, costs: &mut BTreeMap<&'static str, Cost>) {
    let joined = api.sign_up(local, "Bea", &format!("{}@example.org", unique_id("local"))).await;
    assert_eq!(joined.status, 201, "{:?}", joined.body);
    let token = joined.body["manage_token"].as_str().unwrap().to_string();
    let offer = json!({ "setting": "Oak House", "address": "1 Oak Lane", "area": "Diss", "places": 8 });
    let offered = api.put_json(&format!("/api/manage/{token}/host-offer"), &offer).await;
    assert_eq!(offered.status, 200, "{:?}", offered.body);
    costs.insert("PUT /api/manage/{token}/host-offer", offered.cost());
    let plan = call(api, "GET", &format!("/api/admin/groups/{local}/meetings"), Some(admin), false).await;
    assert_eq!(plan.status, 200, "{:?}", plan.body);
    costs.insert("GET /api/admin/groups/{group}/meetings", plan.cost());
    let host = joined.body["signup"]["id"].clone();
    let body =
        json!({ "starts_at": chrono::Utc::now() + chrono::Duration::days(10), "duration_minutes": 90, "host": host });
    let scheduled = write(api, "POST", &format!("/api/admin/groups/{local}/meetings"), admin, &body).await;
    assert_eq!(scheduled.status, 201, "{:?}", scheduled.body);
    costs.insert("POST /api/admin/groups/{group}/meetings", scheduled.cost());
    let meeting = scheduled.body["id"].as_str().unwrap().to_string();
    let going = api.put_json(&format!("/api/manage/{token}/meetings/{meeting}/rsvp"), &json!({ "going": true })).await;
    assert_eq!(going.status, 200, "{:?}", going.body);
    costs.insert("PUT /api/manage/{token}/meetings/{meeting}/rsvp", going.cost());
    let proposed =
        api.post_json(&format!("/api/manage/{token}/issues"), &json!({ "title": "Staffing", "language": "en" })).await;
    assert_eq!(proposed.status, 201, "{:?}", proposed.body);
    costs.insert("POST /api/manage/{token}/issues", proposed.cost());
    let issue = proposed.body["issue"]["id"].as_str().unwrap().to_string();
    let supported = api.put(&format!("/api/manage/{token}/issues/{issue}/support")).await;
    assert_eq!(supported.status, 200, "{:?}", supported.body);
    costs.insert("PUT /api/manage/{token}/issues/{issue}/support", supported.cost());
    let voting = chrono::Utc::now() + chrono::Duration::days(14);
    // One election per role at a time: the leader's at the first measure, the co-leader's next.
    let before = api.get(&format!("/api/groups/{local}/elections")).await.body;
    let role = if before["elections"].as_array().is_some_and(|e| e.is_empty()) { "leader" } else { "co_leader" };
    let body = json!({ "role": role, "voting_opens_at": voting, "closes_at": voting + chrono::Duration::days(7) });
    let opened = write(api, "POST", &format!("/api/admin/groups/{local}/elections"), admin, &body).await;
    assert_eq!(opened.status, 201, "{:?}", opened.body);
    costs.insert("POST /api/admin/groups/{group}/elections", opened.cost());
    let running = api.get(&format!("/api/groups/{local}/elections")).await.body;
    let election = running["elections"][0]["id"].as_str().unwrap().to_string();
    let stood = api.post_json(&format!("/api/manage/{token}/elections/{election}/nominations"), &json!({})).await;
    assert_eq!(stood.status, 200, "{:?}", stood.body);
    costs.insert("POST /api/manage/{token}/elections/{election}/nominations", stood.cost());
    let post = json!({ "side": "offer", "kind": "visit", "title": "Forest school visit", "area": "Diss", "places": 2 });
    let posted = api.post_json(&format!("/api/manage/{token}/board"), &post).await;
    assert_eq!(posted.status, 201, "{:?}", posted.body);
    costs.insert("POST /api/manage/{token}/board", posted.cost());
    let reads = [
        ("GET /api/board", "/api/board".to_string()),
        ("GET /api/manage/{token}/board", format!("/api/manage/{token}/board")),
        ("GET /api/groups/{id}/elections", format!("/api/groups/{local}/elections")),
        ("GET /api/groups/{id}/meetings", format!("/api/groups/{local}/meetings")),
        ("GET /api/groups/{id}/issues", format!("/api/groups/{local}/issues")),
        ("GET /api/manage/{token}/space", format!("/api/manage/{token}/space")),
        ("GET /api/manage/{token} (local group)", format!("/api/manage/{token}")),
    ];
    for (name, path) in reads {
        let answer = api.get(&path).await;
        assert_eq!(answer.status, 200, "{name}");
        costs.insert(name, answer.cost());
    }
}

/// A family group's routes (helping out, topics, buddies), measured with fresh families.
async fn measure_family(api: &Api, admin: &Session, group: &str, costs: &mut BTreeMap<&'static str, Cost>) {
    let join = |name: &str| {
        let (api, email) = (api.clone(), format!("{}@example.org", unique_id(name)));
        let (group, name) = (group.to_string(), name.to_string());
        async move {
            let joined = api.sign_up(&group, &name, &email).await.body;
            (joined["manage_token"].as_str().unwrap().to_string(), joined["signup"]["id"].clone())
        }
    };
    let ((newcomer, newcomer_id), (buddy, buddy_id)) = (join("newcomer").await, join("buddy").await);
    let session = api.get(&format!("/api/groups/{group}")).await.body["sessions"][0]["starts_at"].clone();
    let session = chrono::DateTime::parse_from_rfc3339(session.as_str().unwrap()).unwrap().timestamp();
    let tasks = json!({ "tasks": [{ "title": { "en": "Snack", "es": "Merienda" }, "needed": 1 }] });
    let set = write(api, "PUT", &format!("/api/admin/groups/{group}/sessions/{session}/tasks"), admin, &tasks).await;
    assert_eq!(set.status, 200, "{:?}", set.body);
    costs.insert("PUT /api/admin/groups/{group}/sessions/{session}/tasks", set.cost());
    let writes = [
        ("PUT /api/manage/{token}/tasks/{task}", "PUT", &newcomer, format!("/tasks/{session}-0"), None),
        ("DELETE /api/manage/{token}/tasks/{task}", "DELETE", &newcomer, format!("/tasks/{session}-0"), None),
        ("POST /api/manage/{token}/topics", "POST", &newcomer, "/topics".into(), Some(json!({ "text": "Sleep" }))),
        ("PUT /api/manage/{token}/buddy/offer", "PUT", &buddy, "/buddy/offer".into(),
            Some(json!({ "languages": ["en"], "age_band": "under_one", "can_take": 1 }))),
        ("PUT /api/manage/{token}/buddy/request", "PUT", &newcomer, "/buddy/request".into(),
            Some(json!({ "language": "en", "age_band": "under_one" }))),
    ];
    for (name, method, token, rest, body) in writes {
        let path = format!("/api/manage/{token}{rest}");
        let answer = match (method, body) {
            ("PUT", Some(body)) => api.put_json(&path, &body).await,
            ("POST", Some(body)) => api.post_json(&path, &body).await,
            ("PUT", None) => api.put(&path).await,
            _ => api.delete(&path).await,
        };
        assert!(answer.status < 300, "{name}: {:?}", answer.body);
        costs.insert(name, answer.cost());
    }
    let board = call(api, "GET", &format!("/api/admin/groups/{group}/buddies"), Some(admin), false).await;
    assert_eq!(board.status, 200, "{:?}", board.body);
    costs.insert("GET /api/admin/groups/{group}/buddies", board.cost());
    let body = json!({ "newcomer": newcomer_id, "buddy": buddy_id });
    let paired = write(api, "POST", &format!("/api/admin/groups/{group}/buddies/pairings"), admin, &body).await;
    assert_eq!(paired.status, 201, "{:?}", paired.body);
    costs.insert("POST /api/admin/groups/{group}/buddies/pairings", paired.cost());
    let reads = [
        ("GET /api/manage/{token}/buddy", format!("/api/manage/{newcomer}/buddy")),
        ("GET /api/manage/{token}/tasks", format!("/api/manage/{newcomer}/tasks")),
        ("GET /api/manage/{token}/topics", format!("/api/manage/{newcomer}/topics")),
        ("GET /api/groups/{id}/sessions/{session}/tasks", format!("/api/groups/{group}/sessions/{session}/tasks")),
    ];
    for (name, path) in reads {
        let answer = api.get(&path).await;
        assert_eq!(answer.status, 200, "{name}: {:?}", answer.body);
        costs.insert(name, answer.cost());
    }
    let topics = call(api, "GET", &format!("/api/admin/groups/{group}/topics"), Some(admin), false).await;
    costs.insert("GET /api/admin/groups/{group}/topics", topics.cost());
    let pairing = api.get(&format!("/api/manage/{buddy}/buddy")).await.body["pairings"][0]["id"].as_str().unwrap().to_string();
    let stepped = api.post_json(&format!("/api/manage/{buddy}/buddy/pairings/{pairing}/step-back"), &json!({})).await;
    assert_eq!(stepped.status, 200, "{:?}", stepped.body);
    costs.insert("POST /api/manage/{token}/buddy/pairings/{pairing}/step-back", stepped.cost());
}

/// Each route's cost, measured once (a fresh person and a fresh signup each time).
/// What each route costs, with `groups`: a series, one naming the series' programme first, a
/// drop-in and a local group.
async fn measure(stack: &Stack, api: &Api, admin: &Session, groups: [&str; 4]) -> BTreeMap<&'static str, Cost> {
    let [group, next, drop_in, local] = groups;
    let mut costs = BTreeMap::new();
    measure_local(api, admin, local, &mut costs).await;
    measure_directory(api, admin, &mut costs).await;
    measure_family(api, admin, group, &mut costs).await;
    let email = format!("{}@example.org", unique_id("measured"));
    let joined = api.sign_up(group, "Lucía", &email).await;
    assert_eq!(joined.status, 201, "{:?}", joined.body);
    costs.insert("POST /api/groups/{id}/signups", joined.cost());
    let token = joined.body["manage_token"].as_str().unwrap().to_string();
    let signup = joined.body["signup"]["id"].as_str().unwrap().to_string();
    let public = [
        ("GET /api/groups", "/api/groups".to_string()),
        ("GET /api/groups/{id}", format!("/api/groups/{group}")),
        ("GET /api/groups/{id} (naming a programme first)", format!("/api/groups/{next}")),
        ("GET /api/manage/{token}", format!("/api/manage/{token}")),
        ("GET /api/manage/{token}/calendar.ics", format!("/api/manage/{token}/calendar.ics")),
        // The pages the Worker renders: what they show, read as the API reads it.
        ("GET / (rendered)", "/".to_string()),
        ("GET /groups/{id} (rendered)", format!("/groups/{group}")),
        ("GET /groups/{id} (rendered, naming a programme first)", format!("/groups/{next}")),
        ("GET /signed-up/{token} (rendered)", format!("/signed-up/{token}")),
    ];
    for (name, path) in public {
        let answer = api.get(&path).await;
        assert_eq!(answer.status, 200, "{name}");
        costs.insert(name, answer.cost());
    }
    // A signup form posted without the app and refused: the group's page drawn again.
    let posted = api.http.post(format!("{}/groups/{group}", api.base)).form(&[("name", "Lucía"), ("email", "no")]);
    let refused = api.send(posted).await;
    assert_eq!(refused.status, 422);
    costs.insert("POST /groups/{id} (a form, refused)", refused.cost());
    let details = json!({ "name": "Lucía M.", "phone": null, "language": "es" });
    let changed = api.send(api.http.patch(format!("{}/api/manage/{token}", api.base)).json(&details)).await;
    assert_eq!(changed.status, 200, "{:?}", changed.body);
    costs.insert("PATCH /api/manage/{token}", changed.cost());
    let subscribed = api.post_json("/api/subscriptions", &json!({ "email": email, "language": "en" })).await;
    costs.insert("POST /api/subscriptions", subscribed.cost());
    let messages = api.get(&format!("/api/dev/outbox?to={email}")).await.body["messages"].to_string();
    let start = messages.find("/updates/confirm/").expect("a confirmation link") + "/updates/confirm/".len();
    let confirm: String = messages[start..].chars().take_while(|c| c.is_ascii_hexdigit()).collect();
    let confirmed = api.post_json(&format!("/api/subscriptions/confirm/{confirm}"), &json!({})).await;
    assert_eq!(confirmed.status, 200, "{:?}", confirmed.body);
    costs.insert("POST /api/subscriptions/confirm/{token}", confirmed.cost());
    let cancelled = api.delete(&format!("/api/manage/{token}")).await;
    costs.insert("DELETE /api/manage/{token}", cancelled.cost());
    let rejoined = api.post_json(&format!("/api/manage/{token}/rejoin"), &json!({})).await;
    assert_eq!(rejoined.status, 200, "{:?}", rejoined.body);
    costs.insert("POST /api/manage/{token}/rejoin", rejoined.cost());
    let status = api.get(&format!("/api/groups/{drop_in}/drop-in")).await;
    assert_eq!(status.status, 200, "{:?}", status.body);
    costs.insert("GET /api/groups/{id}/drop-in", status.cost());
    let device = format!("phone-{}", unique_id("device"));
    let going = api.post_json(&format!("/api/groups/{drop_in}/rsvps"), &json!({ "device": device })).await;
    assert_eq!(going.status, 200, "{:?}", going.body);
    costs.insert("POST /api/groups/{id}/rsvps", going.cost());

    let dashboard = [
        ("GET /api/admin/me", "/api/admin/me".to_string()),
        ("GET /api/admin/groups", "/api/admin/groups".to_string()),
        ("GET /api/admin/groups/{group}", format!("/api/admin/groups/{group}")),
        ("GET /api/admin/groups/{group}/roster", format!("/api/admin/groups/{group}/roster")),
        ("GET /api/admin/groups/{group}/attendance", format!("/api/admin/groups/{group}/attendance")),
        ("GET /api/admin/overview", "/api/admin/overview".to_string()),
        ("GET /api/admin/incentives.csv", "/api/admin/incentives.csv".to_string()),
        ("GET /api/admin/subscribers.csv", "/api/admin/subscribers.csv".to_string()),
        ("GET /api/admin/audit", "/api/admin/audit".to_string()),
        ("GET /api/admin/outbox", "/api/admin/outbox".to_string()),
        ("GET /api/admin/users", "/api/admin/users".to_string()),
        ("GET /api/admin/groups/{group}/roster.csv", format!("/api/admin/groups/{group}/roster.csv")),
        ("GET /api/admin/groups/{group}/attendance.csv", format!("/api/admin/groups/{group}/attendance.csv")),
    ];
    for (name, path) in dashboard {
        let answer = call(api, "GET", &path, Some(admin), false).await;
        assert_eq!(answer.status, 200, "{name}: {:?}", answer.body);
        costs.insert(name, answer.cost());
    }
    let sheet = call(api, "GET", &format!("/api/admin/groups/{group}/attendance"), Some(admin), false).await.body;
    let mark = json!({ "session": sheet["sessions"][0]["starts_at"], "signup_id": signup, "present": true });
    let marked = write(api, "PUT", &format!("/api/admin/groups/{group}/attendance"), admin, &mark).await;
    assert_eq!(marked.status, 200, "{:?}", marked.body);
    costs.insert("PUT …/attendance", marked.cost());
    let note = json!({ "note": "Measured" });
    let noted = write(api, "PUT", &format!("/api/admin/groups/{group}/signups/{signup}/note"), admin, &note).await;
    costs.insert("PUT …/signups/{signup}/note", noted.cost());

    let someone = person(api, admin, group).await;
    let found = call(api, "GET", &format!("/api/admin/people/{someone}"), Some(admin), false).await;
    assert_eq!(found.status, 200, "{:?}", found.body);
    costs.insert("GET /api/admin/people/{email}", found.cost());
    let erased = write(api, "POST", &format!("/api/admin/people/{someone}/erase"), admin, &json!({})).await;
    assert_eq!(erased.status, 200, "{:?}", erased.body);
    costs.insert("POST /api/admin/people/{email}/erase", erased.cost());

    costs.insert("scheduled run", scheduled_run(stack, api).await);
    costs
}

/// Run the cron job once and read what it logged it spent.
async fn scheduled_run(stack: &Stack, api: &Api) -> Cost {
    let runs = |log: &str| log.lines().filter(|l| l.contains("scheduled run cost:")).count();
    let before = runs(&stack.log());
    let answer = api.http.get(format!("{}/__scheduled?cron=*/15+*+*+*+*", api.base)).send().await.unwrap();
    assert!(answer.status().is_success());
    for _ in 0..100 {
        let log = stack.log();
        if runs(&log) > before {
            let line = log.lines().filter(|l| l.contains("scheduled run cost:")).next_back().unwrap();
            let text = line.split("scheduled run cost:").nth(1).unwrap().trim().trim_end_matches('"');
            return Cost::parse(text).unwrap_or_else(|| panic!("a cost in {line:?}"));
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the scheduled run logged no cost");
}

#[tokio::test]
async fn no_route_costs_more_as_the_network_grows() {
    let page = PAGE.to_string();
    let vars = [("PAGE_SIZE", page.as_str()), ("EXPORT_PAGE_SIZE", page.as_str()), ("CATALOGUE_PAGE_SIZE", page.as_str())];
    let stack = Stack::start_with(&village_tests::stack::fresh_dir("cost"), true, &vars);
    let api = Api::new(&stack);
    let admin = signed_in(&api, "admin", &[]).await;
    let probe = series(&unique_id("probe"), 100);
    api.put_group(&probe).await;
    // A group naming another's programme first: its page also reads that programme's groups.
    let mut next = series(&unique_id("next"), 10);
    next.prerequisites =
        vec![village_shared::model::Prerequisite::Attended { program: probe.program.clone().unwrap() }];
    api.put_group(&next).await;
    let mut drop_in = series(&unique_id("drop-in"), 0);
    drop_in.kind = village_shared::model::GroupKind::DropIn;
    api.put_group(&drop_in).await;
    let local = village_tests::api::local_group(&unique_id("local"));
    api.put_group(&local).await;

    directory(&api, &admin).await;
    // Small: a little more than a page of everything.
    grow(&api, &admin, PAGE + 1, &local.id).await;
    let small = measure(&stack, &api, &admin, [&probe.id, &next.id, &drop_in.id, &local.id]).await;
    let largest_small = stack.largest_kv_value();
    // Five times the size, with archived groups among them.
    grow(&api, &admin, 4 * PAGE, &local.id).await;
    let archived = series(&unique_id("archived"), 3);
    api.put_group(&archived).await;
    write(&api, "PUT", &format!("/api/admin/groups/{}/status", archived.id), &admin, &json!({ "status": "archived" }))
        .await;
    let large = measure(&stack, &api, &admin, [&probe.id, &next.id, &drop_in.id, &local.id]).await;
    // Nor does what is stored: no KV value grows with the network (a few bytes for longer ids).
    let largest_large = stack.largest_kv_value();
    assert!(
        largest_large <= largest_small + 256,
        "the largest KV value grew with the network: {largest_small} → {largest_large} bytes"
    );

    let mut report = String::new();
    for (route, cost) in &large {
        report.push_str(&format!("{route}: {cost}\n"));
    }
    println!("{report}");
    let mut grew = Vec::new();
    for (route, at_small) in &small {
        let at_large = large[route];
        // What the objects called stored for the request is their own invocations' work,
        // bounded there (a turn of owed work at a time); this invocation's spending must not move.
        // A page's drawing is found kept or drawn and kept (at most one render and two cache
        // calls, within the budget below), as its page changed since or not.
        let own = |c: Cost| Cost { object_writes: 0, renders: 0, cache_calls: 0, ..c };
        if own(at_large) != own(*at_small) {
            grew.push(format!("{route}: {at_small} → {at_large}"));
        }
        for cost in [at_small, &at_large] {
            if cost.renders > 1 || cost.cache_calls > 2 {
                grew.push(format!("{route} drew more than its page: {cost}"));
            }
        }
        let public =
            route.contains(" /api/groups") || route.contains(" /api/manage") || route.contains(" /api/subscriptions");
        let budget = if !public
            && (route.starts_with("GET /api/admin")
                || route.starts_with("POST /api/admin")
                || route.starts_with("PUT")
                || route.starts_with("scheduled"))
        {
            Budget::NETWORK
        } else {
            Budget::PUBLIC
        };
        if let Err(over) = at_large.within(budget) {
            grew.push(format!("{route} is over its budget: {over}"));
        }
    }
    assert!(grew.is_empty(), "costs grew with the network:\n{}", grew.join("\n"));
}

/// An object commits the commands that reach it together in one write, led by whichever came
/// first. A refused command may lead a batch whose other commands change something (or follow
/// up what earlier ones owed): its request must still be charged nothing, since it changed
/// nothing. The contract test's refusal check failed this way on a slow machine.
#[tokio::test]
async fn a_refusal_that_leads_a_batch_of_changes_is_charged_nothing() {
    let stack = Stack::start();
    let api = Api::new(&stack);
    let admin = signed_in(&api, "admin", &[]).await;
    let group = series(&unique_id("batch"), 100);
    api.put_group(&group).await;
    let unknown = format!("/api/admin/groups/{}/signups/{}/incentives", group.id, "0123456789abcdef01234567");
    let body = json!({ "kit_shipped_on": "2026-05-03" });
    for round in 0..5 {
        let joins = (0..20).map(|n| {
            let (api, id) = (Api::from_address(&stack, &format!("127.0.9.{}", 1 + round * 20 + n)), group.id.clone());
            async move { api.sign_up(&id, "Ann", &format!("{}@example.org", unique_id("batch"))).await }
        });
        let refusals = (0..20).map(|_| write(&api, "PUT", &unknown, &admin, &body));
        let (joined, refused) = futures::join!(futures::future::join_all(joins), futures::future::join_all(refusals));
        assert!(joined.iter().all(|a| a.status == 201), "every signup lands");
        for answer in refused {
            assert_eq!(answer.status, 404, "{:?}", answer.body);
            assert!(!answer.cost().changed_anything(), "round {round}: a refusal was charged {}", answer.cost());
        }
        assert!(joined.iter().all(|a| a.cost().object_writes > 0), "a signup is charged its commit");
    }
}
