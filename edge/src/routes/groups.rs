use worker::{Response, Result};

use village_shared::api::seat_protocol::SeatCommand;
use village_shared::api::{Catalogue, ErrorCode, GroupDetail, SeatCount};

use super::{error, json, Ctx};
use crate::objects;
use crate::store::Store;

/// `GET /api/groups`: the catalogue, in one KV read.
pub async fn catalogue(ctx: &Ctx) -> Result<Response> {
    let catalogue = Store::from_env(&ctx.env)?.catalogue().await?.unwrap_or(Catalogue { groups: vec![] });
    json(200, &catalogue)
}

/// `GET /api/groups/{id}`: the group document with its exact, live seat count.
pub async fn detail(ctx: &Ctx, id: &str) -> Result<Response> {
    match load_detail(ctx, id).await? {
        Some(detail) => json(200, &detail),
        None => error(ErrorCode::GroupNotFound, ctx.lang),
    }
}

pub async fn load_detail(ctx: &Ctx, id: &str) -> Result<Option<GroupDetail>> {
    let Some(group) = Store::from_env(&ctx.env)?.group(id).await? else {
        return Ok(None);
    };
    let count: SeatCount = objects::group_seats(&ctx.env, id, &SeatCommand::Count).await?;
    Ok(Some(GroupDetail { group, seats_left: count.seats_left, waitlist_length: count.waitlist_length }))
}
