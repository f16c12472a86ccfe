//! The manage link: no password, just an unguessable token.

use worker::{Request, Result};

use village_shared::api::seat_protocol::{CancelReply, JoinReply, ManageKey, SeatCommand};
use village_shared::api::{DetailsUpdate, ErrorCode, ManageResponse, SignupView};
use village_shared::calendar::{group_calendar, meetings_calendar};
use village_shared::model::{GroupKind, Signup, SignupStatus};

use village_shared::rules::registration::{registration_state, RegistrationState};

use super::groups::load_detail;
use crate::clock::now;
use super::respond::read_json;
use super::{json, refused, refused_fields, Answer, Ctx};
use crate::objects;
use crate::store::Store;
use crate::tokens;

/// Whose link `token` is: asked of the group it names, or (a link made before links named their
/// group) looked up by its hash in KV.
pub(super) async fn resolve(ctx: &Ctx, token: &str) -> Result<Option<ManageKey>> {
    match tokens::manage_token(token) {
        Some(tokens::ManageToken::OfGroup(group_id)) => {
            let asked = SeatCommand::LinkHolder { token: token.to_string() };
            let holder: Option<String> = objects::group_seats(&ctx.env, group_id, &asked).await?;
            Ok(holder.map(|signup_id| ManageKey { group_id: group_id.to_string(), signup_id }))
        }
        Some(tokens::ManageToken::Stored) => Store::from_env(&ctx.env)?.manage_key(&tokens::digest(token)).await,
        None => Ok(None),
    }
}

/// The signup behind `token` with its group, as `GET /api/manage/{token}` shows it but for the
/// meeting's link or address (the manage page's, not read) and a local group's meetings: for
/// the outcome page (`pages::outcome`).
pub(super) async fn load(ctx: &Ctx, token: &str) -> Result<Option<ManageResponse>> {
    let Some(key) = resolve(ctx, token).await? else { return Ok(None) };
    let signup = current(ctx, &key).await?;
    Ok(manage_view(ctx, &key.group_id, signup, false).await?.map(|(manage, _)| manage))
}

/// `signup` with its group and, for the confirmed when `private`, the meeting's link or address;
/// nothing when either is gone.
async fn manage_view(
    ctx: &Ctx,
    group_id: &str,
    signup: Option<Signup>,
    private: bool,
) -> Result<Option<(ManageResponse, Signup)>> {
    let (Some(signup), Some(group)) = (signup, load_detail(ctx, group_id).await?) else {
        return Ok(None);
    };
    // A local group meets at a different member's setting each time: its address is the
    // meeting's, for those coming, never the group's for every member.
    let local = group.group.kind == GroupKind::LocalGroup;
    let private = if local || !private { None } else { private_for(ctx, &signup).await? };
    Ok(Some((ManageResponse { signup: SignupView::from(&signup), group, private }, signup)))
}

async fn current(ctx: &Ctx, key: &ManageKey) -> Result<Option<Signup>> {
    objects::group_seats(&ctx.env, &key.group_id, &SeatCommand::Signup { signup_id: key.signup_id.clone() }).await
}

/// `GET /api/manage/{token}`: the signup (live status and position) with its group.
pub async fn show(ctx: &Ctx, token: &str) -> Answer {
    let Some(key) = resolve(ctx, token).await? else {
        return Err(refused(ErrorCode::SignupNotFound, ctx.lang));
    };
    let signup = current(ctx, &key).await?;
    respond(ctx, &key.group_id, signup).await
}

/// `PATCH /api/manage/{token}`: new name, phone or language.
pub async fn update(ctx: &Ctx, token: &str, req: &mut Request) -> Answer {
    let body = read_json(req, ctx.lang).await?;
    crate::limits::public_write(&ctx.env, &ctx.client, None, ctx.lang).await?;
    let Some(key) = resolve(ctx, token).await? else {
        return Err(refused(ErrorCode::SignupNotFound, ctx.lang));
    };
    let details = match DetailsUpdate::from_json(&body) {
        Ok(details) => details,
        Err(problems) => {
            return Err(refused_fields(problems.iter().map(|p| p.to_field_message(ctx.lang)).collect(), ctx.lang))
        }
    };
    let command = SeatCommand::Update { signup_id: key.signup_id.clone(), details };
    let signup: Option<Signup> = objects::group_seats(&ctx.env, &key.group_id, &command).await?;
    respond(ctx, &key.group_id, signup).await
}

/// `DELETE /api/manage/{token}`: cancel; the freed seat goes to the head of the waitlist.
pub async fn cancel(ctx: &Ctx, token: &str) -> Answer {
    crate::limits::public_write(&ctx.env, &ctx.client, None, ctx.lang).await?;
    let Some(key) = resolve(ctx, token).await? else {
        return Err(refused(ErrorCode::SignupNotFound, ctx.lang));
    };
    let reply: Option<CancelReply> =
        objects::group_seats(&ctx.env, &key.group_id, &SeatCommand::Cancel { signup_id: key.signup_id }).await?;
    respond(ctx, &key.group_id, reply.map(|r| r.signup)).await
}

/// `POST /api/manage/{token}/rejoin`: back after cancelling (a seat if one is free, else the
/// back of the waitlist), while the group takes signups. Only the link's holder can do this:
/// typing the email on the signup form only sends them the link.
pub async fn rejoin(ctx: &Ctx, token: &str) -> Answer {
    crate::limits::public_write(&ctx.env, &ctx.client, None, ctx.lang).await?;
    let Some(key) = resolve(ctx, token).await? else {
        return Err(refused(ErrorCode::SignupNotFound, ctx.lang));
    };
    let Some(group) = Store::from_env(&ctx.env)?.group(&key.group_id).await? else {
        return Err(refused(ErrorCode::SignupNotFound, ctx.lang));
    };
    if !group.status.accepts_signups()
        || registration_state(group.registration.as_ref(), now()) != RegistrationState::Open
    {
        return Err(refused(ErrorCode::RegistrationClosed, ctx.lang));
    }
    let waitlist_max = crate::limits::limits(&ctx.env).waitlist_max;
    let command = SeatCommand::Rejoin { signup_id: key.signup_id.clone(), waitlist_max };
    let reply: Option<JoinReply> = objects::group_seats(&ctx.env, &key.group_id, &command).await?;
    match reply {
        Some(JoinReply { waitlist_full: true, .. }) => Err(refused(ErrorCode::WaitlistFull, ctx.lang)),
        Some(reply) => respond(ctx, &key.group_id, reply.signup).await,
        None => Err(refused(ErrorCode::SignupNotFound, ctx.lang)),
    }
}

/// `GET /api/manage/{token}/calendar.ics`: every session (a local group: every meeting the
/// member has not turned down), for the person's calendar.
pub async fn calendar(ctx: &Ctx, token: &str) -> Answer {
    let Some(key) = resolve(ctx, token).await? else {
        return Err(refused(ErrorCode::SignupNotFound, ctx.lang));
    };
    let (Some(signup), Some(group)) =
        (current(ctx, &key).await?, Store::from_env(&ctx.env)?.group(&key.group_id).await?)
    else {
        return Err(refused(ErrorCode::SignupNotFound, ctx.lang));
    };
    let base = crate::routes::public_url(&ctx.env);
    let ics = if group.kind == GroupKind::LocalGroup {
        // A local group meets at members' settings: its meetings, not planned sessions.
        let meetings = super::member_space::member_meetings(ctx, &group, &signup.id).await?;
        let member_url = format!("{base}/member/{token}");
        meetings_calendar(group.title.get(signup.language), &meetings, &signup.id, signup.language, &member_url, now())
    } else {
        let private = private_for(ctx, &signup).await?;
        let manage_url = format!("{base}/manage/{token}");
        group_calendar(
        &group,
        &signup.id,
        signup.language,
        &manage_url,
            private.and_then(|p| p.meeting_link).as_deref(),
        )
    };
    super::respond::download(ics, "text/calendar; charset=utf-8", &format!("{}.ics", group.id))
}

/// The meeting link and address, for confirmed people only.
async fn private_for(ctx: &Ctx, signup: &Signup) -> Result<Option<village_shared::model::GroupPrivate>> {
    if signup.status != SignupStatus::Confirmed {
        return Ok(None);
    }
    Store::from_env(&ctx.env)?.group_private(&signup.group_id).await
}

async fn respond(ctx: &Ctx, group_id: &str, signup: Option<Signup>) -> Answer {
    let Some((manage, signup)) = manage_view(ctx, group_id, signup, true).await? else {
        return Err(refused(ErrorCode::SignupNotFound, ctx.lang));
    };
    if manage.group.group.kind != GroupKind::LocalGroup {
        return json(200, &manage);
    }
    // A local group's member also sees its meetings (the address only where they may).
    let meetings = super::member_space::member_meetings(ctx, &manage.group.group, &signup.id).await?;
    json(200, &village_shared::api::local_group::ManageWithMeetings { manage: &manage, meetings })
}
