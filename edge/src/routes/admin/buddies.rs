//! A leader's side of buddies (`shared::rules::buddies`): the queue with ranked suggestions,
//! pairing in one tap, ending a pairing; writes audited.

use worker::{Request, Result};

use village_shared::api::buddies::{BuddyBoard, EndPairingBody, PairBody};
use village_shared::api::seat_protocol::{BuddyAct, SeatCommand};
use village_shared::api::ErrorCode;
use village_shared::model::{AdminUser, AuditTarget, TargetKind, TeamContact};

use super::{audit, read_body};
use crate::routes::{json, refused, Answer, Ctx};

async fn act(ctx: &Ctx, group_id: &str, act: BuddyAct) -> Result<std::result::Result<BuddyBoard, ErrorCode>> {
    crate::objects::group_seats(&ctx.env, group_id, &SeatCommand::Buddy { act }).await
}

/// `GET /api/admin/groups/{group}/buddies`.
pub async fn board(ctx: &Ctx, group_id: &str) -> Answer {
    match act(ctx, group_id, BuddyAct::Board).await? {
        Ok(board) => json(200, &board),
        Err(code) => Err(refused(code, ctx.lang)),
    }
}

/// `POST /api/admin/groups/{group}/buddies/pairings {"newcomer", "buddy"}` (signup ids). The
/// leader who pairs them is the one nudged later, in the language they use the dashboard in.
pub async fn pair(ctx: &Ctx, by: &AdminUser, group_id: &str, req: &mut Request) -> Answer {
    let body: PairBody = read_body(ctx, req, "buddy").await?;
    // Nobody is their own buddy.
    if body.newcomer == body.buddy {
        return Err(super::invalid(ctx, "buddy"));
    }
    let after = serde_json::to_value(&body)?;
    let leader = TeamContact { email: by.email.clone(), language: ctx.lang };
    let pairing = BuddyAct::Pair { newcomer: body.newcomer.clone(), buddy: body.buddy.clone(), by: leader };
    match act(ctx, group_id, pairing).await? {
        Ok(board) => {
            let target = AuditTarget::group(group_id).and(TargetKind::Signup, &body.newcomer).and(TargetKind::Signup, &body.buddy);
            audit(ctx, by, "buddies.pair", &target, serde_json::Value::Null, after).await?;
            json(201, &board)
        }
        Err(code) => Err(refused(code, ctx.lang)),
    }
}

/// `POST /api/admin/groups/{group}/buddies/pairings/{pairing}/end {"completed"}`.
pub async fn end(ctx: &Ctx, by: &AdminUser, group_id: &str, pairing: &str, req: &mut Request) -> Answer {
    let body: EndPairingBody = read_body(ctx, req, "completed").await?;
    let after = serde_json::to_value(&body)?;
    match act(ctx, group_id, BuddyAct::End { pairing: pairing.to_string(), completed: body.completed }).await? {
        Ok(board) => {
            audit(ctx, by, "buddies.end", &AuditTarget::group(group_id).and(TargetKind::Pairing, pairing), serde_json::Value::Null, after)
                .await?;
            json(200, &board)
        }
        Err(code) => Err(refused(code, ctx.lang)),
    }
}
