//! The public pages, `/` and `/groups/{id}`, rendered here with the app's own components
//! (`village_frontend::start::render`) so they arrive ready: readable before the app loads,
//! without it, and by whatever reads a shared link. The page carries what it was rendered from
//! (`PageStart`), and the app's first render starts there.

use village_shared::api::PageStart;
use village_shared::rules::finding::Filters;
use village_shared::seo::{escape, GroupCard};
use village_shared::Language;
use worker::{Request, Response, Result};

use super::groups::{load_catalogue, load_detail};
use super::{public_url, Ctx};

/// `/`: the catalogue's first page for the address's filters, the app's own (`Filters`: what
/// the page shows as chosen), read as the app asks the API for them; day and time on UTC's
/// clock, where the app asks again on the reader's.
pub async fn catalogue(ctx: &Ctx, req: &Request) -> Result<Response> {
    let url = req.url()?;
    let asked: Vec<(String, String)> = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let filters = Filters::from_pairs(asked.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let pairs: Vec<(String, String)> = filters.to_pairs().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    let catalogue = load_catalogue(ctx, &pairs).await?;
    let start = PageStart { catalogue: Some(catalogue), ..start_of(req, ctx.lang)? };
    let shell = shell(req, ctx).await?;
    page(shell, ctx.lang, Some(start), None, "", 200).await
}

/// `/groups/{id}`: the group's page, with what a shared link's card and a search engine read in
/// its head (`shared::seo::GroupCard`: title, description, canonical and language alternates,
/// Open Graph, schema.org). A draft or unknown id gets the app's "not found" with `noindex`.
pub async fn group(ctx: &Ctx, req: &Request, id: &str) -> Result<Response> {
    let shell = shell(req, ctx).await?;
    let Some(detail) = load_detail(ctx, id).await? else {
        // The app says it is not found (nothing rendered names the id).
        return page(shell, ctx.lang, None, None, "<meta name=\"robots\" content=\"noindex\" />", 404).await;
    };
    let group = &detail.group;
    let when = group.first_session().map(|s| crate::zones::format_in_zone(s.starts_at, &group.time_zone, ctx.lang));
    let card = GroupCard { group, seats_left: detail.seats_left, when, lang: ctx.lang, base: &public_url(&ctx.env) };
    // What each programme a prerequisite names is called: the page of its groups.
    let programmes = if group.prerequisites.is_empty() {
        None
    } else {
        let pairs: Vec<(String, String)> =
            group.prerequisites.iter().map(|p| ("program".to_string(), p.program().to_string())).collect();
        Some(load_catalogue(ctx, &pairs).await?)
    };
    let start = PageStart { group: Some(detail.clone()), programmes, ..start_of(req, ctx.lang)? };
    page(shell, ctx.lang, Some(start), Some(card.title()), &card.head(), 200).await
}

/// The page's address and language, before what it shows.
fn start_of(req: &Request, lang: Language) -> Result<PageStart> {
    let url = req.url()?;
    Ok(PageStart {
        path: url.path().to_string(),
        search: url.query().map(|q| format!("?{q}")).unwrap_or_default(),
        lang,
        catalogue: None,
        group: None,
        programmes: None,
    })
}

/// The app's page (`index.html` from the assets, with its headers).
async fn shell(req: &Request, ctx: &Ctx) -> Result<Response> {
    let mut url = req.url()?;
    url.set_path("/index.html");
    url.set_query(None);
    ctx.env.assets("ASSETS")?.fetch(url.to_string(), None).await
}

/// The shell in `lang`, with the app rendered from `start` in its body and `start` beside it,
/// the page's own title when it has one, and `head` added to its head.
async fn page(
    mut shell: Response,
    lang: Language,
    start: Option<PageStart>,
    title: Option<String>,
    head: &str,
    status: u16,
) -> Result<Response> {
    let mut html = shell.text().await?.replacen("<html lang=\"en\">", &format!("<html lang=\"{}\">", lang.code()), 1);
    if let Some(start) = start {
        let carried = start.elements();
        let body = village_frontend::start::render(start).await;
        let id = village_frontend::start::SERVER_PAGE_ID;
        html = html.replacen("<body>", &format!("<body><div id=\"{id}\">{body}</div>{carried}"), 1);
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
