//! Running a term from the dashboard, against the real local stack: groups from draft to
//! archive, capacity and the waitlist, roster actions, the incentives ledger, exports, users,
//! the audit log, and a person's data (export, erase).

use std::sync::OnceLock;
use std::time::Duration;

use serde_json::{json, Value};
use village_tests::admin::{all_pages, call, csv_all_pages, signed_in, text, write, Session};
use village_tests::api::{series, unique_id, Answer, Api};
use village_tests::Stack;

fn stack() -> &'static Stack {
    static STACK: OnceLock<Stack> = OnceLock::new();
    STACK.get_or_init(Stack::start)
}

/// The form a dashboard sends for a new group (a series in Spanish with 3 weekly sessions).
fn group_form(id: &str, capacity: u32) -> Value {
    let mut group = serde_json::to_value(series(id, capacity)).unwrap();
    group["language"] = json!("es");
    json!({ "group": group, "private": { "meeting_link": "https://meet.example/abc" } })
}

async fn messages_to(api: &Api, email: &str) -> Vec<Value> {
    api.get(&format!("/api/dev/outbox?to={email}")).await.body["messages"].as_array().unwrap().clone()
}

async fn audit_for(api: &Api, admin: &Session, target: &str) -> Vec<Value> {
    all_pages(api, &format!("/api/admin/audit?target={target}"), admin, "entries").await
}

#[tokio::test]
async fn a_group_goes_from_draft_to_published_to_unpublished_to_archived() {
    let api = Api::new(stack());
    let admin = signed_in(&api, "admin", &[]).await;
    let id = unique_id("lifecycle");
    let created = write(&api, "POST", "/api/admin/groups", &admin, &group_form(&id, 2)).await;
    assert_eq!(created.status, 201, "{:?}", created.body);
    assert_eq!(created.body["group"]["status"], "draft", "a new group starts as a draft");
    assert_eq!(
        write(&api, "POST", "/api/admin/groups", &admin, &group_form(&id, 2)).await.error_code(),
        "group_exists"
    );

    // A draft is invisible to the public and takes no signups.
    assert_eq!(api.get(&format!("/api/groups/{id}")).await.status, 404);
    assert_eq!(api.sign_up(&id, "Ana", "ana.draft@example.org").await.status, 404);
    assert!(!api.listed(&id, false).await);

    let publish = |status: &str| json!({ "status": status });
    let published = write(&api, "PUT", &format!("/api/admin/groups/{id}/status"), &admin, &publish("published")).await;
    assert_eq!(published.status, 200, "{:?}", published.body);
    assert!(api.listed(&id, true).await, "published groups are in the catalogue");
    let joined = api.sign_up(&id, "Ana", "ana.lifecycle@example.org").await;
    assert_eq!(joined.status, 201);
    let token = joined.body["manage_token"].as_str().unwrap().to_string();

    let back = write(&api, "PUT", &format!("/api/admin/groups/{id}/status"), &admin, &publish("draft")).await;
    assert_eq!(back.status, 422, "a group with people in it is not a draft again");
    write(&api, "PUT", &format!("/api/admin/groups/{id}/status"), &admin, &publish("unpublished")).await;
    assert!(!api.listed(&id, false).await, "unpublished groups leave the catalogue");
    let refused = api.sign_up(&id, "Bea", "bea.lifecycle@example.org").await;
    assert_eq!((refused.status, refused.error_code()), (409, "registration_closed"));
    assert_eq!(api.get(&format!("/api/manage/{token}")).await.status, 200, "people already in keep their link");
    let page = api.get(&format!("/api/groups/{id}")).await.body;
    let closes = chrono::DateTime::parse_from_rfc3339(page["registration"]["closes_at"].as_str().unwrap()).unwrap();
    assert!(closes <= chrono::Utc::now(), "its page says registration is closed");

    write(&api, "PUT", &format!("/api/admin/groups/{id}/status"), &admin, &publish("archived")).await;
    let listed_in_dashboard = all_pages(&api, "/api/admin/groups", &admin, "groups").await;
    let mine = listed_in_dashboard.iter().find(|g| g["group"]["id"] == id).cloned();
    assert_eq!(mine.expect("the dashboard still lists it")["group"]["status"], "archived");
    let actions: Vec<Value> =
        audit_for(&api, &admin, &format!("group:{id}")).await.iter().map(|e| e["action"].clone()).collect();
    assert_eq!(actions, [json!("group.status"), json!("group.status"), json!("group.status"), json!("group.create")]);
}

#[tokio::test]
async fn an_edit_is_validated_in_the_editors_language_and_a_larger_capacity_seats_the_waitlist() {
    let api = Api::new(stack());
    let admin = signed_in(&api, "admin", &[]).await;
    let id = unique_id("capacity");
    write(&api, "POST", "/api/admin/groups", &admin, &group_form(&id, 1)).await;
    write(&api, "PUT", &format!("/api/admin/groups/{id}/status"), &admin, &json!({ "status": "published" })).await;
    for (name, email) in
        [("Ana", "ana.cap@example.org"), ("Bea", "bea.cap@example.org"), ("Cruz", "cruz.cap@example.org")]
    {
        api.sign_up(&id, name, email).await;
    }
    // Bad input: a clear error per field, in Spanish, and nothing stored.
    let mut bad = group_form(&id, 3);
    bad["group"]["title"] = json!({ "en": "", "es": " " });
    bad["group"]["time_zone"] = json!("Hora del Pacífico");
    let url = format!("/api/admin/groups/{id}");
    let refused = village_tests::admin::write_in(&api, "es", "PUT", &url, &admin, &bad).await;
    assert_eq!(refused.status, 422);
    let fields: Vec<&str> =
        refused.body["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["title", "time_zone"], "{:?}", refused.body);
    assert!(refused.body["error"]["fields"][0]["message"].as_str().unwrap().contains("nombre"));
    assert_eq!(call(&api, "GET", &url, Some(&admin), false).await.body["group"]["capacity"], 1, "nothing stored");

    // Two more seats: Bea and Cruz are seated, in order, and told.
    let raised = write(&api, "PUT", &url, &admin, &group_form(&id, 3)).await;
    assert_eq!(raised.status, 200, "{:?}", raised.body);
    assert_eq!(raised.body["promoted"], 2);
    assert_eq!(raised.body["group"]["status"], "published", "an edit keeps the state");
    for email in ["bea.cap@example.org", "cruz.cap@example.org"] {
        assert!(messages_to(&api, email).await.iter().any(|m| m["kind"] == "promoted"), "{email} told");
    }
    let shown = call(&api, "GET", &url, Some(&admin), false).await;
    assert_eq!(shown.body["private"]["meeting_link"], "https://meet.example/abc");
    assert_eq!(
        (shown.body["count"]["confirmed"].clone(), shown.body["count"]["waitlist_length"].clone()),
        (json!(3), json!(0))
    );
}

#[tokio::test]
async fn an_edit_made_on_a_version_someone_else_has_since_saved_is_refused_and_changes_nothing() {
    let api = Api::new(stack());
    let (ana, bea) = (signed_in(&api, "admin", &[]).await, signed_in(&api, "admin", &[]).await);
    let id = unique_id("two-editors");
    let url = format!("/api/admin/groups/{id}");
    write(&api, "POST", "/api/admin/groups", &ana, &group_form(&id, 4)).await;
    // Both open the editor.
    let opened = call(&api, "GET", &url, Some(&ana), false).await.body;
    let revision = opened["revision"].as_str().expect("a revision to send back").to_string();
    let edit = |capacity: u32, title: &str, revision: &str| {
        let mut form = group_form(&id, capacity);
        form["group"]["title"]["en"] = json!(title);
        form["revision"] = json!(revision);
        form
    };
    // Publishing meanwhile is not an edit: it does not get in the way.
    write(&api, "PUT", &format!("{url}/status"), &ana, &json!({ "status": "published" })).await;
    let first = write(&api, "PUT", &url, &ana, &edit(6, "Ana's title", &revision)).await;
    assert_eq!(first.status, 200, "{:?}", first.body);

    let second =
        village_tests::admin::write_in(&api, "es", "PUT", &url, &bea, &edit(2, "Bea's title", &revision)).await;
    assert_eq!((second.status, second.error_code()), (409, "edit_conflict"), "{:?}", second.body);
    assert!(second.body["error"]["message"].as_str().unwrap().contains("Otra persona"), "{:?}", second.body);
    let now = call(&api, "GET", &url, Some(&bea), false).await.body;
    assert_eq!(
        (now["group"]["title"]["en"].clone(), now["group"]["capacity"].clone()),
        (json!("Ana's title"), json!(6))
    );

    // With the version she has now, her edit goes through; so does Ana's next one, made with
    // the revision her save answered.
    let again = write(&api, "PUT", &url, &bea, &edit(5, "Bea's title", now["revision"].as_str().unwrap())).await;
    assert_eq!(again.status, 200, "{:?}", again.body);
    let stale = write(&api, "PUT", &url, &ana, &edit(7, "Ana again", first.body["revision"].as_str().unwrap())).await;
    assert_eq!(stale.status, 409, "Ana's revision is older than Bea's save");
    let fresh = write(&api, "PUT", &url, &bea, &edit(5, "Bea twice", again.body["revision"].as_str().unwrap())).await;
    assert_eq!(fresh.status, 200, "the revision a save answers is the one the group has: {:?}", fresh.body);
}

#[tokio::test]
async fn a_group_is_duplicated_for_next_term_with_its_dates_moved() {
    let api = Api::new(stack());
    let admin = signed_in(&api, "admin", &[]).await;
    let id = unique_id("spring");
    let mut form = group_form(&id, 12);
    form["group"]["format"] = json!({ "in_person": { "area": "Sacramento (downtown)", "postcode": "95814" } });
    let created = write(&api, "POST", "/api/admin/groups", &admin, &form).await;
    let point = &created.body["group"]["format"]["in_person"]["point"];
    assert!((point["lat"].as_f64().unwrap() - 38.58).abs() < 0.1, "the ZIP's centre, for nearest first: {point}");
    let next = unique_id("summer");
    let copy =
        write(&api, "POST", &format!("/api/admin/groups/{id}/duplicate"), &admin, &json!({ "id": next, "weeks": 13 }))
            .await;
    assert_eq!(copy.status, 201, "{:?}", copy.body);
    let original = call(&api, "GET", &format!("/api/admin/groups/{id}"), Some(&admin), false).await.body;
    let first = |g: &Value| {
        chrono::DateTime::parse_from_rfc3339(g["group"]["sessions"][0]["starts_at"].as_str().unwrap()).unwrap()
    };
    assert_eq!(first(&copy.body) - first(&original), chrono::Duration::weeks(13));
    assert_eq!(copy.body["group"]["status"], "draft");
    assert_eq!(copy.body["private"]["meeting_link"], "https://meet.example/abc");
    let again =
        write(&api, "POST", &format!("/api/admin/groups/{id}/duplicate"), &admin, &json!({ "id": next, "weeks": 13 }))
            .await;
    assert_eq!(again.error_code(), "group_exists");
}

/// Sign up `n` people; answers their signup ids in order.
async fn fill(api: &Api, group: &str, names: &[&str]) -> Vec<String> {
    let mut ids = Vec::new();
    for name in names {
        let email = format!("{}.{group}@example.org", name.to_lowercase());
        let answer = api.sign_up(group, name, &email).await;
        ids.push(answer.body["signup"]["id"].as_str().unwrap().to_string());
    }
    ids
}

#[tokio::test]
async fn a_facilitator_seats_removes_and_notes_and_an_admin_moves_a_person() {
    let api = Api::new(stack());
    let group = series(&unique_id("roster-actions"), 1);
    api.put_group(&group).await;
    let other = series(&unique_id("roster-target"), 5);
    api.put_group(&other).await;
    let ids = fill(&api, &group.id, &["Ana", "Bea", "Cruz", "Dee"]).await;
    let facilitator = signed_in(&api, "facilitator", &[&group.id]).await;
    let admin = signed_in(&api, "admin", &[]).await;
    let base = format!("/api/admin/groups/{}/signups", group.id);

    // Seat Cruz (3rd, waitlist #2) out of turn: one more seat, Bea still first in line.
    let seated = write(&api, "POST", &format!("{base}/{}/seat", ids[2]), &facilitator, &json!({})).await;
    assert_eq!(seated.status, 200, "{:?}", seated.body);
    assert_eq!(
        (seated.body["signup"]["status"].clone(), seated.body["capacity"].clone()),
        (json!("confirmed"), json!(2))
    );
    assert!(messages_to(&api, &format!("cruz.{}@example.org", group.id)).await.iter().any(|m| m["kind"] == "promoted"));
    let again = write(&api, "POST", &format!("{base}/{}/seat", ids[2]), &facilitator, &json!({})).await;
    assert_eq!(again.error_code(), "not_waitlisted");
    // Saving the group's settings again (still one seat) keeps the seat given by hand.
    let admin_edit =
        write(&api, "PUT", &format!("/api/admin/groups/{}", group.id), &admin, &json!({ "group": group })).await;
    assert_eq!(admin_edit.status, 200, "{:?}", admin_edit.body);
    let count =
        call(&api, "GET", &format!("/api/admin/groups/{}", group.id), Some(&admin), false).await.body["count"].clone();
    assert_eq!((count["capacity"].clone(), count["confirmed"].clone()), (json!(2), json!(2)));

    // Remove Ana with a reason: she is told why; Bea gets her seat.
    let no_reason =
        write(&api, "POST", &format!("{base}/{}/remove", ids[0]), &facilitator, &json!({ "reason": " " })).await;
    assert_eq!(no_reason.status, 422);
    let removed = write(
        &api,
        "POST",
        &format!("{base}/{}/remove", ids[0]),
        &facilitator,
        &json!({ "reason": "Moved out of the county" }),
    )
    .await;
    assert_eq!(removed.status, 200, "{:?}", removed.body);
    assert_eq!(removed.body["promoted"][0]["id"], ids[1].as_str());
    let told = messages_to(&api, &format!("ana.{}@example.org", group.id)).await;
    let removal = told.iter().find(|m| m["kind"] == "removed").expect("Ana is told");
    assert!(removal["body"].as_str().unwrap().contains("Moved out of the county"));

    // A private note, seen on the roster by the group's people only.
    let noted =
        write(&api, "PUT", &format!("{base}/{}/note", ids[1]), &facilitator, &json!({ "note": "Prefers WhatsApp" }))
            .await;
    assert_eq!(noted.status, 200);
    let roster = call(&api, "GET", &format!("/api/admin/groups/{}/roster", group.id), Some(&facilitator), false).await;
    assert_eq!(roster.body["notes"][&ids[1]], "Prefers WhatsApp");

    // Moving is the network's call: Dee (waitlisted) goes to the other group, seated there.
    let url = format!("{base}/{}/move", ids[3]);
    assert_eq!(write(&api, "POST", &url, &facilitator, &json!({ "to": other.id })).await.status, 403);
    assert_eq!(write(&api, "POST", &url, &admin, &json!({ "to": "no-such-group" })).await.status, 422);
    let moved = write(&api, "POST", &url, &admin, &json!({ "to": other.id })).await;
    assert_eq!(moved.status, 200, "{:?}", moved.body);
    assert_eq!(
        (moved.body["signup"]["group_id"].clone(), moved.body["signup"]["status"].clone()),
        (json!(other.id), json!("confirmed"))
    );
    let roster = call(&api, "GET", &format!("/api/admin/groups/{}/roster", group.id), Some(&admin), false).await;
    let dee = roster.body["signups"].as_array().unwrap().iter().find(|s| s["id"] == ids[3].as_str()).cloned().unwrap();
    assert_eq!(dee["status"], "cancelled", "the record stays here, history kept");
    assert!(roster.body["notes"][&ids[3]].as_str().unwrap().contains(&other.id));
    let dee_mail = messages_to(&api, &format!("dee.{}@example.org", group.id)).await;
    assert!(dee_mail.iter().any(|m| m["kind"] == "confirmation" && m["group_id"] == other.id.as_str()));
    assert!(!dee_mail.iter().any(|m| m["kind"] == "removed"), "a move is told through the new group");

    let actions: Vec<String> = audit_for(&api, &admin, &format!("group:{}/signup:", group.id))
        .await
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect();
    for action in ["signup.seat", "signup.remove", "signup.note", "signup.move"] {
        assert!(actions.iter().any(|a| a == action), "{action} audited: {actions:?}");
    }
}

#[tokio::test]
async fn completion_the_incentives_ledger_and_the_exports() {
    let api = Api::new(stack());
    let mut group = series(&unique_id("ledger"), 5);
    group.sessions.truncate(2);
    api.put_group(&group).await;
    let ids = fill(&api, &group.id, &["Rosa", "=cmd"]).await;
    let admin = signed_in(&api, "admin", &[]).await;
    let sheet_url = format!("/api/admin/groups/{}/attendance", group.id);
    let sheet = call(&api, "GET", &sheet_url, Some(&admin), false).await.body;
    for session in sheet["sessions"].as_array().unwrap() {
        let mark = json!({ "session": session["starts_at"], "signup_id": ids[0], "present": true });
        assert_eq!(write(&api, "PUT", &sheet_url, &admin, &mark).await.status, 200);
    }
    let sheet = call(&api, "GET", &sheet_url, Some(&admin), false).await.body;
    let rosa = &sheet["people"][0];
    assert_eq!(
        (rosa["completed"].clone(), rosa["stipend_owed"].clone(), rosa["kit_owed"].clone()),
        (json!(true), json!(true), json!(true))
    );

    let mut moved = group.clone();
    moved.sessions[0].starts_at += chrono::Duration::hours(1);
    let edit = write(&api, "PUT", &format!("/api/admin/groups/{}", group.id), &admin, &json!({ "group": moved })).await;
    assert_eq!(
        (edit.status, edit.body["error"]["fields"][0]["field"].clone()),
        (422, json!("sessions")),
        "{:?}",
        edit.body
    );
    let entry = json!({ "stipend_issued_on": "2026-11-20", "stipend_amount": 150, "kit_shipped_on": null });
    let ledger_url = format!("/api/admin/groups/{}/signups/{}/incentives", group.id, ids[0]);
    assert_eq!(write(&api, "PUT", &ledger_url, &admin, &entry).await.status, 200);
    let bad = json!({ "stipend_issued_on": "20/11/2026" });
    assert_eq!(write(&api, "PUT", &ledger_url, &admin, &bad).await.status, 422);
    let sheet = call(&api, "GET", &sheet_url, Some(&admin), false).await.body;
    assert_eq!(
        (sheet["people"][0]["stipend_owed"].clone(), sheet["people"][0]["kit_owed"].clone()),
        (json!(false), json!(true))
    );

    let (status, csv, headers) = text(&api, &format!("{sheet_url}.csv"), &admin).await;
    assert_eq!(status, 200);
    assert!(headers["content-disposition"].to_str().unwrap().contains("attendance-"));
    assert!(csv.starts_with('\u{feff}'));
    assert!(csv.contains(&format!("Rosa,rosa.{}@example.org,2,2,yes,1,1", group.id)), "{csv}");
    assert!(csv.contains("'=cmd,"), "formula neutralized: {csv}");

    let csv = csv_all_pages(&api, "/api/admin/incentives.csv", &admin).await;
    let line = csv.lines().find(|l| l.starts_with(&group.id)).expect("Rosa completed").to_string();
    assert!(line.ends_with("150,2026-11-20,150,yes,,yes"), "{line}");

    let subscriber = format!("{}@example.org", unique_id("subscriber"));
    api.post_json("/api/subscriptions", &json!({ "email": subscriber, "language": "es" })).await;
    let csv = csv_all_pages(&api, "/api/admin/subscribers.csv", &admin).await;
    assert!(csv.starts_with('\u{feff}') && csv.contains(&format!("{subscriber},es,pending")), "{csv}");

    let overview = call(&api, "GET", "/api/admin/overview", Some(&admin), false).await;
    assert_eq!(overview.status, 200);
    assert!(overview.body["incentives"]["completed"].as_u64().unwrap() >= 1);
    assert!(overview.body["subscribers"]["new_last_7_days"].as_u64().unwrap() >= 1);
    assert!(overview.body["fill"]
        .as_array()
        .unwrap()
        .iter()
        .any(|g| g["group_id"] == group.id.as_str() && g["confirmed"] == 2));
}

/// A valid body for every write route of the dashboard, by its pattern. The test below fails
/// when the router gains a write this table does not know.
fn write_body(pattern: &str, group: &str, target: &str) -> Option<Value> {
    Some(match pattern {
        "/api/admin/groups" => group_form(&unique_id("audited"), 3),
        "/api/admin/groups/{group}" => group_form(group, 4),
        "/api/admin/groups/{group}/duplicate" => json!({ "id": unique_id("audited-copy"), "weeks": 12 }),
        "/api/admin/groups/{group}/status" => json!({ "status": "published" }),
        "/api/admin/groups/{group}/attendance" => json!(null),
        "/api/admin/groups/{group}/signups/{signup}/seat" => json!({}),
        "/api/admin/groups/{group}/signups/{signup}/remove" => json!({ "reason": "Asked to leave" }),
        "/api/admin/groups/{group}/signups/{signup}/note" => json!({ "note": "Call after 5" }),
        "/api/admin/groups/{group}/signups/{signup}/move" => json!({ "to": target }),
        "/api/admin/groups/{group}/signups/{signup}/incentives" => json!({ "kit_shipped_on": "2026-11-21" }),
        "/api/admin/outbox/{message}/resend" => json!({}),
        // Filled in with a local group's own material (`LocalMaterial`).
        "/api/admin/groups/{group}/meetings" => json!({}),
        "/api/admin/groups/{group}/meetings/{meeting}/host" => json!("host"),
        "/api/admin/groups/{group}/issues/{issue}/hide" => json!({}),
        "/api/admin/groups/{group}/issues/{issue}/merge" => json!("into"),
        "/api/admin/groups/{group}/elections" => json!("election"),
        "/api/admin/users" => {
            json!({ "email": format!("{}@example.org", unique_id("invited")), "role": "facilitator", "groups": [group] })
        }
        "/api/admin/users/{user}" => json!({ "role": "facilitator", "groups": [], "revoked": true }),
        "/api/admin/people/{email}/erase" => json!({}),
        "/api/admin/directory" | "/api/admin/directory/{entry}" => json!({ "service": directory_service() }),
        "/api/admin/directory/{entry}/check" | "/api/admin/directory/{entry}/retire" => json!({}),
        "/api/admin/directory/import" => json!([{ "id": unique_id("imported"), "name": "Imported hub" }]),
        "/api/admin/groups/{group}/sessions/{session}/tasks" => {
            json!({ "tasks": [{ "title": { "en": "Snack", "es": "Merienda" }, "needed": 1 }] })
        }
        // Filled in with a family group's own families (`BuddyMaterial`).
        "/api/admin/groups/{group}/buddies/pairings" => json!("pair"),
        "/api/admin/groups/{group}/buddies/pairings/{pairing}/end" => json!({ "completed": true }),
        _ => return None,
    })
}

fn directory_service() -> Value {
    json!({ "organization": "Norfolk County Council", "name": { "en": "Audited Hub", "es": "" },
            "category": "family_hub", "area": "Norwich" })
}

/// A local group with two members, the first offering their setting and hosting a meeting,
/// and two proposed issues.
struct LocalMaterial {
    group: String,
    host: String,
    meeting: String,
    issues: Vec<String>,
}

impl LocalMaterial {
    async fn new(api: &Api, admin: &Session) -> LocalMaterial {
        let group = village_tests::api::local_group(&unique_id("audit-local"));
        api.put_group(&group).await;
        let mut tokens = Vec::new();
        for name in ["Ann", "Bea"] {
            let joined = api.sign_up(&group.id, name, &format!("{name}.{}@example.org", group.id)).await;
            tokens.push(joined.body["manage_token"].as_str().unwrap().to_string());
        }
        let offer = json!({ "setting": "Oak House", "address": "1 Oak Lane", "area": "Diss", "places": 8 });
        assert_eq!(api.put_json(&format!("/api/manage/{}/host-offer", tokens[0]), &offer).await.status, 200);
        let host = api.get(&format!("/api/manage/{}", tokens[0])).await.body["signup"]["id"].as_str().unwrap().to_string();
        let when = chrono::Utc::now() + chrono::Duration::days(10);
        let scheduled = write(api, "POST", &format!("/api/admin/groups/{}/meetings", group.id), admin,
            &json!({ "starts_at": when, "duration_minutes": 90, "host": host })).await;
        let meeting = scheduled.body["id"].as_str().unwrap().to_string();
        let mut issues = Vec::new();
        for title in ["Funding", "Funding changes"] {
            let proposed = api.post_json(&format!("/api/manage/{}/issues", tokens[1]), &json!({ "title": title, "language": "en" })).await;
            issues.push(proposed.body["issue"]["id"].as_str().unwrap().to_string());
        }
        LocalMaterial { group: group.id, host, meeting, issues }
    }
}

/// A family group with one family offering to be a buddy and one asking, paired when asked.
struct BuddyMaterial {
    group: String,
    newcomer: String,
    buddy: String,
    pairing: Option<String>,
}

impl BuddyMaterial {
    async fn new(api: &Api, admin: &Session, paired: bool) -> BuddyMaterial {
        let group = series(&unique_id("audit-buddies"), 5);
        api.put_group(&group).await;
        let mut families = Vec::new();
        for name in ["Cat", "Dot"] {
            let joined = api.sign_up(&group.id, name, &format!("{name}.{}@example.org", group.id)).await;
            let token = joined.body["manage_token"].as_str().unwrap().to_string();
            families.push((token, joined.body["signup"]["id"].as_str().unwrap().to_string()));
        }
        let offer = json!({ "languages": ["en"], "age_band": "under_one", "can_take": 1 });
        assert_eq!(api.put_json(&format!("/api/manage/{}/buddy/offer", families[0].0), &offer).await.status, 200);
        let ask = json!({ "language": "en", "age_band": "under_one" });
        assert_eq!(api.put_json(&format!("/api/manage/{}/buddy/request", families[1].0), &ask).await.status, 200);
        let (newcomer, buddy) = (families[1].1.clone(), families[0].1.clone());
        let mut pairing = None;
        if paired {
            let body = json!({ "newcomer": newcomer, "buddy": buddy });
            let made = write(api, "POST", &format!("/api/admin/groups/{}/buddies/pairings", group.id), admin, &body).await;
            pairing = made.body["pairings"][0]["id"].as_str().map(str::to_string);
        }
        BuddyMaterial { group: group.id, newcomer, buddy, pairing }
    }
}

#[tokio::test]
async fn every_dashboard_write_leaves_an_audit_entry() {
    let api = Api::new(stack());
    let admin = signed_in(&api, "admin", &[]).await;
    let routes = api.get("/api/dev/admin-routes").await.body;
    let user = signed_in(&api, "facilitator", &[]).await;
    let mut audited = 0;
    for route in routes.as_array().unwrap() {
        let (method, pattern) = (route["method"].as_str().unwrap(), route["path"].as_str().unwrap());
        if method == "GET" || route["access"] == "public" || pattern.ends_with("/sign-out") {
            continue;
        }
        // Fresh material for each write: a group with one person seated and one waiting.
        let group = series(&unique_id("audit"), 1);
        api.put_group(&group).await;
        let target = series(&unique_id("audit-target"), 3);
        api.put_group(&target).await;
        let ids = fill(&api, &group.id, &["Ana", "Bea"]).await;
        let person = format!("bea.{}@example.org", group.id);
        let message = messages_to(&api, &person).await[0]["id"].as_str().unwrap().to_string();
        let mut path = pattern
            .replace("{group}", &group.id)
            .replace("{signup}", &ids[1])
            .replace("{message}", &message)
            .replace("{user}", &user.email)
            .replace("{email}", &person)
            .replace("{session}", &group.sessions[0].starts_at.timestamp().to_string());
        if pattern.contains("{entry}") {
            let created = write(&api, "POST", "/api/admin/directory", &admin, &json!({ "service": directory_service() })).await;
            path = path.replace("{entry}", created.body["entry"]["id"].as_str().expect("a new entry"));
        }
        let mut body = write_body(pattern, &group.id, &target.id)
            .unwrap_or_else(|| panic!("{method} {pattern}: no body in the table"));
        if pattern.ends_with("/attendance") {
            body = json!({ "session": group.sessions[0].starts_at, "signup_id": ids[0], "present": true });
        }
        // A local group's meetings and issues need one, with a host, a meeting and two issues.
        if pattern.contains("/meetings") || pattern.contains("/issues/") || pattern.ends_with("/elections") {
            let local = LocalMaterial::new(&api, &admin).await;
            path = pattern
                .replace("{group}", &local.group)
                .replace("{meeting}", &local.meeting)
                .replace("{issue}", &local.issues[0]);
            body = match body {
                Value::String(ref s) if s == "host" => json!({ "host": local.host }),
                Value::String(ref s) if s == "into" => json!({ "into": local.issues[1] }),
                other => other,
            };
            if pattern.ends_with("/meetings") {
                body = json!({ "starts_at": chrono::Utc::now() + chrono::Duration::days(20), "duration_minutes": 90, "host": local.host });
            }
            if pattern.ends_with("/elections") {
                let voting = chrono::Utc::now() + chrono::Duration::days(14);
                body = json!({ "role": "leader", "voting_opens_at": voting, "closes_at": voting + chrono::Duration::days(7) });
            }
        }
        if pattern.contains("/buddies/") {
            let family = BuddyMaterial::new(&api, &admin, pattern.contains("{pairing}")).await;
            path = pattern.replace("{group}", &family.group).replace("{pairing}", family.pairing.as_deref().unwrap_or_default());
            if body == json!("pair") {
                body = json!({ "newcomer": family.newcomer, "buddy": family.buddy });
            }
        }
        // Other tests share the stack and write audit entries too: count only this admin's.
        let mine = format!("/api/admin/audit?who={}", admin.email);
        let before = all_pages(&api, &mine, &admin, "entries").await.len();
        let answer: Answer = write(&api, method, &path, &admin, &body).await;
        assert!(answer.status < 300, "{method} {path}: {} {:?}", answer.status, answer.body);
        let entries = all_pages(&api, &mine, &admin, "entries").await;
        assert!(entries.len() > before, "{method} {pattern} wrote no audit entry");
        assert!(entries[0]["action"].as_str().is_some_and(|a| !a.is_empty()), "{method} {pattern}: {}", entries[0]);
        audited += 1;
    }
    assert!(audited >= 13, "only {audited} writes checked");
}

#[tokio::test]
async fn an_admin_manages_users_and_a_revoked_user_is_out_at_once() {
    let api = Api::new(stack());
    let admin = signed_in(&api, "admin", &[]).await;
    let facilitator = signed_in(&api, "facilitator", &["g-one"]).await;
    let url = format!("/api/admin/users/{}", facilitator.email);
    let assigned =
        write(&api, "PUT", &url, &admin, &json!({ "role": "facilitator", "groups": ["g-one", "g-two"] })).await;
    assert_eq!(assigned.body["user"]["groups"], json!(["g-one", "g-two"]));
    assert_eq!(call(&api, "GET", "/api/admin/me", Some(&facilitator), false).await.body["user"]["groups"][1], "g-two");
    write(&api, "PUT", &url, &admin, &json!({ "role": "facilitator", "groups": [], "revoked": true })).await;
    assert_eq!(call(&api, "GET", "/api/admin/me", Some(&facilitator), false).await.status, 401, "revoked: out at once");
    let me_again = json!({ "email": admin.email, "role": "facilitator", "groups": [] });
    assert_eq!(write(&api, "POST", "/api/admin/users", &admin, &me_again).await.status, 422, "no self-demotion");
    let own = format!("/api/admin/users/{}", admin.email);
    assert_eq!(
        write(&api, "PUT", &own, &admin, &json!({ "role": "admin", "revoked": true })).await.status,
        422,
        "no self-lockout"
    );
    let path = format!("/api/admin/audit?action=user.update&target={}", facilitator.email);
    let entries = all_pages(&api, &path, &admin, "entries").await;
    assert_eq!(entries.len(), 2, "filtered to this user's updates");
    assert_eq!(
        (entries[0]["before"]["revoked"].clone(), entries[0]["after"]["revoked"].clone()),
        (json!(false), json!(true))
    );
}

#[tokio::test]
async fn a_persons_data_is_exported_and_erasing_removes_it_from_kv_but_keeps_the_counts() {
    let api = Api::new(stack());
    let group = series(&unique_id("erase"), 1);
    api.put_group(&group).await;
    let name = format!("Zelda {}", unique_id("Erasable"));
    let email = format!("{}@example.org", unique_id("zelda"));
    let joined = api.sign_up(&group.id, &name, &email).await;
    let id = joined.body["signup"]["id"].as_str().unwrap().to_string();
    let manage = format!("/api/manage/{}", joined.body["manage_token"].as_str().unwrap());
    fill(&api, &group.id, &["Next"]).await;
    // "Tell me when it opens", tapped twice at once: two sets of links may be made.
    let ask = json!({ "email": email, "language": "en", "group_id": group.id });
    futures::future::join(api.post_json("/api/subscriptions", &ask), api.post_json("/api/subscriptions", &ask)).await;
    let admin = signed_in(&api, "admin", &[]).await;
    // She is a peer facilitator too: a dashboard account, a session, writes in the audit log.
    let token = village_tests::admin::add_user(&api, &email, "facilitator", &[&group.id]).await;
    let (_, as_her) = village_tests::admin::open_session(&api, &token).await;
    let as_her = as_her.unwrap();
    let other_id = fill(&api, &group.id, &["Other"]).await.remove(0);
    let her_note = json!({ "note": "Met at the library" });
    write(&api, "PUT", &format!("/api/admin/groups/{}/signups/{other_id}/note", group.id), &as_her, &her_note).await;
    let sheet_url = format!("/api/admin/groups/{}/attendance", group.id);
    let mark = json!({ "session": group.sessions[0].starts_at, "signup_id": id, "present": true });
    write(&api, "PUT", &sheet_url, &admin, &mark).await;
    write(
        &api,
        "PUT",
        &format!("/api/admin/groups/{}/signups/{id}/note", group.id),
        &admin,
        &json!({ "note": "Zelda's note" }),
    )
    .await;

    // Her history line is written a moment after the mark.
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    let found = loop {
        let found = call(&api, "GET", &format!("/api/admin/people/{email}"), Some(&admin), false).await;
        if found.body["history"][0]["sessions_attended"] == 1 || std::time::Instant::now() > deadline {
            break found;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    assert_eq!(found.status, 200, "{:?}", found.body);
    assert_eq!(found.body["signups"][0]["signup"]["name"], name.as_str());
    assert_eq!(found.body["signups"][0]["note"], "Zelda's note");
    assert_eq!(found.body["history"][0]["sessions_attended"], 1);
    assert_eq!(found.body["subscriber"]["email"], email.as_str());
    assert!(!found.body["messages"].as_array().unwrap().is_empty());
    let (_, _, headers) = text(&api, &format!("/api/admin/people/{email}?download"), &admin).await;
    assert!(headers["content-disposition"].to_str().unwrap().contains("attachment"));
    assert!(!api.get(&format!("/api/dev/kv?contains={email}")).await.body["keys"].as_array().unwrap().is_empty());

    let erased = write(&api, "POST", &format!("/api/admin/people/{email}/erase"), &admin, &json!({})).await;
    assert_eq!(erased.status, 200, "{:?}", erased.body);
    for needle in [email.as_str(), name.as_str(), "Zelda's note"] {
        let keys = api.get(&format!("/api/dev/kv?contains={}", urlencode(needle))).await.body["keys"].clone();
        assert_eq!(keys, json!([]), "{needle} is still in KV");
    }
    let roster = call(&api, "GET", &format!("/api/admin/groups/{}/roster", group.id), Some(&admin), false).await.body;
    assert!(!roster.to_string().contains(&email) && !roster.to_string().contains(&name), "nor in the group's object");
    assert_eq!(roster["count"]["confirmed"], 1, "the freed seat went to the next in line");
    let sheet = call(&api, "GET", &sheet_url, Some(&admin), false).await.body;
    let present: usize =
        sheet["people"].as_array().unwrap().iter().map(|p| p["attended"].as_u64().unwrap() as usize).sum();
    assert_eq!(present, 1, "attendance is kept, anonymously");
    assert_eq!(
        call(&api, "GET", &format!("/api/admin/people/{email}"), Some(&admin), false).await.error_code(),
        "person_not_found"
    );
    assert_eq!(api.get(&manage).await.status, 404, "their old link leads nowhere");
    assert_eq!(call(&api, "GET", "/api/admin/me", Some(&as_her), false).await.status, 401, "her account is gone");
    let self_erase = write(&api, "POST", &format!("/api/admin/people/{}/erase", admin.email), &admin, &json!({})).await;
    assert_eq!(self_erase.status, 422, "nobody erases themselves");
    let log = all_pages(&api, "/api/admin/audit?action=person.erase", &admin, "entries").await;
    assert!(!log.is_empty(), "the erasure is in the audit log");
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The whole loop from a phone, in one language: sign in through the emailed link, create a
/// group, publish it, find it in the public catalogue, take attendance, export the roster —
/// and look at every dashboard page on the way (screenshots, axe).
async fn a_network_runs_a_term_from_a_phone(lang: &str) {
    use village_tests::admin::add_user;
    use village_tests::browser::Browser;
    let es = lang == "es";
    let say = |en: &'static str, es_text: &'static str| if es { es_text } else { en };
    let stack = stack();
    let api = Api::new(stack);
    let email = format!("{}@example.org", unique_id(&format!("coordinator-{lang}")));
    add_user(&api, &email, "admin", &[]).await;

    let b = Browser::start().await;
    b.goto(&stack.url(&format!("/admin?lang={lang}"))).await;
    b.fill("#admin-email", &email).await;
    b.screenshot(&format!("admin-sign-in-{lang}")).await;
    b.click(".sign-in-form button[type=submit]").await;
    b.wait_for(".link-sent").await;
    let link = village_tests::admin::emailed_sign_in_link(&api, &email).await;
    b.goto(&stack.url(&link)).await;
    b.wait_for(".use-sign-in-link").await;
    assert!(b.axe_violations().await.is_empty(), "the sign-in tap page is accessible");
    b.screenshot(&format!("admin-sign-in-tap-{lang}")).await;
    b.click(".use-sign-in-link").await;
    b.wait_for_text(".signed-in-as", &email).await;

    // Saved empty: every field with a problem says so to a screen reader (`aria-invalid`, its
    // problem's text by `aria-describedby`), and the first of them takes the focus.
    b.click(".new-group").await;
    b.wait_for("#group-id").await;
    b.click(".save-group").await;
    b.wait_for(".editor-form [aria-invalid=true]").await;
    let focused_on_first_problem = "const first = document.querySelector('.editor-form [aria-invalid=true]');
        const ids = (first.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
        const told = ids.length > 0 && ids.every(id => (document.getElementById(id) || {}).textContent);
        return [document.activeElement === first, !!told, first.id];";
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        let found = b.client.execute(focused_on_first_problem, vec![]).await.unwrap();
        if found[0] == json!(true) && found[1] == json!(true) {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the first problem is not focused and described ({lang}): {found}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    b.screenshot(&format!("admin-editor-problems-{lang}")).await;

    // A new group, in both languages, with a session that has happened and one next week.
    let id = unique_id(&format!("circle-{lang}"));
    b.fill("#group-id", &id).await;
    b.fill("#group-capacity", "2").await;
    b.fill("#title-en", "Caregiver Circle").await;
    b.fill("#title-es", "Círculo de cuidadoras").await;
    b.fill("#term-en", "Winter 2026").await;
    b.fill("#term-es", "Invierno 2026").await;
    let past = (chrono::Utc::now() - chrono::Duration::days(2)).format("%Y-%m-%dT18:30").to_string();
    b.set_value("#session-0-starts", &past).await;
    b.fill("#session-0-topic-en", "Taking care of yourself").await;
    b.fill("#session-0-topic-es", "Cuidarte a ti misma").await;
    b.click(".add-session").await;
    b.wait_for("#session-1-starts").await;
    assert_ne!(b.value("#session-1-starts").await, "", "a new session starts a week after the last");
    b.set_value("#group-link", "https://meet.example/circle").await;
    b.fill("#group-stipend", "150").await;
    b.screenshot(&format!("admin-editor-{lang}")).await;
    let violations = b.axe_violations().await;
    assert!(violations.is_empty(), "editor: {violations:?}");
    b.click(".save-group").await;
    b.wait_for_text(".admin-roster .status-tag", say("Draft", "Borrador")).await;

    b.click(".publish").await;
    b.wait_for_text(".admin-roster .status-tag", say("Published", "Publicado")).await;
    b.screenshot(&format!("admin-group-{lang}")).await;
    let violations = b.axe_violations().await;
    assert!(violations.is_empty(), "group page: {violations:?}");

    // In the public catalogue, in the reader's language.
    assert!(api.listed(&id, true).await);
    b.goto(&stack.url(&format!("/?lang={lang}"))).await;
    b.wait_for_text("main", say("Caregiver Circle", "Círculo de cuidadoras")).await;
    for (name, who) in [("Rosa Martínez", "rosa"), ("Ana Ruiz", "ana"), ("Lucía Díaz", "lucia")] {
        api.sign_up(&id, name, &format!("{who}.{id}@example.org")).await;
    }

    // Take attendance from the phone.
    b.goto(&stack.url(&format!("/admin/groups/{id}?lang={lang}"))).await;
    b.wait_for_text(".roster-confirmed", "Rosa Martínez").await;
    b.wait_for_text(".roster-waitlisted", "Lucía Díaz").await;
    b.click(".take-attendance").await;
    b.wait_for_text(".checkins", "Rosa Martínez").await;
    b.click(".checkins li:first-child label").await;
    b.wait_for_text(".checkins li:first-child", say("came to 1 of 2", "vino a 1 de 2")).await;
    b.wait_for_text(".ledger", say("Nobody has completed yet.", "Nadie ha completado todavía.")).await;
    // The second session too: Rosa completes, and her stipend is recorded in the ledger.
    let pick = "const s = document.querySelector('#session'); s.selectedIndex = 1; \
                s.dispatchEvent(new Event('change', { bubbles: true }));";
    b.client.execute(pick, vec![]).await.expect("choose the second session");
    b.wait_for_text(".checkins li:first-child", say("came to 1 of 2", "vino a 1 de 2")).await;
    b.click(".checkins li:first-child label").await;
    b.wait_for_text(".checkins li:first-child", say("came to 2 of 2", "vino a 2 de 2")).await;
    b.goto(&stack.url(&format!("/admin/groups/{id}/attendance?lang={lang}"))).await;
    b.wait_for_text(".ledger-line", say("Still owed", "Pendiente")).await;
    b.set_value(".ledger-line input[type=date]", "2026-11-20").await;
    b.click(".ledger-line .save-ledger").await;
    b.wait_for_text(".ledger-line", say("All given", "Todo entregado")).await;
    b.screenshot(&format!("admin-attendance-{lang}")).await;
    let violations = b.axe_violations().await;
    assert!(violations.is_empty(), "attendance: {violations:?}");

    // Export the roster: what the link downloads, with the session's cookie.
    b.goto(&stack.url(&format!("/admin/groups/{id}?lang={lang}"))).await;
    let href = b.wait_for(".roster-csv").await.attr("href").await.unwrap().unwrap();
    let csv = b.fetch_text(&href).await;
    // (The browser's decoder drops the byte-order mark; the API tests check it.)
    assert!(
        csv.starts_with("status,") && csv.contains("Rosa Martínez") && csv.contains("waitlisted,1,Lucía Díaz"),
        "{csv}"
    );

    // Roster actions from the phone: a private note, a seat by hand, a removal with a reason.
    b.click(".roster-confirmed li:first-child .note").await;
    b.fill(".roster-confirmed li:first-child textarea", "Prefers WhatsApp").await;
    b.click(".roster-confirmed li:first-child .person-form button[type=submit]").await;
    b.wait_for_text(".roster-confirmed li:first-child .person-note", "Prefers WhatsApp").await;
    b.click(".roster-waitlisted li:first-child .seat").await;
    b.wait_for_text(".roster-confirmed", "Lucía Díaz").await;
    b.click(".roster-confirmed li:nth-child(2) .remove").await;
    b.fill(".roster-confirmed li:nth-child(2) textarea", say("Moved away", "Se mudó")).await;
    b.screenshot(&format!("admin-remove-{lang}")).await;
    b.click(".roster-confirmed li:nth-child(2) .person-form button[type=submit]").await;
    b.wait_for_text(".roster-cancelled", "Ana Ruiz").await;
    let told = messages_to(&api, &format!("ana.{id}@example.org")).await;
    assert!(told
        .iter()
        .any(|m| m["kind"] == "removed" && m["body"].as_str().unwrap().contains(say("Moved away", "Se mudó"))));
    b.screenshot(&format!("admin-roster-actions-{lang}")).await;

    // Invite a facilitator for this group.
    b.goto(&stack.url(&format!("/admin/users?lang={lang}"))).await;
    let invitee = format!("{}@example.org", unique_id("invitee"));
    b.fill("#invite-email", &invitee).await;
    b.click(&format!("#invite-{id}")).await;
    b.click(".invite-form button[type=submit]").await;
    b.wait_for_text(".users .cards", &invitee).await;
    assert!(messages_to(&api, &invitee).await.iter().any(|m| m["kind"] == "sign_in_link"));

    // A person's data: found, then erased.
    b.goto(&stack.url(&format!("/admin/people?lang={lang}"))).await;
    b.fill("#person-email", &format!("ana.{id}@example.org")).await;
    b.click(".find-person button[type=submit]").await;
    b.wait_for_text(".person-data", "Ana Ruiz").await;
    b.screenshot(&format!("admin-person-{lang}")).await;
    let violations = b.axe_violations().await;
    assert!(violations.is_empty(), "person: {violations:?}");
    b.click(".erase").await;
    b.click(".erase-confirm").await;
    b.wait_for(".erased").await;

    // Every other page of the dashboard, looked at.
    for (path, css, name) in [
        ("/admin/overview", ".overview", "overview"),
        ("/admin/users", ".users", "users"),
        ("/admin/people", ".people", "people"),
        ("/admin/audit", ".audit-entries", "audit"),
        ("/admin", ".admin-groups", "groups"),
        ("/admin/outbox", ".admin-outbox", "outbox"),
    ] {
        b.goto(&stack.url(&format!("{path}?lang={lang}"))).await;
        b.wait_for(css).await;
        if name == "overview" {
            b.wait_for_text(".fill-chart", say("Caregiver Circle", "Círculo de cuidadoras")).await;
        }
        if name == "audit" {
            b.wait_for_text(".audit-entries", "attendance.mark").await;
        }
        b.screenshot(&format!("admin-{name}-{lang}")).await;
        let violations = b.axe_violations().await;
        assert!(violations.is_empty(), "{name}: {violations:?}");
        assert_eq!(b.horizontal_overflow().await, Vec::<String>::new(), "{name}: nothing runs off a phone screen");
    }
    b.close().await;
}

#[tokio::test]
async fn a_network_runs_a_term_from_a_phone_in_english() {
    a_network_runs_a_term_from_a_phone("en").await;
}

#[tokio::test]
async fn a_network_runs_a_term_from_a_phone_in_spanish() {
    a_network_runs_a_term_from_a_phone("es").await;
}

/// Durable Objects are evicted and rebuilt from their storage at any time (locally: at every
/// restart). Sign-in, rosters, notes, the ledger and attendance must read back.
#[tokio::test]
async fn the_dashboards_state_survives_a_restart() {
    let state = village_tests::stack::fresh_dir("restart");
    let group = series(&unique_id("restart"), 1);
    let (ids, admin_email) = {
        let before = Stack::start_with(&state, true, &[]);
        let api = Api::new(&before);
        api.put_group(&group).await;
        let ids = fill(&api, &group.id, &["Ana", "Bea"]).await;
        let admin = signed_in(&api, "admin", &[]).await;
        let base = format!("/api/admin/groups/{}", group.id);
        let mark = json!({ "session": group.sessions[0].starts_at, "signup_id": ids[0], "present": true });
        assert_eq!(write(&api, "PUT", &format!("{base}/attendance"), &admin, &mark).await.status, 200);
        write(&api, "PUT", &format!("{base}/signups/{}/note", ids[1]), &admin, &json!({ "note": "Call first" })).await;
        let entry = json!({ "kit_shipped_on": "2026-11-20" });
        write(&api, "PUT", &format!("{base}/signups/{}/incentives", ids[0]), &admin, &entry).await;
        (ids, admin.email)
    };
    let after = Stack::start_with(&state, true, &[]);
    let api = Api::new(&after);
    // The sign-in object reads its stored state back.
    let token = village_tests::admin::add_user(&api, &admin_email, "admin", &[]).await;
    let (opened, admin) = village_tests::admin::open_session(&api, &token).await;
    assert_eq!(opened.status, 200, "{:?}", opened.body);
    let admin = admin.unwrap();
    let roster = call(&api, "GET", &format!("/api/admin/groups/{}/roster", group.id), Some(&admin), false).await;
    assert_eq!(roster.status, 200, "{:?}", roster.body);
    assert_eq!(roster.body["notes"][&ids[1]], "Call first");
    assert_eq!(roster.body["signups"][1]["waitlist_position"], 1);
    let sheet = call(&api, "GET", &format!("/api/admin/groups/{}/attendance", group.id), Some(&admin), false).await;
    assert_eq!(sheet.body["people"][0]["attended"], 1);
    assert_eq!(sheet.body["people"][0]["ledger"]["kit_shipped_on"], "2026-11-20");
    let late = api.sign_up(&group.id, "Cruz", &format!("cruz.{}@example.org", group.id)).await;
    assert_eq!(late.body["signup"]["waitlist_position"], 2, "the queue carries on where it was");
}

/// The editor round-trips what it does not show (a second prerequisite, the ZIP's point), and
/// saving more seats says who was seated.
#[tokio::test]
async fn editing_in_the_browser_keeps_everything_and_says_who_was_seated() {
    use village_shared::model::Prerequisite;
    use village_tests::browser::Browser;
    let stack = stack();
    let api = Api::new(stack);
    let mut group = series(&unique_id("edit-browser"), 1);
    group.prerequisites = vec![
        Prerequisite::Completed { program: "cos-well-being".into() },
        Prerequisite::Completed { program: "cos-connection".into() },
    ];
    api.put_group(&group).await;
    for (name, email) in [("Ana", "ana"), ("Bea", "bea"), ("Cruz", "cruz")] {
        let history = json!([
            { "group_id": "wb", "program": "cos-well-being", "sessions_total": 6, "sessions_attended": 6, "completion_percent": 75 },
            { "group_id": "cr", "program": "cos-connection", "sessions_total": 5, "sessions_attended": 5, "completion_percent": 75 }
        ]);
        let email = format!("{email}.{}@example.org", group.id);
        api.put_history(&email, &history).await;
        assert_eq!(api.sign_up(&group.id, name, &email).await.status, 201);
    }
    let token =
        village_tests::admin::add_user(&api, &format!("{}@example.org", unique_id("editor")), "admin", &[]).await;
    let b = Browser::start().await;
    b.follow_sign_in_link(&stack.url(&format!("/admin/sign-in/{token}?lang=es"))).await;
    b.wait_for(".signed-in-as").await;
    b.goto(&stack.url(&format!("/admin/groups/{}/edit?lang=es", group.id))).await;
    b.wait_for("#group-capacity").await;
    assert_eq!(b.value("#group-prerequisite-program").await, "cos-well-being");
    b.fill("#group-capacity", "3").await;
    b.click(".save-group").await;
    b.wait_for_text(".admin-roster .notice-ok", "2 personas de la lista de espera recibieron lugar").await;
    b.screenshot("admin-saved-es").await;
    let admin = signed_in(&api, "admin", &[]).await;
    let saved = call(&api, "GET", &format!("/api/admin/groups/{}", group.id), Some(&admin), false).await.body;
    assert_eq!(saved["group"]["prerequisites"].as_array().unwrap().len(), 2, "{}", saved["group"]["prerequisites"]);
    assert_eq!((saved["count"]["confirmed"].clone(), saved["count"]["waitlist_length"].clone()), (json!(3), json!(0)));

    // Two people editing at once, in each language: whoever saves second is told, loses
    // nothing of the first's, and can load the first's version.
    for (lang, told, theirs) in
        [("es", "Otra persona guardó cambios", "Nuevo título"), ("en", "Someone else saved changes", "New title")]
    {
        b.goto(&stack.url(&format!("/admin/groups/{}/edit?lang={lang}", group.id))).await;
        b.wait_for("#group-capacity").await;
        let open = call(&api, "GET", &format!("/api/admin/groups/{}", group.id), Some(&admin), false).await.body;
        let mut form = json!({ "group": open["group"], "private": open["private"], "revision": open["revision"] });
        form["group"]["title"]["es"] = json!(theirs);
        let first = write(&api, "PUT", &format!("/api/admin/groups/{}", group.id), &admin, &form).await;
        assert_eq!(first.status, 200, "{:?}", first.body);
        b.fill("#title-en", "Mine, saved second").await;
        b.click(".save-group").await;
        b.wait_for_text(".group-editor .notice-error", told).await;
        // Save is at the bottom of the form, the notice at the top: it is brought into view.
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        let in_view = "const r = document.querySelector('.group-editor .notice-error').getBoundingClientRect();
                       return r.top >= -1 && r.bottom <= window.innerHeight + 1;";
        while b.client.execute(in_view, vec![]).await.unwrap() != json!(true) {
            let rect = b.client.execute("const r = document.querySelector('.group-editor .notice-error').getBoundingClientRect(); return [r.top, r.bottom, window.innerHeight, window.scrollY, document.querySelectorAll('.editor-form .notice-error').length];", vec![]).await.unwrap();
            assert!(std::time::Instant::now() < deadline, "the notice is off screen ({lang}): {rect}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        b.screenshot(&format!("admin-edit-conflict-{lang}")).await;
        let kept = call(&api, "GET", &format!("/api/admin/groups/{}", group.id), Some(&admin), false).await.body;
        assert_eq!(kept["group"]["title"]["es"], theirs, "the first save stands");
        assert_ne!(kept["group"]["title"]["en"], "Mine, saved second");
        b.click(".group-editor .notice-error button").await;
        b.wait_for("#group-capacity").await;
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while b.value("#title-es").await != theirs {
            assert!(std::time::Instant::now() < deadline, "their version never loaded");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
    b.close().await;
}
