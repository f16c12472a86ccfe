//! What a request acknowledges is committed, and what the commit owes (the messages, the
//! catalogue's count, the person's index entry) is done by the group's object after it — by
//! its alarm if the request's own attempt fails — exactly once. Against the real local stack.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sha2::Digest;
use village_tests::api::{series, unique_id, Api};
use village_tests::stack::fresh_dir;
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
    assert_eq!(api.get(&manage).await.status, 200, "the link works at once: its group's object checks it");
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
        let listed = api.catalogue().await.into_iter().find(|g| g["id"] == group.id.as_str());
        if listed.as_ref().is_some_and(|g| g["seats_left"] == 0) {
            break;
        }
        assert!(Instant::now() < deadline, "the catalogue never counted both seats: {listed:?}");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    assert_eq!(messages_to(&api, &email).await.len(), 1, "exactly one confirmation");
    assert_eq!(messages_to(&api, &other).await.len(), 1);
}

#[tokio::test]
async fn a_link_sent_before_links_named_their_group_still_works() {
    // Links used to be a bare secret, found by its hash in KV; people still have them in their
    // inboxes. Such a key is written into the state of a stopped stack, as that release did.
    let dir = fresh_dir("earlier-link");
    let stack = Stack::start_at(&dir, true);
    let api = Api::new(&stack);
    let group = series(&unique_id("earlier"), 5);
    api.put_group(&group).await;
    let joined = api.sign_up(&group.id, "Rosa", &format!("{}@example.org", unique_id("rosa"))).await;
    assert_eq!(joined.status, 201, "{:?}", joined.body);
    let signup_id = joined.body["signup"]["id"].as_str().unwrap().to_string();
    let dir = stack.stop();

    let earlier = "5e".repeat(32);
    let digest: String = sha2::Sha256::digest(earlier.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    let key = json!({ "group_id": group.id, "signup_id": signup_id }).to_string();
    Stack::put_kv(&dir, &format!("manage:{digest}"), &key);

    let stack = Stack::start_at(&dir, true);
    let api = Api::new(&stack);
    let manage = api.get(&format!("/api/manage/{earlier}")).await;
    assert_eq!(manage.status, 200, "{:?}", manage.body);
    assert_eq!(manage.body["signup"]["id"], signup_id.as_str());
    assert_eq!(manage.body["group"]["id"], group.id.as_str());
    // The same secret under the group's name is not that link: nothing in the group holds it.
    assert_eq!(api.get(&format!("/api/manage/{}_{earlier}", group.id)).await.status, 404);
    stack.stop();
}

#[tokio::test]
async fn a_crash_in_the_middle_of_a_burst_loses_nothing_that_was_acknowledged() {
    let dir = fresh_dir("crash");
    let stack = Stack::start_at(&dir, true);
    let api = Api::new(&stack);
    let group = series(&unique_id("crash"), 50);
    api.put_group(&group).await;
    let path = format!("/api/groups/{}/signups", group.id);

    // 300 people: a first wave of 100 is answered; a second wave of 200 is in flight when the
    // runtime is killed (SIGKILL). (Answers of an object under a rush leave together when its
    // writes settle, so "after N answers" is not a point in the middle of one burst.)
    let wave = |range: std::ops::Range<u32>| {
        let (api, path) = (api.clone(), path.clone());
        tokio::spawn(async move {
            futures::future::join_all(range.map(|n| {
                let (api, path) = (api.clone(), path.clone());
                async move {
                    let email = format!("burst{n}-{}@example.org", std::process::id());
                    let body = json!({ "name": format!("Person {n}"), "email": email, "language": "en" });
                    (email, api.try_post_json(&path, &body).await)
                }
            }))
            .await
        })
    };
    let mut answers = wave(0..100).await.unwrap();
    let second = wave(100..300);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let dir = stack.crash();
    answers.extend(second.await.unwrap());
    let acknowledged: Vec<(String, String)> = answers
        .into_iter()
        .filter_map(|(email, answer)| {
            let answer = answer.filter(|a| a.status == 201)?;
            Some((email, answer.body["manage_token"].as_str()?.to_string()))
        })
        .collect();
    assert!(acknowledged.len() >= 100 && acknowledged.len() < 300, "crashed mid-burst: {}", acknowledged.len());
    eprintln!("{} of 300 signups acknowledged before the crash", acknowledged.len());

    // Back up on the same state: every acknowledged signup is there, its link works and its
    // message is in the outbox once; no seat is given twice.
    let stack = Stack::start_at(&dir, true);
    let api = Api::new(&stack);
    // The first visit wakes the group's object (on Cloudflare its alarm would, by itself).
    assert_eq!(api.get(&format!("/api/groups/{}", group.id)).await.status, 200);
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut missing = acknowledged.clone();
    while !missing.is_empty() {
        let mut still = Vec::new();
        for (email, token) in missing {
            let works = api.get(&format!("/api/manage/{token}")).await.status == 200;
            let told = messages_to(&api, &email).await.len();
            assert!(told <= 1, "{email} told {told} times");
            if !(works && told == 1) {
                still.push((email, token));
            }
        }
        missing = still;
        if !missing.is_empty() {
            assert!(Instant::now() < deadline, "{} acknowledged signups not whole after a minute", missing.len());
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }
    let detail = api.get(&format!("/api/groups/{}", group.id)).await.body;
    let waiting = detail["waitlist_length"].as_u64().unwrap();
    let seats_left = detail["seats_left"].as_u64().unwrap();
    assert!(seats_left <= 50);
    assert!(50 - seats_left + waiting >= acknowledged.len() as u64, "everyone acknowledged holds a place");
    stack.stop();
}

#[tokio::test]
async fn a_crash_while_a_capacity_raise_is_promoting_a_hundred_people_loses_no_one_and_tells_each_once() {
    let dir = fresh_dir("raise");
    let stack = Stack::start_at(&dir, true);
    let api = Api::new(&stack);
    let mut group = series(&unique_id("raise"), 5);
    api.put_group(&group).await;
    let people: Vec<String> = (0..105).map(|n| format!("raise{n}-{}@example.org", std::process::id())).collect();
    // The first five take the seats; the hundred after them wait.
    for email in &people[..5] {
        assert_eq!(api.sign_up(&group.id, "Seated", email).await.status, 201);
    }
    for chunk in people[5..].chunks(20) {
        futures::future::join_all(chunk.iter().map(|email| api.sign_up(&group.id, "Waiting", email))).await;
    }
    assert_eq!(api.get(&format!("/api/groups/{}", group.id)).await.body["waitlist_length"], 100);

    // The raise is acknowledged once its promotions are committed; the hundred messages it owes
    // are sent after, forty in the request and the rest by the object's alarm — the runtime is
    // killed the moment the answer arrives, while the alarm is at it.
    group.capacity = 105;
    api.put_group(&group).await;
    let dir = stack.crash();

    let stack = Stack::start_at(&dir, true);
    let api = Api::new(&stack);
    let detail = api.get(&format!("/api/groups/{}", group.id)).await.body;
    assert_eq!((detail["seats_left"].clone(), detail["waitlist_length"].clone()), (json!(0), json!(0)), "all promoted");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let mut told = 0;
        for email in &people[5..] {
            let promoted = messages_to(&api, email).await.iter().filter(|m| m["kind"] == "promoted").count();
            assert!(promoted <= 1, "{email} told {promoted} times");
            told += promoted;
        }
        if told == 100 {
            break;
        }
        assert!(Instant::now() < deadline, "{told} of 100 promoted people told after a minute");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    stack.stop();
}
