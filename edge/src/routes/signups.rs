use worker::{Request, Response, Result};

use village_shared::api::seat_protocol::{JoinReply, SeatCommand};
use village_shared::api::{
    next_step, Catalogue, ErrorBody, ErrorCode, NextStep, SignupRequest, SignupResponse, SignupView,
};
use village_shared::model::Group;
use village_shared::rules::eligibility::missing_prerequisites;
use village_shared::rules::registration::{registration_state, RegistrationState};
use village_shared::Language;

use super::respond::{field_errors, read_json};
use super::{error, json, Ctx};
use crate::clock::now;
use crate::objects;
use crate::store::Store;

/// `POST /api/groups/{id}/signups`: `201` with the new signup and its manage token, or `200`
/// with the signup this email already has; `409` when the window is shut or a prerequisite is
/// missing (with the next step).
pub async fn create(ctx: &Ctx, group_id: &str, req: &mut Request) -> Result<Response> {
    let body = match read_json(req, ctx.lang).await? {
        Ok(body) => body,
        Err(response) => return Ok(response),
    };
    // Answer in the language the person chose on the form, if they chose one we speak.
    let lang = body.get("language").and_then(|l| l.as_str()).and_then(Language::from_tag).unwrap_or(ctx.lang);
    let request = match SignupRequest::from_json(&body) {
        Ok(request) => request,
        Err(problems) => return field_errors(problems.iter().map(|p| p.to_field_message(lang)).collect(), lang),
    };
    let store = Store::from_env(&ctx.env)?;
    let Some(group) = store.group(group_id).await?.filter(|g| g.status.is_public()) else {
        return error(ErrorCode::GroupNotFound, lang);
    };
    if !group.kind.takes_signups() {
        return error(ErrorCode::SignupNotNeeded, lang);
    }
    // Unpublished or archived: the people already in keep their place; nobody new joins.
    if !group.status.accepts_signups() {
        return error(ErrorCode::RegistrationClosed, lang);
    }
    match registration_state(group.registration.as_ref(), now()) {
        RegistrationState::NotYetOpen { .. } => return error(ErrorCode::RegistrationNotOpen, lang),
        RegistrationState::Closed { .. } => return error(ErrorCode::RegistrationClosed, lang),
        RegistrationState::Open => {}
    }
    if !group.prerequisites.is_empty() {
        let history = store.history(&request.email).await?;
        if let Some(missing) = missing_prerequisites(&group, &history).into_iter().next() {
            let catalogue = store.catalogue().await?.unwrap_or(Catalogue { groups: vec![] });
            return not_eligible(&group, missing, &catalogue, lang);
        }
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

/// `409 not_eligible` with the reason and, when one is open, the group to do first.
fn not_eligible(
    group: &Group,
    missing: village_shared::model::Prerequisite,
    catalogue: &Catalogue,
    lang: Language,
) -> Result<Response> {
    let step = next_step(&missing, &catalogue.groups, lang, now());
    let programme_title = step
        .or_else(|| catalogue.groups.iter().find(|g| g.program.as_deref() == Some(missing.program())))
        .map(|g| g.title.get(lang).to_string())
        .unwrap_or_else(|| missing.program().to_string());
    let next = NextStep {
        reason: NextStep::reason(&missing, &programme_title, lang),
        group_id: step.map(|g| g.id.clone()),
        group_title: step.map(|g| g.title.clone()),
        missing,
    };
    worker::console_log!("signup for {} refused: prerequisite missing", group.id);
    json(ErrorCode::NotEligible.http_status(), &ErrorBody::new(ErrorCode::NotEligible, lang).with_next_step(next))
}
