//! A small client for the Village API, and group builders for tests.

use chrono::{Duration, Utc};
use serde_json::Value;
use village_shared::model::{Audience, Bilingual, Format, Group, GroupKind, Incentives, Publication, Session};
use village_shared::Language;

use crate::Stack;

/// A client of the local stack. Each request leaves from its own loopback address
/// (127.0.16.0/20, in turn) unless the client is pinned to one (`Api::from_address`): the
/// Worker counts public writes per client address, as Cloudflare reports it, and the tests are
/// many people, not one client — except those that test the limit itself.
#[derive(Clone)]
pub struct Api {
    pub base: String,
    pub http: reqwest::Client,
    /// Send every request from this address.
    pub from: Option<std::net::IpAddr>,
}

/// The next address of the rotation (4,096 of them: a test run's requests spread so thinly
/// that none comes near a client's limit).
fn next_source_address() -> std::net::IpAddr {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % 4096;
    std::net::IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 16 + (n / 256) as u8, (n % 256) as u8 + u8::from(n % 256 == 0)))
}

/// An answer: status and JSON body (`Value::Null` when the body is not JSON).
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
}

impl Answer {
    pub fn error_code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }

    /// What the request cost, as a development stack reports it.
    pub fn cost(&self) -> village_shared::api::cost::Cost {
        cost_of(&self.headers)
    }
}

/// What a request cost, from a development stack's answer's headers.
pub fn cost_of(headers: &reqwest::header::HeaderMap) -> village_shared::api::cost::Cost {
    let header = headers.get(village_shared::api::cost::COST_HEADER).expect("a development stack's cost header");
    village_shared::api::cost::Cost::parse(header.to_str().unwrap()).expect("a well-formed cost")
}

impl Api {
    pub fn new(stack: &Stack) -> Api {
        Api::at(&stack.base)
    }

    pub fn at(base: &str) -> Api {
        Api {
            base: base.to_string(),
            http: reqwest::Client::builder().pool_max_idle_per_host(64).build().expect("client"),
            from: None,
        }
    }

    /// A client that sends every request from one loopback address: one person's phone.
    pub fn from_address(stack: &Stack, address: &str) -> Api {
        Api { from: Some(address.parse().expect("an IP address")), ..Api::new(stack) }
    }

    pub async fn send(&self, request: reqwest::RequestBuilder) -> Answer {
        let request = request.build().expect("a well-formed request");
        let source = self.from.unwrap_or_else(next_source_address);
        let client = reqwest::Client::builder().local_address(source).build().expect("client");
        let response = client.execute(request).await.expect("the local stack answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.expect("a body");
        Answer { status, body: serde_json::from_slice(&bytes).unwrap_or(Value::Null), headers }
    }

    /// As `post_json`, for a stack that may be gone: `None` when nothing answered.
    pub async fn try_post_json(&self, path: &str, body: &Value) -> Option<Answer> {
        let source = self.from.unwrap_or_else(next_source_address);
        let client = reqwest::Client::builder().local_address(source).build().expect("client");
        let response = client.post(format!("{}{path}", self.base)).json(body).send().await.ok()?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.ok()?;
        Some(Answer { status, body: serde_json::from_slice(&bytes).unwrap_or(Value::Null), headers })
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(self.http.get(format!("{}{path}", self.base))).await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        self.send(self.http.delete(format!("{}{path}", self.base))).await
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Answer {
        self.send(self.http.post(format!("{}{path}", self.base)).json(body)).await
    }

    pub async fn put_json(&self, path: &str, body: &Value) -> Answer {
        self.send(self.http.put(format!("{}{path}", self.base)).json(body)).await
    }

    pub async fn put(&self, path: &str) -> Answer {
        self.send(self.http.put(format!("{}{path}", self.base))).await
    }

    pub async fn put_group(&self, group: &Group) -> Answer {
        let answer = self.send(self.http.put(format!("{}/api/dev/groups/{}", self.base, group.id)).json(group)).await;
        assert_eq!(answer.status, 200, "seeding {} failed: {:?}", group.id, answer.body);
        answer
    }

    /// Replace a person's attendance history (development-only route).
    pub async fn put_history(&self, email: &str, history: &Value) -> Answer {
        let answer = self.send(self.http.put(format!("{}/api/dev/history/{email}", self.base)).json(history)).await;
        assert_eq!(answer.status, 200, "history for {email}: {:?}", answer.body);
        answer
    }

    pub async fn sign_up(&self, group_id: &str, name: &str, email: &str) -> Answer {
        self.post_json(
            &format!("/api/groups/{group_id}/signups"),
            &serde_json::json!({ "name": name, "email": email, "language": "en" }),
        )
        .await
    }

    /// Whether the public catalogue lists the group, waiting (up to 20 s) for the catalogue's
    /// next write — batched about once a second by its object — to settle on `expected`.
    /// Every group the public catalogue lists, page after page.
    pub async fn catalogue(&self) -> Vec<Value> {
        let mut groups = Vec::new();
        let mut path = "/api/groups".to_string();
        loop {
            let page = self.get(&path).await;
            assert_eq!(page.status, 200, "{path}: {:?}", page.body);
            groups.extend(page.body["groups"].as_array().cloned().unwrap_or_default());
            match page.body["next"].as_str() {
                Some(next) => path = format!("/api/groups?cursor={next}"),
                None => return groups,
            }
        }
    }

    pub async fn listed(&self, group_id: &str, expected: bool) -> bool {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let groups = self.catalogue().await;
            let seen = groups.iter().any(|g| g["id"] == group_id);
            if seen == expected || std::time::Instant::now() > deadline {
                return seen;
            }
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
    }

    /// Wait until the catalogue lists the group: scheduled jobs and the dashboard's group
    /// lists read it.
    pub async fn until_listed(&self, group_id: &str) {
        assert!(self.listed(group_id, true).await, "the catalogue never listed {group_id}");
    }

    /// Seed the whole demo network (groups and their people, the directory), like `cargo xtask dev` does.
    pub async fn seed_demo(&self) {
        let today = Utc::now().date_naive();
        for (email, history) in village_seed::demo_histories(today) {
            self.put_history(&email, &serde_json::to_value(history).unwrap()).await;
        }
        for demo in village_seed::demo_groups(today) {
            self.put_group(&demo.group).await;
            let private = self
                .send(
                    self.http
                        .put(format!("{}/api/dev/groups/{}/private", self.base, demo.group.id))
                        .json(&demo.private()),
                )
                .await;
            assert_eq!(private.status, 200);
            for person in &demo.signups {
                let answer = self
                    .post_json(
                        &format!("/api/groups/{}/signups", demo.group.id),
                        &serde_json::to_value(person).unwrap(),
                    )
                    .await;
                assert!(answer.status == 201, "{:?}", answer.body);
            }
        }
        for entry in village_seed::demo_directory(today) {
            let stored = self.put_json(&format!("/api/dev/directory/{}", entry.id), &serde_json::to_value(&entry).unwrap()).await;
            assert_eq!(stored.status, 200, "{:?}", stored.body);
        }
    }
}

/// A virtual series starting next week, `capacity` seats, one weekly session per topic.
pub fn series(id: &str, capacity: u32) -> Group {
    let start = Utc::now() + Duration::days(7);
    Group {
        id: id.into(),
        kind: GroupKind::Series,
        title: Bilingual::new(format!("Test series {id}"), format!("Serie de prueba {id}")),
        description: Bilingual::new("A group for tests.", "Un grupo para pruebas."),
        audiences: vec![Audience::Ffn, Audience::Fcch],
        language: Language::En,
        format: Format::Virtual,
        time_zone: "America/Los_Angeles".into(),
        capacity,
        term: Bilingual::new("Spring 2027", "Primavera 2027"),
        facilitators: vec!["Test Facilitator".into()],
        sessions: (0..3)
            .map(|i| Session {
                starts_at: start + Duration::days(7 * i),
                duration_minutes: 90,
                topic: Bilingual::new(format!("Topic {i}"), format!("Tema {i}")),
                visitor: None,
            })
            .collect(),
        incentives: Incentives { stipend: Some(150), kit: true },
        program: Some(format!("program-{id}")),
        registration: None,
        prerequisites: vec![],
        completion_percent: 75,
        status: Publication::Published,
    }
}

/// A local peer-support group in Norfolk: ongoing membership, meetings at members' settings.
pub fn local_group(id: &str) -> Group {
    Group {
        kind: GroupKind::LocalGroup,
        title: Bilingual::new(format!("Test local group {id}"), format!("Grupo local de prueba {id}")),
        audiences: vec![Audience::ManagersChildminders],
        format: Format::InPerson { area: "Norwich".into(), postcode: "NR3".into(), point: None },
        time_zone: "Europe/London".into(),
        capacity: 500,
        sessions: vec![],
        incentives: Incentives::default(),
        ..series(id, 500)
    }
}

/// A unique id for a test's own group or address, so tests sharing a stack never collide:
/// the process and a counter (a free port, used before, repeats within a run).
pub fn unique_id(prefix: &str) -> String {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("{prefix}-{}-{n}", std::process::id())
}
