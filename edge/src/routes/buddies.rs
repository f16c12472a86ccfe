//! Buddies at a family group (`shared::rules::buddies`), the family's side from their manage
//! link: ask for a buddy (or stop waiting), offer to be one (or stop offering), see their
//! pairings — the other family by first name, their contact only when both agreed — and, as a
//! buddy, step back. Every act goes to the group's object, so a buddy never takes more families
//! than they offered.

use worker::Request;

use village_shared::api::buddies::FamilyBuddies;
use village_shared::api::seat_protocol::{BuddyAct, SeatCommand};
use village_shared::api::ErrorCode;
use village_shared::rules::buddies::{ask_problems, offer_problems, Ask, Offer};

use super::manage::resolve;
use super::member_space::answer;
use super::respond::read_json;
use super::{refused, refused_fields, Answer, Ctx};

/// What a family does.
pub enum FamilyAct<'a> {
    View,
    Ask,
    Withdraw,
    Offer,
    StopOffering,
    StepBack(&'a str),
}

/// `GET /api/manage/{token}/buddy`; `PUT`/`DELETE …/buddy/request` and `…/buddy/offer`;
/// `POST …/buddy/pairings/{pairing}/step-back`.
pub async fn family(ctx: &Ctx, token: &str, what: FamilyAct<'_>, req: &mut Request) -> Answer {
    if !matches!(what, FamilyAct::View) {
        crate::limits::public_write(&ctx.env, &ctx.client, None, ctx.lang).await?;
    }
    // The body first: nothing is looked up for a request that cannot be right.
    let body = match what {
        FamilyAct::Ask | FamilyAct::Offer => Some(read_json(req, ctx.lang).await?),
        _ => None,
    };
    let Some(key) = resolve(ctx, token).await? else { return Err(refused(ErrorCode::SignupNotFound, ctx.lang)) };
    let signup_id = key.signup_id;
    let act = match (what, body) {
        (FamilyAct::Ask, Some(body)) => {
            let Ok(ask) = serde_json::from_value::<Ask>(body) else { return Err(refused(ErrorCode::MalformedJson, ctx.lang)) };
            let problems = ask_problems(&ask, ctx.lang);
            if !problems.is_empty() {
                return Err(refused_fields(problems, ctx.lang));
            }
            BuddyAct::Ask { signup_id, ask }
        }
        (FamilyAct::Offer, Some(body)) => {
            let Ok(offer) = serde_json::from_value::<Offer>(body) else { return Err(refused(ErrorCode::MalformedJson, ctx.lang)) };
            let problems = offer_problems(&offer, ctx.lang);
            if !problems.is_empty() {
                return Err(refused_fields(problems, ctx.lang));
            }
            BuddyAct::Offer { signup_id, offer }
        }
        (FamilyAct::Withdraw, _) => BuddyAct::Withdraw { signup_id },
        (FamilyAct::StopOffering, _) => BuddyAct::StopOffering { signup_id },
        (FamilyAct::StepBack(pairing), _) => BuddyAct::StepBack { signup_id, pairing: pairing.to_string() },
        _ => BuddyAct::Mine { signup_id },
    };
    let reply: std::result::Result<FamilyBuddies, ErrorCode> =
        crate::objects::group_seats(&ctx.env, &key.group_id, &SeatCommand::Buddy { act }).await?;
    answer(ctx, 200, reply)
}
