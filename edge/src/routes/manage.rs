//! The manage link: no password, just an unguessable token.

use worker::{Response, Result};

use village_shared::api::seat_protocol::{CancelReply, ManageKey, SeatCommand};
use village_shared::api::{ErrorCode, ManageResponse, SignupView};
use village_shared::model::Signup;

use super::groups::load_detail;
use super::{error, json, Ctx};
use crate::objects;
use crate::store::Store;
use crate::tokens;

async fn resolve(ctx: &Ctx, token: &str) -> Result<Option<ManageKey>> {
    if !tokens::is_well_formed_token(token) {
        return Ok(None);
    }
    Store::from_env(&ctx.env)?.manage_key(&tokens::digest(token)).await
}

/// `GET /api/manage/{token}`: the signup (live status and position) with its group.
pub async fn show(ctx: &Ctx, token: &str) -> Result<Response> {
    let Some(key) = resolve(ctx, token).await? else {
        return error(ErrorCode::SignupNotFound, ctx.lang);
    };
    let signup: Option<Signup> =
        objects::group_seats(&ctx.env, &key.group_id, &SeatCommand::Signup { signup_id: key.signup_id }).await?;
    respond(ctx, &key.group_id, signup).await
}

/// `DELETE /api/manage/{token}`: cancel; the freed seat goes to the head of the waitlist.
pub async fn cancel(ctx: &Ctx, token: &str) -> Result<Response> {
    let Some(key) = resolve(ctx, token).await? else {
        return error(ErrorCode::SignupNotFound, ctx.lang);
    };
    let reply: Option<CancelReply> =
        objects::group_seats(&ctx.env, &key.group_id, &SeatCommand::Cancel { signup_id: key.signup_id }).await?;
    respond(ctx, &key.group_id, reply.map(|r| r.signup)).await
}

async fn respond(ctx: &Ctx, group_id: &str, signup: Option<Signup>) -> Result<Response> {
    let (Some(signup), Some(group)) = (signup, load_detail(ctx, group_id).await?) else {
        return error(ErrorCode::SignupNotFound, ctx.lang);
    };
    json(200, &ManageResponse { signup: SignupView::from(&signup), group })
}
