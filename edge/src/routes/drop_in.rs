//! Drop-ins: the next date, "I'll come", and the join link from 15 minutes before the start.

use worker::Request;

use village_shared::api::seat_protocol::SeatCommand;
use village_shared::api::{DropInStatus, ErrorCode, RsvpRequest};
use village_shared::model::{Group, GroupKind, Session};
use village_shared::rules::drop_in::join_link_open;

use super::respond::read_json;
use super::{json, refused, refused_fields, Answer, Ctx};
use crate::clock::now;
use crate::objects;
use crate::store::Store;

/// The drop-in group and its next session, or the error to answer with.
async fn next_session(ctx: &Ctx, id: &str) -> Answer<(Group, Option<Session>)> {
    let Some(group) = Store::from_env(&ctx.env)?.group(id).await?.filter(|g| g.status.is_public()) else {
        return Err(refused(ErrorCode::GroupNotFound, ctx.lang));
    };
    if group.kind != GroupKind::DropIn {
        return Err(refused(ErrorCode::NotADropIn, ctx.lang));
    }
    let next = group.next_session(now()).cloned();
    Ok((group, next))
}

/// `GET /api/groups/{id}/drop-in`
pub async fn status(ctx: &Ctx, id: &str) -> Answer {
    let (group, next) = next_session(ctx, id).await?;
    let Some(session) = next else {
        return json(200, &DropInStatus { next_session: None, going: 0, join_link: None });
    };
    let going: u32 =
        objects::group_seats(&ctx.env, &group.id, &SeatCommand::Going { session: session.starts_at }).await?;
    let join_link = if join_link_open(&session, now()) {
        Store::from_env(&ctx.env)?.group_private(&group.id).await?.and_then(|p| p.meeting_link)
    } else {
        None
    };
    json(200, &DropInStatus { next_session: Some(session.starts_at), going, join_link })
}

/// `POST /api/groups/{id}/rsvps` `{"device"}`: "I'll come" to the next session.
pub async fn rsvp(ctx: &Ctx, id: &str, req: &mut Request) -> Answer {
    let body = read_json(req, ctx.lang).await?;
    let request = serde_json::from_value::<RsvpRequest>(body).unwrap_or(RsvpRequest { device: String::new() });
    let device = match request.device(ctx.lang) {
        Ok(device) => device.to_string(),
        Err(problem) => return Err(refused_fields(vec![problem], ctx.lang)),
    };
    crate::limits::public_write(&ctx.env, &ctx.client, None, ctx.lang).await?;
    let (group, next) = next_session(ctx, id).await?;
    let Some(session) = next else {
        return Err(refused(ErrorCode::NoUpcomingSession, ctx.lang));
    };
    let max = crate::limits::limits(&ctx.env).rsvps_per_session;
    let command = SeatCommand::Rsvp { group_id: group.id.clone(), session: session.starts_at, device, max };
    let going: u32 = objects::group_seats(&ctx.env, &group.id, &command).await?;
    json(200, &DropInStatus { next_session: Some(session.starts_at), going, join_link: None })
}
