//! The dashboard's access rules against the real local stack: sign-in links, sessions, CSRF,
//! rate limits, and the authorization matrix over every route the router declares.

use std::sync::OnceLock;

use serde_json::{json, Value};
use village_tests::admin::{add_user, all_pages, call, open_session, signed_in, Session};
use village_tests::api::{series, unique_id, Answer, Api};
use village_tests::Stack;

fn stack() -> &'static Stack {
    static STACK: OnceLock<Stack> = OnceLock::new();
    STACK.get_or_init(Stack::start)
}

#[tokio::test]
async fn every_admin_route_answers_401_403_or_allowed_as_its_access_says() {
    let api = Api::new(stack());
    let group = series(&unique_id("matrix"), 5);
    api.put_group(&group).await;
    let admin = signed_in(&api, "admin", &[]).await;
    let own = signed_in(&api, "facilitator", &[&group.id]).await;
    let other = signed_in(&api, "facilitator", &["some-other-group"]).await;
    // A session that has ended: signed out.
    let ended = signed_in(&api, "admin", &[]).await;
    assert_eq!(call(&api, "POST", "/api/admin/sign-out", Some(&ended), true).await.status, 200);

    let routes = api.get("/api/dev/admin-routes").await.body;
    let routes = routes.as_array().expect("the router's table");
    assert!(routes.len() >= 6, "{routes:?}");
    let mut checked = 0;
    for route in routes {
        let (method, pattern, access) =
            (route["method"].as_str().unwrap(), route["path"].as_str().unwrap(), route["access"].as_str().unwrap());
        if access == "public" || pattern.ends_with("/sign-out") {
            continue;
        }
        let path = pattern.replace("{group}", &group.id);
        let status = |a: &Answer| a.status;
        let anonymous = status(&call(&api, method, &path, None, true).await);
        let expired = status(&call(&api, method, &path, Some(&ended), true).await);
        let forged = status(
            &call(
                &api,
                method,
                &path,
                Some(&Session {
                    cookie: format!("village_session={}", "a".repeat(64)),
                    csrf: String::new(),
                    email: String::new(),
                }),
                true,
            )
            .await,
        );
        let other_facilitator = status(&call(&api, method, &path, Some(&other), true).await);
        let own_facilitator = status(&call(&api, method, &path, Some(&own), true).await);
        let as_admin = status(&call(&api, method, &path, Some(&admin), true).await);
        let allowed = |s: u16| s != 401 && s != 403 && s < 500;
        let label = format!("{method} {pattern} ({access})");
        assert_eq!((anonymous, expired, forged), (401, 401, 401), "{label}: without a valid session");
        assert!(allowed(as_admin), "{label}: admin got {as_admin}");
        match access {
            "signed_in" => assert!(allowed(other_facilitator) && allowed(own_facilitator), "{label}"),
            "group" => {
                assert_eq!(other_facilitator, 403, "{label}: a facilitator of another group");
                assert!(allowed(own_facilitator), "{label}: this group's facilitator got {own_facilitator}");
            }
            "network" => assert_eq!((other_facilitator, own_facilitator), (403, 403), "{label}: facilitators"),
            other => panic!("unknown access {other} in {label}"),
        }
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} routes checked");

    // A known address asked with a method it does not answer: 405, naming the ones it does.
    let pattern = "/api/admin/groups/{group}/roster";
    let answers: Vec<&str> =
        routes.iter().filter(|r| r["path"] == pattern).map(|r| r["method"].as_str().unwrap()).collect();
    assert!(!answers.is_empty(), "{pattern} is in the table");
    let wrong = ["GET", "POST", "PUT", "DELETE"].into_iter().find(|m| !answers.contains(m)).unwrap();
    let refused = call(&api, wrong, &pattern.replace("{group}", &group.id), Some(&admin), true).await;
    assert_eq!((refused.status, refused.error_code()), (405, "method_not_allowed"), "{wrong} {pattern}");
    assert_eq!(refused.headers["allow"], answers.join(", "), "{wrong} {pattern}: Allow names the methods it answers");
}

#[tokio::test]
async fn a_sign_in_link_arrives_through_the_outbox_and_works_once() {
    let api = Api::new(stack());
    let email = format!("{}@example.org", unique_id("admin-link"));
    add_user(&api, &email, "admin", &[]).await;
    let asked = api.post_json("/api/admin/sign-in", &json!({ "email": email })).await;
    assert_eq!((asked.status, asked.body["sent"].clone()), (200, json!(true)));
    let messages = api.get(&format!("/api/dev/outbox?to={email}")).await.body["messages"].clone();
    let body = messages[0]["body"].as_str().expect("a sign-in message").to_string();
    let token: String =
        body[body.find("/admin/sign-in/").unwrap() + 15..].chars().take_while(|c| c.is_ascii_hexdigit()).collect();

    let (first, session) = open_session(&api, &token).await;
    assert_eq!(first.status, 200, "{:?}", first.body);
    let cookie = first.headers["set-cookie"].to_str().unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    let me = call(&api, "GET", "/api/admin/me", session.as_ref(), false).await;
    assert_eq!(me.body["user"]["email"], email.as_str());

    let (again, none) = open_session(&api, &token).await;
    assert_eq!(again.status, 410, "a link works once");
    assert_eq!(again.error_code(), "sign_in_link_invalid");
    assert!(none.is_none());
}

#[tokio::test]
async fn asking_for_a_link_never_reveals_who_has_access_and_is_rate_limited() {
    // One phone asking (limits count per client).
    let api = Api::from_address(stack(), "127.0.8.1");
    let stranger = format!("{}@example.org", unique_id("stranger"));
    let answer = api.post_json("/api/admin/sign-in", &json!({ "email": stranger })).await;
    assert_eq!((answer.status, answer.body.clone()), (200, json!({ "sent": true })), "the same answer as for a user");
    let messages = api.get(&format!("/api/dev/outbox?to={stranger}")).await.body["messages"].clone();
    assert_eq!(messages.as_array().unwrap().len(), 0, "nothing sent to a stranger");
    // Five links per email per 15 minutes; the sixth is refused — for strangers too.
    for _ in 0..4 {
        assert_eq!(api.post_json("/api/admin/sign-in", &json!({ "email": stranger })).await.status, 200);
    }
    let limited = api.post_json("/api/admin/sign-in", &json!({ "email": stranger })).await;
    assert_eq!(limited.status, 429);
    assert_eq!(limited.error_code(), "too_many_requests");
}

#[tokio::test]
async fn a_write_without_the_sessions_csrf_token_is_refused_and_sign_out_ends_the_session() {
    let api = Api::new(stack());
    let admin = signed_in(&api, "admin", &[]).await;
    let invite = json!({ "email": format!("{}@example.org", unique_id("new-facilitator")), "role": "facilitator", "groups": ["g1"] });
    let no_token = api
        .send(api.http.post(format!("{}/api/admin/users", api.base)).header("cookie", &admin.cookie).json(&invite))
        .await;
    assert_eq!((no_token.status, no_token.error_code()), (403, "csrf_rejected"));
    let wrong = api
        .send(
            api.http
                .post(format!("{}/api/admin/users", api.base))
                .header("cookie", &admin.cookie)
                .header("x-csrf-token", "0".repeat(64))
                .json(&invite),
        )
        .await;
    assert_eq!(wrong.status, 403);
    let ok = api
        .send(
            api.http
                .post(format!("{}/api/admin/users", api.base))
                .header("cookie", &admin.cookie)
                .header("x-csrf-token", &admin.csrf)
                .json(&invite),
        )
        .await;
    assert_eq!(ok.status, 201, "{:?}", ok.body);
    let users = call(&api, "GET", "/api/admin/users", Some(&admin), false).await;
    assert!(users.body["users"].as_array().unwrap().iter().any(|u| u["email"] == invite["email"]));

    assert_eq!(call(&api, "POST", "/api/admin/sign-out", Some(&admin), true).await.status, 200);
    assert_eq!(call(&api, "GET", "/api/admin/me", Some(&admin), false).await.status, 401);
}

#[tokio::test]
async fn invitations_sent_at_the_same_moment_all_reach_the_users_list() {
    let api = Api::new(stack());
    let admin = signed_in(&api, "admin", &[]).await;
    let emails: Vec<String> = (0..8).map(|_| format!("{}@example.org", unique_id("at-once"))).collect();
    let invites = emails.iter().map(|email| {
        let (api, admin) = (api.clone(), admin.clone());
        let invite = json!({ "email": email, "role": "facilitator", "groups": [] });
        tokio::spawn(
            async move { village_tests::admin::write(&api, "POST", "/api/admin/users", &admin, &invite).await },
        )
    });
    for answer in futures::future::join_all(invites).await {
        let answer = answer.expect("task");
        assert_eq!(answer.status, 201, "{:?}", answer.body);
    }
    let listed = call(&api, "GET", "/api/admin/users", Some(&admin), false).await.body["users"].clone();
    for email in &emails {
        assert!(listed.as_array().unwrap().iter().any(|u| u["email"] == email.as_str()), "{email} missing");
    }
}

#[tokio::test]
async fn a_sign_in_link_expires() {
    let state = village_tests::stack::fresh_dir("link-expiry");
    let short = Stack::start_with(&state, true, &[("SIGN_IN_TTL_SECS", "1")]);
    let api = Api::new(&short);
    let token = add_user(&api, "late@example.org", "admin", &[]).await;
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    let (late, _) = open_session(&api, &token).await;
    assert_eq!((late.status, late.error_code()), (410, "sign_in_link_invalid"));
    let _: &Value = &late.body;
}

#[tokio::test]
async fn an_expired_session_is_refused_on_every_route() {
    let state = village_tests::stack::fresh_dir("session-expiry");
    let short = Stack::start_with(&state, true, &[("SESSION_TTL_SECS", "2")]);
    let api = Api::new(&short);
    let admin = signed_in(&api, "admin", &[]).await;
    assert_eq!(call(&api, "GET", "/api/admin/me", Some(&admin), false).await.status, 200);
    tokio::time::sleep(std::time::Duration::from_millis(3000)).await;
    let routes = api.get("/api/dev/admin-routes").await.body;
    for route in routes.as_array().unwrap().iter().filter(|r| r["access"] != "public") {
        let (method, path) = (route["method"].as_str().unwrap(), route["path"].as_str().unwrap());
        let answer = call(&api, method, path, Some(&admin), true).await;
        assert_eq!((answer.status, answer.error_code()), (401, "not_signed_in"), "{method} {path}");
    }
}

#[tokio::test]
async fn a_facilitator_signs_in_through_the_emailed_link_and_sees_their_groups_roster() {
    use village_tests::browser::Browser;
    let stack = stack();
    let api = Api::new(stack);
    let mut group = series(&unique_id("roster-browser"), 2);
    group.title =
        village_shared::model::Bilingual::new("Caregiver Well-Being Series", "Serie Bienestar de quien cuida");
    api.put_group(&group).await;
    for (name, email) in [
        ("Rosa Martínez", "rosa.roster@example.org"),
        ("Ana Ruiz", "ana.roster@example.org"),
        ("Lucía Díaz", "lucia.roster@example.org"),
    ] {
        api.sign_up(&group.id, name, email).await;
    }
    let email = format!("{}@example.org", unique_id("facilitator"));
    add_user(&api, &email, "facilitator", &[&group.id]).await;
    // The catalogue (which lists the facilitator's groups) is rewritten about once a second.
    api.until_listed(&group.id).await;

    let b = Browser::start().await;
    b.goto(&stack.url("/admin?lang=es")).await;
    b.wait_for_text("h1", "Iniciar sesión").await;
    b.fill("#admin-email", &email).await;
    b.click(".sign-in-form button[type=submit]").await;
    b.wait_for_text(".link-sent", "va en camino").await;
    b.screenshot("admin-sign-in-es").await;

    let link = village_tests::admin::emailed_sign_in_link(&api, &email).await;
    b.follow_sign_in_link(&stack.url(&link)).await;
    b.wait_for_text(".signed-in-as", &email).await;
    b.wait_for_text(".cards", "Serie Bienestar de quien cuida").await;
    b.wait_for_text(".cards", "2 de 2 lugares ocupados · 1 en espera").await;
    b.screenshot("admin-home-es").await;
    b.click(&format!("a[href='/admin/groups/{}']", group.id)).await;
    b.wait_for_text(".roster-confirmed", "Rosa Martínez").await;
    b.wait_for_text(".roster-waitlisted", "Lucía Díaz").await;
    b.click("button[lang=en]").await;
    b.wait_for_text(".admin-roster", "Waitlist, in order (1)").await;
    b.screenshot("admin-roster-en").await;
    let violations = b.axe_violations().await;
    assert!(violations.is_empty(), "{violations:?}");

    // Take attendance from the phone: tick Rosa; it is saved at once and still there on reload.
    b.click(".take-attendance").await;
    b.wait_for_text(".checkins", "Rosa Martínez").await;
    b.click(".checkins li:first-child label").await;
    b.wait_for_text(".checkins li:first-child", "came to 1 of 3").await;
    b.screenshot("admin-attendance-en").await;
    let violations = b.axe_violations().await;
    assert!(violations.is_empty(), "{violations:?}");
    b.goto(&stack.url(&format!("/admin/groups/{}/attendance?lang=es", group.id))).await;
    b.wait_for_text(".checkins li:first-child", "vino a 1 de 3").await;
    let checked = b
        .client
        .execute("return document.querySelector('.checkins li:first-child input').checked", vec![])
        .await
        .unwrap();
    assert_eq!(checked, serde_json::Value::Bool(true));
    b.screenshot("admin-attendance-es").await;
    b.close().await;
}

#[tokio::test]
async fn attendance_taken_at_an_information_session_makes_the_person_eligible_and_is_audited() {
    use village_shared::model::{GroupKind, Prerequisite};
    let api = Api::new(stack());
    let program = unique_id("info-program");
    let mut info = series(&unique_id("info"), 30);
    info.kind = GroupKind::InfoSession;
    info.program = Some(program.clone());
    info.sessions.truncate(1);
    api.put_group(&info).await;
    let mut cos = series(&unique_id("cos"), 12);
    cos.prerequisites = vec![Prerequisite::Attended { program }];
    api.put_group(&cos).await;

    let email = format!("{}@example.org", unique_id("provider"));
    assert_eq!(api.sign_up(&cos.id, "Nueva", &email).await.error_code(), "not_eligible");
    let joined = api.sign_up(&info.id, "Nueva", &email).await;
    let signup_id = joined.body["signup"]["id"].as_str().unwrap().to_string();

    // The information session's facilitator checks her in from a phone.
    let facilitator = signed_in(&api, "facilitator", &[&info.id]).await;
    let sheet =
        call(&api, "GET", &format!("/api/admin/groups/{}/attendance", info.id), Some(&facilitator), false).await;
    assert_eq!(sheet.status, 200, "{:?}", sheet.body);
    assert_eq!(sheet.body["people"][0]["attended"], 0);
    let session = sheet.body["sessions"][0]["starts_at"].clone();
    let mark = json!({ "session": session, "signup_id": signup_id, "present": true });
    let url = format!("{}/api/admin/groups/{}/attendance", api.base, info.id);
    let marked = api
        .send(
            api.http
                .put(&url)
                .header("cookie", &facilitator.cookie)
                .header("x-csrf-token", &facilitator.csrf)
                .json(&mark),
        )
        .await;
    assert_eq!(marked.status, 200, "{:?}", marked.body);
    let sheet =
        call(&api, "GET", &format!("/api/admin/groups/{}/attendance", info.id), Some(&facilitator), false).await;
    assert_eq!(
        (sheet.body["people"][0]["attended"].clone(), sheet.body["people"][0]["completed"].clone()),
        (json!(1), json!(true))
    );

    // Attended: the series now welcomes her (once her history line is written, a moment later).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let answer = api.sign_up(&cos.id, "Nueva", &email).await;
        if answer.status == 201 {
            break;
        }
        assert_eq!(answer.error_code(), "not_eligible", "{:?}", answer.body);
        assert!(std::time::Instant::now() < deadline, "attending never made her eligible");
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }

    // A facilitator of another group cannot mark here; the write is in the audit log.
    let other = signed_in(&api, "facilitator", &[&cos.id]).await;
    let refused = api
        .send(api.http.put(&url).header("cookie", &other.cookie).header("x-csrf-token", &other.csrf).json(&mark))
        .await;
    assert_eq!(refused.status, 403);
    let admin = signed_in(&api, "admin", &[]).await;
    let log = all_pages(&api, &format!("/api/admin/audit?target={signup_id}"), &admin, "entries").await;
    let entry = log
        .iter()
        .find(|e| e["target"].as_str().unwrap_or("").contains(&signup_id))
        .cloned()
        .expect("an audit entry");
    assert_eq!(entry["action"], "attendance.mark");
    assert_eq!((entry["before"]["present"].clone(), entry["after"]["present"].clone()), (json!(false), json!(true)));
    assert!(entry["who"].as_str().unwrap().starts_with("facilitator-"));
}

#[tokio::test]
async fn a_roster_exports_as_csv_with_a_bom_and_formulas_neutralized() {
    let api = Api::new(stack());
    let group = series(&unique_id("csv"), 1);
    api.put_group(&group).await;
    api.sign_up(&group.id, "Rosa Martínez", "rosa.csv@example.org").await;
    api.sign_up(&group.id, "=HYPERLINK(\"http://evil.example\",\"x\")", "mallory.csv@example.org").await;
    let facilitator = signed_in(&api, "facilitator", &[&group.id]).await;
    let response = api
        .http
        .get(format!("{}/api/admin/groups/{}/roster.csv", api.base, group.id))
        .header("cookie", &facilitator.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    assert!(response.headers()["content-disposition"].to_str().unwrap().contains("attachment"));
    let text = response.text().await.unwrap();
    assert!(text.starts_with('\u{feff}'), "a BOM for spreadsheet programs");
    assert!(text.contains("Rosa Martínez"));
    assert!(text.contains("\"'=HYPERLINK("), "formula neutralized: {text}");
    assert!(!text.contains(",=HYPERLINK") && !text.contains("\"=HYPERLINK"), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[1].starts_with("confirmed") && lines[2].starts_with("waitlisted,1,"), "{lines:?}");
}

#[tokio::test]
async fn an_admin_sees_the_outbox_and_resends_a_message_that_could_not_be_delivered() {
    // Its own stack, with an email API that refuses connections.
    let state = village_tests::stack::fresh_dir("resend");
    let down = Stack::start_with(&state, true, &[("EMAIL_API_URL", "http://127.0.0.1:9/send")]);
    let api = Api::new(&down);
    let group = series("resend-group", 3);
    api.put_group(&group).await;
    api.sign_up(&group.id, "Ana", "ana.resend@example.org").await;
    let admin = signed_in(&api, "admin", &[]).await;

    let outbox = all_pages(&api, "/api/admin/outbox", &admin, "messages").await;
    let message = outbox
        .iter()
        .find(|m| m["to"] == "ana.resend@example.org")
        .cloned()
        .expect("the confirmation");
    assert_eq!((message["status"].clone(), message["attempts"].clone()), (json!("pending"), json!(1)));
    assert!(message["last_error"].is_string());
    let first_retry_at = message["next_attempt_at"].as_str().unwrap().to_string();

    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let id = message["id"].as_str().unwrap();
    let resent = call(&api, "POST", &format!("/api/admin/outbox/{id}/resend"), Some(&admin), true).await;
    assert_eq!(resent.status, 200, "{:?}", resent.body);
    assert_eq!(resent.body["message"]["status"], "pending", "still failing, still kept");
    assert!(
        resent.body["message"]["next_attempt_at"].as_str().unwrap() > first_retry_at.as_str(),
        "a fresh attempt was made"
    );
    let log = all_pages(&api, &format!("/api/admin/audit?target=message:{id}"), &admin, "entries").await;
    assert!(log
        .iter()
        .any(|e| e["action"] == "message.resend" && e["target"] == format!("message:{id}")));
    assert_eq!(call(&api, "POST", "/api/admin/outbox/nope/resend", Some(&admin), true).await.status, 404);
}

#[tokio::test]
async fn an_admin_reads_the_outbox_in_the_dashboard() {
    use village_tests::browser::Browser;
    let stack = stack();
    let api = Api::new(stack);
    let group = series(&unique_id("outbox-browser"), 3);
    api.put_group(&group).await;
    api.sign_up(&group.id, "Rosa Martínez", "rosa.outbox@example.org").await;
    let token = add_user(&api, &format!("{}@example.org", unique_id("admin")), "admin", &[]).await;
    let b = Browser::start().await;
    b.follow_sign_in_link(&stack.url(&format!("/admin/sign-in/{token}?lang=en"))).await;
    b.click(".admin-nav a[href='/admin/outbox']").await;
    b.wait_for_text(".admin-outbox", "rosa.outbox@example.org").await;
    b.wait_for_text(".admin-outbox", "Sent · 1 attempt").await;
    let violations = b.axe_violations().await;
    assert!(violations.is_empty(), "{violations:?}");
    b.screenshot("admin-outbox-en").await;
    b.close().await;
}
