//! Buddies at a family group against the real stack: families ask and offer from their links, a
//! leader pairs them from ranked suggestions, both are told in their own language with the
//! other's first name — and contact details only when both agreed — a buddy takes no more
//! families than offered under a rush, and the leader hears when a place is given back late and
//! when a pairing is two weeks old.

use chrono::{Duration, Utc};
use serde_json::{json, Value};
use std::sync::OnceLock;
use village_tests::admin::{signed_in, write, Session};
use village_tests::api::{series, unique_id, Api};
use village_tests::Stack;

fn stack() -> &'static Stack {
    static STACK: OnceLock<Stack> = OnceLock::new();
    STACK.get_or_init(Stack::start)
}

/// A family group with these families (name, language): (group id, their manage tokens,
/// their emails, a signed-in leader of the group).
async fn family_group(api: &Api, families: &[(&str, &str)]) -> (String, Vec<String>, Vec<String>, Session) {
    let mut group = series(&unique_id("buddies"), 100);
    group.audiences = vec![village_shared::model::Audience::Families];
    api.put_group(&group).await;
    let (mut tokens, mut emails) = (vec![], vec![]);
    for (n, (name, language)) in families.iter().enumerate() {
        let email = format!("f{n}.{}@example.org", group.id);
        let body = json!({ "name": name, "email": email, "language": language });
        let joined = api.post_json(&format!("/api/groups/{}/signups", group.id), &body).await;
        assert_eq!(joined.status, 201, "{:?}", joined.body);
        tokens.push(joined.body["manage_token"].as_str().unwrap().to_string());
        emails.push(email);
    }
    let leader = signed_in(api, "facilitator", &[&group.id]).await;
    (group.id, tokens, emails, leader)
}

fn offer(languages: &[&str], age_band: &str, can_take: u8, share_contact: bool) -> Value {
    json!({ "languages": languages, "age_band": age_band, "can_take": can_take, "share_contact": share_contact })
}

fn ask(language: &str, age_band: &str, share_contact: bool) -> Value {
    json!({ "language": language, "age_band": age_band, "share_contact": share_contact })
}

async fn board(api: &Api, group: &str, leader: &Session) -> Value {
    let answer = village_tests::admin::call(api, "GET", &format!("/api/admin/groups/{group}/buddies"), Some(leader), false).await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer.body
}

/// The messages to `to` of `kind`, waiting (up to 20 s) until there are `at_least`.
async fn messages(api: &Api, to: &str, kind: &str, at_least: usize) -> Vec<Value> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let all = api.get(&format!("/api/dev/outbox?to={to}")).await.body["messages"].as_array().cloned().unwrap_or_default();
        let found: Vec<Value> = all.into_iter().filter(|m| m["kind"] == kind).collect();
        if found.len() >= at_least || std::time::Instant::now() > deadline {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
}

#[tokio::test]
async fn a_leader_pairs_families_who_each_hear_the_others_first_name_and_contact_only_when_both_agreed() {
    let api = Api::new(stack());
    let families = [("Ana Pérez", "es"), ("Beth Cole", "en"), ("Cara Dunn", "en"), ("Dee Fox", "en")];
    let (group, tokens, emails, leader) = family_group(&api, &families).await;
    let put = |n: usize, what: &str, body: Value| {
        let (api, path) = (api.clone(), format!("/api/manage/{}/buddy/{what}", tokens[n]));
        async move { api.put_json(&path, &body).await }
    };
    // Beth shares her contact; Cara does not.
    assert_eq!(put(1, "offer", offer(&["en"], "one_to_two", 2, true)).await.status, 200);
    assert_eq!(put(2, "offer", offer(&["en", "es"], "three_to_five", 1, false)).await.status, 200);
    let asked = put(0, "request", ask("es", "one_to_two", true)).await;
    assert_eq!(asked.status, 200, "{:?}", asked.body);
    assert_eq!(asked.body["asked"]["language"], "es");
    assert_eq!(put(3, "request", ask("en", "one_to_two", true)).await.status, 200);
    let refused = put(3, "request", ask("Polish", "one_to_two", true)).await;
    assert_eq!((refused.status, refused.error_code()), (422, "invalid_fields"), "{:?}", refused.body);

    // The queue: who asked first, first; Ana's best suggestion speaks Spanish.
    let queue = board(&api, &group, &leader).await;
    let waiting = queue["waiting"].as_array().unwrap();
    assert_eq!((&waiting[0]["name"], &waiting[1]["name"]), (&json!("Ana Pérez"), &json!("Dee Fox")), "{queue}");
    let suggested: Vec<&str> = waiting[0]["suggestions"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(suggested, ["Cara Dunn", "Beth Cole"], "same language first");
    let id = |n: usize, list: &Value| list["waiting"][n]["signup_id"].clone();
    let (ana, dee) = (id(0, &queue), id(1, &queue));
    let beth = queue["offering"].as_array().unwrap().iter().find(|o| o["name"] == "Beth Cole").unwrap()["signup_id"].clone();
    let cara = waiting[0]["suggestions"][0]["signup_id"].clone();

    // Ana with Beth (both agreed to share), Dee with Cara (Cara did not).
    let pairings = format!("/api/admin/groups/{group}/buddies/pairings");
    let paired = write(&api, "POST", &pairings, &leader, &json!({ "newcomer": ana, "buddy": beth })).await;
    assert_eq!(paired.status, 201, "{:?}", paired.body);
    assert_eq!(write(&api, "POST", &pairings, &leader, &json!({ "newcomer": dee, "buddy": cara })).await.status, 201);
    let again = write(&api, "POST", &pairings, &leader, &json!({ "newcomer": dee, "buddy": beth })).await;
    assert_eq!((again.status, again.error_code()), (404, "no_buddy_request"));

    let view = |n: usize| {
        let (api, path) = (api.clone(), format!("/api/manage/{}/buddy", tokens[n]));
        async move { api.get(&path).await.body }
    };
    let ana_sees = view(0).await;
    assert_eq!(ana_sees["pairings"][0]["other"], "Beth C.", "{ana_sees}");
    assert!(ana_sees["pairings"][0]["contact"].as_str().unwrap().contains(&emails[1]), "{ana_sees}");
    assert!(ana_sees["asked"].is_null(), "no longer waiting");
    for (n, other) in [(3, 2), (2, 3)] {
        let seen = view(n).await;
        assert_eq!(seen["pairings"][0]["state"], "active", "{seen}");
        assert!(seen["pairings"][0].get("contact").is_none(), "{seen}");
        assert!(!seen.to_string().contains(&emails[other]), "never the other's address without both: {seen}");
    }

    // Told, each in their language, with the other's first name; the address only with both.
    let to_ana = messages(&api, &emails[0], "buddy_paired", 1).await;
    assert_eq!(to_ana.len(), 1);
    assert_eq!(to_ana[0]["subject"], "Conoce a tu familia compañera: Beth C.");
    assert!(to_ana[0]["body"].as_str().unwrap().contains(&emails[1]), "{}", to_ana[0]["body"]);
    let to_dee = messages(&api, &emails[3], "buddy_paired", 1).await;
    assert!(to_dee[0]["subject"].as_str().unwrap().ends_with("Cara D."), "{}", to_dee[0]["subject"]);
    assert!(!to_dee[0]["body"].as_str().unwrap().contains(&emails[2]), "{}", to_dee[0]["body"]);
    let to_cara = messages(&api, &emails[2], "buddy_paired", 1).await;
    assert!(!to_cara[0]["body"].as_str().unwrap().contains(&emails[3]));

    // Beth steps back: Ana waits again, first in line as she was; the pairing is ended.
    let pairing = ana_sees["pairings"][0]["id"].as_str().unwrap().to_string();
    let stepped = api.post_json(&format!("/api/manage/{}/buddy/pairings/{pairing}/step-back", tokens[1]), &json!({})).await;
    assert_eq!(stepped.status, 200, "{:?}", stepped.body);
    assert_eq!(stepped.body["pairings"][0]["state"], "ended");
    let after = view(0).await;
    assert!(after["pairings"][0].get("contact").is_none(), "no contact once it ended: {after}");
    let not_hers = api.post_json(&format!("/api/manage/{}/buddy/pairings/{pairing}/step-back", tokens[0]), &json!({})).await;
    assert_eq!((not_hers.status, not_hers.error_code()), (404, "pairing_not_found"));
    let queue = board(&api, &group, &leader).await;
    assert_eq!(queue["waiting"][0]["name"], "Ana Pérez", "{queue}");
    // The leader closes the other pairing as done.
    let other = queue["pairings"].as_array().unwrap().iter().find(|p| p["state"] == "active").unwrap()["id"].clone();
    let ended = write(&api, "POST", &format!("{pairings}/{}/end", other.as_str().unwrap()), &leader, &json!({ "completed": true })).await;
    assert_eq!(ended.status, 200, "{:?}", ended.body);
    assert!(ended.body["pairings"].as_array().unwrap().iter().any(|p| p["state"] == "completed"));
    // Someone else's link cannot act, and a stranger's token is nobody.
    let stranger = api.get(&format!("/api/manage/{}/buddy", "0".repeat(64))).await;
    assert_eq!(stranger.status, 404);
}

#[tokio::test]
async fn a_buddy_takes_no_more_families_than_offered_under_a_rush() {
    let api = Api::new(stack());
    let names: Vec<String> = (0..21).map(|n| format!("Family {n}")).collect();
    let families: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "en")).collect();
    let (group, tokens, _, leader) = family_group(&api, &families).await;
    let offered = api.put_json(&format!("/api/manage/{}/buddy/offer", tokens[0]), &offer(&["en"], "under_one", 2, false)).await;
    assert_eq!(offered.status, 200);
    let asks = futures::future::join_all(tokens[1..].iter().map(|t| {
        let (api, path) = (api.clone(), format!("/api/manage/{t}/buddy/request"));
        async move { api.put_json(&path, &ask("en", "under_one", false)).await }
    }))
    .await;
    assert!(asks.iter().all(|a| a.status == 200), "{:?}", asks.iter().map(|a| a.status).collect::<Vec<_>>());
    let queue = board(&api, &group, &leader).await;
    let buddy = queue["offering"][0]["signup_id"].clone();
    let newcomers: Vec<Value> = queue["waiting"].as_array().unwrap().iter().map(|w| w["signup_id"].clone()).collect();
    assert_eq!(newcomers.len(), 20);
    let path = format!("/api/admin/groups/{group}/buddies/pairings");
    let pairs = futures::future::join_all(newcomers.iter().map(|n| {
        let (api, path, leader, body) = (api.clone(), path.clone(), leader.clone(), json!({ "newcomer": n, "buddy": buddy }));
        async move { write(&api, "POST", &path, &leader, &body).await }
    }))
    .await;
    let made = pairs.iter().filter(|p| p.status == 201).count();
    let full = pairs.iter().filter(|p| p.status == 409 && p.error_code() == "buddy_full").count();
    assert_eq!((made, full), (2, 18), "{:?}", pairs.iter().map(|p| p.status).collect::<Vec<_>>());
    let after = board(&api, &group, &leader).await;
    assert_eq!(after["pairings"].as_array().unwrap().len(), 2);
    assert_eq!(after["waiting"].as_array().unwrap().len(), 18);
}

#[tokio::test]
async fn a_task_given_back_within_a_day_tells_the_leader_who_set_it_and_one_given_back_earlier_does_not() {
    let api = Api::new(stack());
    let mut group = series(&unique_id("late-drop"), 20);
    group.audiences = vec![village_shared::model::Audience::Families];
    group.sessions[0].starts_at = Utc::now() + Duration::hours(12);
    api.put_group(&group).await;
    let joined = api.post_json(&format!("/api/groups/{}/signups", group.id), &json!({ "name": "Gwen Hart", "email": format!("gwen.{}@example.org", group.id), "language": "en" })).await;
    let token = joined.body["manage_token"].as_str().unwrap().to_string();
    let leader = signed_in(&api, "facilitator", &[&group.id]).await;
    let tasks = json!({ "tasks": [{ "title": { "en": "Snack", "es": "Merienda" }, "needed": 1 }] });
    for session in &group.sessions[..2] {
        let path = format!("/api/admin/groups/{}/sessions/{}/tasks", group.id, session.starts_at.timestamp());
        let set = village_tests::admin::write_in(&api, "es", "PUT", &path, &leader, &tasks).await;
        assert_eq!(set.status, 200, "{:?}", set.body);
    }
    // Given back twice within the day (the second time too), and once a week ahead.
    for session in [&group.sessions[0], &group.sessions[0], &group.sessions[1]] {
        let task = format!("/api/manage/{token}/tasks/{}-0", session.starts_at.timestamp());
        assert_eq!(api.put(&task).await.status, 200);
        assert_eq!(api.delete(&task).await.status, 200);
    }
    let told = messages(&api, &leader.email, "task_dropped", 1).await;
    assert_eq!(told.len(), 1, "once, for the drop within a day: {told:?}");
    assert_eq!(told[0]["subject"], "Una tarea necesita a alguien: Merienda", "in the leader's language");
    assert!(told[0]["body"].as_str().unwrap().contains("Gwen H."), "{}", told[0]["body"]);
    assert_eq!(messages(&api, &leader.email, "task_dropped", 2).await.len(), 1);
}

#[tokio::test]
async fn the_leader_who_paired_two_families_is_asked_two_weeks_on_whether_they_are_still_in_touch() {
    // The development clock is the whole stack's: this test moves it on a stack of its own.
    let own = Stack::start();
    let api = Api::new(&own);
    let (group, tokens, _, leader) = family_group(&api, &[("Hana Ito", "en"), ("Iris Jay", "en"), ("Jo King", "en")]).await;
    api.put_json(&format!("/api/manage/{}/buddy/offer", tokens[0]), &offer(&["en"], "under_one", 2, false)).await;
    api.put_json(&format!("/api/manage/{}/buddy/request", tokens[1]), &ask("en", "under_one", false)).await;
    let queue = board(&api, &group, &leader).await;
    let body = json!({ "newcomer": queue["waiting"][0]["signup_id"], "buddy": queue["offering"][0]["signup_id"] });
    assert_eq!(write(&api, "POST", &format!("/api/admin/groups/{group}/buddies/pairings"), &leader, &body).await.status, 201);
    assert!(messages(&api, &leader.email, "buddy_nudge", 0).await.is_empty(), "not yet");

    let moved = api.put_json("/api/dev/clock", &json!({ "ahead_days": 14.01 })).await;
    assert_eq!(moved.status, 200);
    // Any change sets the object's alarm by the moved clock (a real one simply comes due).
    api.put_json(&format!("/api/manage/{}/buddy/request", tokens[2]), &ask("en", "under_one", false)).await;
    let nudged = messages(&api, &leader.email, "buddy_nudge", 1).await;
    assert_eq!(nudged.len(), 1, "one nudge at two weeks");
    assert!(nudged[0]["body"].as_str().unwrap().contains("2 weeks since you paired Iris J. and Hana I."), "{}", nudged[0]["body"]);
}
