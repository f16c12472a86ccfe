//! Development-only routes (`VILLAGE_ENV=development`, set by `cargo xtask dev` and the test
//! harness, never in `wrangler.toml`): seeding groups and people's attendance histories until
//! the admin dashboard and attendance-taking exist.
//! Elsewhere these paths answer `404` like any unknown path.

use worker::{Request, Response, Result};

use crate::zones::is_known_zone;
use village_shared::api::seat_protocol::{CapacityReply, CatalogueCommand, SeatCommand};
use village_shared::api::{group_problems, FieldMessage};
use village_shared::model::Group;

use super::respond::{field_errors, read_json, read_json_any};
use super::{json, Ctx};
use crate::objects;
use crate::store::Store;
use village_shared::rules::eligibility::Participation;
use village_shared::rules::identity::normalize_email;

/// `PUT /api/dev/groups/{id}`: create or replace a group, set its seats, list it.
pub async fn put_group(ctx: &Ctx, id: &str, req: &mut Request) -> Result<Response> {
    let body = match read_json(req, ctx.lang).await? {
        Ok(body) => body,
        Err(response) => return Ok(response),
    };
    let group: Group = match serde_json::from_value(body) {
        Ok(group) => group,
        Err(e) => return field_errors(vec![FieldMessage { field: "group".into(), message: e.to_string() }], ctx.lang),
    };
    let mut problems = group_problems(&group);
    if group.id != id {
        problems.push("id: must match the path".into());
    }
    if !is_known_zone(&group.time_zone) {
        problems.push("time_zone: not an IANA zone".into());
    }
    if !problems.is_empty() {
        let fields = problems.into_iter().map(|message| FieldMessage { field: "group".into(), message }).collect();
        return field_errors(fields, ctx.lang);
    }
    Store::from_env(&ctx.env)?.put_group(&group).await?;
    let command = SeatCommand::SetCapacity { group_id: group.id.clone(), capacity: group.capacity };
    let reply: CapacityReply = objects::group_seats(&ctx.env, &group.id, &command).await?;
    objects::catalogue_index(&ctx.env, &CatalogueCommand::Group { group: group.clone() }).await?;
    json(200, &serde_json::json!({ "group": group, "seats": reply.count }))
}

/// `PUT /api/dev/groups/{id}/private`: the meeting link or address of a group.
pub async fn put_group_private(ctx: &Ctx, id: &str, req: &mut Request) -> Result<Response> {
    let body = match read_json(req, ctx.lang).await? {
        Ok(body) => body,
        Err(response) => return Ok(response),
    };
    let private: village_shared::model::GroupPrivate = match serde_json::from_value(body) {
        Ok(private) => private,
        Err(e) => {
            return field_errors(vec![FieldMessage { field: "private".into(), message: e.to_string() }], ctx.lang)
        }
    };
    Store::from_env(&ctx.env)?.put_group_private(id, &private).await?;
    json(200, &private)
}

/// `PUT /api/dev/history/{email}`: replace what a person has attended and completed.
pub async fn put_history(ctx: &Ctx, email: &str, req: &mut Request) -> Result<Response> {
    let body = match read_json_any(req, ctx.lang).await? {
        Ok(body) => body,
        Err(response) => return Ok(response),
    };
    let history: Vec<Participation> = match serde_json::from_value(body) {
        Ok(history) => history,
        Err(e) => {
            return field_errors(vec![FieldMessage { field: "history".into(), message: e.to_string() }], ctx.lang)
        }
    };
    let email = normalize_email(&percent_decode(email));
    Store::from_env(&ctx.env)?.put_history(&email, &history).await?;
    json(200, &serde_json::json!({ "email": email, "history": history }))
}

/// `GET /api/dev/outbox[?to=email]`: the local delivery — every message, newest first.
pub async fn outbox(ctx: &Ctx, req: &Request) -> Result<Response> {
    let to = req.url()?.query_pairs().find(|(k, _)| k == "to").map(|(_, v)| normalize_email(&v));
    let mut messages = Store::from_env(&ctx.env)?.messages(2_000).await?;
    messages.retain(|m| to.as_ref().is_none_or(|to| &m.to == to));
    messages.reverse();
    json(200, &serde_json::json!({ "messages": messages }))
}

/// `%40` → `@` and friends: emails arrive as a path segment.
fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
