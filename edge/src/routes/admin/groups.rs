//! Groups in the dashboard: list, create, edit, duplicate for next term, publish / unpublish /
//! archive. Every write goes through `routes::groups::save` (validation, seats, catalogue).

use worker::Request;

use village_shared::api::admin::{AdminGroup, DuplicateRequest, GroupForm, GroupList, StatusChange};
use village_shared::api::seat_protocol::{RosterSnapshot, SeatCommand};
use village_shared::api::{ErrorCode, SeatCount};
use village_shared::model::{AdminUser, AuditTarget, Format, Group, GroupPrivate, Publication};
use village_shared::rules::access::{authorize, Decision, Scope};
use village_shared::rules::term::next_term;

use super::{audit, read_body};
use crate::objects;
use crate::routes::{json, refused, refused_fields, Answer, Ctx};
use crate::store::Store;

/// `GET /api/admin/groups?cursor=`: the groups this user may see, any state, with live seats,
/// a page at a time. The order comes from what is listed beside each key (state, first
/// session), so a page reads and asks about its own groups only.
pub async fn list(ctx: &Ctx, user: &AdminUser, req: &Request) -> Answer {
    let store = Store::from_env(&ctx.env)?;
    let mut listing: Vec<_> = store
        .group_listing()
        .await?
        .into_iter()
        .filter(|(id, _)| authorize(Some(user), Scope::Group(id), crate::clock::now()) == Decision::Allowed)
        .collect();
    // What needs attention first: drafts and open groups, soonest first; archived last.
    listing.sort_by_key(|(id, listed)| {
        let archived = listed.is_some_and(|l| l.status == Publication::Archived);
        (archived, listed.and_then(|l| l.starts), id.clone())
    });
    let from = village_shared::api::paging::offset(crate::routes::respond::cursor(req)?.as_deref());
    let size = crate::limits::limits(&ctx.env).page_size as usize;
    let (page, next) = village_shared::api::paging::offset_page(listing, from, size);
    let mut groups = Vec::new();
    for (id, _) in &page {
        let Some(group) = store.group(id).await? else { continue };
        let count: SeatCount = objects::group_seats(&ctx.env, id, &SeatCommand::Count).await?;
        groups.push(AdminGroup { group, count, private: None, revision: None });
    }
    json(200, &GroupList { groups, next })
}

/// `GET /api/admin/groups/{id}`: the group with its private details and seats.
pub async fn show(ctx: &Ctx, id: &str) -> Answer {
    let store = Store::from_env(&ctx.env)?;
    let Some(group) = store.group(id).await? else {
        return Err(refused(ErrorCode::GroupNotFound, ctx.lang));
    };
    let count: SeatCount = objects::group_seats(&ctx.env, id, &SeatCommand::Count).await?;
    let private = store.group_private_or_default(id).await?;
    let revision = Some(revision(&group, &private));
    json(200, &AdminGroup { group, count, private: Some(private), revision })
}

/// What the group's editable content was when an editor opened it: a digest of the group and
/// its private details. Left out: the publication state (publishing is not an edit) and the
/// map point, which follows from the ZIP and may be filled in by any later save.
fn revision(group: &Group, private: &GroupPrivate) -> String {
    let mut content = Group { status: Publication::Draft, ..group.clone() };
    if let Format::InPerson { point, .. } = &mut content.format {
        *point = None;
    }
    crate::tokens::digest(&serde_json::json!([content, private]).to_string())
}

/// `POST /api/admin/groups`: a new group, always a draft until published.
pub async fn create(ctx: &Ctx, by: &AdminUser, req: &mut Request) -> Answer {
    let mut form: GroupForm = read_body(ctx, req, "group").await?;
    if Store::from_env(&ctx.env)?.group(&form.group.id).await?.is_some() {
        return Err(refused(ErrorCode::GroupExists, ctx.lang));
    }
    form.group.status = Publication::Draft;
    let private = form.private.clone().unwrap_or_default();
    let reply = super::super::groups::save(ctx, &mut form.group, Some(&private)).await?;
    let target = AuditTarget::group(&form.group.id);
    audit(ctx, by, "group.create", &target, serde_json::Value::Null, serde_json::json!(form)).await?;
    json(201, &AdminGroup { group: form.group, count: reply.count, private: Some(private), revision: None })
}

/// `PUT /api/admin/groups/{id}`: edit. The state is changed only through `…/status`; a larger
/// capacity seats people from the waitlist (and tells them).
pub async fn update(ctx: &Ctx, by: &AdminUser, id: &str, req: &mut Request) -> Answer {
    let mut form: GroupForm = read_body(ctx, req, "group").await?;
    let store = Store::from_env(&ctx.env)?;
    let Some(before) = store.group(id).await? else {
        return Err(refused(ErrorCode::GroupNotFound, ctx.lang));
    };
    let private_before = store.group_private_or_default(id).await?;
    if form.revision.as_ref().is_some_and(|seen| *seen != revision(&before, &private_before)) {
        return Err(refused(ErrorCode::EditConflict, ctx.lang));
    }
    form.group.id = id.to_string();
    form.group.status = before.status;
    // Attendance is kept per session start: a session someone was marked at stays where it is.
    let snapshot: RosterSnapshot = objects::group_seats(&ctx.env, id, &SeatCommand::Snapshot).await?;
    if let Err(problem) = village_shared::api::keeps_marked_sessions(&snapshot.attendance, &form.group.sessions, ctx.lang) {
        return Err(refused_fields(vec![problem], ctx.lang));
    }
    let reply = super::super::groups::save(ctx, &mut form.group, form.private.as_ref()).await?;
    let revision = revision(&form.group, form.private.as_ref().unwrap_or(&private_before));
    audit(
        ctx,
        by,
        "group.update",
        &AuditTarget::group(id),
        serde_json::json!(GroupForm { group: before, private: Some(private_before), revision: None }),
        serde_json::json!(form),
    )
    .await?;
    let promoted = reply.promoted.len();
    json(200, &village_shared::api::admin::GroupUpdated { group: form.group, count: reply.count, promoted, revision })
}

/// `POST /api/admin/groups/{id}/duplicate {"id", "weeks"}`: the same group for next term, as a
/// draft, every date moved by whole weeks. The private details come along; people do not.
pub async fn duplicate(ctx: &Ctx, by: &AdminUser, id: &str, req: &mut Request) -> Answer {
    let request: DuplicateRequest = read_body(ctx, req, "id").await?;
    let store = Store::from_env(&ctx.env)?;
    let Some(original) = store.group(id).await? else {
        return Err(refused(ErrorCode::GroupNotFound, ctx.lang));
    };
    if !village_shared::api::is_group_id(&request.id) {
        return Err(super::invalid(ctx, "id"));
    }
    if store.group(&request.id).await?.is_some() {
        return Err(refused(ErrorCode::GroupExists, ctx.lang));
    }
    if !village_shared::rules::term::WEEKS_AHEAD.contains(&request.weeks) {
        return Err(super::invalid(ctx, "weeks"));
    }
    let mut copy: Group = next_term(&original, &request.id, request.weeks);
    let private = store.group_private_or_default(id).await?;
    let reply = super::super::groups::save(ctx, &mut copy, Some(&private)).await?;
    let target = AuditTarget::group(&copy.id);
    let after = serde_json::json!({ "from": id, "weeks": request.weeks });
    audit(ctx, by, "group.duplicate", &target, serde_json::Value::Null, after).await?;
    json(201, &AdminGroup { group: copy, count: reply.count, private: Some(private), revision: None })
}

/// `PUT /api/admin/groups/{id}/status {"status"}`: publish, unpublish, archive (or back to
/// draft). The catalogue follows at once.
pub async fn set_status(ctx: &Ctx, by: &AdminUser, id: &str, req: &mut Request) -> Answer {
    let change: StatusChange = read_body(ctx, req, "status").await?;
    let store = Store::from_env(&ctx.env)?;
    let Some(mut group) = store.group(id).await? else {
        return Err(refused(ErrorCode::GroupNotFound, ctx.lang));
    };
    let before = group.status;
    // People who signed up keep their links: a group with anyone on it is not a draft again.
    let count: SeatCount = objects::group_seats(&ctx.env, id, &SeatCommand::Count).await?;
    if change.status == Publication::Draft && count.confirmed + count.waitlist_length > 0 {
        return Err(super::invalid(ctx, "status"));
    }
    group.status = change.status;
    // A draft may be incomplete; publishing it says what is missing.
    let reply = super::super::groups::save(ctx, &mut group, None).await?;
    let target = AuditTarget::group(id);
    audit(ctx, by, "group.status", &target, serde_json::json!(before), serde_json::json!(group.status)).await?;
    json(200, &AdminGroup { group, count: reply.count, private: None, revision: None })
}
