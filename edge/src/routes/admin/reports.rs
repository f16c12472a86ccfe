//! What the network reads: the overview, the incentives and subscriber exports, the audit log
//! and the outbox.

use worker::Request;

use village_shared::api::admin::{AuditAnswer, OutboxAnswer, NEXT_PAGE_HEADER};
use village_shared::api::paging::{offset, offset_page};
use village_shared::api::ErrorCode;
use village_shared::model::{AdminUser, AuditTarget, Message, TargetKind};
use village_shared::rules::progress::{progress, subscriber_totals};

use super::{audit, csv, roster};
use crate::clock::now;
use crate::outbox;
use crate::routes::respond::cursor;
use crate::routes::{json, refused, Answer, Ctx};
use crate::store::{AuditFilter, Store};

/// A paged CSV: the page's rows, and where the next page starts in [`NEXT_PAGE_HEADER`].
fn csv_page(body: String, filename: &str, next: Option<String>) -> Answer {
    let mut response = csv(body, filename)?;
    if let Some(next) = next {
        response.headers_mut().set(NEXT_PAGE_HEADER, &next)?;
    }
    Ok(response)
}

/// `GET /api/admin/overview`: the running groups' part kept up to date by the catalogue object
/// (one call), the updates list's counted from what is listed beside its keys.
pub async fn overview(ctx: &Ctx) -> Answer {
    let mut overview = crate::objects::overview(&ctx.env).await?;
    let subscribers = Store::from_env(&ctx.env)?.subscriber_facts().await?;
    overview.subscribers = subscriber_totals(&subscribers, now());
    json(200, &overview)
}

/// `GET /api/admin/incentives.csv?cursor=`: everyone who completed a group, what is owed and
/// given; a page covers `page_size` groups (any state: an archived group's stipends may still
/// be owed), the header row on the first page only.
pub async fn incentives_csv(ctx: &Ctx, req: &Request) -> Answer {
    let from = offset(cursor(req)?.as_deref());
    let size = crate::limits::limits(&ctx.env).page_size as usize;
    let listing = Store::from_env(&ctx.env)?.group_listing().await?;
    let (page, next) = offset_page(listing, from, size);
    let mut groups = Vec::new();
    for (id, _) in &page {
        groups.extend(roster::load(ctx, id).await?);
    }
    let people: Vec<_> = groups.iter().map(|(g, snapshot)| (g, progress(g, snapshot))).collect();
    let rows: Vec<_> = people.iter().flat_map(|(g, people)| people.iter().map(move |p| (*g, p))).collect();
    let mut body = village_shared::export::incentives_csv(&rows);
    if from > 0 {
        body = without_header(body);
    }
    csv_page(body, "incentives.csv", next)
}

/// `GET /api/admin/subscribers.csv?cursor=`: the updates list, `export_page_size` rows a page,
/// the header row on the first page only.
pub async fn subscribers_csv(ctx: &Ctx, req: &Request) -> Answer {
    let cursor = cursor(req)?;
    let first = cursor.is_none();
    let size = crate::limits::limits(&ctx.env).export_page_size as u64;
    let page = Store::from_env(&ctx.env)?.subscribers_page(cursor, size).await?;
    let subscribers: Vec<_> = page.items.into_iter().map(|s| s.subscriber).collect();
    let mut body = village_shared::export::subscribers_csv(&subscribers);
    if !first {
        body = without_header(body);
    }
    csv_page(body, "subscribers.csv", page.next)
}

/// A later page of an export: its rows without the header line.
fn without_header(body: String) -> String {
    body.split_once('\n').map(|(_, rows)| rows.to_string()).unwrap_or_default()
}

/// `GET /api/admin/audit?who=&action=&target=&cursor=`: newest first, a page at a time.
pub async fn audit_log(ctx: &Ctx, req: &Request) -> Answer {
    let mut filter = AuditFilter::default();
    for (key, value) in req.url()?.query_pairs() {
        match key.as_ref() {
            "who" => filter.who = value.into_owned(),
            "action" => filter.action = value.into_owned(),
            "target" => filter.target = value.into_owned(),
            _ => {}
        }
    }
    let size = crate::limits::limits(&ctx.env).page_size as usize;
    let page = Store::from_env(&ctx.env)?.audit_page(&filter, cursor(req)?, size).await?;
    json(200, &AuditAnswer { entries: page.items, next: page.next })
}

/// `GET /api/admin/outbox?cursor=`: messages newest first, a page at a time, without links.
pub async fn outbox(ctx: &Ctx, req: &Request) -> Answer {
    let size = crate::limits::limits(&ctx.env).page_size as u64;
    let page = Store::from_env(&ctx.env)?.messages_page(cursor(req)?, size).await?;
    let messages = page.items.iter().map(Message::without_links).collect();
    json(200, &OutboxAnswer { messages, next: page.next })
}

/// `POST /api/admin/outbox/{id}/resend`: try a message again (e.g. after fixing the email API).
pub async fn resend(ctx: &Ctx, by: &AdminUser, id: &str) -> Answer {
    // An erased person's messages are blank and addressed to no one.
    let erased = Store::from_env(&ctx.env)?.message(id).await?.is_some_and(|m| m.to.starts_with("erased:"));
    if erased {
        return Err(refused(ErrorCode::NotFound, ctx.lang));
    }
    let Some((before, after)) = outbox::resend(&ctx.env, id).await? else {
        return Err(refused(ErrorCode::NotFound, ctx.lang));
    };
    let state = |m: &Message| serde_json::json!({ "status": m.status, "attempts": m.attempts });
    audit(ctx, by, "message.resend", &AuditTarget::of(TargetKind::Message, id), state(&before), state(&after)).await?;
    json(200, &village_shared::api::admin::Resent { message: after.without_links() })
}
