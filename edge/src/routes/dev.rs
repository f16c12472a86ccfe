//! Development-only routes (`VILLAGE_ENV=development`, set by `cargo xtask dev` and the test
//! harness, never in `wrangler.toml`): seeding groups and people's attendance histories until
//! the admin dashboard and attendance-taking exist.
//! Elsewhere these paths answer `404` like any unknown path.

use worker::Request;

use village_shared::api::FieldMessage;
use village_shared::model::Group;

use super::respond::{percent_decode, read_json, read_json_any};
use super::{json, refused_fields, Answer, Ctx};
use crate::store::Store;
use village_shared::rules::eligibility::Participation;
use village_shared::rules::identity::normalize_email;

/// `PUT /api/dev/groups/{id}`: create or replace a group, set its seats, list it.
pub async fn put_group(ctx: &Ctx, id: &str, req: &mut Request) -> Answer {
    let body = read_json(req, ctx.lang).await?;
    let mut group: Group = match serde_json::from_value(body) {
        Ok(group) => group,
        Err(e) => return Err(refused_fields(vec![FieldMessage { field: "group".into(), message: e.to_string() }], ctx.lang)),
    };
    if group.id != id {
        return Err(refused_fields(
            vec![FieldMessage { field: "id".into(), message: "must match the path".into() }],
            ctx.lang,
        ));
    }
    let reply = super::groups::save(ctx, &mut group, None).await?;
    json(200, &serde_json::json!({ "group": group, "seats": reply.count }))
}

/// `PUT /api/dev/groups/{id}/private`: the meeting link or address of a group.
pub async fn put_group_private(ctx: &Ctx, id: &str, req: &mut Request) -> Answer {
    let body = read_json(req, ctx.lang).await?;
    let private: village_shared::model::GroupPrivate = match serde_json::from_value(body) {
        Ok(private) => private,
        Err(e) => {
            return Err(refused_fields(vec![FieldMessage { field: "private".into(), message: e.to_string() }], ctx.lang))
        }
    };
    Store::from_env(&ctx.env)?.put_group_private(id, &private).await?;
    json(200, &private)
}

/// `PUT /api/dev/history/{email}`: replace what a person has attended and completed.
pub async fn put_history(ctx: &Ctx, email: &str, req: &mut Request) -> Answer {
    let body = read_json_any(req, ctx.lang).await?;
    let history: Vec<Participation> = match serde_json::from_value(body) {
        Ok(history) => history,
        Err(e) => {
            return Err(refused_fields(vec![FieldMessage { field: "history".into(), message: e.to_string() }], ctx.lang))
        }
    };
    let email = normalize_email(&percent_decode(email));
    Store::from_env(&ctx.env)?.put_history(&email, &history).await?;
    json(200, &serde_json::json!({ "email": email, "history": history }))
}

/// `GET /api/dev/outbox[?to=email]`: the local delivery — the newest 1,000 messages (or all of
/// one person's), newest first.
pub async fn outbox(ctx: &Ctx, req: &Request) -> Answer {
    let to = req.url()?.query_pairs().find(|(k, _)| k == "to").map(|(_, v)| normalize_email(&v));
    let store = Store::from_env(&ctx.env)?;
    let mut messages = match &to {
        Some(to) => store.messages_to(to, &store.filed(to).await?).await?,
        None => store.messages_page(None, 1_000).await?.items,
    };
    messages.sort_by_key(|m| std::cmp::Reverse(m.created_at));
    json(200, &serde_json::json!({ "messages": messages }))
}

/// `GET /api/dev/kv?contains=text`: every KV key whose name or value contains the text (tests
/// prove an erasure with it).
pub async fn kv_search(ctx: &Ctx, req: &Request) -> Answer {
    let needle = req.url()?.query_pairs().find(|(k, _)| k == "contains").map(|(_, v)| v.into_owned());
    let Some(needle) = needle.filter(|n| n.len() >= 3) else {
        return Err(refused_fields(
            vec![FieldMessage { field: "contains".into(), message: "3 characters or more".into() }],
            ctx.lang,
        ));
    };
    json(200, &serde_json::json!({ "keys": Store::from_env(&ctx.env)?.keys_containing(&needle).await? }))
}

/// `POST /api/dev/groups/{id}/faults {"follow_up_failures": n, "command_failures": m}`: the
/// group's object fails its next `n` follow-ups after a commit (as a KV refusal or an eviction
/// would) and its next `m` commands, so tests can show that what a commit owes is done by the
/// object's alarm anyway, and what a failure answers and logs.
pub async fn inject_faults(ctx: &Ctx, id: &str, req: &mut Request) -> Answer {
    use village_shared::api::seat_protocol::SeatCommand;
    let body = read_json(req, ctx.lang).await?;
    let number = |field: &str| body.get(field).and_then(|n| n.as_u64()).unwrap_or(0) as u32;
    let (follow_ups, commands) = (number("follow_up_failures"), number("command_failures"));
    let _: serde_json::Value =
        crate::objects::group_seats(&ctx.env, id, &SeatCommand::InjectFaults { follow_ups, commands }).await?;
    json(200, &serde_json::json!({ "follow_up_failures": follow_ups, "command_failures": commands }))
}

/// `POST /api/dev/bulk` (a `shared::api::dev::Bulk`, any size): a large network written through
/// the store's own writers, so its keys, values and indexes are exactly what real traffic
/// leaves (`cargo xtask seed --scale`, the bench's scale run).
pub async fn bulk(ctx: &Ctx, req: &mut Request) -> Answer {
    use village_shared::api::seat_protocol::{CatalogueCommand, SeatCommand};
    let bulk: village_shared::api::dev::Bulk = match serde_json::from_slice(&req.bytes().await?) {
        Ok(bulk) => bulk,
        Err(e) => return Err(refused_fields(vec![FieldMessage { field: "bulk".into(), message: e.to_string() }], ctx.lang)),
    };
    let store = Store::from_env(&ctx.env)?;
    for entry in &bulk.groups {
        store.put_group(&entry.group).await?;
        let group_id = entry.group.id.clone();
        let command = SeatCommand::JoinMany { group_id: group_id.clone(), capacity: entry.group.capacity, people: entry.people.clone() };
        let _: u32 = crate::objects::group_seats(&ctx.env, &group_id, &command).await?;
        crate::objects::catalogue_index(&ctx.env, &CatalogueCommand::Group { group: entry.group.clone() }).await?;
    }
    for subscriber in bulk.subscribers {
        let stored = crate::store::StoredSubscriber {
            subscriber,
            confirm_token: crate::tokens::new_secret(),
            unsubscribe_token: crate::tokens::new_secret(),
        };
        store.put_subscriber(&stored).await?;
    }
    for mut message in bulk.messages {
        message.id = crate::tokens::newest_first_id(message.created_at);
        store.put_message(&message, true).await?;
    }
    for mut entry in bulk.audit {
        entry.id = crate::tokens::newest_first_id(entry.at);
        store.put_audit(&entry).await?;
    }
    json(200, &serde_json::json!({ "ok": true }))
}

/// `GET /api/dev/limiter?key=ip:127.0.0.1`: whether any window is kept for a counted key, and
/// in which object (tests see a key forgotten once its windows end).
pub async fn limiter(ctx: &Ctx, req: &Request) -> Answer {
    use village_shared::rules::limits::LimitCommand;
    let key = req.url()?.query_pairs().find(|(k, _)| k == "key").map(|(_, v)| v.into_owned()).unwrap_or_default();
    let kept: bool = crate::objects::limiter(&ctx.env, &LimitCommand::Kept { key: key.clone() }).await?;
    json(200, &serde_json::json!({ "key": key, "object": crate::objects::limiter_shard(&key), "kept": kept }))
}

/// `PUT /api/dev/clock {"ahead_days": n}`: the development clock runs `n` days (a fraction
/// is fine; 0 puts it back) ahead of the real time, for the Worker and every object it calls;
/// `GET` answers `{"now", "ahead_days"}`. To try an election's close or a term's end.
pub async fn clock(ctx: &Ctx, req: &mut Request, set: bool) -> Answer {
    if set {
        let body = read_json(req, ctx.lang).await?;
        let Some(days) = body.get("ahead_days").and_then(serde_json::Value::as_f64).filter(|d| d.is_finite()) else {
            let message = "a number of days".to_string();
            return Err(refused_fields(vec![FieldMessage { field: "ahead_days".into(), message }], ctx.lang));
        };
        crate::clock::set_offset_ms((days * 86_400_000.0) as i64);
    }
    let ahead_days = crate::clock::offset_ms() as f64 / 86_400_000.0;
    json(200, &serde_json::json!({ "now": crate::clock::now(), "ahead_days": ahead_days }))
}

/// `PUT /api/dev/directory/{id}`: store a directory entry as given, its check date included
/// (seeding and tests need entries checked months ago).
pub async fn put_directory_entry(ctx: &Ctx, id: &str, req: &mut Request) -> Answer {
    let body = read_json(req, ctx.lang).await?;
    let mut entry: village_shared::model::DirectoryEntry = match serde_json::from_value(body) {
        Ok(entry) => entry,
        Err(e) => return Err(refused_fields(vec![FieldMessage { field: "entry".into(), message: e.to_string() }], ctx.lang)),
    };
    let mut problems = village_shared::rules::directory::entry_problems(&entry.service, ctx.lang);
    if entry.id != id || !village_shared::rules::directory::is_entry_id(id) {
        problems.push(FieldMessage { field: "id".into(), message: "must match the path".into() });
    }
    if !problems.is_empty() {
        return Err(refused_fields(problems, ctx.lang));
    }
    crate::places::place(&ctx.env, &mut entry.service).await;
    crate::store::Store::from_env(&ctx.env)?.put_directory_entry(&entry).await?;
    json(200, &entry)
}
