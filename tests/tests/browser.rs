//! A person on a phone (390×844, headless Chromium) against the real local stack seeded with
//! the demo network: browse → open a group → sign up → see the outcome, in English and in
//! Spanish, with axe-core checking every page for WCAG 2.x A/AA violations.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use village_tests::api::Api;
use village_tests::browser::Browser;
use village_tests::Stack;

fn stack() -> &'static Stack {
    static STACK: OnceLock<Stack> = OnceLock::new();
    STACK.get_or_init(Stack::start)
}

/// The demo network, seeded once for all browser tests, and visible in the catalogue.
async fn seeded() -> &'static Stack {
    static SEEDED: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    let stack = stack();
    SEEDED
        .get_or_init(|| async {
            let api = Api::new(stack);
            api.seed_demo().await;
            let expected = village_seed::demo_groups(chrono::Utc::now().date_naive()).len();
            let deadline = Instant::now() + Duration::from_secs(15);
            while api.get("/api/groups").await.body["total"].as_u64().unwrap_or(0) < expected as u64 {
                assert!(Instant::now() < deadline, "the catalogue never listed the demo groups");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        })
        .await;
    stack
}

async fn assert_accessible(browser: &Browser, page: &str) {
    let violations = browser.axe_violations().await;
    assert!(violations.is_empty(), "axe-core found WCAG A/AA violations on {page}:\n{}", violations.join("\n"));
}

#[tokio::test]
async fn a_provider_finds_a_group_signs_up_and_manages_it_in_english() {
    let stack = seeded().await;
    let b = Browser::start().await;

    b.goto(&stack.url("/?lang=en")).await;
    b.wait_for_text("h1", "Find your group").await;
    b.wait_for("a[href='/groups/cos-well-being-en']").await;
    b.wait_for_text(".cards", "spots left").await;
    b.wait_for_text(".cards", "Full — join the waitlist").await;
    assert_accessible(&b, "the catalogue (en)").await;
    b.screenshot("catalogue-en").await;

    b.click("a[href='/groups/cos-well-being-en']").await;
    b.wait_for_text("h1", "Caregiver Well-Being Series").await;
    let sessions = b.wait_for_text(".sessions", "Caring for ourselves").await;
    assert!(sessions.contains("PST") || sessions.contains("PDT"), "times in the viewer's zone, named: {sessions}");
    b.wait_for_text(".hint", "America/Los_Angeles").await;
    assert_accessible(&b, "a group (en)").await;
    b.screenshot("group-en").await;

    // A careless submit: every problem is said, next to its field, and nothing typed is lost.
    // Dana attended an information session last term (seeded history), so she may join.
    b.fill("#name", "Dana Walker").await;
    b.fill("#email", "dana@").await;
    b.click("button[type=submit]").await;
    b.wait_for_text(".field-invalid .field-error", "doesn't look like an email").await;
    assert_eq!(b.value("#name").await, "Dana Walker");
    assert_accessible(&b, "the form with errors (en)").await;
    b.screenshot("form-errors-en").await;

    b.fill("#email", "dana.walker@example.org").await;
    b.click("button[type=submit]").await;
    let outcome = b.wait_for_text(".outcome h1", "You're in!").await;
    assert!(outcome.contains("confirmed"));
    let link = b.wait_for_text(".link-box", "/manage/").await;
    assert!(link.starts_with(&stack.base), "a full link to keep: {link}");
    assert_accessible(&b, "the outcome (en)").await;
    b.screenshot("outcome-en").await;

    b.click(".manage-link a").await;
    b.wait_for_text(".status", "Confirmed").await;
    b.wait_for_text(".meeting", "https://meet.example.org/village/cos-well-being-en").await;
    assert_accessible(&b, "manage (en)").await;
    b.screenshot("manage-en").await;
    // Add to calendar: the link serves a real iCalendar file with every session.
    let ics = b
        .client
        .execute_async("const done = arguments[0]; fetch(document.querySelector('.calendar-link').href).then(r => r.text()).then(done);", vec![])
        .await
        .unwrap();
    let ics = ics.as_str().unwrap_or_default().to_string();
    assert!(ics.starts_with("BEGIN:VCALENDAR") && ics.matches("BEGIN:VEVENT").count() == 6, "{ics}");
    // Update details without losing the place.
    b.click(".edit-details").await;
    b.fill("#details-name", "Dana M. Walker").await;
    b.fill("#details-phone", "(916) 555-0175").await;
    b.click(".details-form button[type=submit]").await;
    b.wait_for_text(".manage", "Dana M. Walker · dana.walker@example.org · (916) 555-0175").await;
    b.wait_for_text(".status", "Confirmed").await;
    b.click(".cancel-spot").await;
    b.wait_for_text(".confirm", "Cancel your spot?").await;
    b.screenshot("manage-confirm-en").await;
    b.click(".confirm .button-danger").await;
    b.wait_for_text(".status", "Cancelled").await;
    b.screenshot("manage-cancelled-en").await;

    b.wait_for(".join-again").await;

    // The phone remembers the group, with its new status.
    b.goto(&stack.url("/?lang=en")).await;
    b.wait_for_text(".my-groups", "Caregiver Well-Being Series — Cancelled").await;

    // The same email on the form again (anyone can type it): nothing shown, nothing changed,
    // the link goes to the address.
    b.goto(&stack.url("/groups/cos-well-being-en?lang=en")).await;
    b.fill("#name", "Someone Else").await;
    b.fill("#email", "Dana.Walker@example.org").await;
    b.click("button[type=submit]").await;
    let notice = b.wait_for_text(".already", "Check your email").await;
    assert!(!notice.contains("Cancelled") && !notice.contains("Dana"), "{notice}");
    assert_accessible(&b, "a repeat signup (en)").await;
    b.screenshot("already-en").await;

    // Back through the link: "Join again".
    b.goto(&link).await;
    b.click(".join-again").await;
    b.wait_for_text(".status", "Confirmed").await;
    b.wait_for_text(".manage", "Dana M. Walker").await;
    b.screenshot("joined-again-en").await;
    b.close().await;
}

#[tokio::test]
async fn a_spanish_speaking_provider_joins_a_full_group_s_waitlist() {
    let stack = seeded().await;
    let b = Browser::start().await;

    b.goto(&stack.url("/?lang=es")).await;
    b.wait_for_text("h1", "Encuentra tu grupo").await;
    b.wait_for_text(".cards", "Quedan").await;
    let html_lang = b.client.execute("return document.documentElement.lang", vec![]).await.unwrap();
    assert_eq!(html_lang, "es");
    assert_accessible(&b, "the catalogue (es)").await;
    b.screenshot("catalogue-es").await;

    b.click("a[href='/groups/cos-bienestar-es']").await;
    b.wait_for_text("h1", "Serie Bienestar de quien cuida").await;
    b.wait_for_text(".badge", "Lleno — anótate en la lista de espera").await;
    b.wait_for_text("#signup-heading", "Anótate en la lista de espera").await;
    assert_accessible(&b, "a full group (es)").await;
    b.screenshot("group-full-es").await;

    b.click("button[type=submit]").await;
    b.wait_for_text(".field-error", "Escribe tu nombre.").await;
    b.screenshot("form-errors-es").await;

    b.fill("#name", "Yesenia Álvarez").await;
    b.fill("#email", "yesenia.alvarez@example.org").await;
    b.fill("#phone", "(559) 555-0142").await;
    b.click("button[type=submit]").await;
    let outcome = b.wait_for_text(".outcome h1", "Estás en la lista de espera").await;
    let position: u32 = outcome
        .split("número ")
        .nth(1)
        .and_then(|s| s.split('.').next())
        .and_then(|n| n.trim().parse().ok())
        .expect("a position");
    assert!(position >= 5, "16 people were already there for 12 seats: {outcome}");
    assert_accessible(&b, "the outcome (es)").await;
    b.screenshot("outcome-es").await;

    b.click(".manage-link a").await;
    b.wait_for_text(".status", &format!("Lista de espera — número {position}")).await;
    assert_accessible(&b, "manage (es)").await;
    b.screenshot("manage-es").await;

    // Cancelled, the page offers to join again.
    b.click(".cancel-spot").await;
    b.click(".confirm .button-danger").await;
    b.wait_for_text(".join-again", "Inscribirme otra vez").await;
    assert_accessible(&b, "cancelled (es)").await;
    b.screenshot("manage-cancelled-es").await;

    // The same address typed again: only "check your email".
    b.goto(&stack.url("/groups/cos-bienestar-es?lang=es")).await;
    b.fill("#name", "Otra persona").await;
    b.fill("#email", "yesenia.alvarez@example.org").await;
    b.click("button[type=submit]").await;
    b.wait_for_text(".already", "Revisa tu correo").await;
    assert_accessible(&b, "a repeat signup (es)").await;
    b.screenshot("already-es").await;
    b.close().await;
}

#[tokio::test]
async fn a_new_provider_is_sent_to_an_information_session_first() {
    let stack = seeded().await;
    let b = Browser::start().await;
    b.goto(&stack.url("/groups/cos-conexion-es?lang=es")).await;
    b.wait_for_text("h1", "Serie Apoyo a la conexión y las relaciones").await;
    b.fill("#name", "Marta Quiroga").await;
    b.fill("#email", "marta.quiroga@example.org").await;
    b.click("button[type=submit]").await;
    let notice = b.wait_for_text(".notice-step", "Un paso antes").await;
    assert!(notice.contains("tienes que asistir a: Sesión informativa de Comunidad de Apoyo"), "{notice}");
    assert_accessible(&b, "a refusal with its next step (es)").await;
    b.screenshot("not-eligible-es").await;

    b.click(".next-step").await;
    b.wait_for_text("h1", "Sesión informativa de Comunidad de Apoyo").await;
    b.wait_for_text(".meta", "En español").await;
    b.fill("#name", "Marta Quiroga").await;
    b.fill("#email", "marta.quiroga@example.org").await;
    b.click("button[type=submit]").await;
    b.wait_for_text(".outcome h1", "¡Listo! Tu lugar está confirmado.").await;
    b.screenshot("info-session-confirmed-es").await;
    b.close().await;
}

#[tokio::test]
async fn a_next_term_group_says_when_registration_opens() {
    let stack = seeded().await;
    let b = Browser::start().await;
    b.goto(&stack.url("/?lang=en")).await;
    b.wait_for_text(".cards", "Registration opens").await;
    b.goto(&stack.url("/groups/cos-bienestar-es-spring?lang=es")).await;
    b.wait_for_text("#signup-heading", "La inscripción abre el").await;
    assert!(
        b.client.find(fantoccini::Locator::Css("form.signup-form")).await.is_err(),
        "no form before registration opens"
    );
    assert_accessible(&b, "a group not yet open (es)").await;
    b.screenshot("opens-later-es").await;
    b.close().await;
}

#[tokio::test]
async fn the_language_is_detected_switchable_and_remembered() {
    let stack = seeded().await;
    let b = Browser::start().await;
    b.goto(&stack.url("/")).await;
    b.wait_for_text("h1", "Find your group").await;
    b.click("button[lang=es]").await;
    b.wait_for_text("h1", "Encuentra tu grupo").await;
    b.wait_for_text(".cards", "Quedan").await;
    assert_eq!(b.client.execute("return document.documentElement.lang", vec![]).await.unwrap(), "es");
    // A reload keeps the choice.
    b.goto(&stack.url("/groups/norwich-peer-support")).await;
    b.wait_for_text("h1", "Grupo de apoyo entre pares").await;
    // An in-person group in England, seen from California: both clocks are named.
    b.wait_for_text(".sessions", "donde se reúne el grupo").await;
    assert_accessible(&b, "a local group (es)").await;
    b.screenshot("local-group-es").await;
    b.click("button[lang=en]").await;
    b.wait_for_text("h1", "Norwich Managers & Childminders Peer Support Group").await;
    b.wait_for_text(".sessions", "where the group meets").await;
    b.screenshot("local-group-en").await;
    b.close().await;
}

/// What the service worker's cache holds: the cached shell page and the paths cached.
async fn cached_shell(b: &Browser) -> serde_json::Value {
    b.client
        .execute_async(
            "const done = arguments[0]; caches.open('village-shell-v2').then(c => Promise.all([c.match('/').then(r => r.text()), c.keys()])).then(([page, keys]) => done([page, keys.map(r => new URL(r.url).pathname)]));",
            vec![],
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn the_app_shell_is_installable_and_opens_offline() {
    let stack = seeded().await;
    let b = Browser::start().await;
    b.goto(&stack.url("/?lang=en")).await;
    b.wait_for_text("h1", "Find your group").await;
    // Wait for the service worker to take control, having cached the shell.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let controlled = b.client.execute("return !!navigator.serviceWorker.controller", vec![]).await.unwrap();
        if controlled == true {
            break;
        }
        assert!(Instant::now() < deadline, "the service worker never took control");
        b.goto(&stack.url("/?lang=en")).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let cached: serde_json::Value = b
        .client
        .execute_async(
            "const done = arguments[0]; caches.open('village-shell-v2').then(c => c.keys()).then(k => done(k.map(r => new URL(r.url).pathname)));",
            vec![],
        )
        .await
        .unwrap();
    let cached: Vec<String> = serde_json::from_value(cached).unwrap();
    assert!(cached.iter().any(|p| p.ends_with(".wasm")), "the Wasm is cached: {cached:?}");
    assert!(cached.iter().any(|p| p == "/"), "the page is cached: {cached:?}");
    let worker = b
        .client
        .execute_async(
            "const done = arguments[0]; caches.match('/intl-warmup.js', { cacheName: 'village-shell-v2' }).then(r => done(r && r.headers.get('content-type')));",
            vec![],
        )
        .await
        .unwrap();
    assert!(worker.as_str().is_some_and(|t| t.starts_with("text/javascript")), "the loader's Intl worker is cached: {worker}");
    // So is the other first load's, which draws a group's page (the join bundle), once the
    // catalogue's app has started: before any group's page was opened here.
    let deadline = Instant::now() + Duration::from_secs(20);
    let cached = loop {
        let cached: Vec<String> = serde_json::from_value(cached_shell(&b).await[1].clone()).unwrap();
        let join_wasm = cached.iter().any(|p| p.starts_with("/join/village-join-") && p.ends_with(".wasm"));
        if join_wasm && cached.iter().any(|p| p == "/join/") {
            break cached;
        }
        assert!(Instant::now() < deadline, "the join bundle is not kept: {cached:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };

    // An earlier release's files go once a new release's shell is kept (they would pile up on
    // the phone with every release), except those a page kept from that release still names.
    let earlier = "/village-frontend-0e1d_bg.wasm";
    let named_by_a_kept_page = "/join/village-join-0e1d_bg.wasm";
    b.client
        .execute_async(
            "const [earlier, named, done] = arguments; (async () => {
               const shell = await caches.open('village-shell-v2'), pages = await caches.open('village-shell-v2-pages');
               for (const file of [earlier, named]) await shell.put(file, new Response('an earlier release'));
               await shell.put('/', new Response(`<script id=\"app-loader\" data-wasm=\"${earlier}\"></script>`));
               await pages.put('/groups/kept-before', new Response(`<script id=\"app-loader\" data-wasm=\"${named}\"></script>`));
             })().then(done);",
            vec![serde_json::json!(earlier), serde_json::json!(named_by_a_kept_page)],
        )
        .await
        .unwrap();
    b.goto(&stack.url("/?lang=en")).await;
    let deadline = Instant::now() + Duration::from_secs(10);
    let kept = loop {
        let kept: Vec<String> = serde_json::from_value(cached_shell(&b).await[1].clone()).unwrap();
        if !kept.iter().any(|k| k == earlier) {
            break kept;
        }
        assert!(Instant::now() < deadline, "an earlier release's files stay: {kept:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(kept.iter().any(|k| k == named_by_a_kept_page), "a kept page's files stay: {kept:?}");
    for file in cached.iter().filter(|f| f.ends_with(".wasm") || f.ends_with(".js")) {
        assert!(kept.contains(file), "this release's {file} stays: {kept:?}");
    }
    b.client
        .execute_async("const done = arguments[0]; caches.open('village-shell-v2-pages').then(c => c.delete('/groups/kept-before')).then(done);", vec![])
        .await
        .unwrap();

    // The dashboard is another app behind a sign-in: visiting it never replaces the cached
    // shell, and nothing of it is cached.
    b.goto(&stack.url("/admin?lang=en")).await;
    b.wait_for("h1").await;
    let shell = cached_shell(&b).await;
    // (By the bundle it loads: the catalogue's page links to the other apps.)
    let page = shell[0].as_str().unwrap_or_default();
    assert!(page.contains("village-frontend-") && !page.contains("village-admin-"), "the cached shell is the app's, not the dashboard's");
    let keys: Vec<String> = serde_json::from_value(shell[1].clone()).unwrap();
    assert!(keys.iter().all(|k| !k.starts_with("/admin")), "nothing of the dashboard is cached: {keys:?}");
    // Nor is the member space, a third app under /member/.
    b.goto(&stack.url(&format!("/member/{}?lang=en", "0".repeat(64)))).await;
    b.wait_for_text(".notice-error", "link").await;
    let shell = cached_shell(&b).await;
    assert!(!shell[0].as_str().unwrap_or_default().contains("village-member-"), "the cached shell is the app's, not the member space's");
    let keys: Vec<String> = serde_json::from_value(shell[1].clone()).unwrap();
    assert!(keys.iter().all(|k| !k.starts_with("/member")), "nothing of the member space is cached: {keys:?}");
    // Nor is the directory, a fourth, which every page's footer links to.
    b.goto(&stack.url("/directory/?lang=en")).await;
    b.wait_for("h1").await;
    let shell = cached_shell(&b).await;
    assert!(!shell[0].as_str().unwrap_or_default().contains("village-directory-"), "the cached shell is the app's, not the directory's");
    let keys: Vec<String> = serde_json::from_value(shell[1].clone()).unwrap();
    assert!(keys.iter().all(|k| !k.starts_with("/directory")), "nothing of the directory is cached: {keys:?}");

    // Two groups' pages, opened online, are each kept as they arrived (own title and card), so
    // offline each comes back as it was. (The browser's offline mode does not reach the
    // service worker's own requests, so what it keeps is read from its cache.)
    let groups = ["/groups/mile-cross-stay-and-play", "/groups/open-door-drop-in"];
    for group in groups {
        b.goto(&stack.url(&format!("{group}?lang=en"))).await;
        b.wait_for("h1").await;
    }
    for group in groups {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let kept = b
                .client
                .execute_async(
                    "const done = arguments[1]; caches.open('village-shell-v2-pages').then(c => c.match(arguments[0])).then(r => r ? r.text() : '').then(done);",
                    vec![serde_json::json!(group)],
                )
                .await
                .unwrap();
            let kept = kept.as_str().unwrap_or_default();
            if kept.contains("rel=\"canonical\"") && kept.contains(&format!("{group}?lang=en")) {
                break;
            }
            assert!(Instant::now() < deadline, "{group} is not kept as it arrived: {}", &kept[..kept.len().min(300)]);
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    // A signup made online is readable offline from the copy on the phone. Its manage page is
    // the manage bundle's: kept as soon as the phone keeps the signup (its outcome page seen),
    // before any manage page was opened here.
    let api = Api::new(stack);
    let signup = api.sign_up("mile-cross-stay-and-play", "Amira Haddad", "amira.haddad@example.org").await;
    let token = signup.body["manage_token"].as_str().expect("a new signup").to_string();
    b.goto(&stack.url(&format!("/signed-up/{token}?lang=en"))).await;
    b.wait_for_text(".outcome h1", "You're in").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let shell = cached_shell(&b).await;
        let keys: Vec<String> = serde_json::from_value(shell[1].clone()).unwrap();
        if keys.iter().any(|k| k == "/manage/") && keys.iter().any(|k| k.starts_with("/manage/village-manage-") && k.ends_with(".wasm")) {
            break;
        }
        assert!(Instant::now() < deadline, "the manage bundle is not kept once a signup is: {keys:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Opening the manage link online keeps that bundle's page from its own address: nothing the
    // service worker keeps names the person's link, by key or by the address it came from.
    b.goto(&stack.url(&format!("/manage/{token}?lang=en"))).await;
    b.wait_for_text(".meeting", "Church Lane").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let kept: serde_json::Value = b
        .client
        .execute_async(
            "const done = arguments[0]; (async () => { const all = []; \
             for (const name of await caches.keys()) { const c = await caches.open(name); \
             for (const k of await c.keys()) { const r = await c.match(k); all.push([k.url, r ? r.url : '']); } } \
             return all; })().then(done);",
            vec![],
        )
        .await
        .unwrap();
    // (Each kept entry: the address it is kept under, and the address its answer came from.)
    let kept: Vec<(String, String)> = serde_json::from_value(kept).unwrap();
    let path = |url: &str| url.split_once("://").and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string())).unwrap_or_default();
    assert!(kept.iter().any(|(key, from)| path(key) == "/manage/" && path(from) == "/manage/"), "the manage bundle's page is kept: {kept:?}");
    assert!(kept.iter().all(|(key, from)| !key.contains(&token) && !from.contains(&token)), "a person's link is kept nowhere: {kept:?}");
    // A page whose address carries a person's link is never kept (its answer is the shell).
    let kept: serde_json::Value = b
        .client
        .execute_async(
            "const done = arguments[0]; caches.open('village-shell-v2-pages').then(c => c.keys()).then(k => done(k.map(r => new URL(r.url).pathname)));",
            vec![],
        )
        .await
        .unwrap();
    let kept: Vec<String> = serde_json::from_value(kept).unwrap();
    assert!(kept.iter().any(|p| p.starts_with("/groups/")) && kept.iter().all(|p| p == "/" || p.starts_with("/groups/")), "{kept:?}");

    // Offline: the app still opens and says it is offline.
    b.client.issue_cmd(OfflineCommand(true)).await.expect("take the browser offline");
    b.goto(&stack.url("/")).await;
    b.wait_for_text(".offline", "You're offline").await;
    b.wait_for_text(".top", "Village").await;
    b.wait_for_text(".my-groups", "Mile Cross Baby & Toddler Stay and Play").await;
    b.screenshot("offline-en").await;
    b.click(".my-groups a").await;
    b.wait_for_text(".manage", "this is the copy saved on this phone").await;
    b.wait_for_text(".meeting", "Church Lane").await;
    b.screenshot("offline-manage-en").await;
    // The same in Spanish, and a group's page: the app draws it from the answer the page
    // carries, so with the API out of reach it shows the group, not a connection notice.
    b.goto(&stack.url("/?lang=es")).await;
    b.wait_for_text(".offline", "Estás sin conexión").await;
    b.wait_for(".my-groups a").await;
    b.screenshot("offline-es").await;
    b.goto(&stack.url(&format!("{}?lang=es", groups[0]))).await;
    b.wait_for_text(".offline", "Estás sin conexión").await;
    b.wait_for_text("h1", "Juego en familia").await;
    b.wait_for_text(".sessions", "PST").await;
    b.screenshot("offline-group-es").await;
    b.close().await;
}

#[tokio::test]
async fn the_app_starts_where_the_browser_has_no_service_workers() {
    // As on a plain-HTTP address, or in a private window of a browser that keeps none.
    let stack = seeded().await;
    let b = Browser::start().await;
    let hide = "Object.defineProperty(Navigator.prototype, 'serviceWorker', { get: () => undefined });";
    b.client
        .issue_cmd(CdpCommand("Page.addScriptToEvaluateOnNewDocument", serde_json::json!({ "source": hide })))
        .await
        .expect("hide the service workers");
    // `goto` waits for the app to take the drawn page's place.
    b.goto(&stack.url("/?lang=en")).await;
    b.wait_for_text("h1", "Find your group").await;
    let none = b.client.execute("return navigator.serviceWorker === undefined", vec![]).await.unwrap();
    assert_eq!(none, true, "the browser has no service workers here");
    // And a person's own link opens in the manage bundle, which keeps nothing either.
    b.goto_as_served(&stack.url(&format!("/updates/confirm/{}?lang=en", "0".repeat(64)))).await;
    b.wait_for(".follow-link").await;
    b.close().await;
}

/// ChromeDriver's door to the DevTools protocol: one command and its parameters.
#[derive(Debug)]
struct CdpCommand(&'static str, serde_json::Value);

impl fantoccini::wd::WebDriverCompatibleCommand for CdpCommand {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(serde_json::json!({ "cmd": self.0, "params": self.1 }).to_string()))
    }
}

/// ChromeDriver's network-conditions command, to take the browser offline.
#[derive(Debug)]
struct OfflineCommand(bool);

impl fantoccini::wd::WebDriverCompatibleCommand for OfflineCommand {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/chromium/network_conditions", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = serde_json::json!({ "network_conditions": { "offline": self.0, "latency": 0, "download_throughput": -1, "upload_throughput": -1 } });
        (http::Method::POST, Some(body.to_string()))
    }
}

#[tokio::test]
async fn the_accessibility_check_catches_a_real_violation() {
    // Guards the guard: axe must see problems when there are some.
    let stack = seeded().await;
    let b = Browser::start().await;
    b.goto(&stack.url("/?lang=en")).await;
    b.wait_for_text("h1", "Find your group").await;
    b.client
        .execute("const i = document.createElement('img'); i.src = '/icons/icon-192.png'; document.querySelector('main').append(i);", vec![])
        .await
        .unwrap();
    let violations = b.axe_violations().await;
    assert!(violations.iter().any(|v| v.starts_with("image-alt")), "{violations:?}");
    b.close().await;
}

#[tokio::test]
async fn filters_narrow_the_catalogue_live_in_the_address_and_the_back_button_undoes_them() {
    let stack = seeded().await;
    let b = Browser::start().await;
    b.goto(&stack.url("/?lang=en")).await;
    let all: usize = b.wait_for_text(".count", "groups").await.split(' ').next().unwrap().parse().unwrap();
    b.click(".filters summary").await;
    // Choose "In Spanish" as the group's language.
    b.client.execute("const s = document.getElementById('f-delivery'); s.selectedIndex = 2; s.dispatchEvent(new Event('change', {bubbles: true}));", vec![]).await.unwrap();
    let spanish: usize = b.wait_for_text(".count", "group").await.split(' ').next().unwrap().parse().unwrap();
    assert!(spanish > 0 && spanish < all, "{spanish} of {all}");
    let url = b.client.current_url().await.unwrap();
    assert!(url.query().unwrap_or("").contains("delivery=es"), "{url}");
    let cards = b.wait_for(".cards").await.text().await.unwrap();
    assert!(cards.contains("Caregiver Well-Being Series (in Spanish)") && !cards.contains("Norwich"), "{cards}");
    assert_accessible(&b, "the catalogue with filters (en)").await;
    b.screenshot("filters-en").await;

    // A shared link opens the same search; the back button returns to everything.
    b.client.back().await.unwrap();
    b.wait_for_text(".count", &format!("{all} groups")).await;
    b.goto(&stack.url("/?lang=es&format=in_person&kind=local_group")).await;
    b.wait_for_text(".count", "2 grupos").await;
    b.wait_for_text(".cards", "King's Lynn").await;
    b.screenshot("filters-es").await;
    b.close().await;
}

/// The link after `path` in the newest message of `kind` to `email`, from the local outbox.
async fn link_in_outbox(api: &Api, email: &str, kind: &str, path: &str) -> String {
    let messages =
        api.get(&format!("/api/dev/outbox?to={email}")).await.body["messages"].as_array().cloned().unwrap_or_default();
    let body = messages
        .iter()
        .find(|m| m["kind"] == kind)
        .and_then(|m| m["body"].as_str())
        .unwrap_or_else(|| panic!("no {kind} for {email}: {messages:?}"))
        .to_string();
    let start = body.find(path).expect("a link");
    let end = body[start..].find(char::is_whitespace).map_or(body.len(), |e| start + e);
    body[start..end].to_string()
}

#[tokio::test]
async fn a_provider_subscribes_confirms_and_unsubscribes_in_spanish() {
    let stack = seeded().await;
    let api = Api::new(stack);
    let b = Browser::start().await;
    b.goto(&stack.url("/?lang=es")).await;
    b.wait_for_text("#updates-heading", "Novedades de Village").await;
    b.fill("#updates-email", "lucia.fernandez@example.org").await;
    b.click("label[for=interest-ffn]").await;
    b.click(".subscribe-form button[type=submit]").await;
    b.wait_for_text(".subscribed", "Ya casi").await;
    b.screenshot("subscribe-es").await;

    let confirm =
        link_in_outbox(&api, "lucia.fernandez@example.org", "subscription_confirm", "/updates/confirm/").await;
    b.goto(&stack.url(&confirm)).await;
    b.wait_for_text(".updates-link", "Toca para confirmar").await;
    b.screenshot("subscription-confirm-tap-es").await;
    b.click(".follow-link").await;
    b.wait_for_text(".updates-link", "¡Gracias!").await;
    assert_accessible(&b, "subscription confirmed (es)").await;
    b.screenshot("subscription-confirmed-es").await;
    let unsubscribe =
        link_in_outbox(&api, "lucia.fernandez@example.org", "subscription_confirm", "/updates/unsubscribe/").await;
    b.goto(&stack.url(&unsubscribe)).await;
    b.click(".follow-link").await;
    b.wait_for_text(".updates-link", "ya no te enviaremos").await;

    // "Tell me when it opens" on next term's group.
    b.goto(&stack.url("/groups/cos-bienestar-es-spring?lang=en")).await;
    b.wait_for_text(".signup", "Tell me when it opens").await;
    b.fill("#notify-email", "lucia.fernandez@example.org").await;
    b.click(".signup .subscribe-form button[type=submit]").await;
    b.wait_for_text(".signup .subscribed", "check your email").await;
    assert_accessible(&b, "notify me (en)").await;
    b.screenshot("notify-me-en").await;
    b.close().await;
}

#[tokio::test]
async fn a_centre_teacher_says_ill_come_to_the_open_door_drop_in() {
    let stack = seeded().await;
    let b = Browser::start().await;
    b.goto(&stack.url("/groups/open-door-drop-in?lang=en")).await;
    b.wait_for_text(".drop-in", "Next session").await;
    b.wait_for_text(".drop-in", "15 minutes before").await;
    let before = b.wait_for(".going").await.text().await.unwrap();
    b.click(".ill-come").await;
    b.wait_for_text(".drop-in", "See you there").await;
    let after = b.wait_for(".going").await.text().await.unwrap();
    assert_ne!(before, after, "the count went up");
    assert_accessible(&b, "a drop-in (en)").await;
    b.screenshot("drop-in-en").await;
    b.goto(&stack.url("/groups/open-door-drop-in?lang=es")).await;
    b.wait_for_text(".drop-in", "¡Gracias! Nos vemos ahí.").await;
    b.screenshot("drop-in-es").await;
    b.close().await;
}

#[tokio::test]
async fn every_page_fits_a_320_pixel_phone_at_200_percent_text() {
    let stack = seeded().await;
    let b = Browser::start_at_width(320).await;
    let pages = [
        ("/?lang=es", "Encuentra tu grupo"),
        ("/groups/cos-bienestar-es?lang=es", "Serie Bienestar"),
        ("/groups/norwich-peer-support?lang=en", "Norwich"),
        ("/groups/open-door-drop-in?lang=en", "Open-Door"),
        ("/groups/cos-bienestar-es-spring?lang=es", "Serie Bienestar"),
        ("/nowhere?lang=es", "Página no encontrada"),
    ];
    for (path, heading) in pages {
        b.goto(&stack.url(path)).await;
        b.wait_for_text("h1", heading).await;
        b.client.execute("document.documentElement.style.fontSize = '200%'", vec![]).await.unwrap();
        tokio::time::sleep(Duration::from_millis(150)).await;
        let overflow = b.horizontal_overflow().await;
        assert!(overflow.is_empty(), "{path} scrolls sideways at 320 px and 200 % text:\n{}", overflow.join("\n"));
        assert_accessible(&b, &format!("{path} at 320 px, 200 % text")).await;
    }
    b.screenshot("group-320-200pct-es").await;
    b.close().await;
}

#[tokio::test]
async fn someone_waitlisted_is_promoted_when_a_confirmed_person_cancels() {
    let stack = seeded().await;
    let api = Api::new(stack);
    let mut group = village_tests::api::series("browser-promotion", 1);
    group.language = village_shared::Language::Es;
    api.put_group(&group).await;
    let first = api.sign_up(&group.id, "Primera Persona", "primera@example.org").await;
    let b = Browser::start().await;
    b.goto(&stack.url(&format!("/groups/{}?lang=es", group.id))).await;
    b.fill("#name", "Graciela Ríos").await;
    b.fill("#email", "graciela.rios@example.org").await;
    b.click("button[type=submit]").await;
    b.wait_for_text(".outcome h1", "número 1").await;
    b.click(".manage-link a").await;
    b.wait_for_text(".status", "Lista de espera — número 1").await;
    let manage_url = b.client.current_url().await.unwrap();

    // The confirmed person cancels; Graciela gets the seat and is told in Spanish.
    api.delete(&format!("/api/manage/{}", first.body["manage_token"].as_str().unwrap())).await;
    b.goto(manage_url.as_str()).await;
    b.wait_for_text(".status", "Confirmado").await;
    b.screenshot("promoted-es").await;
    let messages = api.get("/api/dev/outbox?to=graciela.rios@example.org").await.body["messages"].clone();
    assert_eq!(messages[0]["kind"], "promoted", "{messages}");
    assert!(messages[0]["subject"].as_str().unwrap().starts_with("Se liberó un lugar"));
    b.close().await;
}

fn card_titles(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.contains("Peer Support Group") || l.contains("Stay and Play"))
        .map(str::to_string)
        .collect()
}

/// The titles of the cards (`.card-title` under `list`), in order.
async fn titles(b: &Browser, list: &str) -> Vec<String> {
    let mut titles = Vec::new();
    let css = format!("{list} .card-title");
    for el in b.client.find_all(fantoccini::Locator::Css(&css)).await.unwrap_or_default() {
        titles.push(el.text().await.unwrap_or_default());
    }
    titles
}

/// Wait until the cards under `list` are in an order `ok` accepts (the list is drawn again when
/// a typed place has been looked up); `what` says what was expected.
async fn until_ordered(b: &Browser, list: &str, what: &str, ok: impl Fn(&[String]) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let order = titles(b, list).await;
        if ok(&order) {
            return;
        }
        assert!(Instant::now() < deadline, "{what}: {order:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn nearest_first_from_the_phones_location_or_a_typed_zip() {
    let stack = seeded().await;
    let b = Browser::start().await;
    // The phone is in King's Lynn; location is asked only when "Use my location" is tapped.
    b.cdp("Browser.grantPermissions", serde_json::json!({ "permissions": ["geolocation"] })).await;
    b.cdp(
        "Emulation.setGeolocationOverride",
        serde_json::json!({ "latitude": 52.752, "longitude": 0.395, "accuracy": 50 }),
    )
    .await;
    b.goto(&stack.url("/?lang=en")).await;
    b.wait_for_text(".count", "groups").await;
    assert!(b.client.find(fantoccini::Locator::Css(".distance")).await.is_err(), "no distances before asking");
    b.click(".use-location").await;
    b.wait_for_text(".cards", " km").await;
    let url = b.client.current_url().await.unwrap();
    assert!(url.query().unwrap_or("").contains("near=52.752"), "{url}");
    let order = card_titles(&b.wait_for(".cards").await.text().await.unwrap());
    assert!(order[0].contains("King's Lynn"), "nearest first: {order:?}");
    b.wait_for_text(".cards", "Less than 1 km away").await;
    b.wait_for_text(".cards", "km (").await;
    assert_accessible(&b, "nearest first (en)").await;
    b.screenshot("nearest-en").await;

    // Typed: a Sacramento ZIP (looked up in a file fetched only now), a Norwich postcode and a
    // King's Lynn district (the UK table, with its source said), a typo, something else.
    b.goto(&stack.url("/?lang=es")).await;
    b.wait_for_text(".count", "grupos").await;
    b.fill("#near", "95814").await;
    b.click(".nearest button[type=submit]").await;
    b.wait_for_text(".cards", "A 8").await;
    b.fill("#near", "NR3 1AB").await;
    b.click(".nearest button[type=submit]").await;
    b.wait_for_text(".nearest-source", "Contains OS data").await;
    until_ordered(&b, ".cards", "Norwich first, then King's Lynn", |order| {
        order.len() > 2 && order[0].contains("Mile Cross") && order[1].contains("Norwich") && order[2].contains("King's Lynn")
    })
    .await;
    assert!(b.client.current_url().await.unwrap().query().unwrap_or("").contains("near=NR3"), "the code is in the address");
    assert_accessible(&b, "nearest from a UK postcode (es)").await;
    b.screenshot("nearest-postcode-es").await;
    b.fill("#near", "pe30").await;
    b.click(".nearest button[type=submit]").await;
    until_ordered(&b, ".cards", "King's Lynn first for PE30", |order| order.first().is_some_and(|t| t.contains("King's Lynn"))).await;
    b.fill("#near", "ZE9 9ZZ").await;
    b.click(".nearest button[type=submit]").await;
    b.wait_for_text("#near-problem", "No conocemos ese código").await;
    b.fill("#near", "Norwich").await;
    b.click(".nearest button[type=submit]").await;
    b.wait_for_text("#near-problem", "NR3 1AB").await;
    b.screenshot("nearest-problem-es").await;
    b.close().await;
}

/// A network that publishes many groups still sends a phone one page: the first 24, soonest
/// first, the count of all of them, and "Show more groups" for the rest.
#[tokio::test]
async fn a_large_catalogue_arrives_a_page_at_a_time() {
    let stack = village_tests::Stack::start();
    let api = Api::new(&stack);
    let mut ids = Vec::new();
    for n in 0..30 {
        let mut group = village_tests::api::series(&format!("many-{n:02}"), 5);
        for session in &mut group.sessions {
            session.starts_at += chrono::Duration::hours(n);
        }
        api.put_group(&group).await;
        ids.push(group.id);
    }
    let deadline = Instant::now() + Duration::from_secs(15);
    while api.get("/api/groups").await.body["total"] != 30 {
        assert!(Instant::now() < deadline, "the catalogue never listed the 30 groups");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let first = api.get("/api/groups").await.body;
    assert_eq!(first["groups"].as_array().unwrap().len(), 24, "one page");
    assert_eq!(first["groups"][0]["id"], "many-00", "soonest first");
    for (lang, count, more) in [("en", "30 groups", "Show more groups"), ("es", "30 grupos", "Mostrar más grupos")] {
        let b = Browser::start().await;
        b.goto(&stack.url(&format!("/?lang={lang}"))).await;
        b.wait_for_text(".count", count).await;
        let cards = b.client.find_all(fantoccini::Locator::Css(".cards > li")).await.unwrap().len();
        assert_eq!(cards, 24);
        let button = b.wait_for_text(".show-more", more).await;
        assert!(button.contains(more));
        b.client.execute("document.querySelector('.show-more').scrollIntoView({block: 'center'})", vec![]).await.unwrap();
        b.screenshot(&format!("catalogue-show-more-{lang}")).await;
        b.click(".show-more").await;
        let deadline = Instant::now() + Duration::from_secs(10);
        while b.client.find_all(fantoccini::Locator::Css(".cards > li")).await.unwrap().len() < 30 {
            assert!(Instant::now() < deadline, "the next page never came");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(b.client.find_all(fantoccini::Locator::Css(".show-more")).await.unwrap().is_empty(), "no more after the last page");
        assert_accessible(&b, &format!("the catalogue's second page ({lang})")).await;
        b.close().await;
    }
}

#[tokio::test]
async fn a_family_finds_a_local_service_near_a_postcode_says_it_changed_and_a_leader_checks_the_queue() {
    let stack = seeded().await;
    let b = Browser::start().await;
    b.goto(&stack.url("/directory/?lang=en")).await;
    b.wait_for_text("h1", "Local services for families").await;
    let listed = b.wait_for_text(".directory-entries", "Norwich North Family Hub").await;
    assert!(!listed.contains("Incredible Years"), "a year unchecked is not shown: {listed}");
    assert!(listed.contains("Checked") && listed.contains("by a group leader"), "{listed}");
    assert!(listed.contains("call before you go"), "an ageing entry says so: {listed}");
    let call = b.wait_for(".directory-entry a[href^='tel:']").await.attr("href").await.unwrap().unwrap();
    assert!(call.starts_with("tel:0"), "{call}");
    assert_accessible(&b, "directory (en)").await;
    b.screenshot("directory-en").await;

    // Nearest first from a King's Lynn postcode; then only food banks.
    b.fill("#near", "PE30 1AA").await;
    b.click(".nearest button[type=submit]").await;
    b.wait_for_text(".nearest-source", "Contains OS data").await;
    until_ordered(&b, ".directory-entries", "King's Lynn first", |order| order.first().is_some_and(|t| t.contains("King's Lynn"))).await;
    b.wait_for_text(".directory-entries", "km away").await;
    b.set_value("#directory-category", "food_bank").await;
    b.wait_for_text(".count", "1 service").await;
    assert_eq!(titles(&b, ".directory-entries").await, ["Norwich Community Food Bank"]);
    assert!(b.client.current_url().await.unwrap().query().unwrap_or("").contains("category=food_bank"));

    // "Is this still right?" → Something changed, with a note.
    b.click(".directory-entry .verdict-changed").await;
    b.fill(".directory-entry textarea", "Open on Thursdays too now").await;
    b.click(".directory-entry .send-report").await;
    b.wait_for_text(".thanks", "Thank you").await;
    b.screenshot("directory-reported-en").await;

    b.goto(&stack.url("/directory/?lang=es")).await;
    b.wait_for_text("h1", "Servicios locales para familias").await;
    b.wait_for_text(".directory-entries", "Family Hub del norte de Norwich").await;
    b.fill("#near", "NR3 1AB").await;
    b.click(".nearest button[type=submit]").await;
    b.wait_for_text(".directory-entries", "km de distancia").await;
    b.wait_for_text(".directory-entries", "Comprobado").await;
    assert_accessible(&b, "directory (es)").await;
    b.screenshot("directory-es").await;

    // A facilitator's queue: the entry a year unchecked first, the report waiting; checking it
    // puts it back in the public list.
    let api = Api::new(stack);
    let email = format!("{}@example.org", village_tests::api::unique_id("dir-leader"));
    let token = village_tests::admin::add_user(&api, &email, "facilitator", &[]).await;
    b.follow_sign_in_link(&stack.url(&format!("/admin/sign-in/{token}?lang=es"))).await;
    b.wait_for_text(".signed-in-as", &email).await;
    b.goto(&stack.url("/admin/directory?lang=es")).await;
    let queue = b.wait_for_text(".needs-checking", "Curso para madres y padres").await;
    assert!(queue.find("Curso para madres y padres") < queue.find("Encuentro sobre el habla"), "oldest first: {queue}");
    b.wait_for_text(".reports", "Open on Thursdays too now").await;
    assert_accessible(&b, "dashboard directory (es)").await;
    b.screenshot("admin-directory-es").await;
    b.click(".needs-checking .directory-row.fresh-hidden .check-entry").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        // The queue is loaded again after the check (the list may be redrawn while read).
        let queue = match b.client.find(fantoccini::Locator::Css(".needs-checking")).await {
            Ok(el) => el.text().await.ok(),
            Err(_) => None,
        };
        if queue.is_some_and(|q| q.contains("Encuentro sobre el habla") && !q.contains("Curso para madres y padres")) {
            break;
        }
        assert!(Instant::now() < deadline, "the checked entry stayed in the queue");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let public = api.get("/api/directory").await.body.to_string();
    assert!(public.contains("norwich-parenting-course"), "checked: public again");

    // Editing an entry: its whole form, saved, and what families see changes.
    b.click(".all-entries .edit-entry").await;
    let name = b.value("#entry-name-en").await;
    b.fill("#entry-phone", "01603 111 222").await;
    b.screenshot("admin-directory-edit-es").await;
    b.click(".save-entry").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    while b.client.find(fantoccini::Locator::Css(".entry-form")).await.is_ok() {
        assert!(Instant::now() < deadline, "the form never closed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let listed = api.get("/api/directory").await.body;
    let edited = listed["entries"].as_array().unwrap().iter().find(|e| e["entry"]["name"]["en"] == name.as_str()).expect("the edited entry");
    assert_eq!(edited["entry"]["phone"], "01603 111 222");
    b.close().await;
}

#[tokio::test]
async fn a_family_sees_who_is_visiting_and_finds_their_service_in_the_directory() {
    let stack = seeded().await;
    let b = Browser::start().await;
    b.goto(&stack.url("/groups/mile-cross-stay-and-play?lang=en")).await;
    b.wait_for_text(".sessions", "Visitor: Jo Lane (Health visitor, Norfolk Healthy Child Programme) on sleep, feeding and your wellbeing, in English. Bring: your child's red book.").await;
    b.wait_for_text(".sessions", "Visitor: Marta Silva (Speech and language therapist) on helping your child's first words, in Spanish.").await;
    assert_accessible(&b, "a session's visitor (en)").await;
    let show = "document.querySelector('.session-visitor').scrollIntoView({ block: 'center' })";
    b.client.execute(show, vec![]).await.unwrap();
    b.screenshot("visitor-en").await;
    b.goto(&stack.url("/groups/mile-cross-stay-and-play?lang=es")).await;
    b.wait_for_text(".sessions", "Visita: Marta Silva (Speech and language therapist) sobre cómo ayudar con las primeras palabras, en español.").await;
    b.client.execute(show, vec![]).await.unwrap();
    b.screenshot("visitor-es").await;
    b.click(".session-visitor a").await;
    b.wait_for_text("h1", "Servicios locales para familias").await;
    until_ordered(&b, ".directory-entries", "only the visitor's service", |titles| {
        titles.len() == 1 && titles[0].contains("Equipo de enfermería de salud infantil")
    })
    .await;
    b.close().await;
}

#[tokio::test]
async fn a_family_takes_a_task_for_the_next_session_and_gives_it_back() {
    let stack = stack();
    let api = Api::new(stack);
    let mut group = village_tests::api::series(&village_tests::api::unique_id("stay-and-play"), 20);
    group.audiences = vec![village_shared::model::Audience::Families];
    api.put_group(&group).await;
    let leader = village_tests::admin::signed_in(&api, "facilitator", &[&group.id]).await;
    let session = group.sessions[0].starts_at.timestamp();
    let tasks = serde_json::json!({ "tasks": village_shared::rules::helping::templates() });
    let path = format!("/api/admin/groups/{}/sessions/{session}/tasks", group.id);
    assert_eq!(village_tests::admin::write(&api, "PUT", &path, &leader, &tasks).await.status, 200);
    let joined = api.sign_up(&group.id, "Amy Collins", &format!("amy.{}@example.org", group.id)).await;
    let token = joined.body["manage_token"].as_str().unwrap().to_string();

    let b = Browser::start().await;
    for (lang, heading, take, mine, covered, topic, suggested) in [
        ("en", "Helping out", "I'll do it", "yours", "1 of 6 places covered", "Sleep and naps", "You suggested: Sleep and naps"),
        ("es", "Echar una mano", "Me apunto", "tuya", "1 de 6 lugares cubiertos", "Primeras palabras", "Sugeriste: Sleep and naps · Primeras palabras"),
    ] {
        b.goto(&stack.url(&format!("/manage/{token}?lang={lang}"))).await;
        b.click(".helping-link").await;
        b.wait_for_text("h1", heading).await;
        b.wait_for_text(".helping-session", take).await;
        b.click(".helping-session .task:nth-child(2) .take-task").await;
        b.wait_for_text(".helping-session .task.mine", mine).await;
        b.wait_for_text(".helping-session .covered", covered).await;
        assert_accessible(&b, &format!("helping out ({lang})")).await;
        b.screenshot(&format!("helping-{lang}")).await;
        b.click(".helping-session .task.mine .give-back").await;
        let deadline = Instant::now() + Duration::from_secs(20);
        while b.client.find(fantoccini::Locator::Css(".task.mine")).await.is_ok() {
            assert!(Instant::now() < deadline, "the place was never given back");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // An idea for a visitor.
        b.fill("#topic-text", topic).await;
        b.click(".suggest-topic").await;
        b.wait_for_text(".topic-form", suggested).await;
    }
    let public = api.get(&format!("/api/groups/{}/sessions/{session}/tasks", group.id)).await.body;
    assert!(public["tasks"].as_array().unwrap().iter().all(|t| t["taken"] == 0), "{public}");

    // The leader's view: covered counts per session, and the usual tasks one tap away; the
    // editor has a visitor for each session.
    assert_eq!(api.put(&format!("/api/manage/{token}/tasks/{session}-1")).await.status, 200);
    let email = format!("{}@example.org", village_tests::api::unique_id("task-leader"));
    let link = village_tests::admin::add_user(&api, &email, "facilitator", &[&group.id]).await;
    b.follow_sign_in_link(&stack.url(&format!("/admin/sign-in/{link}?lang=es"))).await;
    b.wait_for_text(".signed-in-as", &email).await;
    b.goto(&stack.url(&format!("/admin/groups/{}?lang=es", group.id))).await;
    b.wait_for_text(".helping-out", "1 de 6 lugares cubiertos").await;
    b.wait_for_text(".topic-ideas", "Primeras palabras").await;
    b.click(".helping-out .add-usual-tasks").await;
    b.wait_for_text(".helping-out", "0 de 6 lugares cubiertos").await;
    assert_accessible(&b, "a family group's tasks in the dashboard (es)").await;
    b.client.execute("document.querySelector('.helping-out').scrollIntoView()", vec![]).await.unwrap();
    b.screenshot("admin-helping-es").await;
    b.close().await;
}

#[tokio::test]
async fn a_new_family_asks_for_a_buddy_a_leader_pairs_them_and_both_see_it() {
    let stack = stack();
    let api = Api::new(stack);
    let b = Browser::start().await;
    for (lang, newcomer, buddy, heading, waiting, paired, theirs) in [
        ("en", "Nadia Bell", "Olive Grant", "A buddy family", "You're on the list", "Olive G.", "your buddy"),
        ("es", "Paula Soto", "Quinn Reed", "Una familia que acompaña", "Estás en la lista", "Quinn R.", "te acompaña"),
    ] {
        let mut group = village_tests::api::series(&village_tests::api::unique_id("buddies"), 20);
        group.audiences = vec![village_shared::model::Audience::Families];
        api.put_group(&group).await;
        let join = |name: &str| {
            let body = serde_json::json!({ "name": name, "email": format!("{}.{}@example.org", name.replace(' ', "."), group.id), "language": lang });
            let (api, path) = (api.clone(), format!("/api/groups/{}/signups", group.id));
            async move { api.post_json(&path, &body).await.body["manage_token"].as_str().unwrap().to_string() }
        };
        let (token, offering) = (join(newcomer).await, join(buddy).await);
        let offer = serde_json::json!({ "languages": [lang], "age_band": "one_to_two", "can_take": 1, "share_contact": true });
        assert_eq!(api.put_json(&format!("/api/manage/{offering}/buddy/offer"), &offer).await.status, 200);

        // The family asks, from the page after joining.
        b.goto(&stack.url(&format!("/signed-up/{token}?lang={lang}"))).await;
        b.click(".buddy-link").await;
        b.wait_for_text("h1", heading).await;
        b.set_value("#buddy-age", "one_to_two").await;
        b.click("#buddy-share").await;
        b.click(".buddy-ask button[type=submit]").await;
        b.wait_for_text(".buddy-ask .notice-ok", waiting).await;
        assert_accessible(&b, &format!("asking for a buddy ({lang})")).await;
        assert!(b.horizontal_overflow().await.is_empty(), "{lang}");
        b.screenshot(&format!("buddy-ask-{lang}")).await;

        // A leader pairs them from the group's page in the dashboard.
        let email = format!("{}@example.org", village_tests::api::unique_id("buddy-leader"));
        let link = village_tests::admin::add_user(&api, &email, "facilitator", &[&group.id]).await;
        b.follow_sign_in_link(&stack.url(&format!("/admin/sign-in/{link}?lang={lang}"))).await;
        b.wait_for_text(".signed-in-as", &email).await;
        b.goto(&stack.url(&format!("/admin/groups/{}?lang={lang}", group.id))).await;
        b.wait_for_text(".buddies .waiting-family", newcomer).await;
        b.wait_for_text(".buddies .suggestion", buddy).await;
        b.client.execute("document.querySelector('.buddies').scrollIntoView()", vec![]).await.unwrap();
        b.screenshot(&format!("admin-buddies-{lang}")).await;
        b.click(".buddies .pair").await;
        b.wait_for(".buddies .pairing .complete-pairing").await;
        assert_accessible(&b, &format!("a family group's buddies in the dashboard ({lang})")).await;

        // Both see it: the other family by first name, their contact since both agreed.
        b.goto(&stack.url(&format!("/member/{token}/buddy?lang={lang}"))).await;
        b.wait_for_text(".buddy-pairings", paired).await;
        b.wait_for_text(".buddy-pairings", theirs).await;
        b.wait_for_text(".pairing-contact", &format!("{}.{}@example.org", buddy.replace(' ', ".").to_lowercase(), group.id)).await;
        assert_accessible(&b, &format!("a family's buddy ({lang})")).await;
        b.screenshot(&format!("buddy-paired-{lang}")).await;
    }
    b.close().await;
}

#[tokio::test]
async fn a_page_arrives_ready_and_the_app_takes_it_over_without_asking_the_api_again() {
    let stack = seeded().await;
    let b = Browser::start().await;
    for (path, heading) in [("/groups/cos-bienestar-es?lang=es", "Serie Bienestar de quien cuida"), ("/?lang=en", "Find your group")] {
        b.goto(&stack.url(path)).await;
        b.wait_for_text("h1", heading).await;
        let seen = b
            .client
            .execute(
                "return [document.querySelectorAll('h1').length, document.querySelectorAll('main').length,
                         performance.getEntriesByType('resource').map(e => new URL(e.name).pathname + new URL(e.name).search)
                           .filter(p => p.startsWith('/api/groups'))]",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!((seen[0].as_u64(), seen[1].as_u64()), (Some(1), Some(1)), "one page on {path}, the app's: {seen}");
        assert_eq!(seen[2], serde_json::json!([]), "{path} came with what it shows; the app asked again: {seen}");
        // The page was painted before the app was fetched (the app never competes with it): the
        // frame's paint, which the screen shows a little later (`presentationTime`).
        let order = b
            .client
            .execute(
                "const paint = performance.getEntriesByName('first-contentful-paint')[0];
                 const app = performance.getEntriesByType('resource').filter(e => /\\.(wasm|js)$/.test(new URL(e.name).pathname));
                 return [paint ? paint.paintTime : null, app.map(e => e.startTime)]",
                vec![],
            )
            .await
            .unwrap();
        let painted = order[0].as_f64().unwrap_or_else(|| panic!("{path} was painted: {order}"));
        let fetched: Vec<f64> = order[1].as_array().unwrap().iter().filter_map(|t| t.as_f64()).collect();
        assert!(fetched.len() >= 2, "the app's JS and Wasm were fetched on {path}: {order}");
        assert!(fetched.iter().all(|&t| t >= painted), "{path}: the app was fetched before the page was painted: {order}");
        // Intl's locale and zone data were loaded by the loader's worker (under the page's CSP)
        // before the app's first render, which formats dates: off the main thread.
        let intl = b.client.execute("return performance.getEntriesByName('intl-loaded').length", vec![]).await.unwrap();
        assert_eq!(intl, 1, "{path}: the app started without the worker having loaded Intl's data");
    }
    // A card opens its group's page, which the join bundle takes over (the catalogue's app
    // does not carry it): drawn by the Worker, taken over without asking the API.
    b.click("a[href='/groups/cos-well-being-en']").await;
    b.wait_for_text("#app h1", "Caregiver Well-Being Series").await;
    b.wait_for_text(".sessions", "Caring for ourselves").await;
    let (app, asked) = (
        b.client.execute("return document.getElementById('app-loader').dataset.js", vec![]).await.unwrap(),
        b.client.execute("return performance.getEntriesByType('resource').some(e => e.name.includes('/api/groups/cos-well-being-en'))", vec![]).await.unwrap(),
    );
    assert!(app.as_str().unwrap_or_default().starts_with("/join/village-join-"), "{app:?}");
    assert_eq!(asked, serde_json::json!(false), "the group's page was taken over without asking the API");

    // A signup's outcome page (where a form posted before the app had loaded leads) is taken
    // over too, and this phone keeps the signup in "My groups", as after a signup in the app.
    let api = Api::new(stack);
    let group = village_tests::api::series(&village_tests::api::unique_id("outcome"), 3);
    api.put_group(&group).await;
    let email = format!("{}@example.org", village_tests::api::unique_id("kept"));
    let token = api.sign_up(&group.id, "Ana", &email).await.body["manage_token"].as_str().unwrap().to_string();
    b.goto(&stack.url(&format!("/signed-up/{token}?lang=es"))).await;
    b.wait_for_text("h1", "¡Listo! Tu lugar está confirmado.").await;
    b.wait_for_text(".link-box", &format!("/manage/{token}")).await;
    let kept = || async {
        let mine = b.client.execute("return localStorage.getItem('village.my-groups') || ''", vec![]).await.unwrap();
        mine.as_str().unwrap_or_default().contains(&token)
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while !kept().await {
        assert!(Instant::now() < deadline, "the phone keeps the signup it was shown");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    b.wait_for_text(".manage-link", "También queda guardado en este teléfono.").await;
    b.screenshot("signed-up-taken-over-es").await;
    b.close().await;
}

#[tokio::test]
async fn the_catalogues_drawing_is_taken_over_as_it_is_and_then_drawn_for_the_viewer() {
    let stack = seeded().await;
    let b = Browser::start().await;
    // Before any of the page's scripts: the elements the Worker drew, kept to compare with the
    // app's; and a signup this phone keeps, which only the app knows of (its "My groups").
    let setup = r#"
        localStorage.setItem('village.my-groups', JSON.stringify([{ token: 'kept-token', group_id: 'cos-well-being-en',
            title: { en: 'A group kept here', es: 'Un grupo guardado aquí' }, status: 'confirmed', waitlist_position: null }]));
        document.addEventListener('DOMContentLoaded', () => {
            window.drawn = ['h1', '.cards li', '.subscribe-form button', 'footer']
                .map(selector => document.querySelector('#server-page ' + selector));
        });"#;
    b.cdp("Page.addScriptToEvaluateOnNewDocument", serde_json::json!({ "source": setup })).await;
    for (lang, heading, kept, other_heading) in [
        ("en", "Find your group", "A group kept here", "Encuentra tu grupo"),
        ("es", "Encuentra tu grupo", "Un grupo guardado aquí", "Find your group"),
    ] {
        b.goto(&stack.url(&format!("/?lang={lang}"))).await;
        b.wait_for_text("h1", heading).await;
        // The app's page is the Worker's: every element drawn is the one on the screen.
        let same = b
            .client
            .execute(
                "return window.drawn.map((drawn, i) => drawn !== null && drawn.isConnected
                    && drawn === document.querySelector(['h1', '.cards li', '.subscribe-form button', 'footer'][i]))",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(same, serde_json::json!([true, true, true, true]), "{lang}: the drawn elements were kept: {same}");
        // Then drawn for this viewer: what the phone keeps, and the updates form, which sends
        // only with the app, ready.
        b.wait_for_text(".my-groups", kept).await;
        let ready = b.client.execute("return document.querySelector('.subscribe-form button').disabled", vec![]).await.unwrap();
        assert_eq!(ready, serde_json::json!(false), "{lang}: the updates form can be sent");
        b.screenshot(&format!("catalogue-taken-over-{lang}")).await;
        // And it is the app's: the language switch redraws the same heading in place.
        b.click(&format!(".lang-button:not([lang={lang}])")).await;
        b.wait_for_text("h1", other_heading).await;
        let kept_heading = b.client.execute("return window.drawn[0] === document.querySelector('h1')", vec![]).await.unwrap();
        assert_eq!(kept_heading, serde_json::json!(true), "{lang}: the heading was redrawn in place");
    }
    b.close().await;
}

#[tokio::test]
async fn a_groups_drawing_is_taken_over_as_it_is_and_then_drawn_for_the_viewer() {
    let stack = seeded().await;
    let b = Browser::start().await;
    // Before any of the page's scripts: the elements the Worker drew, to compare with the app's.
    let kept = "['h1', '.sessions li', '.signup-form button[type=submit]', 'footer']";
    let setup = format!(
        "document.addEventListener('DOMContentLoaded', () => {{
            window.drawn = {kept}.map(selector => document.querySelector('#server-page ' + selector));
        }});"
    );
    b.cdp("Page.addScriptToEvaluateOnNewDocument", serde_json::json!({ "source": setup })).await;
    // A reader far from the group's California.
    b.cdp("Emulation.setTimezoneOverride", serde_json::json!({ "timezoneId": "Europe/Madrid" })).await;
    for (path, heading, other_heading) in [
        ("/groups/cos-well-being-en?lang=en", "Caregiver Well-Being Series", "Serie Bienestar de quien cuida"),
        ("/groups/cos-bienestar-es?lang=es", "Serie Bienestar de quien cuida", "Caregiver Well-Being Series"),
    ] {
        b.goto(&stack.url(path)).await;
        b.wait_for_text("h1", heading).await;
        // The join bundle hydrated the Worker's drawing: every element drawn is the one shown.
        let same = b
            .client
            .execute(
                &format!("return window.drawn.map((drawn, i) => drawn !== null && drawn.isConnected && drawn === document.querySelector({kept}[i]))"),
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(same, serde_json::json!([true, true, true, true]), "{path}: the drawn elements were kept: {same}");
        // Then drawn for this viewer: each session's time in the viewer's zone, with the
        // group's own beside it.
        b.wait_for(".sessions .group-time").await;
        b.screenshot(&format!("group-taken-over-{}", &path[path.len() - 2..])).await;
        // And it is the app's: the language switch redraws the same heading in place.
        let other = if path.ends_with("en") { "es" } else { "en" };
        b.click(&format!(".lang-button[lang={other}]")).await;
        b.wait_for_text("h1", other_heading).await;
        let in_place = b.client.execute("return window.drawn[0] === document.querySelector('h1')", vec![]).await.unwrap();
        assert_eq!(in_place, serde_json::json!(true), "{path}: the heading was redrawn in place");
    }
    b.close().await;
}

/// CDP's parameters for running `script` on each page as soon as it is parsed, before the app
/// has loaded: with the Worker's drawing as `drawing` (on a page that has one) and its heading
/// kept in `window.drawnHeading`, to compare with the app's.
fn before_the_app(script: &str) -> serde_json::Value {
    let source = format!(
        "document.addEventListener('DOMContentLoaded', () => {{
            const drawing = document.getElementById('server-page');
            if (!drawing) return;
            window.drawnHeading = drawing.querySelector('h1');
            {script}
        }});"
    );
    serde_json::json!({ "source": source })
}

#[tokio::test]
async fn a_signup_typed_into_a_groups_drawing_before_the_app_loads_is_kept() {
    let stack = seeded().await;
    let b = Browser::start().await;
    // A person starts the signup on the drawn page and is still in the email field when the
    // app arrives: the app draws its own page (it cannot hydrate a changed form) and carries on.
    let setup = r#"
            drawing.querySelector('.signup-form #name').value = 'Rosa';
            const email = drawing.querySelector('.signup-form #email');
            email.value = 'rosa@example';
            email.focus();"#;
    b.cdp("Page.addScriptToEvaluateOnNewDocument", before_the_app(setup)).await;
    let group = village_tests::api::series(&village_tests::api::unique_id("typed"), 3);
    Api::new(stack).put_group(&group).await;
    b.goto(&stack.url(&format!("/groups/{}?lang=es", group.id))).await;
    let kept = b
        .client
        .execute(
            "const form = document.querySelector('.signup-form');
             return [window.drawnHeading !== document.querySelector('h1'), form.querySelector('#name').value,
                     form.querySelector('#email').value, document.activeElement === form.querySelector('#email')]",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(kept, serde_json::json!([true, "Rosa", "rosa@example", true]), "drawn again, what was typed kept: {kept}");
    // The person finishes the address in the app's form (the group is new: so is the address),
    // which sends it as the app's.
    b.wait_for("#email").await.send_keys(".org").await.expect("typing on");
    b.click(".signup-form button[type=submit]").await;
    b.wait_for_text(".outcome h1", "¡Listo! Tu lugar está confirmado.").await;
    b.close().await;
}

#[tokio::test]
async fn a_catalogue_changed_before_the_app_loads_is_drawn_again_not_broken() {
    let stack = seeded().await;
    let b = Browser::start().await;
    // What a phone or a browser may do to the page before the app has loaded: a translation
    // wraps the heading's text (`#translated`); a person types their email into the updates
    // form, ticks an interest and is still in the email field (`#typed`).
    let setup = r#"
            if (location.hash === '#translated') {
                const font = document.createElement('font');
                font.textContent = window.drawnHeading.textContent;
                window.drawnHeading.replaceChildren(font);
            }
            if (location.hash === '#typed') {
                const email = drawing.querySelector('.subscribe-form input[type=email]');
                email.value = 'typed@example.org';
                drawing.querySelector('.subscribe-form input[type=checkbox]').checked = true;
                email.focus();
            }"#;
    b.cdp("Page.addScriptToEvaluateOnNewDocument", before_the_app(setup)).await;
    for change in ["translated", "typed"] {
        // A page of its own for each (from one address to the same with another `#…`, a
        // browser only scrolls).
        b.goto_as_served("about:blank").await;
        b.goto(&stack.url(&format!("/?lang=en#{change}"))).await;
        b.wait_for_text("h1", "Find your group").await;
        let drawn_again = b.client.execute("return window.drawnHeading !== document.querySelector('h1')", vec![]).await.unwrap();
        assert_eq!(drawn_again, serde_json::json!(true), "{change}: the app drew its own page");
        if change == "typed" {
            // What the person typed and ticked is in the app's form, and they go on typing there.
            let kept = b
                .client
                .execute(
                    "const form = document.querySelector('.subscribe-form');
                     return [form.querySelector('input[type=email]').value, form.querySelector('input[type=checkbox]').checked,
                             document.activeElement === form.querySelector('input[type=email]')]",
                    vec![],
                )
                .await
                .unwrap();
            assert_eq!(kept, serde_json::json!(["typed@example.org", true, true]), "what was typed before the app took over");
        }
        // And the app works: the language switch redraws the page.
        b.click(".lang-button[lang=es]").await;
        b.wait_for_text("h1", "Encuentra tu grupo").await;
        b.click(".lang-button[lang=en]").await;
        b.wait_for_text("h1", "Find your group").await;
    }
    b.close().await;
}

#[tokio::test]
async fn without_javascript_the_groups_can_be_read_opened_and_signed_up_for_in_both_languages() {
    let stack = seeded().await;
    let b = Browser::start_without_javascript().await;
    for (lang, heading, id, title) in [
        ("en", "Find your group", "cos-well-being-en", "Caregiver Well-Being Series"),
        ("es", "Encuentra tu grupo", "cos-bienestar-es", "Serie Bienestar de quien cuida"),
    ] {
        b.goto_as_served(&stack.url(&format!("/?lang={lang}"))).await;
        b.wait_for_text("h1", heading).await;
        b.wait_for_text(".cards", title).await;
        b.screenshot(&format!("no-js-catalogue-{lang}")).await;
        // A plain link (followed as the browser would: ChromeDriver's click on a page without
        // scripts can wait forever), in the language chosen, which the page's answer remembered.
        let link = b.wait_for(&format!(".cards a[href='/groups/{id}']")).await;
        let href = link.attr("href").await.unwrap().expect("a link");
        b.goto_as_served(&stack.url(&href)).await;
        b.wait_for_text("h1", title).await;
        let sessions = b.wait_for_text(".sessions", if lang == "en" { "Caring for ourselves" } else { "Cuidarnos" }).await;
        assert!(sessions.contains("PST") || sessions.contains("PDT"), "the group's own clock, named: {sessions}");
        b.wait_for("form input[type=email]").await;
        b.screenshot(&format!("no-js-group-{lang}")).await;
    }

    // Signing up: the form is posted, and the Worker answers it.
    let api = Api::new(stack);
    let group = village_tests::api::series(&village_tests::api::unique_id("no-js"), 1);
    api.put_group(&group).await;
    for (lang, who, required, outcome) in [
        ("en", "Ana", "Please tell us your name.", "You're in! Your spot is confirmed."),
        ("es", "Beto", "Escribe tu nombre.", "Estás en la lista de espera: número 1."),
    ] {
        b.goto_as_served(&stack.url(&format!("/groups/{}?lang={lang}", group.id))).await;
        let email = format!("{}@example.org", village_tests::api::unique_id(&who.to_lowercase()));
        // A mistake first: the page again, what was typed kept, the problem by its field.
        b.fill("#email", &email).await;
        submit_without_javascript(&b, "#email").await;
        b.wait_for_text("#name-error", required).await;
        assert_eq!(b.value("#email").await, email, "what was typed is kept");
        let at = b.client.current_url().await.unwrap();
        assert_eq!(at.fragment(), Some("signup-heading"), "the answer opens at the form: {at}");
        b.screenshot(&format!("no-js-signup-refused-{lang}")).await;
        b.fill("#name", who).await;
        submit_without_javascript(&b, "#name").await;
        b.wait_for_text("h1", outcome).await;
        let link = b.wait_for_text(".link-box", "/manage/").await;
        let token = link.trim().rsplit('/').next().unwrap().to_string();
        assert_eq!(api.get(&format!("/api/manage/{token}")).await.status, 200, "the link shown works");
        b.screenshot(&format!("no-js-signed-up-{lang}")).await;
    }
    b.close().await;
}

/// Send the form holding `field` as a person does, with Enter in it (ChromeDriver's click on a
/// page without scripts can wait forever for a navigation it cannot watch).
async fn submit_without_javascript(b: &Browser, field: &str) {
    let enter = tokio::time::timeout(Duration::from_secs(5), async {
        b.wait_for(field).await.send_keys("\u{E007}").await
    });
    let _ = enter.await;
}
