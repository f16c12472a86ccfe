//! What the network reads: the overview, the incentives and subscriber exports, the audit log
//! and the outbox.

use worker::{Request, Response, Result};

use village_shared::api::admin::AuditAnswer;
use village_shared::api::ErrorCode;
use village_shared::model::{AdminUser, Message};
use village_shared::rules::progress::{overview as summarize, progress};

use super::{audit, csv, roster};
use crate::clock::now;
use crate::outbox;
use crate::routes::{error, json, Ctx};
use crate::store::{AuditFilter, Store};

/// Every group with its roster snapshot (one object call per group).
async fn every_group(
    ctx: &Ctx,
) -> Result<Vec<(village_shared::model::Group, village_shared::api::seat_protocol::RosterSnapshot)>> {
    let mut out = Vec::new();
    for group in Store::from_env(&ctx.env)?.groups().await? {
        out.extend(roster::load(ctx, &group.id).await?);
    }
    Ok(out)
}

/// `GET /api/admin/overview`.
pub async fn overview(ctx: &Ctx) -> Result<Response> {
    let groups = every_group(ctx).await?;
    let subscribers = Store::from_env(&ctx.env)?.subscriber_facts().await?;
    json(200, &summarize(&groups, &subscribers, now()))
}

/// `GET /api/admin/incentives.csv`: everyone who completed a group, what is owed and given.
pub async fn incentives_csv(ctx: &Ctx) -> Result<Response> {
    let groups = every_group(ctx).await?;
    let people: Vec<_> = groups.iter().map(|(g, snapshot)| (g, progress(g, snapshot))).collect();
    let rows: Vec<_> = people.iter().flat_map(|(g, people)| people.iter().map(move |p| (*g, p))).collect();
    csv(village_shared::export::incentives_csv(&rows), "incentives.csv")
}

/// `GET /api/admin/subscribers.csv`: the updates list.
pub async fn subscribers_csv(ctx: &Ctx) -> Result<Response> {
    let mut subscribers: Vec<_> =
        Store::from_env(&ctx.env)?.subscribers().await?.into_iter().map(|s| s.subscriber).collect();
    subscribers.sort_by_key(|s| s.created_at);
    csv(village_shared::export::subscribers_csv(&subscribers), "subscribers.csv")
}

/// `GET /api/admin/audit?who=&action=&target=`: newest first, at most 500.
pub async fn audit_log(ctx: &Ctx, req: &Request) -> Result<Response> {
    let mut filter = AuditFilter::default();
    for (key, value) in req.url()?.query_pairs() {
        match key.as_ref() {
            "who" => filter.who = value.into_owned(),
            "action" => filter.action = value.into_owned(),
            "target" => filter.target = value.into_owned(),
            _ => {}
        }
    }
    let entries = Store::from_env(&ctx.env)?.audit_matching(&filter, 500).await?;
    json(200, &AuditAnswer { entries })
}

/// `GET /api/admin/outbox`: every message with its delivery state, oldest first.
/// The newest 500 (the list reads oldest first).
pub async fn outbox(ctx: &Ctx) -> Result<Response> {
    let messages: Vec<Message> =
        Store::from_env(&ctx.env)?.newest_messages(500).await?.iter().map(Message::without_links).collect();
    json(200, &serde_json::json!({ "messages": messages }))
}

/// `POST /api/admin/outbox/{id}/resend`: try a message again (e.g. after fixing the email API).
pub async fn resend(ctx: &Ctx, by: &AdminUser, id: &str) -> Result<Response> {
    // An erased person's messages are blank and addressed to no one.
    let erased = Store::from_env(&ctx.env)?.message(id).await?.is_some_and(|m| m.to.starts_with("erased:"));
    if erased {
        return error(ErrorCode::NotFound, ctx.lang);
    }
    let Some((before, after)) = outbox::resend(&ctx.env, id).await? else {
        return error(ErrorCode::NotFound, ctx.lang);
    };
    let state = |m: &Message| serde_json::json!({ "status": m.status, "attempts": m.attempts });
    audit(ctx, by, "message.resend", &format!("message:{id}"), state(&before), state(&after)).await?;
    json(200, &serde_json::json!({ "message": after.without_links() }))
}
