//! What a request acknowledges is committed, and what the commit owes (the manage link's key,
//! the messages, the catalogue's count) is done by the group's object after it — by its alarm
//! if the request's own attempt fails — exactly once. Against the real local stack.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use village_tests::api::{series, unique_id, Api};
use village_tests::Stack;

fn stack() -> &'static Stack {
    static STACK: OnceLock<Stack> = OnceLock::new();
    STACK.get_or_init(Stack::start)
}

async fn messages_to(api: &Api, email: &str) -> Vec<Value> {
    api.get(&format!("/api/dev/outbox?to={email}")).await.body["messages"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn a_failure_between_the_commit_and_the_follow_up_heals_by_itself_and_nothing_is_sent_twice() {
    let api = Api::new(stack());
    let group = series(&unique_id("heals"), 2);
    api.put_group(&group).await;
    // The request's own follow-up and the alarm's first try both fail.
    let injected =
        api.post_json(&format!("/api/dev/groups/{}/faults", group.id), &json!({ "follow_up_failures": 2 })).await;
    assert_eq!(injected.status, 200, "{:?}", injected.body);

    let email = format!("{}@example.org", unique_id("rosa"));
    let signed_up = api.sign_up(&group.id, "Rosa", &email).await;
    assert_eq!(signed_up.status, 201, "acknowledged: {:?}", signed_up.body);
    let token = signed_up.body["manage_token"].as_str().unwrap().to_string();
    let manage = format!("/api/manage/{token}");
    assert_eq!(api.get(&manage).await.status, 404, "the link's key is still owed");
    assert!(messages_to(&api, &email).await.is_empty(), "the confirmation is still owed");

    // Within a minute the object's alarm has done what the commit owed.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let works = api.get(&manage).await.status == 200;
        let told = messages_to(&api, &email).await;
        if works && !told.is_empty() {
            assert_eq!(told.len(), 1, "{told:?}");
            assert_eq!(told[0]["kind"], "confirmation");
            break;
        }
        assert!(Instant::now() < deadline, "not healed within a minute");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    // The catalogue's count follows too; and later work sends nothing twice.
    let other = format!("{}@example.org", unique_id("ben"));
    assert_eq!(api.sign_up(&group.id, "Ben", &other).await.status, 201);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let catalogue = api.get("/api/groups").await.body;
        let listed = catalogue["groups"].as_array().unwrap().iter().find(|g| g["id"] == group.id.as_str()).cloned();
        if listed.as_ref().is_some_and(|g| g["seats_left"] == 0) {
            break;
        }
        assert!(Instant::now() < deadline, "the catalogue never counted both seats: {listed:?}");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    assert_eq!(messages_to(&api, &email).await.len(), 1, "exactly one confirmation");
    assert_eq!(messages_to(&api, &other).await.len(), 1);
}
