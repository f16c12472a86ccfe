//! A group's people in the dashboard: the roster (seat by hand, move, remove with a reason,
//! private notes), the check-in list, the incentives ledger, and their CSV exports. Every
//! change goes through the group's `GroupSeats` object, which tells whoever is affected.

use worker::{Request, Result};

use village_shared::api::admin::{AttendanceView, MoveRequest, NoteRequest, RemoveRequest, RosterView};
use village_shared::api::seat_protocol::{AttendanceReply, CancelReply, JoinReply, RosterSnapshot, SeatCommand};
use village_shared::api::{ErrorCode, SignupRequest};
use village_shared::model::{AdminUser, AuditTarget, Group, LedgerEntry, Publication, Signup, SignupStatus, TargetKind};
use village_shared::rules::progress::progress;

use super::{audit, csv, invalid, read_body};
use crate::objects;
use crate::routes::{json, refused, Answer, Ctx};
use crate::store::Store;

/// The group and everything its object holds about its people.
pub(super) async fn load(ctx: &Ctx, group_id: &str) -> Result<Option<(Group, RosterSnapshot)>> {
    let Some(group) = Store::from_env(&ctx.env)?.group(group_id).await? else {
        return Ok(None);
    };
    let snapshot: RosterSnapshot = objects::group_seats(&ctx.env, group_id, &SeatCommand::Snapshot).await?;
    Ok(Some((group, snapshot)))
}

/// Where a signup stands, for the audit log (no personal details in it).
fn standing(s: &Signup) -> serde_json::Value {
    serde_json::json!({ "status": s.status, "waitlist_position": s.waitlist_position })
}

/// `GET …/roster`: confirmed, the waitlist in order, then cancelled; with private notes.
pub async fn show(ctx: &Ctx, group_id: &str) -> Answer {
    let Some((group, snapshot)) = load(ctx, group_id).await? else {
        return Err(refused(ErrorCode::GroupNotFound, ctx.lang));
    };
    json(200, &RosterView { group, count: snapshot.count, signups: snapshot.signups, notes: snapshot.notes })
}

/// `GET …/roster.csv`: the people holding or waiting for a seat, for a spreadsheet.
pub async fn roster_csv(ctx: &Ctx, group_id: &str) -> Answer {
    let Some((_, snapshot)) = load(ctx, group_id).await? else {
        return Err(refused(ErrorCode::GroupNotFound, ctx.lang));
    };
    let current: Vec<Signup> = snapshot.signups.into_iter().filter(|s| s.status != SignupStatus::Cancelled).collect();
    csv(village_shared::export::roster_csv(&current), &format!("roster-{group_id}.csv"))
}

/// `GET …/attendance`: every session, every person, who was there, completion and incentives.
pub async fn attendance(ctx: &Ctx, group_id: &str) -> Answer {
    let Some((mut group, snapshot)) = load(ctx, group_id).await? else {
        return Err(refused(ErrorCode::GroupNotFound, ctx.lang));
    };
    let people = progress(&group, &snapshot);
    group.sessions.sort_by_key(|s| s.starts_at);
    json(
        200,
        &AttendanceView {
            title: group.title,
            sessions: group.sessions,
            completion_percent: group.completion_percent,
            incentives: group.incentives,
            people,
        },
    )
}

/// `GET …/attendance.csv`: the check-in sheet for a spreadsheet.
pub async fn attendance_csv(ctx: &Ctx, group_id: &str) -> Answer {
    let Some((group, snapshot)) = load(ctx, group_id).await? else {
        return Err(refused(ErrorCode::GroupNotFound, ctx.lang));
    };
    let people = progress(&group, &snapshot);
    csv(village_shared::export::attendance_csv(&group, &people), &format!("attendance-{group_id}.csv"))
}

/// `PUT …/attendance {"session", "signup_id", "present"}`: one check-in mark.
pub async fn mark_attendance(ctx: &Ctx, by: &AdminUser, group_id: &str, req: &mut Request) -> Answer {
    let mark: village_shared::api::admin::MarkBody = read_body(ctx, req, "attendance").await?;
    let Some(group) = Store::from_env(&ctx.env)?.group(group_id).await? else {
        return Err(refused(ErrorCode::GroupNotFound, ctx.lang));
    };
    if !group.sessions.iter().any(|s| s.starts_at == mark.session) {
        return Err(invalid(ctx, "session"));
    }
    let command =
        SeatCommand::MarkAttendance { session: mark.session, signup_id: mark.signup_id.clone(), present: mark.present };
    let reply: Option<AttendanceReply> = objects::group_seats(&ctx.env, group_id, &command).await?;
    let Some(reply) = reply else {
        return Err(refused(ErrorCode::SignupNotFound, ctx.lang));
    };
    let target = AuditTarget::group(group_id).and(TargetKind::Signup, &mark.signup_id).and(TargetKind::Session, mark.session.to_rfc3339());
    audit(
        ctx,
        by,
        "attendance.mark",
        &target,
        serde_json::json!({ "present": reply.before }),
        serde_json::json!({ "present": mark.present }),
    )
    .await?;
    json(200, &village_shared::api::admin::AttendanceMarked { signup_id: mark.signup_id, present: mark.present })
}

/// `POST …/signups/{id}/seat`: give a waitlisted person a seat now, with one more seat for
/// them. The seat lives in the group's object on top of the configured capacity (which later
/// edits keep), so the group's document keeps its one writer.
pub async fn seat(ctx: &Ctx, by: &AdminUser, group_id: &str, signup_id: &str) -> Answer {
    if Store::from_env(&ctx.env)?.group(group_id).await?.is_none() {
        return Err(refused(ErrorCode::GroupNotFound, ctx.lang));
    }
    let before: village_shared::api::SeatCount = objects::group_seats(&ctx.env, group_id, &SeatCommand::Count).await?;
    let command = SeatCommand::SeatOutOfTurn { signup_id: signup_id.into() };
    let seated: Option<Signup> = objects::group_seats(&ctx.env, group_id, &command).await?;
    let Some(seated) = seated else {
        return Err(refused(ErrorCode::NotWaitlisted, ctx.lang));
    };
    let after: village_shared::api::SeatCount = objects::group_seats(&ctx.env, group_id, &SeatCommand::Count).await?;
    let target = AuditTarget::group(group_id).and(TargetKind::Signup, signup_id);
    audit(
        ctx,
        by,
        "signup.seat",
        &target,
        serde_json::json!({ "status": "waitlisted", "capacity": before.capacity }),
        serde_json::json!({ "status": "confirmed", "capacity": after.capacity }),
    )
    .await?;
    json(200, &village_shared::api::admin::Seated { signup: seated, capacity: after.capacity })
}

/// `POST …/signups/{id}/remove {"reason"}`: take someone off the roster; they get the reason.
pub async fn remove(ctx: &Ctx, by: &AdminUser, group_id: &str, signup_id: &str, req: &mut Request) -> Answer {
    let request: RemoveRequest = read_body(ctx, req, "reason").await?;
    let reason = request.reason.trim().to_string();
    if !village_shared::rules::roster::removal_reason_is_valid(&reason) {
        return Err(invalid(ctx, "reason"));
    }
    let command = SeatCommand::Remove { signup_id: signup_id.into(), reason: Some(reason.clone()), notify: true };
    let reply: Option<CancelReply> = objects::group_seats(&ctx.env, group_id, &command).await?;
    let Some(reply) = reply else {
        return Err(refused(ErrorCode::SignupNotFound, ctx.lang));
    };
    let target = AuditTarget::group(group_id).and(TargetKind::Signup, signup_id);
    let after =
        serde_json::json!({ "status": reply.signup.status, "reason": reason, "promoted": reply.promoted.len() });
    audit(ctx, by, "signup.remove", &target, serde_json::json!({ "status": "on the roster" }), after).await?;
    json(200, &village_shared::api::admin::Removed { signup: reply.signup, promoted: reply.promoted })
}

/// `PUT …/signups/{id}/note {"note"}`: the facilitators' private note (empty removes it).
pub async fn note(ctx: &Ctx, by: &AdminUser, group_id: &str, signup_id: &str, req: &mut Request) -> Answer {
    let request: NoteRequest = read_body(ctx, req, "note").await?;
    if !village_shared::rules::roster::note_is_valid(&request.note) {
        return Err(invalid(ctx, "note"));
    }
    let command = SeatCommand::SetNote { signup_id: signup_id.into(), note: request.note.clone() };
    let before: Option<String> = objects::group_seats(&ctx.env, group_id, &command).await?;
    let Some(before) = before else {
        return Err(refused(ErrorCode::SignupNotFound, ctx.lang));
    };
    let target = AuditTarget::group(group_id).and(TargetKind::Signup, signup_id);
    let after = request.note.trim();
    audit(ctx, by, "signup.note", &target, serde_json::json!(before), serde_json::json!(after)).await?;
    json(200, &village_shared::api::admin::NoteSaved { note: after.to_string() })
}

/// `POST …/signups/{id}/move {"to"}`: move a person to another group. They join the other
/// group (seat or waitlist, told by its confirmation); this group keeps their record and
/// attendance as a cancelled signup with a note saying where they went.
pub async fn move_to(
    ctx: &Ctx,
    by: &AdminUser,
    group_id: &str,
    signup_id: &str,
    req: &mut Request,
) -> Answer {
    let request: MoveRequest = read_body(ctx, req, "to").await?;
    let store = Store::from_env(&ctx.env)?;
    let target_group = match store.group(&request.to).await? {
        Some(g)
            if request.to != group_id
                && g.kind.takes_signups()
                && g.status.is_public()
                && g.status != Publication::Archived =>
        {
            g
        }
        _ => return Err(invalid(ctx, "to")),
    };
    let signup: Option<Signup> =
        objects::group_seats(&ctx.env, group_id, &SeatCommand::Signup { signup_id: signup_id.into() }).await?;
    let Some(signup) = signup.filter(|s| s.status != SignupStatus::Cancelled) else {
        return Err(refused(ErrorCode::SignupNotFound, ctx.lang));
    };
    // Join first: if that fails, nothing was lost here.
    let join = SeatCommand::Join {
        group_id: target_group.id.clone(),
        capacity: target_group.capacity,
        request: SignupRequest {
            name: signup.name.clone(),
            email: signup.email.clone(),
            phone: signup.phone.clone(),
            language: signup.language,
        },
        // The network moves people on purpose: no cap on the waitlist for that.
        waitlist_max: u32::MAX,
    };
    let mut joined: JoinReply = objects::group_seats(&ctx.env, &target_group.id, &join).await?;
    if let Some(earlier) = joined.signup.clone().filter(|s| s.status == SignupStatus::Cancelled) {
        // They had left that group before: the move brings them back (their old record).
        let rejoin = SeatCommand::Rejoin { signup_id: earlier.id, waitlist_max: u32::MAX };
        let back: Option<JoinReply> = objects::group_seats(&ctx.env, &target_group.id, &rejoin).await?;
        joined = back.unwrap_or(joined);
    }
    let Some(joined_signup) = joined.signup else {
        return Err(refused(ErrorCode::WaitlistFull, ctx.lang));
    };
    let remove = SeatCommand::Remove { signup_id: signup_id.into(), reason: None, notify: false };
    let _: Option<CancelReply> = objects::group_seats(&ctx.env, group_id, &remove).await?;
    let snapshot: RosterSnapshot = objects::group_seats(&ctx.env, group_id, &SeatCommand::Snapshot).await?;
    let old_note = snapshot.notes.get(signup_id).cloned().unwrap_or_default();
    let note = format!("{old_note}\n→ {}", target_group.id).trim().to_string();
    let _: Option<String> =
        objects::group_seats(&ctx.env, group_id, &SeatCommand::SetNote { signup_id: signup_id.into(), note }).await?;
    let target = AuditTarget::group(group_id).and(TargetKind::Signup, signup_id);
    let after =
        serde_json::json!({ "group": target_group.id, "signup": joined_signup.id, "status": joined_signup.status });
    audit(
        ctx,
        by,
        "signup.move",
        &target,
        serde_json::json!({ "group": group_id, "standing": standing(&signup) }),
        after,
    )
    .await?;
    json(200, &village_shared::api::admin::Moved { signup: joined_signup })
}

/// `PUT …/signups/{id}/incentives {stipend_issued_on, stipend_amount, kit_shipped_on}`.
pub async fn incentives(
    ctx: &Ctx,
    by: &AdminUser,
    group_id: &str,
    signup_id: &str,
    req: &mut Request,
) -> Answer {
    let entry: LedgerEntry = read_body(ctx, req, "incentives").await?;
    if !entry.is_valid() {
        return Err(invalid(ctx, "stipend_amount"));
    }
    let command = SeatCommand::SetLedger { signup_id: signup_id.into(), entry: entry.clone() };
    let before: Option<LedgerEntry> = objects::group_seats(&ctx.env, group_id, &command).await?;
    let Some(before) = before else {
        return Err(refused(ErrorCode::SignupNotFound, ctx.lang));
    };
    let target = AuditTarget::group(group_id).and(TargetKind::Signup, signup_id);
    audit(ctx, by, "incentives.record", &target, serde_json::json!(before), serde_json::json!(entry)).await?;
    json(200, &village_shared::api::admin::IncentivesSaved { incentives: entry })
}
