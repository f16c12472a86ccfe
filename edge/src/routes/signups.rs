use worker::{Request, Response, Result};

use village_shared::api::seat_protocol::{JoinReply, SeatCommand};
use village_shared::api::{ErrorCode, SignupRequest, SignupResponse, SignupView};

use super::respond::{field_errors, read_json};
use super::{error, json, Ctx};
use crate::objects;
use crate::store::Store;

/// `POST /api/groups/{id}/signups`: `201` with the new signup and its manage token, or `200`
/// with the signup this email already has.
pub async fn create(ctx: &Ctx, group_id: &str, req: &mut Request) -> Result<Response> {
    let body = match read_json(req, ctx.lang).await? {
        Ok(body) => body,
        Err(response) => return Ok(response),
    };
    // Answer in the language the person chose on the form, if they chose one we speak.
    let lang = body.get("language").and_then(|l| l.as_str()).and_then(village_shared::Language::from_tag).unwrap_or(ctx.lang);
    let request = match SignupRequest::from_json(&body) {
        Ok(request) => request,
        Err(problems) => return field_errors(problems.iter().map(|p| p.to_field_message(lang)).collect(), lang),
    };
    let Some(group) = Store::from_env(&ctx.env)?.group(group_id).await? else {
        return error(ErrorCode::GroupNotFound, lang);
    };
    if !group.kind.takes_signups() {
        return error(ErrorCode::SignupNotNeeded, lang);
    }
    let command = SeatCommand::Join { group_id: group.id.clone(), capacity: group.capacity, request };
    let reply: JoinReply = objects::group_seats(&ctx.env, &group.id, &command).await?;
    let status = if reply.created { 201 } else { 200 };
    json(
        status,
        &SignupResponse {
            signup: SignupView::from(&reply.signup),
            manage_token: reply.manage_token,
            already_signed_up: !reply.created,
        },
    )
}
