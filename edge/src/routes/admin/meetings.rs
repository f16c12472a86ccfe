//! A local group's meetings, key issues and elections, as its leaders run them: the volunteer
//! hosts with the suggested one, scheduling (every member is told), changing the host (those
//! coming are told), moderating issues, and opening an election. Every write is audited.

use worker::{Request, Result};

use village_shared::api::local_group::{
    ElectionView, MeetingPlan, MeetingView, MergeBody, ScheduleMeetingBody, SetHostBody, StartElectionBody,
};
use village_shared::api::seat_protocol::{SeatCommand, SpaceAct};
use village_shared::api::ErrorCode;
use village_shared::model::{AdminUser, AuditTarget, GroupKind, TargetKind};

use super::{audit, read_body};
use crate::objects;
use crate::routes::{json, refused, Answer, Ctx};
use crate::store::Store;

/// The act goes to the group's object, if the group is a local group.
async fn act<R: serde::de::DeserializeOwned>(
    ctx: &Ctx,
    group_id: &str,
    act: SpaceAct,
) -> Result<std::result::Result<R, ErrorCode>> {
    let Some(group) = Store::from_env(&ctx.env)?.group(group_id).await? else {
        return Ok(Err(ErrorCode::GroupNotFound));
    };
    if group.kind != GroupKind::LocalGroup {
        return Ok(Err(ErrorCode::NotALocalGroup));
    }
    // For meetings whose host has not named their own area.
    let area = group.format.area().unwrap_or_default().to_string();
    Ok(Ok(objects::group_seats(&ctx.env, group_id, &SeatCommand::Space { act, area }).await?))
}

/// `GET …/groups/{group}/meetings`: hosts (suggested first to ask), meetings, issues.
pub async fn plan(ctx: &Ctx, group_id: &str) -> Answer {
    match act::<MeetingPlan>(ctx, group_id, SpaceAct::Plan).await? {
        Ok(plan) => json(200, &plan),
        Err(code) => Err(refused(code, ctx.lang)),
    }
}

/// `POST …/groups/{group}/meetings`: schedule a meeting at a volunteer's setting.
pub async fn schedule(ctx: &Ctx, by: &AdminUser, group_id: &str, req: &mut Request) -> Answer {
    let body: ScheduleMeetingBody = read_body(ctx, req, "starts_at").await?;
    let problems = body.problems(ctx.lang);
    if !problems.is_empty() {
        return Err(crate::routes::refused_fields(problems, ctx.lang));
    }
    let after = serde_json::to_value(&body)?;
    let reply: std::result::Result<MeetingView, ErrorCode> =
        match act(ctx, group_id, SpaceAct::Schedule { body }).await? {
            Ok(reply) => reply,
            Err(code) => Err(code),
        };
    match reply {
        Ok(meeting) => {
            let target = AuditTarget::group(group_id).and(TargetKind::Meeting, &meeting.id);
            audit(ctx, by, "meeting.schedule", &target, serde_json::Value::Null, after).await?;
            json(201, &meeting)
        }
        Err(code) => Err(refused(code, ctx.lang)),
    }
}

/// `PUT …/groups/{group}/meetings/{meeting}/host {"host"}` (`null`: nobody hosts for now).
pub async fn set_host(ctx: &Ctx, by: &AdminUser, group_id: &str, meeting: &str, req: &mut Request) -> Answer {
    let body: SetHostBody = read_body(ctx, req, "host").await?;
    let after = serde_json::json!(body.host);
    let reply: std::result::Result<(), ErrorCode> =
        act(ctx, group_id, SpaceAct::SetHost { meeting: meeting.to_string(), host: body.host }).await?.and_then(|r| r);
    done(ctx, by, reply, "meeting.host", group_id, (TargetKind::Meeting, meeting), after).await
}

/// `POST …/groups/{group}/issues/{issue}/hide`.
pub async fn hide(ctx: &Ctx, by: &AdminUser, group_id: &str, issue: &str) -> Answer {
    let reply = act(ctx, group_id, SpaceAct::Hide { issue: issue.to_string() }).await?.and_then(|r| r);
    done(ctx, by, reply, "issue.hide", group_id, (TargetKind::Issue, issue), serde_json::json!("hidden")).await
}

/// `POST …/groups/{group}/issues/{issue}/merge {"into"}`.
pub async fn merge(ctx: &Ctx, by: &AdminUser, group_id: &str, issue: &str, req: &mut Request) -> Answer {
    let body: MergeBody = read_body(ctx, req, "into").await?;
    let after = serde_json::json!({ "into": body.into });
    let reply = act(ctx, group_id, SpaceAct::Merge { from: issue.to_string(), into: body.into }).await?.and_then(|r| r);
    done(ctx, by, reply, "issue.merge", group_id, (TargetKind::Issue, issue), after).await
}

/// `POST …/groups/{group}/elections {"role", "voting_opens_at", "closes_at", "term_months"?}`:
/// nominations open now; every member is told.
pub async fn start_election(ctx: &Ctx, by: &AdminUser, group_id: &str, req: &mut Request) -> Answer {
    let body: StartElectionBody = read_body(ctx, req, "role").await?;
    let problems = body.problems(crate::clock::now(), ctx.lang);
    if !problems.is_empty() {
        return Err(crate::routes::refused_fields(problems, ctx.lang));
    }
    let after = serde_json::to_value(&body)?;
    let reply: std::result::Result<ElectionView, ErrorCode> =
        act(ctx, group_id, SpaceAct::StartElection { body }).await?.and_then(|r| r);
    match reply {
        Ok(election) => {
            let target = AuditTarget::group(group_id).and(TargetKind::Election, &election.id);
            audit(ctx, by, "election.start", &target, serde_json::Value::Null, after).await?;
            json(201, &election)
        }
        Err(code) => Err(refused(code, ctx.lang)),
    }
}

/// Audit a write that was done, then answer the plan as it is now.
async fn done(
    ctx: &Ctx,
    by: &AdminUser,
    reply: std::result::Result<(), ErrorCode>,
    action: &str,
    group_id: &str,
    what: (TargetKind, &str),
    after: serde_json::Value,
) -> Answer {
    if let Err(code) = reply {
        return Err(refused(code, ctx.lang));
    }
    audit(ctx, by, action, &AuditTarget::group(group_id).and(what.0, what.1), serde_json::Value::Null, after).await?;
    plan(ctx, group_id).await
}
