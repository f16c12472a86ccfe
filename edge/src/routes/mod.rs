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
mod pages;
mod respond;
mod signups;
mod subscriptions;

use worker::{Env, Request, Response, Result};

use village_shared::api::routes::{self, Dev, Method, Miss, Public};
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

pub async fn handle(mut req: Request, env: Env) -> Result<Response> {
    let path = req.path();
    if path == "/admin" || path.starts_with("/admin/") {
        return app_shell(req, env, "admin").await;
    }
    if path.starts_with("/member/") {
        return app_shell(req, env, "member").await;
    }
    // What a person's own links open: the provider app's manage bundle (`router::Bundle`).
    if path.starts_with("/manage/") || path.starts_with("/updates/") {
        return app_shell(req, env, "manage").await;
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
    let dev = is_development(&env);
    let segment = |prefix: &str| path.strip_prefix(prefix).filter(|s| !s.is_empty() && !s.contains('/'));
    let (group_page, outcome_page) = (segment("/groups/"), segment("/signed-up/"));
    if path == "/" || group_page.is_some() || outcome_page.is_some() {
        let url = req.url()?;
        let query_lang = url.query_pairs().find(|(k, _)| k == "lang").map(|(_, v)| v.into_owned());
        let header = |name: &str| req.headers().get(name).ok().flatten();
        let lang =
            Language::for_page(query_lang.as_deref(), header("Cookie").as_deref(), header("Accept-Language").as_deref());
        let ctx = Ctx { env, lang, dev, client: crate::limits::client_of(&req) };
        let posted = req.method() == worker::Method::Post;
        let mut response = match (group_page, outcome_page) {
            (Some(id), _) if posted => pages::sign_up(&ctx, &mut req, &respond::percent_decode(id)).await?,
            (Some(id), _) => pages::group(&ctx, &req, &respond::percent_decode(id)).await?,
            (_, Some(token)) => pages::outcome(&ctx, &req, token).await?,
            _ => pages::catalogue(&ctx, &req).await?,
        };
        // A language chosen in the address is remembered as the app remembers it, so the
        // page's plain links (without the app: no script, or not yet loaded) keep it.
        if req.method() == worker::Method::Get && query_lang.as_deref().and_then(Language::from_tag).is_some() {
            response.headers_mut().set("Set-Cookie", &lang.cookie())?;
        }
        return Ok(response);
    }
    let lang = request_language(&req);
    let Some(method) = Method::from_name(&req.method().to_string()) else {
        // HEAD, OPTIONS…: no route answers them; a known path says which methods it does.
        let allowed = if path.starts_with("/api/admin/") {
            routes::methods_of(routes::ADMIN, &path)
        } else {
            routes::methods_of(routes::PUBLIC, &path)
        };
        return if allowed.is_empty() { error(ErrorCode::NotFound, lang) } else { not_allowed(&allowed, lang) };
    };
    // The dashboard has its own table, with access rules (routes/admin).
    if path.starts_with("/api/admin/") {
        let ctx = Ctx { env, lang, dev, client: crate::limits::client_of(&req) };
        let result = admin::handle(&ctx, method, &mut req).await;
        return result.or_else(|problem| problem.answer(&format!("{} /api/admin/…", method.as_str()), lang));
    }
    let (route, bound) = match routes::find(routes::PUBLIC, method, &path) {
        Ok(found) => found,
        Err(Miss::UnknownPath) => return error(ErrorCode::NotFound, lang),
        Err(Miss::WrongMethod(allowed)) => return not_allowed(&allowed, lang),
    };
    let ctx = Ctx { env, lang, dev, client: crate::limits::client_of(&req) };
    let b = |i: usize| bound[i];
    let result: Answer = match route.action {
        Public::Catalogue => groups::catalogue(&ctx, &req).await,
        Public::Group => groups::detail(&ctx, b(0)).await,
        Public::SignUp => signups::create(&ctx, b(0), &mut req).await,
        Public::DropIn => drop_in::status(&ctx, b(0)).await,
        Public::Rsvp => drop_in::rsvp(&ctx, b(0), &mut req).await,
        Public::ShowSignup => manage::show(&ctx, b(0)).await,
        Public::UpdateSignup => manage::update(&ctx, b(0), &mut req).await,
        Public::CancelSignup => manage::cancel(&ctx, b(0)).await,
        Public::Rejoin => manage::rejoin(&ctx, b(0)).await,
        Public::Calendar => manage::calendar(&ctx, b(0)).await,
        Public::Meetings => member_space::meetings(&ctx, b(0)).await,
        Public::Issues => member_space::issues(&ctx, b(0)).await,
        Public::Space => member_space::view(&ctx, b(0)).await,
        Public::MeetingRsvp => member_space::rsvp(&ctx, b(0), b(1), &mut req).await,
        Public::OfferToHost => member_space::host_offer(&ctx, b(0), Some(&mut req)).await,
        Public::WithdrawHostOffer => member_space::host_offer(&ctx, b(0), None).await,
        Public::MeetingNews => member_space::meeting_news(&ctx, b(0), &mut req).await,
        Public::Propose => member_space::propose(&ctx, b(0), &mut req).await,
        Public::Support => member_space::support(&ctx, b(0), b(1), true).await,
        Public::WithdrawSupport => member_space::support(&ctx, b(0), b(1), false).await,
        Public::Elections => member_space::elections(&ctx, b(0)).await,
        Public::Nominate => member_space::nominate(&ctx, b(0), b(1), &mut req).await,
        Public::StandDown => member_space::stand_down(&ctx, b(0), b(1)).await,
        Public::Ballot => member_space::ballot(&ctx, b(0), b(1), &mut req).await,
        Public::Board => board::page(&ctx, &req).await,
        Public::SessionTasks => helping::session_tasks(&ctx, b(0), b(1)).await,
        Public::FamilyTasks => helping::family(&ctx, b(0), None).await,
        Public::TakeTask => helping::family(&ctx, b(0), Some((b(1), true))).await,
        Public::LeaveTask => helping::family(&ctx, b(0), Some((b(1), false))).await,
        Public::Buddy => buddies::family(&ctx, b(0), buddies::FamilyAct::View, &mut req).await,
        Public::AskForBuddy => buddies::family(&ctx, b(0), buddies::FamilyAct::Ask, &mut req).await,
        Public::WithdrawBuddyRequest => buddies::family(&ctx, b(0), buddies::FamilyAct::Withdraw, &mut req).await,
        Public::OfferToBuddy => buddies::family(&ctx, b(0), buddies::FamilyAct::Offer, &mut req).await,
        Public::StopOfferingToBuddy => {
            buddies::family(&ctx, b(0), buddies::FamilyAct::StopOffering, &mut req).await
        }
        Public::BuddyStepBack => buddies::family(&ctx, b(0), buddies::FamilyAct::StepBack(b(1)), &mut req).await,
        Public::Topics => helping::topics(&ctx, b(0), None).await,
        Public::AddTopic => helping::topics(&ctx, b(0), Some(&mut req)).await,
        Public::Directory => directory::page(&ctx, &req).await,
        Public::DirectoryEntry => directory::entry(&ctx, b(0)).await,
        Public::ReportEntry => directory::report(&ctx, b(0), &mut req).await,
        Public::OpenReferral => directory::open_referral(&ctx, &req).await,
        Public::MemberBoard => board::member_board(&ctx, b(0)).await,
        Public::Publish => board::publish(&ctx, b(0), &mut req).await,
        Public::Post => board::post_act(&ctx, b(0), b(1), b(2), board::PostAct::View, &mut req).await,
        Public::ShowInterest => board::post_act(&ctx, b(0), b(1), b(2), board::PostAct::Interest, &mut req).await,
        Public::MarkPostDone => board::post_act(&ctx, b(0), b(1), b(2), board::PostAct::Done, &mut req).await,
        Public::RenewPost => board::post_act(&ctx, b(0), b(1), b(2), board::PostAct::Renew, &mut req).await,
        Public::AnswerInterest => {
            let what = board::PostAct::Answer(b(3).to_string());
            board::post_act(&ctx, b(0), b(1), b(2), what, &mut req).await
        }
        Public::Subscribe => subscriptions::subscribe(&ctx, &mut req).await,
        Public::ConfirmSubscription => {
            subscriptions::follow_link(&ctx, b(0), crate::store::TokenPurpose::Confirm).await
        }
        Public::Unsubscribe => subscriptions::follow_link(&ctx, b(0), crate::store::TokenPurpose::Unsubscribe).await,
        Public::Contract => contract(&ctx, &req).await,
        Public::Dev(_) if !ctx.dev => Err(refused(ErrorCode::NotFound, lang)),
        Public::Dev(Dev::PutGroup) => dev::put_group(&ctx, b(0), &mut req).await,
        Public::Dev(Dev::PutGroupPrivate) => dev::put_group_private(&ctx, b(0), &mut req).await,
        Public::Dev(Dev::PutDirectoryEntry) => dev::put_directory_entry(&ctx, b(0), &mut req).await,
        Public::Dev(Dev::InjectFaults) => dev::inject_faults(&ctx, b(0), &mut req).await,
        Public::Dev(Dev::PutHistory) => dev::put_history(&ctx, b(0), &mut req).await,
        Public::Dev(Dev::Outbox) => dev::outbox(&ctx, &req).await,
        Public::Dev(Dev::AddAdminUser) => admin::dev_add_user(&ctx, &mut req).await,
        Public::Dev(Dev::AdminRoutes) => json(200, &admin::route_table()),
        Public::Dev(Dev::Kv) => dev::kv_search(&ctx, &req).await,
        Public::Dev(Dev::Bulk) => dev::bulk(&ctx, &mut req).await,
        Public::Dev(Dev::Clock) => dev::clock(&ctx, &mut req, false).await,
        Public::Dev(Dev::SetClock) => dev::clock(&ctx, &mut req, true).await,
        Public::Dev(Dev::Limiter) => dev::limiter(&ctx, &req).await,
    };
    // A failure below the handlers (KV, an object) is logged and answered in the usual shape.
    result.or_else(|problem| problem.answer(&format!("{} {}", method.as_str(), route.path), lang))
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
/// directory under `/directory/`, the pages of a person's own links under `/manage/`, also
/// answering `/updates/…`): its
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

/// `405`, with the methods the path answers in `Allow`.
pub(crate) fn not_allowed(allowed: &[Method], lang: Language) -> Result<Response> {
    let mut response = error(ErrorCode::MethodNotAllowed, lang)?;
    let allow: Vec<&str> = allowed.iter().map(|m| m.as_str()).collect();
    response.headers_mut().set("Allow", &allow.join(", "))?;
    Ok(response)
}

/// Where `cargo xtask build` puts the published contract among the static assets.
const CONTRACT_ASSET: &str = "/api/openapi.json";

/// `GET /api/openapi.json`: the published contract, written by `cargo xtask build` from the
/// types in `shared/` (`api::contract`) and kept with the static assets.
async fn contract(ctx: &Ctx, req: &Request) -> Answer {
    let mut url = req.url()?;
    url.set_path(CONTRACT_ASSET);
    url.set_query(None);
    let mut asset = ctx.env.assets("ASSETS")?.fetch(url.to_string(), None).await?;
    // A build without the document gets the app's page from the assets' fallback: not it.
    let is_json = asset.headers().get("Content-Type")?.is_some_and(|t| t.starts_with("application/json"));
    if asset.status_code() != 200 || !is_json {
        return Err(refused(ErrorCode::NotFound, ctx.lang));
    }
    let mut response = Response::ok(asset.text().await?)?;
    let headers = response.headers_mut();
    headers.set("Content-Type", "application/json")?;
    headers.set("Cache-Control", "public, max-age=300")?;
    headers.set("X-Content-Type-Options", "nosniff")?;
    headers.set("Access-Control-Allow-Origin", "*")?;
    Ok(response)
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
