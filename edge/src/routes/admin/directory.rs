//! The signposting directory as the network keeps it: the queue (entries unchecked for six
//! months, oldest first, and the public's reports), adding and editing an entry, checking it
//! ("still right", today, by your role), retiring it, and bringing in an Open Referral UK feed.
//! Admins and facilitators alike; every write is audited.

use worker::Request;

use village_shared::api::directory::{DirectoryQueue, EntryBody, EntrySaved, ImportAnswer, ListedEntry};
use village_shared::api::oruk::{from_oruk, OrukFeed};
use village_shared::api::ErrorCode;
use village_shared::model::{AdminUser, AuditTarget, Checker, DirectoryEntry, ServiceDetails, Steward, TargetKind, TeamContact};
use village_shared::rules::directory::{entry_id, entry_problems, needs_checking, IMPORT_MAX};
use village_shared::Language;

use super::{audit, read_body};
use crate::clock::now;
use crate::routes::respond::{cursor, read_json_any};
use crate::routes::{json, refused, refused_fields, Answer, Ctx};
use crate::store::Store;

fn target(id: &str) -> AuditTarget {
    AuditTarget::of(TargetKind::Directory, id)
}

/// `GET /api/admin/directory?cursor=`.
pub async fn queue(ctx: &Ctx, req: &Request) -> Answer {
    let store = Store::from_env(&ctx.env)?;
    let today = now().date_naive();
    let size = crate::limits::limits(&ctx.env).directory_page_size;
    let (mut summaries, next) = store.directory_page(cursor(req)?, size).await?;
    summaries.sort_by_key(|e| e.name.get(ctx.lang).to_lowercase());
    let listed = |e| ListedEntry::of(e, today, None);
    let needs_checking = needs_checking(&summaries, today).into_iter().map(listed).collect();
    let entries = summaries.into_iter().map(listed).collect();
    json(200, &DirectoryQueue { needs_checking, reports: store.directory_reports().await?, entries, next })
}

/// A service as written, checked for problems and placed (its postcode's centre).
async fn placed(ctx: &Ctx, mut service: ServiceDetails) -> Answer<ServiceDetails> {
    let problems = entry_problems(&service, ctx.lang);
    if !problems.is_empty() {
        return Err(refused_fields(problems, ctx.lang));
    }
    crate::places::place(&ctx.env, &mut service).await;
    Ok(service)
}

/// `POST /api/admin/directory {"service"}` → `201`: a new entry, checked today by its author.
pub async fn create(ctx: &Ctx, by: &AdminUser, req: &mut Request) -> Answer {
    let body: EntryBody = read_body(ctx, req, "service").await?;
    let service = placed(ctx, body.service).await?;
    let suffix: String = crate::tokens::new_record_id().chars().take(4).collect();
    let at = now();
    let entry = DirectoryEntry {
        id: entry_id(service.name.get(Language::En), &suffix),
        service,
        checked_on: at.date_naive(),
        checked_by: Checker::of(by.role),
        edited_at: at,
        retired: false,
    };
    let store = Store::from_env(&ctx.env)?;
    store.put_directory_entry(&entry).await?;
    store.put_directory_steward(&entry.id, &steward(ctx, by)).await?;
    audit(ctx, by, "directory.add", &target(&entry.id), serde_json::Value::Null, serde_json::to_value(&entry)?).await?;
    json(201, &EntrySaved { entry })
}

/// Whoever adds, edits or checks an entry vouches for it: a report on it goes to them, in the
/// language they use the dashboard in.
fn steward(ctx: &Ctx, by: &AdminUser) -> Steward {
    Steward { who: TeamContact { email: by.email.clone(), language: ctx.lang }, told: false }
}

/// The entry to change, or the `404`.
async fn existing(ctx: &Ctx, id: &str) -> Answer<DirectoryEntry> {
    Store::from_env(&ctx.env)?.directory_entry(id).await?.ok_or_else(|| refused(ErrorCode::EntryNotFound, ctx.lang))
}

/// Store a changed entry and audit it, then clear its reports (they are answered; at most
/// `REPORTS_PER_ENTRY` wait on one entry, and any a failure leaves behind expire by themselves).
async fn save(ctx: &Ctx, by: &AdminUser, action: &str, before: DirectoryEntry, after: DirectoryEntry) -> Answer {
    let store = Store::from_env(&ctx.env)?;
    store.put_directory_entry(&after).await?;
    if !after.retired {
        store.put_directory_steward(&after.id, &steward(ctx, by)).await?;
    }
    audit(ctx, by, action, &target(&after.id), serde_json::to_value(&before)?, serde_json::to_value(&after)?).await?;
    store.clear_directory_reports(&after.id).await?;
    json(200, &EntrySaved { entry: after })
}

/// `GET /api/admin/directory/{entry}`: the whole entry, whatever its state (to edit it).
pub async fn show(ctx: &Ctx, id: &str) -> Answer {
    json(200, &EntrySaved { entry: existing(ctx, id).await? })
}

/// `PUT /api/admin/directory/{entry} {"service"}`: an edit (not a check: the date stays).
pub async fn update(ctx: &Ctx, by: &AdminUser, id: &str, req: &mut Request) -> Answer {
    let before = existing(ctx, id).await?;
    let body: EntryBody = read_body(ctx, req, "service").await?;
    let mut service = body.service;
    if service.postcode != before.service.postcode {
        service.point = None;
    }
    let service = placed(ctx, service).await?;
    let after = DirectoryEntry { service, edited_at: now(), ..before.clone() };
    save(ctx, by, "directory.edit", before, after).await
}

/// `POST /api/admin/directory/{entry}/check`: still right, as of today.
pub async fn check(ctx: &Ctx, by: &AdminUser, id: &str) -> Answer {
    let before = existing(ctx, id).await?;
    let after = DirectoryEntry { checked_on: now().date_naive(), checked_by: Checker::of(by.role), ..before.clone() };
    save(ctx, by, "directory.check", before, after).await
}

/// `POST /api/admin/directory/{entry}/retire`: out of the public directory for good.
pub async fn retire(ctx: &Ctx, by: &AdminUser, id: &str) -> Answer {
    let before = existing(ctx, id).await?;
    let after = DirectoryEntry { retired: true, edited_at: now(), ..before.clone() };
    save(ctx, by, "directory.retire", before, after).await
}

/// `POST /api/admin/directory/import`: an Open Referral UK page (or list) of services, at most
/// `IMPORT_MAX`; each becomes an entry. The same id again replaces it — for an admin; a
/// facilitator's import adds new entries only. A feed's check date is never later than today,
/// and only an admin's import may say the team checked it. What cannot be an entry is skipped
/// and named; what was added and replaced is audited.
pub async fn import(ctx: &Ctx, by: &AdminUser, req: &mut Request) -> Answer {
    let value = read_json_any(req, ctx.lang).await?;
    let Ok(feed) = serde_json::from_value::<OrukFeed>(value) else {
        return Err(refused(ErrorCode::MalformedJson, ctx.lang));
    };
    let services = feed.services();
    if services.len() > IMPORT_MAX {
        return Err(refused(ErrorCode::PayloadTooLarge, ctx.lang));
    }
    let store = Store::from_env(&ctx.env)?;
    let at = now();
    let (mut imported, mut skipped) = (Vec::new(), Vec::new());
    // Replacing what is there is the network's to decide (an admin's), like every network write.
    let admin = village_shared::rules::access::authorize(Some(by), village_shared::rules::access::Scope::Network, now())
        == village_shared::rules::access::Decision::Allowed;
    let mut replaced = Vec::new();
    for service in &services {
        let entry = from_oruk(service, at.date_naive(), at).filter(|e| entry_problems(&e.service, ctx.lang).is_empty());
        let Some(mut entry) = entry else {
            skipped.push(service.id.clone());
            continue;
        };
        let existing = store.directory_entry(&entry.id).await?;
        if existing.is_some() && !admin {
            skipped.push(service.id.clone());
            continue;
        }
        entry.checked_on = entry.checked_on.min(at.date_naive());
        if !admin {
            entry.checked_by = Checker::Import;
        }
        crate::places::place(&ctx.env, &mut entry.service).await;
        store.put_directory_entry(&entry).await?;
        if existing.is_some() {
            replaced.push(entry.id.clone());
        }
        imported.push(entry.id);
    }
    let after = serde_json::json!({ "imported": imported, "replaced": replaced, "skipped": skipped });
    audit(ctx, by, "directory.import", &AuditTarget::of(TargetKind::Directory, ""), serde_json::Value::Null, after).await?;
    json(200, &ImportAnswer { imported: imported.len(), skipped })
}
