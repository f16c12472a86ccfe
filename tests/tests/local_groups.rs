//! A local peer-support group's member space against the real stack: meetings at a member's
//! setting whose address only those coming ever see, and key issues whose supports hold under
//! a rush.

use std::sync::OnceLock;

use chrono::{Duration, Utc};
use serde_json::{json, Value};
use village_tests::admin::{signed_in, write};
use village_tests::api::{local_group, unique_id, Answer, Api};
use village_tests::Stack;

fn stack() -> &'static Stack {
    static STACK: OnceLock<Stack> = OnceLock::new();
    STACK.get_or_init(Stack::start)
}

const ADDRESS: &str = "12 Orchard Way, Dereham NR19 2QX";
const SETTING: &str = "Little Acorns Day Nursery";

/// A published local group with `members` people in it: their manage tokens.
async fn group_with_members(api: &Api, members: usize) -> (String, Vec<String>) {
    let group = local_group(&unique_id("local"));
    api.put_group(&group).await;
    let joins = futures::future::join_all((0..members).map(|n| {
        let (api, id) = (api.clone(), group.id.clone());
        async move { api.sign_up(&id, &format!("Member {n}"), &format!("m{n}.{id}@example.org")).await }
    }))
    .await;
    let tokens = joins
        .iter()
        .map(|a| {
            assert_eq!(a.status, 201, "{:?}", a.body);
            a.body["manage_token"].as_str().unwrap().to_string()
        })
        .collect();
    (group.id, tokens)
}

async fn offer_to_host(api: &Api, token: &str, places: u32) -> Answer {
    let offer = json!({ "setting": SETTING, "address": ADDRESS, "area": "Dereham", "places": places,
                        "access_notes": "Ring the bell at the side gate" });
    api.put_json(&format!("/api/manage/{token}/host-offer"), &offer).await
}

/// A leader schedules a meeting in `days` at the member's setting: its id.
async fn schedule(api: &Api, group: &str, host_signup: &str, days: i64) -> String {
    let leader = signed_in(api, "facilitator", &[group]).await;
    let body = json!({ "starts_at": Utc::now() + Duration::days(days), "duration_minutes": 120, "host": host_signup });
    let answer = write(api, "POST", &format!("/api/admin/groups/{group}/meetings"), &leader, &body).await;
    assert_eq!(answer.status, 201, "{:?}", answer.body);
    answer.body["id"].as_str().unwrap().to_string()
}

async fn signup_id(api: &Api, token: &str) -> String {
    api.get(&format!("/api/manage/{token}")).await.body["signup"]["id"].as_str().unwrap().to_string()
}

/// A member's "Add to my calendar" file.
async fn calendar(api: &Api, token: &str) -> String {
    let response = api.http.get(format!("{}/api/manage/{token}/calendar.ics", api.base)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

fn rsvp(api: &Api, token: &str, meeting: &str, going: bool) -> impl std::future::Future<Output = Answer> {
    let (api, path) = (api.clone(), format!("/api/manage/{token}/meetings/{meeting}/rsvp"));
    async move { api.put_json(&path, &json!({ "going": going })).await }
}

#[tokio::test]
async fn the_address_reaches_only_those_coming_and_never_a_public_answer() {
    let api = Api::new(stack());
    let (group, tokens) = group_with_members(&api, 4).await;
    let (host, coming, waiting, away) = (&tokens[0], &tokens[1], &tokens[2], &tokens[3]);
    assert_eq!(offer_to_host(&api, host, 1).await.status, 200);
    let meeting = schedule(&api, &group, &signup_id(&api, host).await, 10).await;

    let answer = rsvp(&api, coming, &meeting, true).await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    assert_eq!(answer.body["meeting"]["address"], ADDRESS);
    assert_eq!(answer.body["meeting"]["setting"], SETTING);
    let full = rsvp(&api, waiting, &meeting, true).await;
    assert_eq!(full.body["meeting"]["mine"], json!({ "waiting": { "position": 1 } }), "the setting takes one");
    assert!(full.body["meeting"].get("address").is_none(), "{}", full.body);
    rsvp(&api, away, &meeting, false).await;

    // Whatever the member's own answers say, in full, and their calendar file (which leaves
    // out the meeting they turned down):
    for (token, sees) in [(host, true), (coming, true), (waiting, false), (away, false)] {
        for path in [format!("/api/manage/{token}"), format!("/api/manage/{token}/space")] {
            let text = api.get(&path).await.body.to_string();
            assert_eq!(text.contains("Orchard Way"), sees, "{path}: {text}");
            assert_eq!(text.contains("Acorns"), sees, "{path}: {text}");
        }
        let ics = calendar(&api, token).await;
        assert_eq!(ics.contains("Orchard Way"), sees, "{ics}");
        assert_eq!(ics.contains("BEGIN:VEVENT"), token != away, "{ics}");
        if token == waiting {
            assert!(ics.contains("LOCATION:Dereham"), "{ics}");
        }
    }
    // And every public answer about the group:
    for path in [
        format!("/api/groups/{group}/meetings"),
        format!("/api/groups/{group}/issues"),
        format!("/api/groups/{group}"),
        "/api/groups".to_string(),
    ] {
        let answer = api.get(&path).await;
        assert_eq!(answer.status, 200, "{path}");
        let text = answer.body.to_string();
        assert!(
            !text.contains("Orchard Way") && !text.contains("Acorns") && !text.contains("side gate"),
            "{path}: {text}"
        );
    }
    let public = api.get(&format!("/api/groups/{group}/meetings")).await.body;
    assert_eq!(public["meetings"][0]["area"], "Dereham");
    assert_eq!(
        (public["meetings"][0]["going"].clone(), public["meetings"][0]["waiting"].clone()),
        (json!(1), json!(1))
    );

    // A place given up goes to the first waiting, who now sees the address.
    rsvp(&api, coming, &meeting, false).await;
    let now_coming = api.get(&format!("/api/manage/{waiting}/space")).await.body;
    assert_eq!(now_coming["meetings"][0]["mine"], "coming");
    assert_eq!(now_coming["meetings"][0]["address"], ADDRESS);
    assert!(!api.get(&format!("/api/manage/{coming}")).await.body.to_string().contains("Orchard Way"));
}

#[tokio::test]
async fn every_member_hears_of_a_new_meeting_in_their_language_and_outsiders_cannot_answer() {
    let api = Api::new(stack());
    let (group, tokens) = group_with_members(&api, 2).await;
    offer_to_host(&api, &tokens[0], 8).await;
    let meeting = schedule(&api, &group, &signup_id(&api, &tokens[0]).await, 12).await;
    for n in 0..2 {
        let to = format!("m{n}.{group}@example.org");
        let messages = api.get(&format!("/api/dev/outbox?to={to}")).await.body["messages"].clone();
        let told = messages.as_array().unwrap().iter().any(|m| m["kind"] == "meeting_scheduled");
        assert!(told, "{to}: {messages}");
        assert!(!messages.to_string().contains("Orchard Way"), "no address before they say they're coming");
    }
    // Someone who left is not a member: one tap brings them back.
    let leaver = &tokens[1];
    assert_eq!(api.delete(&format!("/api/manage/{leaver}")).await.status, 200);
    let refused = rsvp(&api, leaver, &meeting, true).await;
    assert_eq!((refused.status, refused.error_code()), (403, "not_a_member"));
    assert_eq!(api.post_json(&format!("/api/manage/{leaver}/rejoin"), &json!({})).await.status, 200);
    assert_eq!(rsvp(&api, leaver, &meeting, true).await.status, 200);
    // A made-up link and a made-up meeting.
    assert_eq!(rsvp(&api, &"x".repeat(43), &meeting, true).await.error_code(), "signup_not_found");
    assert_eq!(rsvp(&api, &tokens[0], "m999", true).await.error_code(), "meeting_not_found");
    let spanish = api
        .send(
            api.http
                .put(format!("{}/api/manage/{}/meetings/m999/rsvp", api.base, tokens[0]))
                .header("Accept-Language", "es")
                .json(&json!({ "going": true })),
        )
        .await;
    assert!(spanish.body["error"]["message"].as_str().unwrap().starts_with("No encontramos"), "{:?}", spanish.body);
}

#[tokio::test]
async fn leaving_gives_up_the_place_and_the_address_and_a_host_who_withdraws_is_replaced_by_nobody() {
    let api = Api::new(stack());
    let (group, tokens) = group_with_members(&api, 3).await;
    let (host, leaver, waiting) = (&tokens[0], &tokens[1], &tokens[2]);
    offer_to_host(&api, host, 1).await;
    let meeting = schedule(&api, &group, &signup_id(&api, host).await, 10).await;
    rsvp(&api, leaver, &meeting, true).await;
    rsvp(&api, waiting, &meeting, true).await;

    // Leaving the group is leaving its meetings: the place goes to the first waiting, who is
    // told with the address, and the leaver's link shows it no more.
    assert_eq!(api.delete(&format!("/api/manage/{leaver}")).await.status, 200);
    let gone = api.get(&format!("/api/manage/{leaver}/space")).await.body;
    assert!(!gone.to_string().contains("Orchard Way"), "{gone}");
    assert_eq!(gone["meetings"][0]["mine"], "no_answer");
    let promoted = api.get(&format!("/api/manage/{waiting}/space")).await.body;
    assert_eq!(promoted["meetings"][0]["mine"], "coming");
    let to = format!("m2.{group}@example.org");
    let messages = api.get(&format!("/api/dev/outbox?to={to}")).await.body["messages"].clone();
    let freed = messages.as_array().unwrap().iter().find(|m| m["kind"] == "meeting_place_freed").cloned();
    assert!(freed.is_some_and(|m| m["body"].as_str().unwrap().contains(ADDRESS)), "{messages}");

    // A host who withdraws their offer no longer hosts: those coming are told, and nobody sees
    // an address until another host is chosen.
    assert_eq!(api.delete(&format!("/api/manage/{host}/host-offer")).await.status, 200);
    let public = api.get(&format!("/api/groups/{group}/meetings")).await.body;
    assert_eq!(public["meetings"][0]["has_host"], false);
    let space = api.get(&format!("/api/manage/{waiting}/space")).await.body;
    assert!(space["meetings"][0].get("address").is_none(), "{space}");
    let messages = api.get(&format!("/api/dev/outbox?to={to}")).await.body["messages"].clone();
    assert!(messages.as_array().unwrap().iter().any(|m| m["kind"] == "host_changed"), "{messages}");

    // A meeting of no length, or more places than a setting takes, is refused by field.
    let leader = signed_in(&api, "facilitator", &[&group]).await;
    let when = Utc::now() + Duration::days(20);
    let bad = json!({ "starts_at": when, "duration_minutes": 0, "places": 1000 });
    let refused = write(&api, "POST", &format!("/api/admin/groups/{group}/meetings"), &leader, &bad).await;
    assert_eq!((refused.status, refused.error_code()), (422, "invalid_fields"));
    let fields: Vec<&str> =
        refused.body["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["duration_minutes", "places"]);
    assert_eq!(api.get(&format!("/api/groups/{group}/meetings")).await.body["meetings"].as_array().unwrap().len(), 1);
}

async fn propose(api: &Api, token: &str, title: &str) -> Answer {
    api.post_json(&format!("/api/manage/{token}/issues"), &json!({ "title": title, "language": "en" })).await
}

fn support(api: &Api, token: &str, issue: &str) -> impl std::future::Future<Output = Answer> {
    let (api, path) = (api.clone(), format!("/api/manage/{token}/issues/{issue}/support"));
    async move { api.put(&path).await }
}

#[tokio::test]
async fn a_hundred_members_supporting_one_issue_at_once_make_exactly_a_hundred() {
    let api = Api::new(stack());
    let (group, tokens) = group_with_members(&api, 100).await;
    let proposed = propose(&api, &tokens[0], "Recruiting and keeping staff").await;
    assert_eq!(proposed.status, 201, "{:?}", proposed.body);
    let issue = proposed.body["issue"]["id"].as_str().unwrap().to_string();
    let answers = futures::future::join_all(tokens.iter().map(|t| support(&api, t, &issue))).await;
    assert!(answers.iter().all(|a| a.status == 200), "{:?}", answers.iter().find(|a| a.status != 200));
    let public = api.get(&format!("/api/groups/{group}/issues")).await.body;
    assert_eq!(public["issues"][0]["supports"], 100, "{public}");
    // Counts only: no name, no signup id, no email of who proposed or supports it.
    let text = public.to_string();
    assert!(!text.contains("Member") && !text.contains("@example.org") && !text.contains("proposed_by"), "{text}");
}

#[tokio::test]
async fn one_members_fifty_simultaneous_supports_count_once_and_the_allowance_holds() {
    let api = Api::new(stack());
    let (group, tokens) = group_with_members(&api, 1).await;
    let me = &tokens[0];
    let mut issues = Vec::new();
    for title in ["Ofsted inspections", "Funding changes", "SEND support", "Staff wellbeing"] {
        issues.push(propose(&api, me, title).await.body["issue"]["id"].as_str().unwrap().to_string());
    }
    let answers = futures::future::join_all((0..50).map(|_| support(&api, me, &issues[0]))).await;
    assert!(answers.iter().all(|a| a.status == 200));
    let counts: Vec<&Value> = answers.iter().map(|a| &a.body["issue"]["supports"]).collect();
    assert!(counts.iter().all(|c| **c == json!(1)), "{counts:?}");
    let public = api.get(&format!("/api/groups/{group}/issues")).await.body;
    let first = public["issues"].as_array().unwrap().iter().find(|i| i["id"] == issues[0].as_str()).unwrap().clone();
    assert_eq!(first["supports"], 1);

    // Three supports each: the fourth is refused until one moves.
    support(&api, me, &issues[1]).await;
    let third = support(&api, me, &issues[2]).await;
    assert_eq!(third.body["supports_left"], 0);
    let fourth = support(&api, me, &issues[3]).await;
    assert_eq!((fourth.status, fourth.error_code()), (409, "supports_used_up"));
    let taken_back = api.delete(&format!("/api/manage/{me}/issues/{}/support", issues[0])).await;
    assert_eq!(taken_back.body["supports_left"], 1);
    assert_eq!(support(&api, me, &issues[3]).await.status, 200);

    // A proposal needs a title; bad input stores nothing.
    let empty = propose(&api, me, "  ").await;
    assert_eq!((empty.status, empty.error_code()), (422, "invalid_fields"));
    assert_eq!(empty.body["error"]["fields"][0]["field"], "title");
    let space = api.get(&format!("/api/manage/{me}/space")).await.body;
    assert_eq!(space["issues"].as_array().unwrap().len(), 4);
}

/// A member, on a phone, in each language: says they're coming and sees the address, supports
/// an issue and proposes one. Accessible, nothing wider than the screen.
#[tokio::test]
async fn a_member_answers_sees_the_address_supports_and_proposes_on_a_phone() {
    use village_tests::browser::Browser;
    let stack = stack();
    let api = Api::new(stack);
    let b = Browser::start().await;
    for (lang, coming, address_heading, support_label, title) in [
        ("en", "I'm coming", "Address", "Support", "Ofsted: what changed"),
        ("es", "Voy", "Dirección", "Apoyar", "Cambios de Ofsted"),
    ] {
        let (group, tokens) = group_with_members(&api, 3).await;
        offer_to_host(&api, &tokens[1], 10).await;
        schedule(&api, &group, &signup_id(&api, &tokens[1]).await, 9).await;
        let issue = propose(&api, &tokens[2], "Recruiting and keeping staff").await.body["issue"]["id"].clone();
        assert!(issue.is_string());
        let me = &tokens[0];
        // The manage page keeps the signup on the device for "My groups", but not a local group's
        // answer itself: it lists the meetings, whose places are members' homes.
        b.goto(&stack.url(&format!("/manage/{me}?lang={lang}"))).await;
        b.wait_for(".member-space-link").await;
        let script = format!("return [localStorage.getItem('village.signup.{me}'), localStorage.getItem('village.my-groups')]");
        let kept = b.client.execute(&script, vec![]).await.unwrap();
        assert!(kept[0].is_null(), "{lang}: a local group's answer stays off the device: {kept}");
        assert!(kept[1].as_str().is_some_and(|list| list.contains(me.as_str())), "{lang}: {kept}");
        b.goto(&stack.url(&format!("/member/{me}?lang={lang}"))).await;
        b.wait_for_text(".meeting .rsvp button", coming).await;
        let before = b.wait_for(".meeting").await.text().await.unwrap();
        assert!(!before.contains("Orchard Way"), "no address before answering: {before}");
        b.screenshot(&format!("member-space-{lang}")).await;
        b.click(".meeting .rsvp button[aria-pressed=\"false\"]").await;
        let place = b.wait_for_text(".meeting-place", address_heading).await;
        assert!(place.contains(ADDRESS), "{place}");
        b.wait_for_text(".issue button", support_label).await;
        b.click(".issue button").await;
        b.wait_for_text(".issue .issue-facts", "1").await;
        b.fill("#issue-title", title).await;
        b.click(".member-form button[type=submit]").await;
        b.wait_for_text(".issues", title).await;
        // Offering a setting with its places left out: refused on that field, which takes the
        // focus, and nothing typed is lost.
        b.fill("#setting-name", "Little Acorns").await;
        b.fill("#setting-address", "4 Elm Road").await;
        b.fill("#setting-area", "Elm Park").await;
        b.click("section[aria-labelledby=host-heading] button[type=submit]").await;
        b.wait_for("#setting-places[aria-invalid=true]").await;
        let focused = b.client.execute("return document.activeElement.id", vec![]).await.unwrap();
        assert_eq!(focused, "setting-places", "{lang}: the focus goes to the field at fault");
        assert_eq!(b.value("#setting-name").await, "Little Acorns", "{lang}");
        assert_eq!(b.value("#setting-address").await, "4 Elm Road", "{lang}");
        assert_eq!(b.value("#setting-area").await, "Elm Park", "{lang}");
        let violations = b.axe_violations().await;
        assert!(violations.is_empty(), "{lang}: {violations:?}");
        assert!(b.horizontal_overflow().await.is_empty(), "{lang}");
        b.screenshot(&format!("member-space-answered-{lang}")).await;
    }
    b.close().await;
}

#[tokio::test]
async fn someone_waiting_for_a_place_in_a_full_group_is_told_so_and_is_not_yet_a_member() {
    let api = Api::new(stack());
    let mut group = local_group(&unique_id("full-local"));
    group.capacity = 1;
    api.put_group(&group).await;
    api.sign_up(&group.id, "Ann", &format!("ann.{}@example.org", group.id)).await;
    let waiting = api.sign_up(&group.id, "Bea", &format!("bea.{}@example.org", group.id)).await;
    let token = waiting.body["manage_token"].as_str().unwrap();
    let space = api.get(&format!("/api/manage/{token}/space")).await.body;
    assert_eq!((space["member"].clone(), space["waiting"].clone()), (json!(false), json!(1)), "{space}");
    let refused = propose(&api, token, "Funding").await;
    assert_eq!((refused.status, refused.error_code()), (403, "not_a_member"));
}

/// A group's facilitator, on a phone, in each language: opens the group's meetings from the
/// dashboard, schedules the next one at the suggested volunteer's setting (every member hears
/// of it), and tidies the key issues (a duplicate merged, one hidden). Accessible.
#[tokio::test]
async fn a_leader_schedules_a_meeting_and_tidies_the_issues_from_the_dashboard() {
    use village_tests::admin::add_user;
    use village_tests::browser::Browser;
    let stack = stack();
    let api = Api::new(stack);
    for (lang, scheduled, merged, hidden) in [
        ("en", "Scheduled", "Merged", "Hidden"),
        ("es", "Programada", "Unidos", "Oculto"),
    ] {
        let (group, tokens) = group_with_members(&api, 3).await;
        offer_to_host(&api, &tokens[1], 10).await;
        let staff = propose(&api, &tokens[0], "Recruiting staff").await.body["issue"]["id"].clone();
        let again = propose(&api, &tokens[2], "Finding staff").await.body["issue"]["id"].clone();
        propose(&api, &tokens[2], "Something unkind").await;
        support(&api, &tokens[2], again.as_str().unwrap()).await;
        support(&api, &tokens[0], staff.as_str().unwrap()).await;
        let token = add_user(&api, &format!("{}@example.org", unique_id("leader")), "facilitator", &[&group]).await;
        let b = Browser::start().await;
        b.follow_sign_in_link(&stack.url(&format!("/admin/sign-in/{token}?lang={lang}"))).await;
        b.wait_for(".signed-in-as").await;
        b.goto(&stack.url(&format!("/admin/groups/{group}?lang={lang}"))).await;
        b.click(".open-meetings").await;
        // The only volunteer is suggested, and chosen already.
        b.wait_for_text("#meeting-host", "Member 1").await;
        assert_eq!(b.value("#meeting-host").await, signup_id(&api, &tokens[1]).await);
        b.screenshot(&format!("leader-meetings-plan-{lang}")).await;
        // Submitting without a day names the field, and sends nothing.
        b.click(".schedule").await;
        b.wait_for("#meeting-starts-problem").await;
        let day = (Utc::now() + Duration::days(12)).format("%Y-%m-%dT19:00").to_string();
        b.set_value("#meeting-starts", &day).await;
        b.click(".schedule").await;
        b.wait_for_text(".notice-ok", scheduled).await;
        let meeting = b.wait_for_text(".leader-meeting", "Member 1").await;
        assert!(meeting.contains(ADDRESS), "a leader sees the setting's address: {meeting}");
        let public = api.get(&format!("/api/groups/{group}/meetings")).await.body;
        assert_eq!(public["meetings"].as_array().unwrap().len(), 1, "{public}");
        assert_eq!(public["meetings"][0]["places"], 10, "the setting's places by default");
        // "Finding staff" is the same as "Recruiting staff": merged, its support moves across.
        b.click(&format!("li:has(#merge-{}) .merge-issue", again.as_str().unwrap())).await;
        b.wait_for_text(".notice-ok", merged).await;
        let issues = api.get(&format!("/api/groups/{group}/issues")).await.body;
        let titles: Vec<(String, u64)> = issues["issues"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| (i["title"].as_str().unwrap().to_string(), i["supports"].as_u64().unwrap()))
            .collect();
        assert!(titles.contains(&("Recruiting staff".to_string(), 2)), "{titles:?}");
        assert!(!titles.iter().any(|(t, _)| t == "Finding staff"), "{titles:?}");
        b.click(".leader-issue:last-child .hide-issue").await;
        b.wait_for_text(".notice-ok", hidden).await;
        let issues = api.get(&format!("/api/groups/{group}/issues")).await.body;
        assert_eq!(issues["issues"].as_array().unwrap().len(), 1, "{issues}");
        let violations = b.axe_violations().await;
        assert!(violations.is_empty(), "{lang}: {violations:?}");
        assert!(b.horizontal_overflow().await.is_empty(), "{lang}");
        b.screenshot(&format!("leader-meetings-{lang}")).await;
        b.close().await;
    }
}

/// A leader opens an election for `role`: nominations now, voting from a week on (a minute
/// past the shortest allowed), for the shortest voting time. Answers its id.
async fn start_election(api: &Api, group: &str, role: &str) -> String {
    let leader = signed_in(api, "facilitator", &[group]).await;
    let voting = Utc::now() + Duration::days(7) + Duration::minutes(1);
    let body = json!({ "role": role, "voting_opens_at": voting, "closes_at": voting + Duration::days(3) });
    let answer = write(api, "POST", &format!("/api/admin/groups/{group}/elections"), &leader, &body).await;
    assert_eq!(answer.status, 201, "{:?}", answer.body);
    answer.body["id"].as_str().unwrap().to_string()
}

/// Move a development stack's clock `days` ahead of the real time.
async fn clock(api: &Api, days: f64) {
    let moved = api.put_json("/api/dev/clock", &json!({ "ahead_days": days })).await;
    assert_eq!(moved.status, 200, "{:?}", moved.body);
}

async fn stand(api: &Api, token: &str, election: &str, member: Option<&str>) -> Answer {
    let body = match member {
        Some(m) => json!({ "member": m }),
        None => json!({}),
    };
    api.post_json(&format!("/api/manage/{token}/elections/{election}/nominations"), &body).await
}

fn vote(api: &Api, token: &str, election: &str, candidate: &str) -> impl std::future::Future<Output = Answer> {
    let (api, path) = (api.clone(), format!("/api/manage/{token}/elections/{election}/ballot"));
    let body = json!({ "candidate": candidate });
    async move { api.put_json(&path, &body).await }
}

/// The group's elections as anyone sees them.
async fn elections(api: &Api, group: &str) -> Value {
    let answer = api.get(&format!("/api/groups/{group}/elections")).await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer.body
}

async fn until_phase(api: &Api, group: &str, phase: &str) -> Value {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let now = elections(api, group).await;
        if now["elections"][0]["phase"] == phase {
            return now;
        }
        assert!(std::time::Instant::now() < deadline, "never reached {phase}: {now}");
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
}

/// On a stack of its own (its clock moves): 100 members vote at the same moment and the turnout
/// is exactly 100; one member's 20 changes of mind at once are one ballot; someone who joins
/// during the election gets no vote; no answer says who chose whom. The one elected has the
/// group in the dashboard once it closes (the close's owed work), and no longer once the term
/// ends. Every member hears of each step; a nominee is asked before standing.
#[tokio::test]
async fn a_hundred_members_vote_at_once_and_the_one_elected_leads_for_exactly_the_term() {
    use village_tests::admin::{emailed_sign_in_link, open_session};
    let own = Stack::start();
    let api = Api::new(&own);
    let (group, tokens) = group_with_members(&api, 100).await;
    let election = start_election(&api, &group, "leader").await;
    let quick = signed_in(&api, "facilitator", &[&group]).await;
    let soon = Utc::now() + Duration::hours(1);
    let body = json!({ "role": "co_leader", "voting_opens_at": soon, "closes_at": soon + Duration::hours(1) });
    let refused = write(&api, "POST", &format!("/api/admin/groups/{group}/elections"), &quick, &body).await;
    assert_eq!((refused.status, refused.error_code()), (422, "invalid_fields"), "a quick election: {:?}", refused.body);
    assert_eq!(stand(&api, &tokens[0], &election, None).await.status, 200);
    assert_eq!(stand(&api, &tokens[1], &election, None).await.status, 200);
    let other = signup_id(&api, &tokens[2]).await;
    assert_eq!(stand(&api, &tokens[3], &election, Some(&other)).await.status, 200);
    let asked = api.get(&format!("/api/manage/{}/space", tokens[2])).await.body;
    assert_eq!(asked["elections"][0]["nominated"], true, "{}", asked["elections"]);
    assert_eq!(asked["elections"][0]["election"]["candidates"].as_array().unwrap().len(), 2, "not standing yet");
    let early = vote(&api, &tokens[5], &election, "c1").await;
    assert_eq!((early.status, early.error_code()), (409, "election_not_open"), "{:?}", early.body);
    let (late, late_tokens) = (format!("late.{group}@example.org"), {
        let joined = api.sign_up(&group, "Late Comer", &format!("late.{group}@example.org")).await;
        vec![joined.body["manage_token"].as_str().unwrap().to_string()]
    });

    // A meeting in nine days: its agenda closes two days before, while the clock moves on.
    offer_to_host(&api, &tokens[4], 10).await;
    schedule(&api, &group, &signup_id(&api, &tokens[4]).await, 9).await;
    let issue = propose(&api, &tokens[5], "Funding for training").await.body["issue"]["id"].as_str().unwrap().to_string();
    support(&api, &tokens[6], &issue).await;

    clock(&api, 7.01).await;
    let open = until_phase(&api, &group, "voting").await;
    let candidates: Vec<String> =
        open["elections"][0]["candidates"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().into()).collect();
    assert_eq!(candidates.len(), 2, "{open}");
    // Two in three for the first to stand.
    let ballots = futures::future::join_all(
        tokens.iter().enumerate().map(|(n, t)| vote(&api, t, &election, &candidates[usize::from(n % 3 == 2)])),
    )
    .await;
    assert!(ballots.iter().all(|b| b.status == 200), "{:?}", ballots.iter().find(|b| b.status != 200).map(|b| &b.body));
    let changes = futures::future::join_all((0..20).map(|n| vote(&api, &tokens[7], &election, &candidates[n % 2]))).await;
    assert!(changes.iter().all(|b| b.status == 200));
    vote(&api, &tokens[7], &election, &candidates[0]).await;
    let newcomer = vote(&api, &late_tokens[0], &election, &candidates[0]).await;
    assert_eq!((newcomer.status, newcomer.error_code()), (403, "not_a_voter"), "{late}: {:?}", newcomer.body);
    let now = elections(&api, &group).await;
    assert_eq!(now["elections"][0]["turnout"], 100, "{now}");
    assert!(now["elections"][0].get("votes").is_none(), "no counts before the close: {now}");
    let text = now.to_string();
    assert!(!text.contains("Member 5") && !text.contains("m5."), "no voter in a public answer: {text}");
    let mine = api.get(&format!("/api/manage/{}/space", tokens[3])).await.body;
    assert_eq!(mine["elections"][0]["my_ballot"], json!(candidates[0]), "{}", mine["elections"]);
    let unknown = vote(&api, &tokens[3], &election, "c999").await;
    assert_eq!((unknown.status, unknown.error_code()), (404, "candidate_not_found"));

    let email = format!("m0.{group}@example.org");
    let meetings = format!("/api/admin/groups/{group}/meetings");
    let sign_in = |api: Api, email: String| async move {
        api.post_json("/api/admin/sign-in", &json!({ "email": email })).await;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let outbox = api.get(&format!("/api/dev/outbox?to={email}")).await.body.to_string();
            if outbox.contains("sign_in_link") {
                break;
            }
            if std::time::Instant::now() > deadline {
                return None;
            }
            tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        }
        let link = emailed_sign_in_link(&api, &email).await;
        open_session(&api, link.trim_start_matches("/admin/sign-in/")).await.1
    };
    clock(&api, 10.02).await;
    let closed = until_phase(&api, &group, "closed").await;
    assert_eq!(closed["elections"][0]["elected"]["id"], json!(candidates[0]), "{closed}");
    assert_eq!(closed["elections"][0]["votes"], json!([67, 33]), "{closed}");
    assert_eq!(closed["leaders"][0]["role"], "leader");
    // The term's access is owed work of the close: it arrives (after a hundred results, on a
    // slow machine, so the wait is generous; it returns as soon as it is there).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
    let session = loop {
        if let Some(session) = sign_in(api.clone(), email.clone()).await {
            break session;
        }
        assert!(std::time::Instant::now() < deadline, "the elected leader never got a sign-in link");
    };
    let answer = village_tests::admin::call(&api, "GET", &meetings, Some(&session), false).await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    let elsewhere = village_tests::admin::call(&api, "GET", "/api/admin/groups/cos-well-being-en/meetings", Some(&session), false).await;
    assert_eq!(elsewhere.status, 403, "only their own group");
    let admin = signed_in(&api, "admin", &[]).await;
    let audit = village_tests::admin::call(&api, "GET", "/api/admin/audit?action=term.grant", Some(&admin), false).await;
    let text = audit.body.to_string();
    assert!(text.contains(&format!("group:{group}/term:")) && text.contains("\"election\""), "the grant is audited: {text}");
    for (n, kinds) in [
        (0, vec!["nominations_open", "ballot_open", "election_result", "agenda_set"]),
        (2, vec!["nominations_open", "nominated", "ballot_open", "election_result"]),
    ] {
        let to = format!("m{n}.{group}@example.org");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
        loop {
            let outbox = api.get(&format!("/api/dev/outbox?to={to}")).await.body.to_string();
            if kinds.iter().all(|k| outbox.contains(&format!("\"{k}\""))) {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "{to} missing one of {kinds:?}: {outbox}");
            tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        }
    }

    // Thirteen months on, the term is over: signed in, but the group is no longer theirs.
    clock(&api, 406.0).await;
    let session = sign_in(api.clone(), email.clone()).await.expect("still signs in");
    let after = village_tests::admin::call(&api, "GET", &meetings, Some(&session), false).await;
    assert_eq!(after.status, 403, "{:?}", after.body);
}

/// On a phone, in each language, on a stack of its own (its clock moves): a leader opens an
/// election from the dashboard; a member stands in it, and a week on votes, secretly.
/// Accessible.
#[tokio::test]
async fn a_leader_opens_an_election_and_a_member_stands_and_votes_on_a_phone() {
    use village_tests::admin::add_user;
    use village_tests::browser::Browser;
    let own = Stack::start();
    let api = Api::new(&own);
    let mut ahead = 0.0;
    for (lang, started, standing, voted) in [
        ("en", "Nominations are open", "You're standing", "You voted"),
        ("es", "Las candidaturas están abiertas", "Te presentas", "Votaste"),
    ] {
        let (group, tokens) = group_with_members(&api, 3).await;
        let token = add_user(&api, &format!("{}@example.org", unique_id("leader")), "facilitator", &[&group]).await;
        let b = Browser::start().await;
        b.follow_sign_in_link(&own.url(&format!("/admin/sign-in/{token}?lang={lang}"))).await;
        b.wait_for(".signed-in-as").await;
        b.goto(&own.url(&format!("/admin/groups/{group}/meetings?lang={lang}"))).await;
        // Too soon first: the form says how long members need.
        let local = |days: f64| {
            let at = Utc::now() + Duration::minutes(((days + ahead) * 1440.0) as i64);
            at.format("%Y-%m-%dT%H:%M").to_string()
        };
        b.set_value("#election-opens", &local(1.0)).await;
        b.set_value("#election-closes", &local(2.0)).await;
        b.click(".start-election").await;
        b.wait_for(".leader-elections-section .field-problems").await;
        b.set_value("#election-opens", &local(8.0)).await;
        b.set_value("#election-closes", &local(12.0)).await;
        b.click(".start-election").await;
        b.wait_for_text(".leader-elections-section .notice-ok", started).await;
        b.wait_for(".leader-election").await;
        assert!(b.axe_violations().await.is_empty(), "{lang}: the leader's page");
        b.screenshot(&format!("leader-election-{lang}")).await;

        b.goto(&own.url(&format!("/member/{}?lang={lang}", tokens[0]))).await;
        b.click(".election .stand").await;
        b.wait_for_text(".election", standing).await;
        stand(&api, &tokens[1], &elections(&api, &group).await["elections"][0]["id"].as_str().unwrap().to_string(), None).await;
        ahead += 9.0;
        clock(&api, ahead).await;
        until_phase(&api, &group, "voting").await;
        b.goto(&own.url(&format!("/member/{}?lang={lang}", tokens[2]))).await;
        b.click(".ballot input[type=radio]").await;
        b.click(".cast-vote").await;
        b.wait_for_text(".ballot", voted).await;
        assert_eq!(elections(&api, &group).await["elections"][0]["turnout"], 1);
        let violations = b.axe_violations().await;
        assert!(violations.is_empty(), "{lang}: {violations:?}");
        assert!(b.horizontal_overflow().await.is_empty(), "{lang}");
        b.screenshot(&format!("member-election-{lang}")).await;
        b.close().await;
    }
}

async fn publish(api: &Api, token: &str, title: &str, places: u32) -> Answer {
    let body = json!({ "side": "offer", "kind": "visit", "title": title, "details": "Forest school mornings.",
                       "area": "Dereham", "dates": "Tuesdays in March", "places": places });
    api.post_json(&format!("/api/manage/{token}/board"), &body).await
}

/// The opportunities board across two local groups: a post is listed for anyone without its
/// poster; someone from the other group says they are interested, and only once the poster
/// accepts does each see (and is emailed) the other's contact; places hold; done leaves the
/// board.
#[tokio::test]
async fn a_board_answer_shares_both_contacts_only_once_accepted() {
    let api = Api::new(stack());
    let (here, posters) = group_with_members(&api, 2).await;
    let (there, others) = group_with_members(&api, 2).await;
    let posted = publish(&api, &posters[0], "Visit my forest school", 1).await;
    assert_eq!(posted.status, 201, "{:?}", posted.body);
    let post = posted.body["post"]["id"].as_str().unwrap().to_string();
    let listed = api.get("/api/board").await.body;
    let text = listed.to_string();
    assert!(text.contains("Visit my forest school") && text.contains(&here), "{text}");
    assert!(!text.contains("m0.") && !text.contains("Member 0"), "no poster in the listing: {text}");
    let detail = format!("/api/manage/{}/board/{here}/{post}", others[0]);
    let before = api.get(&detail).await.body;
    assert!(before["poster"].is_null() && before["my_interest"].is_null(), "{before}");
    assert!(!before.to_string().contains(&format!("m0.{here}")), "{before}");
    let own = api.post_json(&format!("/api/manage/{}/board/{here}/{post}/interest", posters[0]), &json!({})).await;
    assert_eq!((own.status, own.error_code()), (409, "own_post"));
    let interested = api.post_json(&format!("{detail}/interest"), &json!({})).await;
    assert_eq!(interested.status, 200, "{:?}", interested.body);
    assert_eq!(interested.body["my_interest"], "pending");
    let second = api.post_json(&format!("/api/manage/{}/board/{here}/{post}/interest", posters[1]), &json!({})).await;
    assert_eq!(second.status, 200);

    // The poster sees who (first name and initial), not how to reach them, until accepting.
    let mine = api.get(&format!("/api/manage/{}/board", posters[0])).await.body;
    let interests = mine["mine"][0]["interests"].clone();
    assert_eq!(interests.as_array().unwrap().len(), 2, "{mine}");
    assert_eq!(interests[0]["name"], "Member 0.", "{interests}");
    assert!(!interests.to_string().contains("@example.org"), "{interests}");
    let first = interests[0]["id"].as_str().unwrap().to_string();
    let accepted = api
        .put_json(&format!("/api/manage/{}/board/{here}/{post}/interests/{first}", posters[0]), &json!({ "accept": true }))
        .await;
    assert_eq!(accepted.status, 200, "{:?}", accepted.body);
    assert_eq!(accepted.body["interests"][0]["contact"]["email"], format!("m0.{there}@example.org"));
    let full = api
        .put_json(
            &format!("/api/manage/{}/board/{here}/{post}/interests/{}", posters[0], interests[1]["id"].as_str().unwrap()),
            &json!({ "accept": true }),
        )
        .await;
    assert_eq!((full.status, full.error_code()), (409, "post_full"));
    let after = api.get(&detail).await.body;
    assert_eq!(after["my_interest"], "accepted");
    assert_eq!(after["poster"]["email"], format!("m0.{here}@example.org"), "{after}");
    // Both are emailed the other's contact.
    for (to, theirs) in [(format!("m0.{there}@example.org"), format!("m0.{here}@example.org")),
                         (format!("m0.{here}@example.org"), format!("m0.{there}@example.org"))] {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let outbox = api.get(&format!("/api/dev/outbox?to={to}")).await.body;
            let accepted = outbox["messages"].as_array().unwrap().iter().find(|m| m["kind"] == "board_accepted").cloned();
            if let Some(message) = accepted {
                assert!(message["body"].as_str().unwrap().contains(&theirs), "{message}");
                break;
            }
            assert!(std::time::Instant::now() < deadline, "{to} was never told: {outbox}");
            tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        }
    }
    let done = api.post_json(&format!("/api/manage/{}/board/{here}/{post}/done", posters[0]), &json!({})).await;
    assert_eq!(done.status, 200, "{:?}", done.body);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while api.get("/api/board").await.body.to_string().contains("Visit my forest school") {
        assert!(std::time::Instant::now() < deadline, "a post marked done stays on the board");
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
}

/// On a phone, in each language: a member posts an offer from their member space; a member of
/// another group opens it, says they are interested, and once accepted sees how to reach the
/// poster. Accessible.
#[tokio::test]
async fn a_member_posts_and_another_answers_on_a_phone() {
    use village_tests::browser::Browser;
    let stack = stack();
    let api = Api::new(stack);
    let b = Browser::start().await;
    for (lang, posted, interested, accepted) in [
        ("en", "Posted", "You said you're interested", "Accepted"),
        ("es", "Publicado", "Dijiste que te interesa", "Aceptado"),
    ] {
        let (here, posters) = group_with_members(&api, 1).await;
        let (_, others) = group_with_members(&api, 1).await;
        let title = format!("Shadowing at {here}");
        b.goto(&stack.url(&format!("/member/{}?lang={lang}", posters[0]))).await;
        b.fill("#post-title", &title).await;
        b.fill("#post-area", "Swaffham").await;
        b.fill("#post-places", "2").await;
        b.click(".publish-post").await;
        b.wait_for_text(".post-form .notice-ok", posted).await;
        b.wait_for_text(".my-posts", &title).await;
        b.screenshot(&format!("board-posted-{lang}")).await;

        let board = api.get(&format!("/api/manage/{}/board", posters[0])).await.body;
        let post = board["mine"][0]["post"]["id"].as_str().unwrap().to_string();
        let card = format!("#post-{here}-{post}");
        b.goto(&stack.url(&format!("/member/{}?lang={lang}", others[0]))).await;
        b.wait_for_text(".board-posts", &title).await;
        b.click(&format!("{card} .open-post")).await;
        b.click(&format!("{card} .interested")).await;
        b.wait_for_text(&card, interested).await;
        let board = api.get(&format!("/api/manage/{}/board", posters[0])).await.body;
        let interest = board["mine"][0]["interests"][0]["id"].as_str().unwrap().to_string();
        let path = format!("/api/manage/{}/board/{here}/{post}/interests/{interest}", posters[0]);
        assert_eq!(api.put_json(&path, &json!({ "accept": true })).await.status, 200);
        b.goto(&stack.url(&format!("/member/{}?lang={lang}", others[0]))).await;
        b.click(&format!("{card} .open-post")).await;
        let shown = b.wait_for_text(&card, accepted).await;
        assert!(shown.contains(&format!("m0.{here}@example.org")), "{shown}");
        let violations = b.axe_violations().await;
        assert!(violations.is_empty(), "{lang}: {violations:?}");
        assert!(b.horizontal_overflow().await.is_empty(), "{lang}");
        b.screenshot(&format!("board-accepted-{lang}")).await;
    }
    b.close().await;
}

/// People dip in and out: someone who left still hears when a meeting is planned, unless they
/// said they would rather not.
#[tokio::test]
async fn someone_who_left_still_hears_of_new_meetings_unless_they_say_no() {
    let api = Api::new(stack());
    let (group, tokens) = group_with_members(&api, 3).await;
    offer_to_host(&api, &tokens[0], 8).await;
    for token in &tokens[1..] {
        assert_eq!(api.delete(&format!("/api/manage/{token}")).await.status, 200);
    }
    let quiet = api.put_json(&format!("/api/manage/{}/meeting-news", tokens[1]), &json!({ "on": false })).await;
    assert_eq!(quiet.status, 200, "{:?}", quiet.body);
    assert_eq!((quiet.body["member"].clone(), quiet.body["meeting_news"].clone()), (json!(false), json!(false)));
    schedule(&api, &group, &signup_id(&api, &tokens[0]).await, 12).await;
    let told = |n: usize| {
        let (api, to) = (api.clone(), format!("m{n}.{group}@example.org"));
        async move { api.get(&format!("/api/dev/outbox?to={to}")).await.body.to_string().contains("\"meeting_scheduled\"") }
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !(told(0).await && told(2).await) {
        assert!(std::time::Instant::now() < deadline, "a member and someone who left were not both told");
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    assert!(!told(1).await, "someone who asked not to hear was told");
}

/// A person's data (what the network holds about them) includes what they did in a local
/// group's member space — never how they voted.
#[tokio::test]
async fn a_persons_data_shows_their_member_space_but_no_ballot() {
    use village_tests::admin::call;
    let api = Api::new(stack());
    let (group, tokens) = group_with_members(&api, 2).await;
    offer_to_host(&api, &tokens[0], 6).await;
    propose(&api, &tokens[0], "Recruiting staff").await;
    publish(&api, &tokens[0], "A morning in our garden", 1).await;
    schedule(&api, &group, &signup_id(&api, &tokens[0]).await, 10).await;
    let admin = signed_in(&api, "admin", &[]).await;
    let email = format!("m0.{group}@example.org");
    let data = call(&api, "GET", &format!("/api/admin/people/{email}"), Some(&admin), false).await;
    assert_eq!(data.status, 200, "{:?}", data.body);
    let space = &data.body["signups"][0]["member_space"];
    assert_eq!(space["host_offer"]["address"], ADDRESS, "{space}");
    assert_eq!(space["proposed"], json!(["Recruiting staff"]), "{space}");
    assert_eq!(space["posts"], json!(["A morning in our garden"]), "{space}");
    assert_eq!(space["meetings"][0][2], true, "hosting: {space}");
    assert!(!data.body.to_string().contains("ballot"), "{}", data.body);
}
