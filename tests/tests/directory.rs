//! The signposting directory against the real stack: what the public sees (nothing unchecked
//! for a year, nothing retired), searching and "nearest first" from a UK postcode, "Is this
//! still right?" landing in the leaders' queue, checking and retiring (audited), and an Open
//! Referral UK feed brought in and given back.

use std::sync::OnceLock;

use chrono::{Duration, Utc};
use serde_json::{json, Value};
use village_tests::admin::{call, signed_in, write};
use village_tests::api::{unique_id, Api};
use village_tests::Stack;

fn stack() -> &'static Stack {
    static STACK: OnceLock<Stack> = OnceLock::new();
    STACK.get_or_init(Stack::start)
}

/// An entry checked `days_ago`, in `area` at `postcode`, stored as given (development route).
async fn put_entry(api: &Api, prefix: &str, category: &str, area: &str, postcode: &str, days_ago: i64) -> String {
    let id = unique_id(prefix);
    let checked_on = (Utc::now() - Duration::days(days_ago)).date_naive();
    let entry = json!({
        "id": id,
        "service": {
            "organization": "Norfolk County Council",
            "name": { "en": format!("Service {id}"), "es": format!("Servicio {id}") },
            "category": category,
            "area": area,
            "postcode": postcode,
            "phone": "01603 000 000",
            "languages": ["en", "pl"],
        },
        "checked_on": checked_on,
        "checked_by": "leader",
        "edited_at": Utc::now(),
    });
    let stored = api.put_json(&format!("/api/dev/directory/{id}"), &entry).await;
    assert_eq!(stored.status, 200, "{:?}", stored.body);
    id
}

fn ids(answer: &Value, list: &str) -> Vec<String> {
    answer[list].as_array().unwrap().iter().map(|e| e["entry"]["id"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn an_entry_unchecked_for_a_year_leaves_the_public_list_and_waits_in_the_queue() {
    let api = Api::new(stack());
    let fresh = put_entry(&api, "fresh", "library", "Norwich", "NR3 1AB", 10).await;
    let ageing = put_entry(&api, "ageing", "library", "Norwich", "NR3 1AB", 200).await;
    let hidden = put_entry(&api, "hidden", "library", "Norwich", "NR3 1AB", 370).await;

    let public = api.get("/api/directory").await;
    assert_eq!(public.status, 200);
    let listed = ids(&public.body, "entries");
    assert!(listed.contains(&fresh) && listed.contains(&ageing), "{listed:?}");
    assert!(!listed.contains(&hidden), "a year unchecked is not public");
    let freshness = |id: &str| {
        public.body["entries"].as_array().unwrap().iter().find(|e| e["entry"]["id"] == id).unwrap()["freshness"].clone()
    };
    assert_eq!((freshness(&fresh), freshness(&ageing)), (json!("fresh"), json!("ageing")));
    let one = api.get(&format!("/api/directory/{hidden}")).await;
    assert_eq!((one.status, one.error_code()), (404, "entry_not_found"));
    assert_eq!(api.get(&format!("/api/directory/{fresh}")).await.body["entry"]["service"]["phone"], "01603 000 000");

    // The leaders' queue: what needs checking, the one checked longest ago first.
    let leader = signed_in(&api, "facilitator", &[]).await;
    let queue = call(&api, "GET", "/api/admin/directory", Some(&leader), false).await;
    assert_eq!(queue.status, 200, "{:?}", queue.body);
    let waiting: Vec<String> = ids(&queue.body, "needs_checking").into_iter().filter(|i| [&hidden, &ageing].contains(&i)).collect();
    assert_eq!(waiting, [hidden.clone(), ageing.clone()]);
    assert!(!ids(&queue.body, "needs_checking").contains(&fresh));

    // A leader checks it: back in the public list, as checked today by "a group leader".
    let checked = write(&api, "POST", &format!("/api/admin/directory/{hidden}/check"), &leader, &json!({})).await;
    assert_eq!(checked.status, 200, "{:?}", checked.body);
    assert_eq!(checked.body["entry"]["checked_by"], "leader");
    assert_eq!(checked.body["entry"]["checked_on"], json!(Utc::now().date_naive()));
    assert!(ids(&api.get("/api/directory").await.body, "entries").contains(&hidden));

    // Retired: gone from the public list and page for good.
    let retired = write(&api, "POST", &format!("/api/admin/directory/{fresh}/retire"), &leader, &json!({})).await;
    assert_eq!(retired.status, 200, "{:?}", retired.body);
    assert!(!ids(&api.get("/api/directory").await.body, "entries").contains(&fresh));
    assert_eq!(api.get(&format!("/api/directory/{fresh}")).await.status, 404);
}

#[tokio::test]
async fn the_first_report_since_an_entry_was_checked_tells_whoever_checked_it_in_their_language() {
    let api = Api::new(stack());
    let entry = put_entry(&api, "vouched", "library", "Norwich", "NR3 1AB", 30).await;
    let path = format!("/api/directory/{entry}/reports");
    // Nobody has vouched for it through the dashboard yet: the report only waits in the queue.
    assert_eq!(api.post_json(&path, &json!({ "verdict": "closed" })).await.status, 202);
    let leader = signed_in(&api, "facilitator", &[]).await;
    let checked = village_tests::admin::write_in(&api, "es", "POST", &format!("/api/admin/directory/{entry}/check"), &leader, &json!({})).await;
    assert_eq!(checked.status, 200, "{:?}", checked.body);
    // "Still right" is in the queue, and tells nobody.
    assert_eq!(api.post_json(&path, &json!({ "verdict": "still_right" })).await.status, 202);
    let said = api.post_json(&path, &json!({ "verdict": "changed", "note": "Ahora abre los martes" })).await;
    assert_eq!(said.status, 202);
    assert_eq!(api.post_json(&path, &json!({ "verdict": "closed" })).await.status, 202);
    let told = api.get(&format!("/api/dev/outbox?to={}", leader.email)).await.body["messages"].clone();
    let told: Vec<&Value> = told.as_array().unwrap().iter().filter(|m| m["kind"] == "directory_reported").collect();
    assert_eq!(told.len(), 1, "the first report tells, the rest wait with it: {told:?}");
    assert!(told[0]["subject"].as_str().unwrap().starts_with("¿Sigue siendo correcto?"), "{}", told[0]["subject"]);
    assert!(told[0]["body"].as_str().unwrap().contains("algo ha cambiado. «Ahora abre los martes»"), "{}", told[0]["body"]);
    // Never in what the public sees of the entry.
    assert!(!api.get(&format!("/api/directory/{entry}")).await.body.to_string().contains(&leader.email));
}

#[tokio::test]
async fn a_report_lands_in_the_queue_and_a_check_answers_it() {
    let api = Api::new(stack());
    let entry = put_entry(&api, "reported", "food_bank", "Norwich", "NR2 4AA", 30).await;
    let admin = signed_in(&api, "admin", &[]).await;
    let reports_of = |queue: &Value| -> Vec<Value> {
        queue["reports"].as_array().unwrap().iter().filter(|r| r["entry"] == entry.as_str()).cloned().collect()
    };

    // Refused reports store nothing.
    let path = format!("/api/directory/{entry}/reports");
    let bad_verdict = api.post_json(&path, &json!({ "verdict": "maybe" })).await;
    assert_eq!((bad_verdict.status, bad_verdict.error_code()), (400, "malformed_json"));
    let long = api.post_json(&path, &json!({ "verdict": "changed", "note": "x".repeat(501) })).await;
    assert_eq!((long.status, long.error_code()), (422, "invalid_fields"));
    assert_eq!(long.body["error"]["fields"][0]["field"], "note");
    let unknown = api.post_json("/api/directory/no-such-entry/reports", &json!({ "verdict": "closed" })).await;
    assert_eq!((unknown.status, unknown.error_code()), (404, "entry_not_found"));
    let queue = call(&api, "GET", "/api/admin/directory", Some(&admin), false).await.body;
    assert!(reports_of(&queue).is_empty(), "nothing stored by a refused report");

    let said = api.post_json(&path, &json!({ "verdict": "changed", "note": "Moved to Tuesdays" })).await;
    assert_eq!((said.status, &said.body), (202, &json!({ "received": true })));
    let queue = call(&api, "GET", "/api/admin/directory", Some(&admin), false).await.body;
    let reports = reports_of(&queue);
    assert_eq!(reports.len(), 1, "{queue}");
    assert_eq!((&reports[0]["verdict"], &reports[0]["note"]), (&json!("changed"), &json!("Moved to Tuesdays")));
    assert!(reports[0].get("email").is_none() && reports[0].get("client").is_none(), "anonymous: {}", reports[0]);

    // The edit answers it: the report leaves the queue; the change and who made it are audited.
    let mut service = api.get(&format!("/api/directory/{entry}")).await.body["entry"]["service"].clone();
    service["opening_times"] = json!({ "en": "Tuesdays 10:00–13:00", "es": "martes 10:00–13:00" });
    let edited = write(&api, "PUT", &format!("/api/admin/directory/{entry}"), &admin, &json!({ "service": service })).await;
    assert_eq!(edited.status, 200, "{:?}", edited.body);
    let queue = call(&api, "GET", "/api/admin/directory", Some(&admin), false).await.body;
    assert!(reports_of(&queue).is_empty(), "answered");
    let audit = call(&api, "GET", &format!("/api/admin/audit?who={}", admin.email), Some(&admin), false).await.body;
    assert_eq!(audit["entries"][0]["action"], "directory.edit");
    assert_eq!(audit["entries"][0]["target"], format!("directory:{entry}"));

    // A bad edit is refused field by field, in the editor's language, and changes nothing.
    service["website"] = json!("example.org");
    let refused = village_tests::admin::write_in(&api, "es", "PUT", &format!("/api/admin/directory/{entry}"), &admin, &json!({ "service": service })).await;
    assert_eq!((refused.status, refused.error_code()), (422, "invalid_fields"));
    assert!(refused.body["error"]["fields"][0]["message"].as_str().unwrap().contains("web"), "{:?}", refused.body);
    assert_eq!(api.get(&format!("/api/directory/{entry}")).await.body["entry"]["service"]["website"], Value::Null);
}

#[tokio::test]
async fn search_filters_and_nearest_first_from_a_uk_postcode() {
    let api = Api::new(stack());
    let tag = unique_id("zz");
    let norwich = put_entry(&api, &format!("{tag}-nor"), "food_bank", "Norwich", "NR3 1AB", 5).await;
    let lynn = put_entry(&api, &format!("{tag}-kl"), "food_bank", "King's Lynn", "PE30 1AA", 5).await;
    let mine = |answer: &Value| -> Vec<String> { ids(answer, "entries").into_iter().filter(|i| i.starts_with(&tag)).collect() };

    let near_lynn = api.get(&format!("/api/directory?q={tag}&near=PE30")).await;
    assert_eq!(mine(&near_lynn.body), [lynn.clone(), norwich.clone()]);
    let km = near_lynn.body["entries"][0]["km"].as_f64().expect("a distance");
    assert!(km < 5.0, "{km}");
    let near_norwich = api.get(&format!("/api/directory?q={tag}&near=nr3%201ab")).await;
    assert_eq!(mine(&near_norwich.body), [norwich.clone(), lynn.clone()]);

    assert_eq!(mine(&api.get(&format!("/api/directory?q={tag}&area=lynn")).await.body), [lynn.clone()]);
    assert_eq!(mine(&api.get(&format!("/api/directory?q={tag}&category=library")).await.body), Vec::<String>::new());
    assert_eq!(mine(&api.get(&format!("/api/directory?q={tag}&language=pl&category=food_bank")).await.body).len(), 2);
    assert_eq!(mine(&api.get(&format!("/api/directory?q={tag}&language=es")).await.body).len(), 0);
    // One listing, whatever the directory holds.
    let cost = api.get("/api/directory?near=NR3").await.cost();
    assert_eq!((cost.kv_lists, cost.kv_reads), (1, 0), "{cost:?}");
}

#[tokio::test]
async fn an_open_referral_feed_comes_in_and_goes_back_out_unchanged() {
    let api = Api::new(stack());
    let admin = signed_in(&api, "admin", &[]).await;
    let feed_id = unique_id("feed");
    let feed = json!({ "totalElements": 2, "content": [
        { "id": feed_id, "name": "Dereham Family Hub", "status": "active",
          "description": "Help for families.",
          "organization": { "id": "ncc", "name": "Norfolk County Council" },
          "service_at_locations": [{ "location": { "physical_addresses": [
              { "address_1": "1 Example Street", "city": "Dereham", "postal_code": "NR19 1AA" }] } }],
          "languages": [{ "language": "en" }],
          "service_taxonomys": [{ "taxonomy": { "id": "t1", "name": "Family Hub" } }],
          "assured_date": (Utc::now() - Duration::days(40)).date_naive() },
        { "id": "", "name": "" }
    ]});
    let imported = write(&api, "POST", "/api/admin/directory/import", &admin, &feed).await;
    assert_eq!(imported.status, 200, "{:?}", imported.body);
    assert_eq!(imported.body["imported"], 1);
    assert_eq!(imported.body["skipped"].as_array().unwrap().len(), 1);
    let stored = api.get(&format!("/api/directory/{feed_id}")).await;
    assert_eq!(stored.status, 200, "{:?}", stored.body);
    assert_eq!(stored.body["entry"]["service"]["category"], "family_hub");
    assert!(stored.body["entry"]["service"]["point"]["lat"].as_f64().is_some(), "placed by its postcode");

    // Given back a page at a time; every page imports back to the same entries.
    let mut exported = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/open-referral/services?cursor={c}"),
            None => "/api/open-referral/services".to_string(),
        };
        let page = api.get(&path).await;
        assert_eq!(page.status, 200);
        let cost = page.cost();
        assert!(cost.kv_reads + cost.kv_lists <= 50, "{cost:?}");
        exported.extend(page.body["content"].as_array().unwrap().iter().cloned());
        cursor = page.headers.get("x-next-cursor").map(|v| v.to_str().unwrap().to_string());
        if cursor.is_none() {
            break;
        }
    }
    let ours = exported.iter().find(|s| s["id"] == feed_id.as_str()).expect("exported").clone();
    assert_eq!(ours["status"], "active");
    let before = stored.body["entry"].clone();
    let again = write(&api, "POST", "/api/admin/directory/import", &admin, &json!([ours])).await;
    assert_eq!(again.body["imported"], 1);
    assert_eq!(api.get(&format!("/api/directory/{feed_id}")).await.body["entry"], before);
}

#[tokio::test]
async fn the_export_gives_back_only_what_families_may_see() {
    let api = Api::new(stack());
    let admin = signed_in(&api, "admin", &[]).await;
    let shown = put_entry(&api, "export-shown", "library", "Norwich", "NR3 1AB", 10).await;
    let hidden = put_entry(&api, "export-hidden", "library", "Norwich", "NR3 1AB", 400).await;
    let retired = put_entry(&api, "export-retired", "library", "Norwich", "NR3 1AB", 10).await;
    write(&api, "POST", &format!("/api/admin/directory/{retired}/retire"), &admin, &json!({})).await;
    let mut exported = Vec::new();
    let mut path = "/api/open-referral/services".to_string();
    loop {
        let page = api.get(&path).await;
        exported.extend(page.body["content"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap().to_string()));
        match page.headers.get("x-next-cursor") {
            Some(c) => path = format!("/api/open-referral/services?cursor={}", c.to_str().unwrap()),
            None => break,
        }
    }
    assert!(exported.contains(&shown));
    assert!(!exported.contains(&hidden), "a year unchecked is not given out");
    assert!(!exported.contains(&retired), "retired is not given out");
}

#[tokio::test]
async fn twenty_reports_wait_on_one_entry_at_most() {
    let api = Api::new(stack());
    let entry = put_entry(&api, "flooded", "food_bank", "Norwich", "NR2 4AA", 30).await;
    let path = format!("/api/directory/{entry}/reports");
    for n in 0..20 {
        let said = api.post_json(&path, &json!({ "verdict": "closed", "note": format!("report {n}") })).await;
        assert_eq!(said.status, 202, "report {n}: {:?}", said.body);
    }
    let more = api.post_json(&path, &json!({ "verdict": "closed" })).await;
    assert_eq!((more.status, more.error_code()), (429, "too_many_requests"));
    let admin = signed_in(&api, "admin", &[]).await;
    let queue = call(&api, "GET", "/api/admin/directory", Some(&admin), false).await.body;
    let waiting = queue["reports"].as_array().unwrap().iter().filter(|r| r["entry"] == entry.as_str()).count();
    assert_eq!(waiting, 20);
    // Checking it answers them all, within what one request may spend.
    let checked = write(&api, "POST", &format!("/api/admin/directory/{entry}/check"), &admin, &json!({})).await;
    assert_eq!(checked.status, 200);
    let queue = call(&api, "GET", "/api/admin/directory", Some(&admin), false).await.body;
    assert!(queue["reports"].as_array().unwrap().iter().all(|r| r["entry"] != entry.as_str()));
}

#[tokio::test]
async fn a_facilitators_import_adds_entries_but_cannot_replace_or_vouch_for_them() {
    let api = Api::new(stack());
    let leader = signed_in(&api, "facilitator", &[]).await;
    let existing = put_entry(&api, "kept", "library", "Norwich", "NR3 1AB", 10).await;
    let new_id = unique_id("leader-import");
    let tomorrow = (Utc::now() + Duration::days(400)).date_naive();
    let feed = json!([
        { "id": existing, "name": "Replaced by a facilitator" },
        { "id": new_id, "name": "A new hub", "assured_date": tomorrow, "x_village": { "checked_by": "team" } },
    ]);
    let imported = write(&api, "POST", "/api/admin/directory/import", &leader, &feed).await;
    assert_eq!((imported.body["imported"].clone(), imported.body["skipped"].clone()), (json!(1), json!([existing.clone()])));
    assert_ne!(api.get(&format!("/api/directory/{existing}")).await.body["entry"]["service"]["name"]["en"], "Replaced by a facilitator");
    let added = api.get(&format!("/api/directory/{new_id}")).await.body["entry"].clone();
    assert_eq!(added["checked_on"], json!(Utc::now().date_naive()), "never checked in the future");
    assert_eq!(added["checked_by"], "import", "a facilitator's import does not speak for the team");
}

#[tokio::test]
async fn a_directory_longer_than_one_listing_is_read_a_page_at_a_time_in_the_api_and_the_app() {
    // Three entries a listing, where Cloudflare's is a thousand: the same paging, seen sooner.
    let state = village_tests::stack::fresh_dir("directory-pages");
    let paged = Stack::start_with(&state, true, &[("DIRECTORY_PAGE_SIZE", "3")]);
    let api = Api::new(&paged);
    let mut all = Vec::new();
    for n in 0..7 {
        all.push(put_entry(&api, &format!("paged-{n}"), "library", "Norwich", "NR3 1AB", 10).await);
    }
    let (mut seen, mut cursor) = (Vec::new(), None::<String>);
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/directory?cursor={}", c.replace('+', "%2B").replace('/', "%2F").replace('=', "%3D")),
            None => "/api/directory".to_string(),
        };
        let page = api.get(&path).await;
        assert_eq!(page.status, 200, "{:?}", page.body);
        assert!(page.body["entries"].as_array().unwrap().len() <= 3);
        seen.extend(ids(&page.body, "entries"));
        cursor = page.body["next"].as_str().map(str::to_string);
        if cursor.is_none() {
            break;
        }
    }
    seen.sort();
    all.sort();
    assert_eq!(seen, all, "every entry, once");

    let b = village_tests::browser::Browser::start().await;
    for (lang, more) in [("en", "More services"), ("es", "Más servicios")] {
        b.goto(&paged.url(&format!("/directory/?lang={lang}"))).await;
        b.wait_for(".directory-entries .card").await;
        let shown = || async { b.client.find_all(fantoccini::Locator::Css(".directory-entries > li")).await.unwrap().len() };
        for _ in 0..2 {
            // The button waits while a page is on its way (a click on it then does nothing): click
            // when it is ready, then let the page arrive before the next click.
            let before = shown().await;
            b.wait_for_text(".more-services:not([disabled])", more).await;
            b.click(".more-services:not([disabled])").await;
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
            while shown().await == before {
                assert!(std::time::Instant::now() < deadline, "{lang}: the next page never came");
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
        }
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let cards = b.client.find_all(fantoccini::Locator::Css(".directory-entries > li")).await.unwrap().len();
            let button = b.client.find(fantoccini::Locator::Css(".more-services")).await.is_ok();
            if cards == 7 && !button {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "{lang}: {cards} services shown, more button: {button}");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let violations = b.axe_violations().await;
        assert!(violations.is_empty(), "{lang}: {violations:?}");
    }
    b.close().await;
}
