//! The public pages as they arrive, before any script runs: the Worker renders `/`,
//! `/groups/{id}` and `/signed-up/{token}` with the app's own components, in the language asked
//! for, and carries what it rendered them from (`PageStart`) for the app's first render; a
//! group's signup form posted to its page is answered there. Against the real local stack.

use std::sync::OnceLock;

use village_shared::api::cost::Cost;
use village_shared::api::{ErrorBody, GroupDetail, PageStart, SignupRequest};
use village_shared::model::SignupStatus;
use village_shared::Language;
use village_tests::api::{cost_of, series, unique_id, Api};
use village_tests::Stack;

fn stack() -> &'static Stack {
    static STACK: OnceLock<Stack> = OnceLock::new();
    STACK.get_or_init(Stack::start)
}

/// The page at `path` with these request headers: its status and HTML.
async fn page(api: &Api, path: &str, headers: &[(&str, &str)]) -> (u16, String) {
    let mut request = api.http.get(format!("{}{path}", api.base));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// What the Worker rendered, the body before the app's script runs (without the element it is
/// drawn in, which says when).
fn rendered(html: &str) -> &str {
    let drawn_in = html.find("<div id=\"server-page\"").unwrap_or_else(|| panic!("no rendered page in {html}"));
    let start = drawn_in + html[drawn_in..].find('>').expect("its element") + 1;
    let end = html[start..].find(&format!("<template id=\"{}\"", PageStart::ELEMENT_ID)).expect("its start follows");
    &html[start..start + end]
}

/// What the page says it was rendered from, read back from its elements.
fn start_of(html: &str) -> PageStart {
    let id = PageStart::ELEMENT_ID;
    let between = |open: &str, close: &str| -> Option<String> {
        let from = html.find(open)? + open.len();
        Some(html[from..from + html[from..].find(close)?].to_string())
    };
    let template = between(&format!("<template id=\"{id}\""), ">").expect("the page carries its start");
    let attribute = |name: &str| {
        let open = format!("{name}=\"");
        let from = template.find(&open).expect(name) + open.len();
        template[from..from + template[from..].find('"').unwrap()].replace("&amp;", "&")
    };
    let part = |name: &str| between(&format!("<script type=\"application/json\" id=\"{id}-{name}\">"), "</script>");
    PageStart {
        path: attribute("data-path"),
        search: attribute("data-search"),
        lang: village_shared::Language::from_tag(&attribute("data-lang")).expect("a language"),
        origin: attribute("data-origin"),
        catalogue: part("catalogue").map(|json| serde_json::from_str(&json).expect("a catalogue page")),
        group: part("group").map(|json| serde_json::from_str(&json).expect("a group")),
        sent: template.contains("data-sent=").then(|| village_shared::api::SignupSent {
            status: attribute("data-sent").parse().expect("a status"),
            error: part("sent").map(|json| serde_json::from_str::<ErrorBody>(&json).expect("an error").error),
            ..Default::default()
        }),
        signup: part("signup").map(|json| serde_json::from_str(&json).expect("a signup")),
    }
}

#[tokio::test]
async fn a_group_page_arrives_with_what_it_shows_in_the_language_asked_for() {
    let api = Api::new(stack());
    let group = series(&unique_id("rendered"), 4);
    api.put_group(&group).await;
    api.sign_up(&group.id, "Ana", &format!("{}@example.org", unique_id("ana"))).await;

    let (status, html) = page(&api, &format!("/groups/{}", group.id), &[("Accept-Language", "en-US")]).await;
    assert_eq!(status, 200);
    let body = rendered(&html);
    assert!(body.contains(&format!("<h1>Test series {}</h1>", group.id)), "{body}");
    assert!(body.contains("3 spots left") && body.contains("Topic 1") && body.contains("Sign up"), "{body}");
    // No viewer is known to the Worker: the times are the group's own, with the zone named.
    assert!(body.contains("Times are shown where the group meets (America/Los_Angeles)."), "{body}");
    assert!(body.matches(" PST</time>").count() + body.matches(" PDT</time>").count() == 3, "{body}");
    assert!(!body.contains("Loading"), "{body}");

    // What it was rendered from is the API's own answer.
    let start = start_of(&html);
    let answer: GroupDetail = serde_json::from_value(api.get(&format!("/api/groups/{}", group.id)).await.body).unwrap();
    assert_eq!(start.group, Some(answer));
    assert_eq!((start.path.as_str(), start.search.as_str()), (format!("/groups/{}", group.id).as_str(), ""));

    // Spanish from the address, from the remembered choice, from the browser.
    let spanish = [
        (format!("/groups/{}?lang=es", group.id), vec![("Cookie", "village_lang=en"), ("Accept-Language", "en")]),
        (format!("/groups/{}", group.id), vec![("Cookie", "a=b; village_lang=es"), ("Accept-Language", "en")]),
        (format!("/groups/{}", group.id), vec![("Accept-Language", "es-MX,es;q=0.9")]),
    ];
    for (path, headers) in spanish {
        let (_, html) = page(&api, &path, &headers).await;
        assert!(html.contains("<html lang=\"es\" data-locale=\"es-US\">"), "{path} {headers:?}");
        let body = rendered(&html);
        assert!(body.contains(&format!("<h1>Serie de prueba {}</h1>", group.id)) && body.contains("Quedan 3 lugares"));
        assert!(body.contains("Inscríbete") && body.contains("Tema 1"), "{body}");
        assert_eq!(start_of(&html).lang, village_shared::Language::Es);
    }
}

#[tokio::test]
async fn text_from_the_network_cannot_become_markup_or_end_the_pages_start() {
    let api = Api::new(stack());
    let mut group = series(&unique_id("escaped"), 4);
    let sneaky = "</script><script>alert(1)</script><b>bold</b>";
    group.title = village_shared::model::Bilingual::new(format!("{} {sneaky}", group.id), format!("{} {sneaky}", group.id));
    group.description = village_shared::model::Bilingual::new(sneaky, sneaky);
    api.put_group(&group).await;
    let (_, html) = page(&api, &format!("/groups/{}", group.id), &[]).await;
    assert!(!html.contains("<script>alert(1)") && !html.contains("<b>bold</b>"), "{html}");
    // The loader, the group's answer and its schema.org description: no other script.
    assert_eq!(html.matches("<script").count(), 3, "{html}");
    let start = start_of(&html);
    assert_eq!(start.group.unwrap().group.description.get(village_shared::Language::En), sneaky);
}

#[tokio::test]
async fn the_catalogue_arrives_with_the_first_page_its_address_asks_for() {
    let api = Api::new(stack());
    let mut group = series(&unique_id("listed-rendered"), 4);
    let area = format!("Area-{}", group.id);
    group.format = village_shared::model::Format::InPerson { area: area.clone(), postcode: "NR3".into(), point: None };
    api.put_group(&group).await;
    api.until_listed(&group.id).await;

    // The app's own filter (an area); what it does not filter by is not filtered here either.
    let program = group.program.clone().unwrap();
    let (_, unfiltered) = page(&api, &format!("/?program={program}"), &[]).await;
    assert!(start_of(&unfiltered).catalogue.unwrap().total > 1, "the app shows no programme filter");
    let (status, html) = page(&api, &format!("/?area={area}&lang=es"), &[]).await;
    assert_eq!(status, 200);
    assert!(html.contains("<html lang=\"es\" data-locale=\"es-US\">"));
    let body = rendered(&html);
    assert!(body.contains("<h1>Encuentra tu grupo</h1>"), "{body}");
    assert!(body.contains(&format!("<a href=\"/groups/{}\">Serie de prueba {}</a>", group.id, group.id)), "{body}");
    assert!(body.contains(">1 grupo</p>") && body.contains("Quedan 4 lugares"), "{body}");
    let start = start_of(&html);
    let catalogue = start.catalogue.expect("the catalogue's page");
    assert_eq!((catalogue.total, catalogue.groups.len()), (1, 1));
    assert_eq!(start.search, format!("?area={area}&lang=es"));
}

/// The page at `path` as `lang` asks for it: its HTML and what drawing it cost.
async fn drawn(api: &Api, path: &str, lang: &str) -> (String, Cost) {
    let response = api.http.get(format!("{}{path}", api.base)).header("Accept-Language", lang).send().await.unwrap();
    let cost = cost_of(response.headers());
    (response.text().await.unwrap(), cost)
}

#[tokio::test]
async fn a_public_page_is_drawn_once_per_change_of_what_it_shows() {
    let api = Api::new(stack());
    let mut group = series(&unique_id("drawn-once"), 4);
    // Registration opens in a few seconds: the same answers read differently after.
    let opens_at = chrono::Utc::now() + chrono::Duration::seconds(8);
    let closes_at = opens_at + chrono::Duration::days(5);
    group.registration = Some(village_shared::model::RegistrationWindow { opens_at, closes_at });
    api.put_group(&group).await;
    let path = format!("/groups/{}", group.id);

    let (first, cost) = drawn(&api, &path, "en").await;
    assert!(rendered(&first).contains("Registration opens"), "{first}");
    assert_eq!((cost.renders, cost.cache_calls), (1, 2), "drawn, then kept: {cost}");
    let (again, cost) = drawn(&api, &path, "en").await;
    assert_eq!((cost.renders, cost.cache_calls), (0, 1), "found kept: {cost}");
    assert_eq!(rendered(&again), rendered(&first), "the kept drawing is the page");
    // Another language is another drawing.
    let (spanish, cost) = drawn(&api, &path, "es").await;
    assert!(rendered(&spanish).contains("La inscripción abre"), "{spanish}");
    assert_eq!(cost.renders, 1, "{cost}");

    // Time passes: the same answers, now open (the drawing's time is part of its key).
    tokio::time::sleep((opens_at - chrono::Utc::now()).to_std().unwrap_or_default() + std::time::Duration::from_millis(500)).await;
    let (opened, cost) = drawn(&api, &path, "en").await;
    assert!(rendered(&opened).contains("4 spots left") && !rendered(&opened).contains("Registration opens"), "{opened}");
    assert_eq!(cost.renders, 1, "{cost}");
    // A signup changes what it shows: drawn again, once.
    assert_eq!(api.sign_up(&group.id, "Ana", &format!("{}@example.org", unique_id("ana"))).await.status, 201);
    let (changed, cost) = drawn(&api, &path, "en").await;
    assert!(rendered(&changed).contains("3 spots left"), "{changed}");
    assert_eq!(cost.renders, 1, "{cost}");
    assert_eq!(drawn(&api, &path, "en").await.1.renders, 0);

    // The catalogue is kept the same way: the same page twice is drawn once. (It names every
    // area of the network, which the other tests here change: a changed page is drawn again.)
    api.until_listed(&group.id).await;
    let catalogue = format!("/?program={}", group.program.clone().unwrap());
    let mut tries = 0;
    loop {
        let (first, _) = drawn(&api, &catalogue, "en").await;
        let (again, kept) = drawn(&api, &catalogue, "en").await;
        if rendered(&first) == rendered(&again) {
            assert_eq!((kept.renders, kept.cache_calls), (0, 1), "{kept}");
            break;
        }
        tries += 1;
        assert!(tries < 10, "the catalogue kept changing");
    }
    // A page closed to newcomers (unpublished, archived) reads the same all day: kept too.
    let mut archived = series(&unique_id("drawn-archived"), 4);
    archived.status = village_shared::model::Publication::Archived;
    api.put_group(&archived).await;
    let closed = format!("/groups/{}", archived.id);
    let (page, _) = drawn(&api, &closed, "en").await;
    assert!(rendered(&page).contains("Registration closed"), "{page}");
    assert_eq!(drawn(&api, &closed, "en").await.1.renders, 0);
    // The outcome page (a manage link in it) is drawn each time and kept nowhere.
    let signed_up = api.sign_up(&group.id, "Cai", &format!("{}@example.org", unique_id("cai"))).await;
    let outcome = format!("/signed-up/{}", signed_up.body["manage_token"].as_str().unwrap());
    for _ in 0..2 {
        let (_, cost) = drawn(&api, &outcome, "en").await;
        assert_eq!((cost.renders, cost.cache_calls), (1, 0), "{cost}");
    }
    // A page of one person's own is drawn each time and kept nowhere.
    let fields = [("name", "Bea"), ("email", "not an email"), ("language", "en")];
    for _ in 0..2 {
        let http = reqwest::Client::new();
        let response = http.post(format!("{}{path}", api.base)).form(&fields).send().await.unwrap();
        assert_eq!(response.status(), 422);
        let cost = cost_of(response.headers());
        assert_eq!((cost.renders, cost.cache_calls), (1, 0), "{cost}");
    }
}

/// A form posted to `path` as a browser without the app posts it (redirects not followed):
/// status, `Location`, `Cache-Control` and HTML.
async fn post_form(api: &Api, path: &str, fields: &[(&str, &str)], lang: &str) -> (u16, String, String, String) {
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let response =
        http.post(format!("{}{path}", api.base)).header("Accept-Language", lang).form(fields).send().await.unwrap();
    let header = |name: &str| response.headers().get(name).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let (location, cache) = (header("Location"), header("Cache-Control"));
    (response.status().as_u16(), location, cache, response.text().await.unwrap())
}

#[tokio::test]
async fn a_signup_form_posted_without_the_app_is_answered_by_the_worker_as_the_api_answers() {
    let api = Api::new(stack());
    let group = series(&unique_id("posted"), 1);
    api.put_group(&group).await;
    let path = format!("/groups/{}", group.id);
    let detail = || async { serde_json::from_value::<GroupDetail>(api.get(&format!("/api/groups/{}", group.id)).await.body).unwrap() };

    // Wrong: the page again, in Spanish, the form as typed with each problem by its field; nothing stored.
    let sneaky = "\"><script>alert(1)</script>";
    let typed = [("name", ""), ("email", "ana en casa"), ("phone", sneaky), ("language", "es")];
    let (status, _, cache, html) = post_form(&api, &path, &typed, "es").await;
    assert_eq!((status, cache.as_str()), (422, "no-store"));
    assert!(html.contains("<meta name=\"robots\" content=\"noindex\" />"), "personal: not indexed");
    let body = rendered(&html);
    assert!(body.contains("value=\"ana en casa\""), "{body}");
    assert!(body.contains("alert(1)") && !html.contains("<script>alert(1)"), "kept, never markup: {body}");
    let problems = SignupRequest::from_json(&village_shared::api::form_fields(typed)).unwrap_err();
    for problem in &problems {
        assert!(body.contains(&problem.message(Language::Es)), "{:?} shown in Spanish: {body}", problem.field);
    }
    let sent = start_of(&html).sent.expect("the answer to the form");
    assert_eq!((sent.status, sent.error.map(|e| e.fields.len())), (422, Some(problems.len())));
    assert_eq!(html.matches("ana en casa").count(), 1, "what was typed is in the form's field only: {html}");
    assert_eq!(detail().await.seats_left, 1);

    // Right: signed up, then to the outcome page (a 303: going back never sends it twice).
    let ana = format!("{}@example.org", unique_id("ana-posted"));
    let fields = [("name", "Ana"), ("email", ana.as_str()), ("phone", ""), ("language", "es")];
    let (status, location, cache, _) = post_form(&api, &format!("{path}?lang=es"), &fields, "en").await;
    assert_eq!((status, cache.as_str()), (303, "no-store"));
    let token = location
        .strip_prefix(&format!("{}/signed-up/", api.base))
        .and_then(|rest| rest.strip_suffix("?lang=es#main"))
        .unwrap_or_else(|| panic!("to the outcome page, in the page's language: {location}"));
    assert_eq!(detail().await.seats_left, 0);
    let (status, html) = page(&api, &format!("/signed-up/{token}?lang=es"), &[]).await;
    assert_eq!(status, 200);
    let body = rendered(&html);
    assert!(body.contains("¡Listo! Tu lugar está confirmado.") && body.contains("Tu enlace para administrar tu lugar"), "{body}");
    assert!(body.contains(&format!("<code>{}/manage/{token}</code>", api.base)), "the manage link to keep: {body}");
    assert!(!body.contains("queda guardado en este teléfono"), "no phone has kept it yet: {body}");
    let signup = start_of(&html).signup.expect("the signup it shows");
    assert_eq!(signup.signup.status, SignupStatus::Confirmed);
    assert!(signup.private.is_none(), "the meeting's details are the manage page's");
    assert_eq!(api.get(&format!("/api/manage/{token}")).await.status, 200, "the link works");
    // The same message as a signup through the app: one confirmation, in the language chosen.
    let messages = api.get(&format!("/api/dev/outbox?to={ana}")).await.body["messages"].clone();
    assert_eq!((messages[0]["kind"].as_str(), messages[0]["language"].as_str()), (Some("confirmation"), Some("es")));
    assert_eq!(messages.as_array().unwrap().len(), 1);

    // Full: the next one is waitlisted, and told their place.
    let ben = format!("{}@example.org", unique_id("ben-posted"));
    let fields = [("name", "Ben"), ("email", ben.as_str()), ("language", "en")];
    let (status, location, _, _) = post_form(&api, &path, &fields, "en").await;
    assert_eq!(status, 303);
    let (_, html) = page(&api, location.strip_prefix(&api.base).unwrap().trim_end_matches("#main"), &[]).await;
    assert!(rendered(&html).contains("You're on the waitlist: number 1."), "{html}");

    // Again with the same email: nothing changes, and no link is shown to whoever typed it.
    let (status, location, _, html) = post_form(&api, &path, &fields, "en").await;
    assert_eq!((status, location.as_str()), (200, ""));
    assert!(rendered(&html).contains("This email is already on this group's list"), "{html}");
    let sent = start_of(&html).sent.unwrap();
    assert_eq!((sent.status, sent.error), (200, None));
    assert!(!html.contains("/signed-up/") && !html.contains("/manage/"), "no link in the page: {html}");

    // Another website's form, as a browser posts it: refused, nothing stored, nothing echoed.
    let carol = format!("{}@example.org", unique_id("carol-elsewhere"));
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let elsewhere = http
        .post(format!("{}{path}", api.base))
        .header("Sec-Fetch-Site", "cross-site")
        .form(&[("name", "Carol"), ("email", carol.as_str()), ("language", "en")])
        .send()
        .await
        .unwrap();
    assert_eq!(elsewhere.status().as_u16(), 403);
    let html = elsewhere.text().await.unwrap();
    assert!(rendered(&html).contains("This form was sent from another website, so nothing was done."), "{html}");
    assert!(!html.contains(&carol), "nothing it sent is shown: {html}");
    assert_eq!(api.get(&format!("/api/dev/outbox?to={carol}")).await.body["messages"], serde_json::json!([]));
    assert_eq!(detail().await.waitlist_length, 1, "Ben alone waits");

    // Not a form, or no such group: refused, as the API refuses.
    let http = reqwest::Client::new();
    let json = http.post(format!("{}{path}", api.base)).json(&serde_json::json!({"name": "Ana"})).send().await.unwrap();
    assert_eq!(json.status().as_u16(), 415);
    let (status, _, _, _) = post_form(&api, "/groups/no-such-group", &fields, "en").await;
    assert_eq!(status, 404);
    // An unknown token's outcome page is the app's "not found".
    let (status, _) = page(&api, "/signed-up/0000000000000000000000000000000000000000000", &[]).await;
    assert_eq!(status, 404);
}
