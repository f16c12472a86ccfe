//! The signposting directory for everyone (`shared::rules::directory`): a page of the services
//! still checked within a year, searched, filtered and nearest first; one entry; and "Is this
//! still right?", which lands in the leaders' queue.

use worker::{Request, Result};

use village_shared::api::directory::{DirectoryAnswer, EntryAnswer, ListedEntry, ReportBody, ReportReceived};
use village_shared::api::oruk::page_of;
use village_shared::api::ErrorCode;
use village_shared::messages::{compose_team, TeamFacts};
use village_shared::model::{DirectoryEntry, DirectoryReport, GeoPoint, MessageKind, ServiceCategory, TeamContact, Verdict};
use village_shared::rules::directory::{freshness, is_public, order, report_note, tells_steward, Search, REPORTS_PER_ENTRY};

use super::respond::{cursor, read_json};
use super::{json, refused, refused_fields, Answer, Ctx, Problem};
use crate::clock::now;
use crate::store::Store;

/// `GET /api/directory?q=&category=&area=&language=&near=&cursor=`: one listing page, what the
/// public may see of it, narrowed and ordered.
pub async fn page(ctx: &Ctx, req: &Request) -> Answer {
    let url = req.url()?;
    let param = |name: &str| url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned()).unwrap_or_default();
    let search = Search {
        text: param("q"),
        category: ServiceCategory::from_code(&param("category")),
        area: param("area"),
        language: param("language"),
    };
    let from = near(ctx, &param("near")).await;
    let today = now().date_naive();
    let size = crate::limits::limits(&ctx.env).directory_page_size;
    let (summaries, next) = Store::from_env(&ctx.env)?.directory_page(cursor(req)?, size).await?;
    let public: Vec<_> = summaries.into_iter().filter(|e| is_public(e.retired, e.checked_on, today)).collect();
    let mut areas: Vec<String> = public.iter().map(|e| e.area.clone()).collect();
    let mut languages: Vec<String> = public.iter().flat_map(|e| e.languages.clone()).collect();
    for list in [&mut areas, &mut languages] {
        list.sort();
        list.dedup();
    }
    let mut found: Vec<_> = public.into_iter().filter(|e| search.matches(e)).collect();
    order(&mut found, from, ctx.lang);
    let entries = found
        .into_iter()
        .map(|entry| ListedEntry::of(entry, today, from))
        .collect();
    json(200, &DirectoryAnswer { entries, areas, languages, next })
}

/// `near=`: "lat,lon" from the phone, or a ZIP or UK postcode (its table, one fetch).
async fn near(ctx: &Ctx, near: &str) -> Option<GeoPoint> {
    match GeoPoint::parse(near) {
        Some(point) => Some(point),
        None => crate::places::point_of(&ctx.env, near).await,
    }
}

/// The entry, if the public may see it today.
async fn public_entry(store: &Store, id: &str) -> Result<Option<DirectoryEntry>> {
    let today = now().date_naive();
    Ok(store.directory_entry(id).await?.filter(|e| is_public(e.retired, e.checked_on, today)))
}

/// Services on one page of the Open Referral UK export: one listing and a read each, within a
/// public request's fifty KV operations.
const EXPORT_PAGE: u64 = 40;

/// `GET /api/open-referral/services?cursor=`: the public directory given back as Open Referral
/// UK publishes it (what families may see: nothing retired or unchecked for a year), a page at a
/// time; `X-Next-Cursor` pages on.
pub async fn open_referral(ctx: &Ctx, req: &Request) -> Answer {
    let asked = cursor(req)?;
    let today = now().date_naive();
    let public = |e: &village_shared::api::directory::EntrySummary| is_public(e.retired, e.checked_on, today);
    let (entries, next) = Store::from_env(&ctx.env)?.directory_entries(asked.clone(), EXPORT_PAGE, public).await?;
    let mut response = json::<_, Problem>(200, &page_of(&entries, asked.is_none(), next.is_none()))?;
    if let Some(next) = next {
        response.headers_mut().set("X-Next-Cursor", &next)?;
    }
    Ok(response)
}

/// `GET /api/directory/{id}`: one entry, if the public may see it.
pub async fn entry(ctx: &Ctx, id: &str) -> Answer {
    match public_entry(&Store::from_env(&ctx.env)?, id).await? {
        Some(entry) => json(200, &EntryAnswer { freshness: freshness(entry.checked_on, now().date_naive()), entry }),
        None => Err(refused(ErrorCode::EntryNotFound, ctx.lang)),
    }
}

/// `POST /api/directory/{id}/reports {"verdict", "note"?}` → `202`: anonymous, counted against
/// the client like every public write.
/// A report on an entry, to the one who last vouched for it, in their language.
async fn tell_steward(ctx: &Ctx, entry: &DirectoryEntry, to: &TeamContact, verdict: Verdict, note: Option<&str>) -> Result<()> {
    let lang = to.language;
    let said = note.map(|n| format!("{} «{n}»", verdict.said(lang))).unwrap_or_else(|| verdict.said(lang).to_string());
    let facts = TeamFacts {
        about: entry.service.name.get(lang).to_string(),
        families: vec![],
        task: None,
        when: None,
        weeks: None,
        report: Some(said),
        link: format!("{}/admin/directory?lang={}", super::public_url(&ctx.env), lang.code()),
    };
    let kind = MessageKind::DirectoryReported;
    crate::outbox::enqueue(&ctx.env, crate::outbox::new_message(&to.email, lang, kind, None, compose_team(kind, lang, &facts))).await
}

pub async fn report(ctx: &Ctx, id: &str, req: &mut Request) -> Answer {
    crate::limits::public_write(&ctx.env, &ctx.client, None, ctx.lang).await?;
    let body = serde_json::from_value::<ReportBody>(read_json(req, ctx.lang).await?)
        .map_err(|_| refused(ErrorCode::MalformedJson, ctx.lang))?;
    let note = match report_note(body.note.as_deref(), ctx.lang) {
        Ok(note) => note,
        Err(problem) => return Err(refused_fields(vec![problem], ctx.lang)),
    };
    let store = Store::from_env(&ctx.env)?;
    let Some(entry) = public_entry(&store, id).await? else {
        return Err(refused(ErrorCode::EntryNotFound, ctx.lang));
    };
    // Enough people have said so already: the leaders have it in their queue.
    let waiting = store.directory_reports_waiting(&entry.id, REPORTS_PER_ENTRY as u64).await?;
    if waiting >= REPORTS_PER_ENTRY {
        return Err(refused(ErrorCode::TooManyRequests, ctx.lang));
    }
    // The first change or closure reported since the entry was last vouched for tells whoever
    // vouched, if they still sign in, within the mail limits (the rest wait with it in the
    // queue). Marked told first, then recorded in the outbox, then the report is stored: at
    // most one message per vouching, even when a later step fails and the report is retried.
    let steward = store.directory_steward(&entry.id).await?.filter(|s| tells_steward(body.verdict, s.told));
    if let Some(mut steward) = steward {
        let user = store.admin_user(&steward.who.email).await?;
        if user.is_some_and(|u| !u.revoked) && crate::limits::may_mail(&ctx.env, &ctx.client, &steward.who.email).await? {
            steward.told = true;
            store.put_directory_steward(&entry.id, &steward).await?;
            tell_steward(ctx, &entry, &steward.who, body.verdict, note.as_deref()).await?;
        }
    }
    let at = now();
    let report = DirectoryReport {
        id: crate::tokens::newest_first_id(at),
        entry: entry.id,
        verdict: body.verdict,
        note,
        at,
        language: ctx.lang,
    };
    store.put_directory_report(&report).await?;
    json(202, &ReportReceived { received: true })
}
