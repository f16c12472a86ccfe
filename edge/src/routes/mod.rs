//! The API: one table of routes, each handler a short parse → rule → store → respond.

mod admin;
mod board;
mod dev;
mod directory;
mod drop_in;
mod groups;
mod buddies;
mod helping;
mod manage;
mod member_space;
mod respond;
mod signups;
mod subscriptions;

use worker::{Env, Method, Request, Response, Result};

use village_shared::api::ErrorCode;
use village_shared::Language;

pub use respond::{error, json, refused, refused_fields, Answer, Problem};

/// Everything a handler needs about the request it serves.
pub struct Ctx {
    pub env: Env,
    pub lang: Language,
    pub dev: bool,
    /// The key the client's requests are counted under (`limits::client_of`).
    pub client: String,
}

/// The routes, by path shape. `Allowed` lists the methods a path answers, for `405`s.
enum Route<'a> {
    Catalogue,
    Group(&'a str),
    Signups(&'a str),
    DropIn(&'a str),
    Rsvps(&'a str),
    Manage(&'a str),
    Rejoin(&'a str),
    Calendar(&'a str),
    Meetings(&'a str),
    Issues(&'a str),
    Space(&'a str),
    MeetingRsvp(&'a str, &'a str),
    HostOffer(&'a str),
    MeetingNews(&'a str),
    Propose(&'a str),
    Support(&'a str, &'a str),
    Elections(&'a str),
    Nominations(&'a str, &'a str),
    Ballot(&'a str, &'a str),
    Board,
    SessionTasks(&'a str, &'a str),
    FamilyTasks(&'a str),
    FamilyTask(&'a str, &'a str),
    FamilyBuddy(&'a str, &'a str),
    FamilyTopics(&'a str),
    BuddyStepBack(&'a str, &'a str),
    Directory,
    DirectoryEntry(&'a str),
    DirectoryReports(&'a str),
    OpenReferral,
    MemberBoard(&'a str),
    BoardPost(&'a str, &'a str, &'a str, &'a str),
    BoardInterestAnswer(&'a str, &'a str, &'a str, &'a str),
    Subscriptions,
    ConfirmSubscription(&'a str),
    Unsubscribe(&'a str),
    DevGroup(&'a str),
    DevGroupPrivate(&'a str),
    DevDirectory(&'a str),
    DevFaults(&'a str),
    DevHistory(&'a str),
    DevOutbox,
    DevAdminUsers,
    DevAdminRoutes,
    DevKv,
    DevBulk,
    DevClock,
    Admin,
}

impl Route<'_> {
    /// The route's shape, for logs: never the token, email or id in the path.
    fn pattern(&self) -> &'static str {
        match self {
            Route::Catalogue => "/api/groups",
            Route::Group(_) => "/api/groups/{id}",
            Route::Signups(_) => "/api/groups/{id}/signups",
            Route::DropIn(_) => "/api/groups/{id}/drop-in",
            Route::Rsvps(_) => "/api/groups/{id}/rsvps",
            Route::Manage(_) => "/api/manage/{token}",
            Route::Rejoin(_) => "/api/manage/{token}/rejoin",
            Route::Calendar(_) => "/api/manage/{token}/calendar.ics",
            Route::Meetings(_) => "/api/groups/{id}/meetings",
            Route::Issues(_) => "/api/groups/{id}/issues",
            Route::Space(_) => "/api/manage/{token}/space",
            Route::MeetingRsvp(..) => "/api/manage/{token}/meetings/{meeting}/rsvp",
            Route::HostOffer(_) => "/api/manage/{token}/host-offer",
            Route::Propose(_) => "/api/manage/{token}/issues",
            Route::Support(..) => "/api/manage/{token}/issues/{issue}/support",
            Route::MeetingNews(_) => "/api/manage/{token}/meeting-news",
            Route::Elections(_) => "/api/groups/{id}/elections",
            Route::Nominations(..) => "/api/manage/{token}/elections/{election}/nominations",
            Route::Ballot(..) => "/api/manage/{token}/elections/{election}/ballot",
            Route::Board => "/api/board",
            Route::SessionTasks(..) => "/api/groups/{id}/sessions/{session}/tasks",
            Route::FamilyTasks(_) => "/api/manage/{token}/tasks",
            Route::FamilyTask(..) => "/api/manage/{token}/tasks/{task}",
            Route::FamilyBuddy(..) => "/api/manage/{token}/buddy/…",
            Route::FamilyTopics(_) => "/api/manage/{token}/topics",
            Route::BuddyStepBack(..) => "/api/manage/{token}/buddy/pairings/{pairing}/step-back",
            Route::Directory => "/api/directory",
            Route::DirectoryEntry(_) => "/api/directory/{id}",
            Route::DirectoryReports(_) => "/api/directory/{id}/reports",
            Route::OpenReferral => "/api/open-referral/services",
            Route::MemberBoard(_) => "/api/manage/{token}/board",
            Route::BoardPost(..) => "/api/manage/{token}/board/{group}/{post}/…",
            Route::BoardInterestAnswer(..) => "/api/manage/{token}/board/{group}/{post}/interests/{interest}",
            Route::Subscriptions => "/api/subscriptions",
            Route::ConfirmSubscription(_) => "/api/subscriptions/confirm/{token}",
            Route::Unsubscribe(_) => "/api/subscriptions/unsubscribe/{token}",
            Route::DevGroup(_) => "/api/dev/groups/{id}",
            Route::DevGroupPrivate(_) => "/api/dev/groups/{id}/private",
            Route::DevDirectory(_) => "/api/dev/directory/{id}",
            Route::DevFaults(_) => "/api/dev/groups/{id}/faults",
            Route::DevHistory(_) => "/api/dev/history/{email}",
            Route::DevOutbox => "/api/dev/outbox",
            Route::DevAdminUsers => "/api/dev/admin-users",
            Route::DevAdminRoutes => "/api/dev/admin-routes",
            Route::DevKv => "/api/dev/kv",
            Route::DevBulk => "/api/dev/bulk",
            Route::DevClock => "/api/dev/clock",
            Route::Admin => "/api/admin/…",
        }
    }
}

fn route<'a>(segments: &[&'a str]) -> Option<(Route<'a>, &'static [Method])> {
    Some(match segments {
        ["api", "groups"] => (Route::Catalogue, &[Method::Get]),
        ["api", "groups", id] => (Route::Group(id), &[Method::Get]),
        ["api", "groups", id, "signups"] => (Route::Signups(id), &[Method::Post]),
        ["api", "groups", id, "drop-in"] => (Route::DropIn(id), &[Method::Get]),
        ["api", "groups", id, "rsvps"] => (Route::Rsvps(id), &[Method::Post]),
        ["api", "manage", token] => (Route::Manage(token), &[Method::Get, Method::Patch, Method::Delete]),
        ["api", "manage", token, "rejoin"] => (Route::Rejoin(token), &[Method::Post]),
        ["api", "manage", token, "calendar.ics"] => (Route::Calendar(token), &[Method::Get]),
        ["api", "groups", id, "meetings"] => (Route::Meetings(id), &[Method::Get]),
        ["api", "groups", id, "issues"] => (Route::Issues(id), &[Method::Get]),
        ["api", "manage", token, "space"] => (Route::Space(token), &[Method::Get]),
        ["api", "manage", token, "meetings", meeting, "rsvp"] => (Route::MeetingRsvp(token, meeting), &[Method::Put]),
        ["api", "manage", token, "host-offer"] => (Route::HostOffer(token), &[Method::Put, Method::Delete]),
        ["api", "manage", token, "meeting-news"] => (Route::MeetingNews(token), &[Method::Put]),
        ["api", "manage", token, "issues"] => (Route::Propose(token), &[Method::Post]),
        ["api", "manage", token, "issues", issue, "support"] => {
            (Route::Support(token, issue), &[Method::Put, Method::Delete])
        }
        ["api", "groups", id, "elections"] => (Route::Elections(id), &[Method::Get]),
        ["api", "manage", token, "elections", election, "nominations"] => {
            (Route::Nominations(token, election), &[Method::Post, Method::Delete])
        }
        ["api", "manage", token, "elections", election, "ballot"] => (Route::Ballot(token, election), &[Method::Put]),
        ["api", "board"] => (Route::Board, &[Method::Get]),
        ["api", "groups", id, "sessions", session, "tasks"] => (Route::SessionTasks(id, session), &[Method::Get]),
        ["api", "manage", token, "tasks"] => (Route::FamilyTasks(token), &[Method::Get]),
        ["api", "manage", token, "tasks", task] => (Route::FamilyTask(token, task), &[Method::Put, Method::Delete]),
        ["api", "manage", token, "buddy"] => (Route::FamilyBuddy(token, ""), &[Method::Get]),
        ["api", "manage", token, "topics"] => (Route::FamilyTopics(token), &[Method::Get, Method::Post]),
        ["api", "manage", token, "buddy", what @ ("request" | "offer")] => {
            (Route::FamilyBuddy(token, what), &[Method::Put, Method::Delete])
        }
        ["api", "manage", token, "buddy", "pairings", pairing, "step-back"] => {
            (Route::BuddyStepBack(token, pairing), &[Method::Post])
        }
        ["api", "directory"] => (Route::Directory, &[Method::Get]),
        ["api", "directory", id] => (Route::DirectoryEntry(id), &[Method::Get]),
        ["api", "directory", id, "reports"] => (Route::DirectoryReports(id), &[Method::Post]),
        ["api", "open-referral", "services"] => (Route::OpenReferral, &[Method::Get]),
        ["api", "manage", token, "board"] => (Route::MemberBoard(token), &[Method::Get, Method::Post]),
        ["api", "manage", token, "board", group, post] => (Route::BoardPost(token, group, post, ""), &[Method::Get]),
        ["api", "manage", token, "board", group, post, what @ ("interest" | "done" | "renew")] => {
            (Route::BoardPost(token, group, post, what), &[Method::Post])
        }
        ["api", "manage", token, "board", group, post, "interests", interest] => {
            (Route::BoardInterestAnswer(token, group, post, interest), &[Method::Put])
        }
        ["api", "subscriptions"] => (Route::Subscriptions, &[Method::Post]),
        ["api", "subscriptions", "confirm", token] => (Route::ConfirmSubscription(token), &[Method::Post]),
        ["api", "subscriptions", "unsubscribe", token] => (Route::Unsubscribe(token), &[Method::Post]),
        ["api", "dev", "groups", id] => (Route::DevGroup(id), &[Method::Put]),
        ["api", "dev", "groups", id, "private"] => (Route::DevGroupPrivate(id), &[Method::Put]),
        ["api", "dev", "directory", id] => (Route::DevDirectory(id), &[Method::Put]),
        ["api", "dev", "groups", id, "faults"] => (Route::DevFaults(id), &[Method::Post]),
        ["api", "dev", "history", email] => (Route::DevHistory(email), &[Method::Put]),
        ["api", "dev", "outbox"] => (Route::DevOutbox, &[Method::Get]),
        ["api", "dev", "admin-users"] => (Route::DevAdminUsers, &[Method::Post]),
        ["api", "dev", "admin-routes"] => (Route::DevAdminRoutes, &[Method::Get]),
        ["api", "dev", "kv"] => (Route::DevKv, &[Method::Get]),
        ["api", "dev", "bulk"] => (Route::DevBulk, &[Method::Post]),
        ["api", "dev", "clock"] => (Route::DevClock, &[Method::Get, Method::Put]),
        // The dashboard has its own table, with access rules (routes/admin.rs).
        ["api", "admin", ..] => {
            (Route::Admin, &[Method::Get, Method::Post, Method::Put, Method::Patch, Method::Delete])
        }
        _ => return None,
    })
}

pub async fn handle(mut req: Request, env: Env) -> Result<Response> {
    let path = req.path();
    if path == "/admin" || path.starts_with("/admin/") {
        return app_shell(req, env, "admin").await;
    }
    if path.starts_with("/member/") {
        return app_shell(req, env, "member").await;
    }
    if path == "/directory" {
        return Response::redirect(req.url()?.join("/directory/")?);
    }
    if path.starts_with("/directory/") {
        return app_shell(req, env, "directory").await;
    }
    if path == "/robots.txt" || path == "/sitemap.xml" {
        return search_files(&path, &env).await;
    }
    if let Some(id) = path.strip_prefix("/groups/").filter(|id| !id.is_empty() && !id.contains('/')) {
        return group_page(req, &env, id).await;
    }
    let lang = request_language(&req);
    let dev = is_development(&env);
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let Some((route, allowed)) = route(&segments) else {
        return error(ErrorCode::NotFound, lang);
    };
    let method = req.method();
    if !allowed.contains(&method) {
        let mut response = error(ErrorCode::MethodNotAllowed, lang)?;
        let allow: Vec<String> = allowed.iter().map(|m| m.to_string()).collect();
        response.headers_mut().set("Allow", &allow.join(", "))?;
        return Ok(response);
    }
    let pattern = route.pattern();
    let ctx = Ctx { env, lang, dev, client: crate::limits::client_of(&req) };
    let result: Answer = match route {
        Route::Catalogue => groups::catalogue(&ctx, &req).await,
        Route::Group(id) => groups::detail(&ctx, id).await,
        Route::Signups(id) => signups::create(&ctx, id, &mut req).await,
        Route::DropIn(id) => drop_in::status(&ctx, id).await,
        Route::Rsvps(id) => drop_in::rsvp(&ctx, id, &mut req).await,
        Route::Manage(token) if method == Method::Get => manage::show(&ctx, token).await,
        Route::Manage(token) if method == Method::Patch => manage::update(&ctx, token, &mut req).await,
        Route::Manage(token) => manage::cancel(&ctx, token).await,
        Route::Rejoin(token) => manage::rejoin(&ctx, token).await,
        Route::Calendar(token) => manage::calendar(&ctx, token).await,
        Route::Meetings(id) => member_space::meetings(&ctx, id).await,
        Route::Issues(id) => member_space::issues(&ctx, id).await,
        Route::Space(token) => member_space::view(&ctx, token).await,
        Route::MeetingRsvp(token, meeting) => member_space::rsvp(&ctx, token, meeting, &mut req).await,
        Route::HostOffer(token) if method == Method::Put => member_space::host_offer(&ctx, token, Some(&mut req)).await,
        Route::HostOffer(token) => member_space::host_offer(&ctx, token, None).await,
        Route::MeetingNews(token) => member_space::meeting_news(&ctx, token, &mut req).await,
        Route::Propose(token) => member_space::propose(&ctx, token, &mut req).await,
        Route::Support(token, issue) => member_space::support(&ctx, token, issue, method == Method::Put).await,
        Route::Elections(id) => member_space::elections(&ctx, id).await,
        Route::Nominations(token, election) if method == Method::Post => {
            member_space::nominate(&ctx, token, election, &mut req).await
        }
        Route::Nominations(token, election) => member_space::stand_down(&ctx, token, election).await,
        Route::Ballot(token, election) => member_space::ballot(&ctx, token, election, &mut req).await,
        Route::Board => board::page(&ctx, &req).await,
        Route::SessionTasks(id, session) => helping::session_tasks(&ctx, id, session).await,
        Route::FamilyTasks(token) => helping::family(&ctx, token, None).await,
        Route::FamilyTask(token, task) => helping::family(&ctx, token, Some((task, method == Method::Put))).await,
        Route::FamilyBuddy(token, what) => {
            let act = match (what, method == Method::Put) {
                ("request", true) => buddies::FamilyAct::Ask,
                ("request", false) => buddies::FamilyAct::Withdraw,
                ("offer", true) => buddies::FamilyAct::Offer,
                ("offer", false) => buddies::FamilyAct::StopOffering,
                _ => buddies::FamilyAct::View,
            };
            buddies::family(&ctx, token, act, &mut req).await
        }
        Route::FamilyTopics(token) if method == Method::Post => helping::topics(&ctx, token, Some(&mut req)).await,
        Route::FamilyTopics(token) => helping::topics(&ctx, token, None).await,
        Route::BuddyStepBack(token, pairing) => {
            buddies::family(&ctx, token, buddies::FamilyAct::StepBack(pairing), &mut req).await
        }
        Route::Directory => directory::page(&ctx, &req).await,
        Route::DirectoryEntry(id) => directory::entry(&ctx, id).await,
        Route::DirectoryReports(id) => directory::report(&ctx, id, &mut req).await,
        Route::OpenReferral => directory::open_referral(&ctx, &req).await,
        Route::MemberBoard(token) if method == Method::Post => board::publish(&ctx, token, &mut req).await,
        Route::MemberBoard(token) => board::member_board(&ctx, token).await,
        Route::BoardPost(token, group, post, what) => {
            let what = match what {
                "interest" => board::PostAct::Interest,
                "done" => board::PostAct::Done,
                "renew" => board::PostAct::Renew,
                _ => board::PostAct::View,
            };
            board::post_act(&ctx, token, group, post, what, &mut req).await
        }
        Route::BoardInterestAnswer(token, group, post, interest) => {
            let what = board::PostAct::Answer(interest.to_string());
            board::post_act(&ctx, token, group, post, what, &mut req).await
        }
        Route::Subscriptions => subscriptions::subscribe(&ctx, &mut req).await,
        Route::ConfirmSubscription(token) => {
            subscriptions::follow_link(&ctx, token, crate::store::TokenPurpose::Confirm).await
        }
        Route::Unsubscribe(token) => {
            subscriptions::follow_link(&ctx, token, crate::store::TokenPurpose::Unsubscribe).await
        }
        Route::DevGroup(id) if ctx.dev => dev::put_group(&ctx, id, &mut req).await,
        Route::DevGroupPrivate(id) if ctx.dev => dev::put_group_private(&ctx, id, &mut req).await,
        Route::DevDirectory(id) if ctx.dev => dev::put_directory_entry(&ctx, id, &mut req).await,
        Route::DevFaults(id) if ctx.dev => dev::inject_faults(&ctx, id, &mut req).await,
        Route::DevHistory(email) if ctx.dev => dev::put_history(&ctx, email, &mut req).await,
        Route::DevOutbox if ctx.dev => dev::outbox(&ctx, &req).await,
        Route::DevAdminUsers if ctx.dev => admin::dev_add_user(&ctx, &mut req).await,
        Route::DevAdminRoutes if ctx.dev => json(200, &admin::route_table()),
        Route::DevKv if ctx.dev => dev::kv_search(&ctx, &req).await,
        Route::DevBulk if ctx.dev => dev::bulk(&ctx, &mut req).await,
        Route::DevClock if ctx.dev => dev::clock(&ctx, &mut req, method.clone()).await,
        Route::Admin => admin::handle(&ctx, &mut req).await,
        Route::DevGroup(_)
        | Route::DevGroupPrivate(_)
        | Route::DevDirectory(_)
        | Route::DevFaults(_)
        | Route::DevHistory(_)
        | Route::DevOutbox
        | Route::DevAdminUsers
        | Route::DevAdminRoutes
        | Route::DevKv
        | Route::DevBulk
        | Route::DevClock => Err(refused(ErrorCode::NotFound, lang)),
    };
    // A failure below the handlers (KV, an object) is logged and answered in the usual shape.
    result.or_else(|problem| problem.answer(&format!("{method:?} {pattern}"), lang))
}

/// A group's page: the app's shell with what a shared link's card and a search engine read
/// already in its head (`shared::seo::GroupCard`: title, description, canonical and language
/// alternates, Open Graph, schema.org), in the language asked for. A draft or unknown id gets
/// the shell with `noindex` (the app says it is not found).
async fn group_page(req: Request, env: &Env, id: &str) -> Result<Response> {
    let assets = env.assets("ASSETS")?;
    let mut url = req.url()?;
    url.set_path("/index.html");
    url.set_query(None);
    let mut shell = assets.fetch(url.to_string(), None).await?;
    let html = shell.text().await?;
    let lang = req
        .url()?
        .query_pairs()
        .find(|(k, _)| k == "lang")
        .and_then(|(_, v)| Language::from_tag(&v))
        .unwrap_or_else(|| request_language(&req));
    let store = crate::store::Store::from_env(env)?;
    let group = store.group(id).await?.filter(|g| g.status.is_public());
    let head = match &group {
        Some(group) => {
            let count: village_shared::api::SeatCount =
                crate::objects::group_seats(env, id, &village_shared::api::seat_protocol::SeatCommand::Count).await?;
            let when = group.first_session().map(|s| crate::zones::format_in_zone(s.starts_at, &group.time_zone, lang));
            let card = village_shared::seo::GroupCard { group, seats_left: count.seats_left, when, lang, base: &public_url(env) };
            Some((card.title(), card.head()))
        }
        None => None,
    };
    let html = match head {
        Some((title, head)) => html
            .replacen("<html lang=\"en\">", &format!("<html lang=\"{}\">", lang.code()), 1)
            .replacen("<title>Village</title>", &format!("<title>{}</title>", village_shared::seo::escape(&title)), 1)
            // The page's own description replaces the app's.
            .replacen("<meta name=\"description\"", "<meta name=\"x-app-description\"", 1)
            .replacen("</head>", &format!("{head}</head>"), 1),
        None => html.replacen("</head>", "<meta name=\"robots\" content=\"noindex\" /></head>", 1),
    };
    let mut response = Response::ok(html)?.with_status(if group.is_some() { 200 } else { 404 });
    for (name, value) in shell.headers().entries() {
        if name != "content-length" && name != "etag" {
            response.headers_mut().set(&name, &value)?;
        }
    }
    response.headers_mut().set("Content-Type", "text/html; charset=utf-8")?;
    response.headers_mut().set("Cache-Control", "no-cache")?;
    response.headers_mut().set("Vary", "Accept-Language")?;
    Ok(response)
}

/// `robots.txt` and `sitemap.xml` (the published groups, from the catalogue's listing: one KV
/// operation per 1,000 groups).
async fn search_files(path: &str, env: &Env) -> Result<Response> {
    let base = public_url(env);
    let (body, content_type) = if path == "/robots.txt" {
        (village_shared::seo::robots_txt(&base), "text/plain; charset=utf-8")
    } else {
        let listed = crate::store::Store::from_env(env)?.catalogue_facts().await?;
        let ids = listed.iter().map(|g| g.id.as_str());
        (village_shared::seo::sitemap_xml(&base, ids), "application/xml; charset=utf-8")
    };
    let mut response = Response::ok(body)?;
    response.headers_mut().set("Content-Type", content_type)?;
    response.headers_mut().set("Cache-Control", "public, max-age=3600")?;
    response.headers_mut().set("X-Content-Type-Options", "nosniff")?;
    Ok(response)
}

/// A bundle of its own (the dashboard under `/admin/`, the member space under `/member/`, the
/// directory under `/directory/`): its
/// files, and its page for every other address below it (the static fallback would give the
/// provider app's page instead). Headers come from the assets' `_headers`.
async fn app_shell(req: Request, env: Env, app: &str) -> Result<Response> {
    let assets = env.assets("ASSETS")?;
    let last = req.path().rsplit('/').next().unwrap_or_default().to_string();
    if last.contains('.') {
        return assets.fetch_request(req).await;
    }
    let mut url = req.url()?;
    url.set_path(&format!("/{app}/index.html"));
    url.set_query(None);
    assets.fetch(url.to_string(), None).await
}

/// Where Village is served (`PUBLIC_URL`): the start of every link in a message, the sitemap
/// and robots.txt.
pub fn public_url(env: &Env) -> String {
    env.var("PUBLIC_URL").map(|v| v.to_string()).unwrap_or_default()
}

/// Whether this Worker runs as a development stack (`--var VILLAGE_ENV:development`, which
/// `wrangler.toml` never sets): the development routes and fault injection exist only then.
pub fn is_development(env: &Env) -> bool {
    env.var("VILLAGE_ENV").map(|v| v.to_string() == "development").unwrap_or(false)
}

/// The language to answer errors in: the app sends its chosen language as `Accept-Language`.
fn request_language(req: &Request) -> Language {
    req.headers()
        .get("Accept-Language")
        .ok()
        .flatten()
        .and_then(|h| Language::from_accept_language(&h))
        .unwrap_or_default()
}
