use worker::Request;

use village_shared::api::seat_protocol::{JoinReply, SeatCommand};
use village_shared::api::{ErrorBody, ErrorCode, NextStep, SignupRequest, SignupResponse, SignupView};
use village_shared::rules::eligibility::missing_prerequisites;
use village_shared::rules::registration::{registration_state, RegistrationState};
use village_shared::Language;

use super::respond::read_json;
use super::{json, refused, refused_fields, Answer, Ctx, Problem};
use crate::clock::now;
use crate::store::Store;
use crate::{limits, objects};

/// `POST /api/groups/{id}/signups`: `201` with the new signup and its manage token; `200` with
/// nothing stored when the email is already on the list (its link goes to that address);
/// `409` when the window is shut, the waitlist is full or a prerequisite is missing (with the
/// next step, from the group's rule); `429` past the client's or the email's limit.
pub async fn create(ctx: &Ctx, group_id: &str, req: &mut Request) -> Answer {
    let body = read_json(req, ctx.lang).await?;
    // Answer in the language the person chose on the form, if they chose one we speak.
    let lang = body.get("language").and_then(|l| l.as_str()).and_then(Language::from_tag).unwrap_or(ctx.lang);
    let (status, answer) = sign_up(ctx, group_id, &body, lang).await?;
    json(status, &answer)
}

/// A signup from `body` (the API's JSON, or a posted form's fields as it), refusals worded in
/// `lang`: the status and answer of `POST /api/groups/{id}/signups`. The group's page answers
/// its posted form with this too (`pages::sign_up`).
pub async fn sign_up(ctx: &Ctx, group_id: &str, body: &serde_json::Value, lang: Language) -> Answer<(u16, SignupResponse)> {
    let request = match SignupRequest::from_json(body) {
        Ok(request) => request,
        Err(problems) => return Err(refused_fields(problems.iter().map(|p| p.to_field_message(lang)).collect(), lang)),
    };
    limits::public_write(&ctx.env, &ctx.client, Some(&request.email), lang).await?;
    let store = Store::from_env(&ctx.env)?;
    let Some(group) = store.group(group_id).await?.filter(|g| g.status.is_public()) else {
        return Err(refused(ErrorCode::GroupNotFound, lang));
    };
    if !group.kind.takes_signups() {
        return Err(refused(ErrorCode::SignupNotNeeded, lang));
    }
    // Unpublished or archived: the people already in keep their place; nobody new joins.
    if !group.status.accepts_signups() {
        return Err(refused(ErrorCode::RegistrationClosed, lang));
    }
    match registration_state(group.registration.as_ref(), now()) {
        RegistrationState::NotYetOpen { .. } => return Err(refused(ErrorCode::RegistrationNotOpen, lang)),
        RegistrationState::Closed { .. } => return Err(refused(ErrorCode::RegistrationClosed, lang)),
        RegistrationState::Open => {}
    }
    if !group.prerequisites.is_empty() {
        let history = store.history(&request.email).await?;
        if !missing_prerequisites(&group, &history).is_empty() {
            let catalogue = store.catalogue_facts().await?;
            let named = store.catalogue_cards(&NextStep::groups_named(&group, &catalogue, lang, now())).await?;
            let mut body = ErrorBody::new(ErrorCode::NotEligible, lang);
            if let Some(next) = NextStep::for_group(&group, &catalogue, &named, lang, now()) {
                body = body.with_next_step(next);
            }
            return Err(Problem::Refused(json::<_, worker::Error>(ErrorCode::NotEligible.http_status(), &body)?));
        }
    }
    let waitlist_max = limits::limits(&ctx.env).waitlist_max;
    let command = SeatCommand::Join { group_id: group.id.clone(), capacity: group.capacity, request, waitlist_max };
    let reply: JoinReply = objects::group_seats(&ctx.env, &group.id, &command).await?;
    let Some(signup) = reply.signup.filter(|_| !reply.waitlist_full) else {
        return Err(refused(ErrorCode::WaitlistFull, lang));
    };
    if !reply.created {
        // Already on the list: its owner gets their link by email (a few a day at most);
        // whoever typed the address learns nothing stored and changes nothing.
        if limits::may_mail(&ctx.env, &ctx.client, &signup.email).await? {
            let resend = SeatCommand::ResendLink { signup_id: signup.id };
            let _: serde_json::Value = objects::group_seats(&ctx.env, &group.id, &resend).await?;
        }
        return Ok((200, SignupResponse { signup: None, manage_token: None, already_signed_up: true }));
    }
    let created = SignupResponse {
        signup: Some(SignupView::from(&signup)),
        manage_token: reply.manage_token,
        already_signed_up: false,
    };
    Ok((201, created))
}
