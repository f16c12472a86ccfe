//! Seed a running Village with the demo network, through its own HTTP API (the development-only
//! group route, then ordinary public signups, then the dashboard's API as a coordinator would),
//! so the demo exercises the real code paths. `cargo xtask dev` and `seed` run it, and the tests
//! that want the whole demo (the API fuzzing) seed with it too.

use crate::{demo_groups, demo_histories, demo_last_term};
use village_shared::api::CataloguePage;

pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn step(message: &str) {
    eprintln!("==> {message}");
}

pub fn seed_if_empty(url: &str) -> Result<()> {
    let catalogue: CataloguePage = ureq::get(&format!("{url}/api/groups")).call()?.into_json()?;
    if catalogue.total > 0 {
        step(&format!("local store already has {} published groups; not seeding", catalogue.total));
        return Ok(());
    }
    let today = chrono::Local::now().date_naive();
    let demo = demo_groups(today);
    step(&format!("seeding {} demo groups", demo.len()));
    // Histories first: signups for groups with prerequisites are checked against them.
    for (email, history) in demo_histories(today) {
        ureq::put(&format!("{url}/api/dev/history/{email}")).send_json(&history)?;
    }
    let mut spaces = Vec::new();
    let mut families = None;
    for d in &demo {
        ureq::put(&format!("{url}/api/dev/groups/{}", d.group.id)).send_json(&d.group)?;
        ureq::put(&format!("{url}/api/dev/groups/{}/private", d.group.id)).send_json(d.private())?;
        let mut tokens = Vec::new();
        // A local group's members joined weeks ago (before its elections opened).
        let local = d.group.kind == village_shared::model::GroupKind::LocalGroup;
        if local {
            set_clock(url, -40.0)?;
        }
        for person in &d.signups {
            let answer = as_a_person(ureq::post(&format!("{url}/api/groups/{}/signups", d.group.id))).send_json(person)?;
            let body: serde_json::Value = answer.into_json()?;
            tokens.push(body["manage_token"].as_str().unwrap_or_default().to_string());
        }
        if local {
            set_clock(url, 0.0)?;
        }
        if d.group.audiences.contains(&village_shared::model::Audience::Families) {
            families = Some((d.group.clone(), tokens.clone()));
        }
        if let (Some(space), Some(first)) = (crate::demo_space(&d.group.id), d.group.first_session()) {
            spaces.push((d.group.id.clone(), first.starts_at, tokens, space));
        }
    }
    let directory = crate::demo_directory(today);
    step(&format!("seeding a directory of {} local services", directory.len()));
    for entry in &directory {
        ureq::put(&format!("{url}/api/dev/directory/{}", entry.id)).send_json(entry)?;
    }
    let admin = seed_last_term(url, today)?;
    for (group_id, starts_at, tokens, space) in spaces {
        seed_member_space(url, &admin, &group_id, starts_at, &tokens, &space)?;
    }
    if let Some((group, tokens)) = families {
        seed_helping(url, &admin, &group, &tokens)?;
        seed_buddies(url, &admin, &group.id, &tokens)?;
    }
    Ok(())
}

/// A family group's next two sessions with the usual tasks, part-covered by its families, and
/// topics its families would like a visitor to talk about.
fn seed_helping(url: &str, admin: &Admin, group: &village_shared::model::Group, tokens: &[String]) -> Result<()> {
    let tasks = serde_json::json!({ "tasks": village_shared::rules::helping::templates() });
    // (family, session, task): the first session has set-up and the snack covered.
    let claims = [(0, 0, 0), (1, 0, 0), (2, 0, 1), (3, 1, 3)];
    for (n, session) in group.sessions.iter().take(2).enumerate() {
        let start = session.starts_at.timestamp();
        admin.request("PUT", &format!("/groups/{}/sessions/{start}/tasks", group.id)).send_json(&tasks)?;
        for (family, _, task) in claims.iter().filter(|(_, s, _)| *s == n) {
            let Some(token) = tokens.get(*family) else { continue };
            as_a_person(ureq::put(&format!("{url}/api/manage/{token}/tasks/{start}-{task}"))).call()?;
        }
    }
    // Ideas for the next visitor.
    for (family, text) in [(1, "Sleep and naps"), (2, "Potty training"), (4, "Getting out with two under three")] {
        let Some(token) = tokens.get(family) else { continue };
        as_a_person(ureq::post(&format!("{url}/api/manage/{token}/topics"))).send_json(serde_json::json!({ "text": text }))?;
    }
    Ok(())
}

/// Buddies at the family group, through the families' links and the leaders' API: two families
/// offer, two new ones ask; the leader pairs the first to ask with her best suggestion (both are
/// told), and the other waits with hers.
fn seed_buddies(url: &str, admin: &Admin, group_id: &str, tokens: &[String]) -> Result<()> {
    if tokens.len() < 6 {
        return Ok(());
    }
    let family = |token: &str, what: &str, body: serde_json::Value| {
        as_a_person(ureq::put(&format!("{url}/api/manage/{token}/buddy/{what}"))).send_json(body)
    };
    let offer = |languages: &[&str], age_band: &str, can_take: u8| {
        serde_json::json!({ "languages": languages, "age_band": age_band, "can_take": can_take, "share_contact": true })
    };
    family(&tokens[0], "offer", offer(&["en"], "one_to_two", 2))?;
    family(&tokens[3], "offer", offer(&["en", "pl"], "under_one", 1))?;
    family(&tokens[4], "request", serde_json::json!({ "language": "en", "age_band": "one_to_two", "share_contact": true }))?;
    family(&tokens[5], "request", serde_json::json!({ "language": "pl", "age_band": "under_one" }))?;
    let board: serde_json::Value = admin.request("GET", &format!("/groups/{group_id}/buddies")).call()?.into_json()?;
    let first = &board["waiting"][0];
    let pair = serde_json::json!({ "newcomer": first["signup_id"], "buddy": first["suggestions"][0]["signup_id"] });
    admin.request("POST", &format!("/groups/{group_id}/buddies/pairings")).send_json(pair)?;
    Ok(())
}

/// A local group's member space, through the members' own links and the leaders' API: settings
/// offered, the next meeting at the first volunteer's, issues proposed and supported, answers.
fn seed_member_space(
    url: &str,
    admin: &Admin,
    group_id: &str,
    starts_at: chrono::DateTime<chrono::Utc>,
    tokens: &[String],
    space: &crate::DemoSpace,
) -> Result<()> {
    let member = |method: &str, token: &str, rest: &str| as_a_person(ureq::request(method, &format!("{url}/api/manage/{token}{rest}")));
    for (who, offer) in &space.hosts {
        member("PUT", &tokens[*who], "/host-offer").send_json(offer)?;
    }
    seed_past_meeting(url, admin, group_id, tokens, space)?;
    let plan: serde_json::Value = admin.request("GET", &format!("/groups/{group_id}/meetings")).call()?.into_json()?;
    let body = serde_json::json!({ "starts_at": starts_at, "duration_minutes": 120, "host": plan["suggested_host"] });
    let meeting: serde_json::Value = admin.request("POST", &format!("/groups/{group_id}/meetings")).send_json(body)?.into_json()?;
    let meeting = meeting["id"].as_str().unwrap_or_default().to_string();
    let mut issues = Vec::new();
    for (who, title, details) in &space.issues {
        let body = serde_json::json!({ "title": title, "details": details, "language": "en" });
        let answer: serde_json::Value = member("POST", &tokens[*who], "/issues").send_json(body)?.into_json()?;
        issues.push(answer["issue"]["id"].as_str().unwrap_or_default().to_string());
    }
    for (who, issue) in &space.supports {
        member("PUT", &tokens[*who], &format!("/issues/{}/support", issues[*issue])).call()?;
    }
    for who in &space.coming {
        member("PUT", &tokens[*who], &format!("/meetings/{meeting}/rsvp")).send_json(serde_json::json!({ "going": true }))?;
    }
    for (who, post) in &space.posts {
        member("POST", &tokens[*who], "/board").send_json(post)?;
    }
    seed_election(url, admin, group_id, tokens, &space.election)
}

/// Last month's meeting, on the development clock: scheduled a month ago at the volunteer
/// suggested then, its issues proposed and supported, answers given; back at today's clock its
/// agenda has closed (chosen by the supports) and the meeting is over.
fn seed_past_meeting(url: &str, admin: &Admin, group_id: &str, tokens: &[String], space: &crate::DemoSpace) -> Result<()> {
    let member = |method: &str, token: &str, rest: &str| as_a_person(ureq::request(method, &format!("{url}/api/manage/{token}{rest}")));
    set_clock(url, -30.0)?;
    let plan: serde_json::Value = admin.request("GET", &format!("/groups/{group_id}/meetings")).call()?.into_json()?;
    let starts_at = (chrono::Utc::now() - chrono::Duration::days(25)).date_naive().and_hms_opt(19, 0, 0).expect("a time").and_utc();
    let body = serde_json::json!({ "starts_at": starts_at, "duration_minutes": 120, "host": plan["suggested_host"] });
    let meeting: serde_json::Value = admin.request("POST", &format!("/groups/{group_id}/meetings")).send_json(body)?.into_json()?;
    let meeting = meeting["id"].as_str().unwrap_or_default().to_string();
    for (who, title, details, supporters) in &space.past_issues {
        let body = serde_json::json!({ "title": title, "details": details, "language": "en" });
        let answer: serde_json::Value = member("POST", &tokens[*who], "/issues").send_json(body)?.into_json()?;
        let issue = answer["issue"]["id"].as_str().unwrap_or_default().to_string();
        for supporter in supporters {
            member("PUT", &tokens[*supporter], &format!("/issues/{issue}/support")).call()?;
        }
    }
    for who in &space.past_coming {
        member("PUT", &tokens[*who], &format!("/meetings/{meeting}/rsvp")).send_json(serde_json::json!({ "going": true }))?;
    }
    set_clock(url, 0.0)
}

/// A leader election, run on the development clock: set back to when it opened, forward into
/// its voting, then back to now (a finished one closed three weeks ago and its leader is in
/// office; the other is in its voting week).
fn seed_election(url: &str, admin: &Admin, group_id: &str, tokens: &[String], e: &crate::DemoElection) -> Result<()> {
    use village_shared::rules::election::{MIN_NOMINATION_DAYS, MIN_VOTING_DAYS};
    let clock = |days: f64| set_clock(url, days);
    let member = |method: &str, token: &str, rest: &str| as_a_person(ureq::request(method, &format!("{url}/api/manage/{token}{rest}")));
    // Opened 30 days ago (closed 20 days ago), or 8 days ago (voting until the day after tomorrow).
    let back_days = if e.finished { -30.0 } else { -8.0 };
    let opened = chrono::Utc::now() + chrono::Duration::milliseconds((back_days * 86_400_000.0) as i64);
    let voting = opened + chrono::Duration::days(MIN_NOMINATION_DAYS) + chrono::Duration::minutes(1);
    let closes = voting + chrono::Duration::days(MIN_VOTING_DAYS);
    clock(back_days)?;
    let body = serde_json::json!({ "role": "leader", "voting_opens_at": voting, "closes_at": closes });
    let election: serde_json::Value = admin.request("POST", &format!("/groups/{group_id}/elections")).send_json(body)?.into_json()?;
    let id = election["id"].as_str().unwrap_or_default().to_string();
    for who in &e.standing {
        member("POST", &tokens[*who], &format!("/elections/{id}/nominations")).send_json(serde_json::json!({}))?;
    }
    clock(back_days + MIN_NOMINATION_DAYS as f64 + 0.5)?;
    let now: serde_json::Value = ureq::get(&format!("{url}/api/groups/{group_id}/elections")).call()?.into_json()?;
    let candidates = now["elections"][0]["candidates"].as_array().cloned().unwrap_or_default();
    for (voter, choice) in &e.votes {
        let body = serde_json::json!({ "candidate": candidates[*choice]["id"] });
        member("PUT", &tokens[*voter], &format!("/elections/{id}/ballot")).send_json(body)?;
    }
    clock(0.0)?;
    // Read once: the finished election closes (and its leader's access is written) now.
    ureq::get(&format!("{url}/api/groups/{group_id}/elections")).call()?;
    Ok(())
}

/// Move the development clock `days` ahead of the real time (negative: back).
fn set_clock(url: &str, days: f64) -> Result<()> {
    ureq::put(&format!("{url}/api/dev/clock")).send_json(serde_json::json!({ "ahead_days": days }))?;
    Ok(())
}

/// The demo coordinator's dashboard session.
struct Admin {
    url: String,
    cookie: String,
    csrf: String,
}

impl Admin {
    fn request(&self, method: &str, path: &str) -> ureq::Request {
        ureq::request(method, &format!("{}/api/admin{path}", self.url)).set("Cookie", &self.cookie).set("X-CSRF-Token", &self.csrf)
    }
}

/// Each demo person signs up from a phone of their own: the local runtime reports the client
/// address it is given (on Cloudflare the edge sets it), and the Worker limits writes per
/// client, so one seeding machine must not look like one client flooding.
fn as_a_person(request: ureq::Request) -> ureq::Request {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    request.set("CF-Connecting-IP", &format!("127.0.{}.{}", 200 + n / 250, 1 + n % 250))
}

/// Last term's series, run through the dashboard's API as a coordinator would: the group and
/// its people, attendance at every session, the stipends and kits given, then unpublished.
fn seed_last_term(url: &str, today: chrono::NaiveDate) -> Result<Admin> {
    let last = demo_last_term(today);
    let group = &last.demo.group;
    step(&format!("seeding last term's {} with its attendance and incentives", group.id));
    ureq::put(&format!("{url}/api/dev/groups/{}", group.id)).send_json(group)?;
    ureq::put(&format!("{url}/api/dev/groups/{}/private", group.id)).send_json(last.demo.private())?;
    for person in &last.demo.signups {
        as_a_person(ureq::post(&format!("{url}/api/groups/{}/signups", group.id))).send_json(person)?;
    }
    // A demo coordinator (`cargo xtask admin add coordinator@example.org` signs you in as them).
    let user = serde_json::json!({ "email": "coordinator@example.org", "role": "admin", "groups": [] });
    let added: serde_json::Value = ureq::post(&format!("{url}/api/dev/admin-users")).send_json(user)?.into_json()?;
    let token = added["token"].as_str().unwrap_or_default();
    let opened = ureq::post(&format!("{url}/api/admin/session")).send_json(serde_json::json!({ "token": token }))?;
    let cookie = opened.header("set-cookie").unwrap_or_default().split(';').next().unwrap_or_default().to_string();
    let csrf = opened.into_json::<serde_json::Value>()?["csrf"].as_str().unwrap_or_default().to_string();
    let session = Admin { url: url.to_string(), cookie, csrf };
    let admin = |method: &str, path: &str| session.request(method, &format!("/groups/{}{path}", group.id));
    let roster: serde_json::Value = admin("GET", "/roster").call()?.into_json()?;
    let id_of = |email: &str| {
        roster["signups"].as_array().into_iter().flatten().find(|s| s["email"] == email).map(|s| s["id"].clone())
    };
    for (session, emails) in group.sessions.iter().zip(&last.present) {
        for email in emails {
            let mark = serde_json::json!({ "session": session.starts_at, "signup_id": id_of(email), "present": true });
            admin("PUT", "/attendance").send_json(mark)?;
        }
    }
    for (email, entry) in &last.given {
        let id = id_of(email).and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        admin("PUT", &format!("/signups/{id}/incentives")).send_json(entry)?;
    }
    admin("PUT", "/status").send_json(serde_json::json!({ "status": "unpublished" }))?;
    Ok(session)
}

/// `cargo xtask seed --scale [factor] [url]`: the network at the size a network reaches in a
/// year or two (`crate::scale`; `factor` 1 = 2,000 groups, 100,000 signups, 50,000
/// subscribers, 100,000 messages, 50,000 audit entries), written through `POST /api/dev/bulk`.
pub fn seed_scale(url: &str, factor: f64) -> Result<()> {
    use crate::scale::{batches, Scale};
    let scale = Scale::FULL.times(factor);
    let now = chrono::Utc::now();
    let batches = batches(scale, chrono::Local::now().date_naive(), now);
    step(&format!("seeding {scale:?} in {} batches", batches.len()));
    let started = std::time::Instant::now();
    for (n, batch) in batches.iter().enumerate() {
        ureq::post(&format!("{url}/api/dev/bulk")).send_json(batch)?;
        if (n + 1) % 50 == 0 {
            step(&format!("{} of {} batches, {:.0} s", n + 1, batches.len(), started.elapsed().as_secs_f64()));
        }
    }
    step(&format!("seeded in {:.0} s", started.elapsed().as_secs_f64()));
    Ok(())
}
