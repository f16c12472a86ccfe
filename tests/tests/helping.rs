//! Helping out at a family group's sessions against the real stack: a leader sets the tasks,
//! families claim and drop places from their links, the public sees counts and never names, and
//! a rush on the last places fills exactly as many as the task needs.

use std::sync::OnceLock;

use serde_json::{json, Value};
use village_tests::admin::{signed_in, write};
use village_tests::api::{series, unique_id, Api};
use village_tests::Stack;

fn stack() -> &'static Stack {
    static STACK: OnceLock<Stack> = OnceLock::new();
    STACK.get_or_init(Stack::start)
}

/// A family group with `families` people in it and the usual tasks on its first session:
/// (group id, first session's start, the families' manage tokens).
async fn family_group(api: &Api, families: usize) -> (String, i64, Vec<String>) {
    let group = series(&unique_id("families"), 100);
    api.put_group(&group).await;
    let joins = futures::future::join_all((0..families).map(|n| {
        let (api, id) = (api.clone(), group.id.clone());
        async move { api.sign_up(&id, &format!("Family {n}"), &format!("f{n}.{id}@example.org")).await }
    }))
    .await;
    let tokens = joins.iter().map(|j| j.body["manage_token"].as_str().expect("a token").to_string()).collect();
    let session = group.sessions[0].starts_at.timestamp();
    let leader = signed_in(api, "facilitator", &[&group.id]).await;
    let tasks = json!({ "tasks": [
        { "title": { "en": "Setting up", "es": "Montar la sala" }, "needed": 2 },
        { "title": { "en": "Snack", "es": "Merienda" }, "needed": 1 },
    ]});
    let set = write(api, "PUT", &format!("/api/admin/groups/{}/sessions/{session}/tasks", group.id), &leader, &tasks).await;
    assert_eq!(set.status, 200, "{:?}", set.body);
    (group.id, session, tokens)
}

fn task<'a>(answer: &'a Value, title: &str) -> &'a Value {
    answer["sessions"][0]["tasks"].as_array().unwrap().iter().find(|t| t["title"]["en"] == title).expect("the task")
}

#[tokio::test]
async fn thirty_families_rushing_for_the_last_two_places_fill_exactly_two() {
    let api = Api::new(stack());
    let (group, session, tokens) = family_group(&api, 30).await;
    let mine = api.get(&format!("/api/manage/{}/tasks", tokens[0])).await;
    assert_eq!(mine.status, 200, "{:?}", mine.body);
    let setting_up = task(&mine.body, "Setting up")["id"].as_str().unwrap().to_string();
    let claims = futures::future::join_all(tokens.iter().map(|token| {
        let (api, path) = (api.clone(), format!("/api/manage/{token}/tasks/{setting_up}"));
        async move { api.put(&path).await }
    }))
    .await;
    let won = claims.iter().filter(|c| c.status == 200).count();
    let full = claims.iter().filter(|c| c.status == 409 && c.error_code() == "task_full").count();
    assert_eq!((won, full), (2, 28), "{:?}", claims.iter().map(|c| c.status).collect::<Vec<_>>());
    let public = api.get(&format!("/api/groups/{group}/sessions/{session}/tasks")).await;
    assert_eq!(public.status, 200);
    let counted = public.body["tasks"].as_array().unwrap().iter().find(|t| t["id"] == setting_up.as_str()).unwrap().clone();
    assert_eq!((&counted["taken"], &counted["needed"]), (&json!(2), &json!(2)));
    // Counts, never who.
    assert!(!public.body.to_string().contains("Family"), "{}", public.body);
    assert!(public.body["tasks"].as_array().unwrap().iter().all(|t| t["mine"] == false));
}

#[tokio::test]
async fn a_family_claims_and_drops_a_place_and_holds_one_at_most() {
    let api = Api::new(stack());
    let (group, session, tokens) = family_group(&api, 2).await;
    let mine = api.get(&format!("/api/manage/{}/tasks", tokens[0])).await.body;
    let snack = task(&mine, "Snack")["id"].as_str().unwrap().to_string();
    // One family's many taps at once: one place.
    let taps = futures::future::join_all((0..20).map(|_| {
        let (api, path) = (api.clone(), format!("/api/manage/{}/tasks/{snack}", tokens[0]));
        async move { api.put(&path).await }
    }))
    .await;
    assert!(taps.iter().all(|t| t.status == 200), "{:?}", taps.iter().map(|t| t.status).collect::<Vec<_>>());
    let after = &taps[0].body;
    assert_eq!(task(after, "Snack")["mine"], true);
    let public = api.get(&format!("/api/groups/{group}/sessions/{session}/tasks")).await.body;
    assert_eq!(public["tasks"].as_array().unwrap().iter().find(|t| t["id"] == snack.as_str()).unwrap()["taken"], 1);
    let other = api.put(&format!("/api/manage/{}/tasks/{snack}", tokens[1])).await;
    assert_eq!((other.status, other.error_code()), (409, "task_full"));
    let dropped = api.delete(&format!("/api/manage/{}/tasks/{snack}", tokens[0])).await;
    assert_eq!(dropped.status, 200);
    assert_eq!(task(&dropped.body, "Snack")["mine"], false);
    assert_eq!(api.put(&format!("/api/manage/{}/tasks/{snack}", tokens[1])).await.status, 200);
    // Unknown task, and a link that is not anyone's.
    let unknown = api.put(&format!("/api/manage/{}/tasks/nope", tokens[0])).await;
    assert_eq!((unknown.status, unknown.error_code()), (404, "task_not_found"));
    let stranger = api.put(&format!("/api/manage/{}/tasks/{snack}", "0".repeat(64))).await;
    assert_eq!(stranger.status, 404);
}

#[tokio::test]
async fn someone_who_cancels_gives_their_places_back() {
    let api = Api::new(stack());
    let (group, session, tokens) = family_group(&api, 1).await;
    let mine = api.get(&format!("/api/manage/{}/tasks", tokens[0])).await.body;
    let snack = task(&mine, "Snack")["id"].as_str().unwrap().to_string();
    assert_eq!(api.put(&format!("/api/manage/{}/tasks/{snack}", tokens[0])).await.status, 200);
    assert_eq!(api.delete(&format!("/api/manage/{}", tokens[0])).await.status, 200);
    let public = api.get(&format!("/api/groups/{group}/sessions/{session}/tasks")).await.body;
    assert_eq!(public["tasks"].as_array().unwrap().iter().find(|t| t["id"] == snack.as_str()).unwrap()["taken"], 0);
    let refused = api.put(&format!("/api/manage/{}/tasks/{snack}", tokens[0])).await;
    assert_eq!((refused.status, refused.error_code()), (403, "not_a_member"));
}

#[tokio::test]
async fn families_suggest_topics_for_visitors_and_only_the_groups_leaders_see_everyones() {
    let api = Api::new(stack());
    let (group, _, tokens) = family_group(&api, 2).await;
    let path = |n: usize| format!("/api/manage/{}/topics", tokens[n]);
    let said = api.post_json(&path(0), &json!({ "text": "Sleep and naps" })).await;
    assert_eq!((said.status, &said.body["ideas"]), (201, &json!(["Sleep and naps"])), "{:?}", said.body);
    let empty = api.post_json(&path(1), &json!({ "text": "   " })).await;
    assert_eq!((empty.status, empty.error_code()), (422, "invalid_fields"));
    assert_eq!(empty.body["error"]["fields"][0]["field"], "text");
    assert_eq!(api.post_json(&path(1), &json!({ "text": "First words" })).await.status, 201);
    assert_eq!(api.get(&path(1)).await.body["ideas"], json!(["First words"]), "a family sees its own");
    let leader = signed_in(&api, "facilitator", &[&group]).await;
    let list = village_tests::admin::call(&api, "GET", &format!("/api/admin/groups/{group}/topics"), Some(&leader), false).await;
    assert_eq!(list.status, 200, "{:?}", list.body);
    let texts: Vec<&str> = list.body["ideas"].as_array().unwrap().iter().map(|i| i["text"].as_str().unwrap()).collect();
    assert_eq!(texts, ["First words", "Sleep and naps"], "newest first");
    assert!(!list.body.to_string().contains("@example.org"), "names, never addresses: {}", list.body);
    let other = signed_in(&api, "facilitator", &[]).await;
    let refused = village_tests::admin::call(&api, "GET", &format!("/api/admin/groups/{group}/topics"), Some(&other), false).await;
    assert_eq!(refused.status, 403);
}
