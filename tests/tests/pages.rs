//! The public pages as they arrive, before any script runs: the Worker renders `/` and
//! `/groups/{id}` with the app's own components, in the language asked for, and carries what it
//! rendered them from (`PageStart`) for the app's first render. Against the real local stack.

use std::sync::OnceLock;

use village_shared::api::{GroupDetail, PageStart};
use village_tests::api::{series, unique_id, Api};
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

/// What the Worker rendered, the body before the app's script runs.
fn rendered(html: &str) -> &str {
    let start = html.find("<div id=\"server-page\">").unwrap_or_else(|| panic!("no rendered page in {html}"));
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
        catalogue: part("catalogue").map(|json| serde_json::from_str(&json).expect("a catalogue page")),
        group: part("group").map(|json| serde_json::from_str(&json).expect("a group")),
        programmes: part("programmes").map(|json| serde_json::from_str(&json).expect("a catalogue page")),
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
        assert!(html.contains("<html lang=\"es\">"), "{path} {headers:?}");
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
    assert!(html.contains("<html lang=\"es\">"));
    let body = rendered(&html);
    assert!(body.contains("<h1>Encuentra tu grupo</h1>"), "{body}");
    assert!(body.contains(&format!("<a href=\"/groups/{}\">Serie de prueba {}</a>", group.id, group.id)), "{body}");
    assert!(body.contains(">1 grupo</p>") && body.contains("Quedan 4 lugares"), "{body}");
    let start = start_of(&html);
    let catalogue = start.catalogue.expect("the catalogue's page");
    assert_eq!((catalogue.total, catalogue.groups.len()), (1, 1));
    assert_eq!(start.search, format!("?area={area}&lang=es"));
}
