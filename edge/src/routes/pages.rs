//! The public pages, `/`, `/groups/{id}` and `/signed-up/{token}`, rendered here with the app's
//! own components (`village_frontend::start::render`) so they arrive ready: readable before the
//! app loads, without it, and by whatever reads a shared link. The page carries what it was
//! rendered from (`PageStart`), and the app's first render starts there. A public page is drawn
//! once per change of what it shows (its drawing kept in a cache: `drawing`). A group's signup
//! form, posted to its page when the app is not there to send it, is answered here by the API's
//! own signup (`signups::sign_up`).

use chrono::{DateTime, Utc};
use village_shared::api::{ErrorBody, ErrorCode, PageStart, SignupRequest, SignupSent};
use village_shared::rules::finding::Filters;
use village_shared::seo::{escape, GroupCard};
use village_shared::Language;
use worker::{Request, Response, Result};

use super::groups::{load_catalogue, load_page_detail};
use super::respond::read_form;
use super::{manage, public_url, refused, signups, Ctx, Problem};

/// In the head of a page no search engine keeps: not found, or only its reader's.
const NOINDEX: &str = "<meta name=\"robots\" content=\"noindex\" />";

/// `/`: the catalogue's first page for the address's filters, the app's own (`Filters`: what
/// the page shows as chosen), read as the app asks the API for them; day and time on UTC's
/// clock, where the app asks again on the reader's.
pub async fn catalogue(ctx: &Ctx, req: &Request) -> Result<Response> {
    let url = req.url()?;
    let asked: Vec<(String, String)> = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let filters = Filters::from_pairs(asked.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let pairs: Vec<(String, String)> = filters.to_pairs().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    let catalogue = load_catalogue(ctx, &pairs).await?;
    let start = PageStart { catalogue: Some(catalogue), ..start_of(req, ctx)? };
    let shell = shell(req, ctx).await?;
    page(req, shell, ctx.lang, Some(start), None, "", 200).await
}

/// `/groups/{id}`: the group's page, with what a shared link's card and a search engine read in
/// its head (`shared::seo::GroupCard`: title, description, canonical and language alternates,
/// Open Graph, schema.org). A draft or unknown id gets the app's "not found" with `noindex`.
pub async fn group(ctx: &Ctx, req: &Request, id: &str) -> Result<Response> {
    group_page(ctx, req, id, None).await
}

/// `POST /groups/{id}`: the group's signup form, sent without the app (no script, or not yet
/// loaded), signed up as the API signs up. A new signup goes on to its outcome page (`303`,
/// so going back or reloading never sends it twice); anything else draws the group's page
/// again with the form as typed and the answer on it, in the page's language.
pub async fn sign_up(ctx: &Ctx, req: &mut Request, id: &str) -> Result<Response> {
    // Another website's form (every current browser says where a post comes from): refused,
    // or any page could sign up addresses of its choosing from its visitors' browsers, past
    // the limits each of them is counted under. (Not `Origin`: under `no-referrer` a
    // same-origin post says `null`.)
    let from = req.headers().get("Sec-Fetch-Site")?;
    let elsewhere = from.is_some_and(|site| site != "same-origin");
    let blank = SignupRequest { language: ctx.lang, ..Default::default() };
    let (typed, answer) = match read_form(req, ctx.lang).await {
        Ok(_) if elsewhere => (blank, Err(refused(ErrorCode::FormFromElsewhere, ctx.lang))),
        // Not the signup form (the updates form's fields are the app's to send): the page.
        Ok(fields) if fields.as_object().is_some_and(|f| f.is_empty()) => return group(ctx, req, id).await,
        Ok(fields) => (SignupRequest::as_typed(&fields), signups::sign_up(ctx, id, &fields, ctx.lang).await),
        Err(refusal) => (blank, Err(refusal)),
    };
    let mut retry_after = None;
    let (status, error) = match answer {
        Ok((_, created)) => match created.manage_token {
            Some(token) => {
                // `#main`: not the form's `#signup-heading`, which a redirect would keep.
                let outcome = req.url()?.join(&format!("/signed-up/{token}?lang={}#main", ctx.lang.code()))?;
                // Built, not `Response::redirect`: a redirect's headers cannot be added to.
                let mut response = Response::empty()?.with_status(303);
                response.headers_mut().set("Location", outcome.as_str())?;
                response.headers_mut().set("Cache-Control", "no-store")?;
                return Ok(response);
            }
            None => (200, None),
        },
        Err(Problem::Refused(mut refusal)) => {
            retry_after = refusal.headers().get("Retry-After")?;
            (refusal.status_code(), Some(refusal.json::<ErrorBody>().await?.error))
        }
        Err(Problem::Failed(e)) => {
            worker::console_error!("POST /groups/{{id}}: {e}");
            (500, Some(ErrorBody::new(ErrorCode::Internal, ctx.lang).error))
        }
    };
    let mut response = group_page(ctx, req, id, Some(SignupSent { request: typed, status, error })).await?;
    if response.status_code() == 200 {
        response = response.with_status(status);
        if let Some(wait) = retry_after {
            response.headers_mut().set("Retry-After", &wait)?;
        }
    }
    Ok(response)
}

/// The group's page; with `sent`, its form as posted and answered (personal: not kept by any
/// cache, not indexed).
async fn group_page(ctx: &Ctx, req: &Request, id: &str, sent: Option<SignupSent>) -> Result<Response> {
    let shell = shell(req, ctx).await?;
    let Some(detail) = load_page_detail(ctx, id).await? else {
        // The app says it is not found (nothing rendered names the id).
        return page(req, shell, ctx.lang, None, None, NOINDEX, 404).await;
    };
    let group = &detail.group;
    let when = group.first_session().map(|s| crate::zones::format_in_zone(s.starts_at, &group.time_zone, ctx.lang));
    let card = GroupCard { group, seats_left: detail.seats_left, when, lang: ctx.lang, base: &public_url(&ctx.env) };
    let personal = sent.is_some();
    let start = PageStart { group: Some(detail.clone()), sent, ..start_of(req, ctx)? };
    let head = if personal { NOINDEX.to_string() } else { card.head() };
    let response = page(req, shell, ctx.lang, Some(start), Some(card.title()), &head, 200).await?;
    if personal { no_store(response) } else { Ok(response) }
}

/// `/signed-up/{token}`: where a new signup goes — confirmed or waitlisted (with the place),
/// and the manage link to keep. Personal: not kept by any cache, not indexed. An unknown token
/// gets the app's "not found".
pub async fn outcome(ctx: &Ctx, req: &Request, token: &str) -> Result<Response> {
    let shell = shell(req, ctx).await?;
    let Some(signup) = manage::load(ctx, token).await? else {
        return no_store(page(req, shell, ctx.lang, None, None, NOINDEX, 404).await?);
    };
    let start = PageStart { signup: Some(signup), ..start_of(req, ctx)? };
    no_store(page(req, shell, ctx.lang, Some(start), None, NOINDEX, 200).await?)
}

fn no_store(mut response: Response) -> Result<Response> {
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}

/// The page's address, language and origin, before what it shows.
fn start_of(req: &Request, ctx: &Ctx) -> Result<PageStart> {
    let url = req.url()?;
    Ok(PageStart {
        path: url.path().to_string(),
        search: url.query().map(|q| format!("?{q}")).unwrap_or_default(),
        lang: ctx.lang,
        origin: public_url(&ctx.env),
        ..Default::default()
    })
}

/// The page of the bundle that takes this address over (`router::Bundle`: the catalogue's
/// `index.html`, or the join bundle's for a group's page and a signup's outcome), from the
/// assets, with its headers.
async fn shell(req: &Request, ctx: &Ctx) -> Result<Response> {
    use village_frontend::router::{Bundle, Route, Routes};
    let mut url = req.url()?;
    let page = match Route::recognize(url.path()).bundle() {
        Bundle::Join => "/join/index.html",
        Bundle::Catalogue | Bundle::Manage => "/index.html",
    };
    url.set_path(page);
    url.set_query(None);
    let shell = ctx.env.assets("ASSETS")?.fetch(url.to_string(), None).await?;
    // A build without that bundle's page must not draw every page into a "not found".
    if shell.status_code() != 200 {
        return Err(worker::Error::RustError(format!("the app's page {page} answered {}", shell.status_code())));
    }
    Ok(shell)
}

/// The shell in `lang`, with the app rendered from `start` in its body and `start` beside it,
/// the page's own title when it has one, and `head` added to its head.
async fn page(
    req: &Request,
    mut shell: Response,
    lang: Language,
    start: Option<PageStart>,
    title: Option<String>,
    head: &str,
    status: u16,
) -> Result<Response> {
    let shell_html = shell.text().await?;
    let locale = format!("{}=\"{}\"", village_frontend::start::LOCALE_ATTRIBUTE, lang.locale());
    let mut html = shell_html.replacen("<html lang=\"en\">", &format!("<html lang=\"{}\" {locale}>", lang.code()), 1);
    if let Some(start) = start {
        use village_frontend::start::{elements_in, DRAWN_AT_ATTRIBUTE, DRAWN_ELEMENTS_ATTRIBUTE, SERVER_PAGE_ID};
        let carried = start.elements();
        // One time for the drawing's key and for the page's word of when it was drawn.
        let now = village_frontend::clock::now();
        let body = drawing(req, start, &carried, &shell_html, now).await?;
        let (at, elements) = (now.timestamp_millis(), elements_in(&body));
        let drawn_in = format!("<div id=\"{SERVER_PAGE_ID}\" {DRAWN_AT_ATTRIBUTE}=\"{at}\" {DRAWN_ELEMENTS_ATTRIBUTE}=\"{elements}\">");
        html = html.replacen("<body>", &format!("<body>{drawn_in}{body}</div>{carried}"), 1);
    }
    if let Some(title) = title {
        html = html
            .replacen("<title>Village</title>", &format!("<title>{}</title>", escape(&title)), 1)
            // The page's own description replaces the app's.
            .replacen("<meta name=\"description\"", "<meta name=\"x-app-description\"", 1);
    }
    html = html.replacen("</head>", &format!("{head}</head>"), 1);
    let mut response = Response::ok(html)?.with_status(status);
    for (name, value) in shell.headers().entries() {
        if name != "content-length" && name != "etag" {
            response.headers_mut().set(&name, &value)?;
        }
    }
    let headers = response.headers_mut();
    headers.set("Content-Type", "text/html; charset=utf-8")?;
    // Drawn for one reader's language: no shared cache keeps it.
    headers.set("Cache-Control", "private, no-cache")?;
    headers.set("Vary", "Accept-Language, Cookie")?;
    Ok(response)
}

/// The app drawn from `start`. A public page is drawn once per change of what it shows, not
/// once per reader: its drawing is kept in the data centre's cache under a digest of all it
/// depends on — the app's build (the shell names its files by their hashes), what the page
/// carries (`carried`) and the time's part (`start::drawn_at`) — so a change is a new key and
/// nothing is ever purged. A page of one reader's own is drawn each time and kept nowhere. The
/// cache is a saving only: when it fails, the page is drawn.
async fn drawing(req: &Request, start: PageStart, carried: &str, shell: &str, now: DateTime<Utc>) -> Result<String> {
    let Some(at) = village_frontend::start::drawn_at(&start, now) else {
        return Ok(draw(start).await);
    };
    let mut key = req.url()?;
    key.set_path(&format!("/drawings/{}", crate::tokens::digest(&[shell, carried, &at].concat())));
    key.set_query(None);
    // A cache of their own, apart from the zone's.
    let cache = worker::Cache::open("drawings".to_string()).await;
    crate::cost::count(|c| c.cache_calls += 1);
    if let Ok(Some(mut kept)) = cache.get(key.as_str(), false).await {
        if let Ok(body) = kept.text().await {
            return Ok(body);
        }
    }
    let body = draw(start).await;
    let mut kept = Response::ok(body.clone())?;
    // The key changes with the page; the age only bounds how long an unread drawing is kept.
    kept.headers_mut().set("Cache-Control", "public, max-age=86400")?;
    crate::cost::count(|c| c.cache_calls += 1);
    if let Err(e) = cache.put(key.as_str(), kept).await {
        worker::console_error!("keeping a drawing: {e}");
    }
    Ok(body)
}

async fn draw(start: PageStart) -> String {
    crate::cost::count(|c| c.renders += 1);
    village_frontend::start::render(start).await
}
