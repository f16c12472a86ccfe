//! A local group's member space (`shared::rules::member_space`): what anyone may see of its
//! meetings and key issues (areas and counts, never a name or an address), and what a member
//! does with their manage link. Every act goes to the group's object, which checks membership
//! and keeps one answer, one support, one offer per member under any concurrency.

use serde::de::DeserializeOwned;
use serde::Serialize;
use worker::{Request, Result};

use village_shared::api::local_group::{
    BallotAnswer, BallotBody, ElectionsAnswer, HostOfferBody, IssueAnswer, IssueSummary, IssuesAnswer,
    MeetingNewsBody, MeetingsAnswer, MemberElection, MemberMeeting, MemberSpaceView, NominateBody, ProposeBody, RsvpAnswer, RsvpBody,
    SupportAnswer,
};
use village_shared::api::seat_protocol::{MemberSpaceReply, PublicSpace, SeatCommand, SpaceAct};
use village_shared::api::ErrorCode;
use village_shared::model::{Group, GroupKind};
use village_shared::rules::member_space::SUPPORTS_PER_MEMBER;

use super::manage::resolve;
use super::respond::read_json;
use super::{json, refused, refused_fields, Answer, Ctx};
use crate::objects;
use crate::store::Store;

/// A public local group, or the error to answer.
pub(super) async fn local_group(ctx: &Ctx, id: &str) -> Result<std::result::Result<Group, ErrorCode>> {
    Ok(match Store::from_env(&ctx.env)?.group(id).await?.filter(|g| g.status.is_public()) {
        None => Err(ErrorCode::GroupNotFound),
        Some(group) if group.kind != GroupKind::LocalGroup => Err(ErrorCode::NotALocalGroup),
        Some(group) => Ok(group),
    })
}

pub(super) async fn act<R: DeserializeOwned>(ctx: &Ctx, group: &Group, act: SpaceAct) -> Result<R> {
    objects::group_seats(
        &ctx.env,
        &group.id,
        &SeatCommand::Space { act, area: group.format.area().unwrap_or_default().to_string() },
    )
    .await
}

async fn public(ctx: &Ctx, id: &str) -> Result<std::result::Result<PublicSpace, ErrorCode>> {
    Ok(match local_group(ctx, id).await? {
        Ok(group) => Ok(act(ctx, &group, SpaceAct::Public).await?),
        Err(code) => Err(code),
    })
}

/// `GET /api/groups/{id}/meetings`: upcoming meetings first, then past ones; areas, never
/// addresses.
pub async fn meetings(ctx: &Ctx, id: &str) -> Answer {
    match public(ctx, id).await? {
        Ok(space) => json(200, &MeetingsAnswer { meetings: space.meetings }),
        Err(code) => Err(refused(code, ctx.lang)),
    }
}

/// `GET /api/groups/{id}/issues`: the key issues with their counts, never who.
pub async fn issues(ctx: &Ctx, id: &str) -> Answer {
    match public(ctx, id).await? {
        Ok(space) => json(200, &IssuesAnswer { issues: space.issues }),
        Err(code) => Err(refused(code, ctx.lang)),
    }
}

/// The member behind a manage link, with their local group, or the error to answer.
pub(super) async fn member(ctx: &Ctx, token: &str) -> Result<std::result::Result<(Group, String), ErrorCode>> {
    let Some(key) = resolve(ctx, token).await? else { return Ok(Err(ErrorCode::SignupNotFound)) };
    Ok(local_group(ctx, &key.group_id).await?.map(|group| (group, key.signup_id)))
}

/// `GET /api/manage/{token}/space`: everything the member space page shows this member.
pub async fn view(ctx: &Ctx, token: &str) -> Answer {
    let (group, signup_id) = match member(ctx, token).await? {
        Ok(found) => found,
        Err(code) => return Err(refused(code, ctx.lang)),
    };
    let reply: Option<MemberSpaceReply> = act(ctx, &group, SpaceAct::Member { signup_id }).await?;
    match reply {
        Some(reply) => json(200, &space_view(&group, reply)),
        None => Err(refused(ErrorCode::SignupNotFound, ctx.lang)),
    }
}

/// The object's view of one member with the group's own facts.
fn space_view(group: &Group, reply: MemberSpaceReply) -> MemberSpaceView {
    MemberSpaceView {
        group_id: group.id.clone(),
        group_title: group.title.clone(),
        time_zone: group.time_zone.clone(),
        name: reply.name,
        member: reply.member,
        waiting: reply.waiting,
        meetings: reply.meetings,
        issues: reply.issues,
        supports_left: reply.supports_left,
        supports_per_member: SUPPORTS_PER_MEMBER,
        host_offer: reply.host_offer,
        elections: reply.elections,
        leaders: reply.leaders,
        nominees: reply.nominees,
        meeting_news: reply.meeting_news,
    }
}

/// The meetings a member sees, for `GET /api/manage/{token}` of a local group.
pub async fn member_meetings(ctx: &Ctx, group: &Group, signup_id: &str) -> Result<Vec<MemberMeeting>> {
    let reply: Option<MemberSpaceReply> =
        act(ctx, group, SpaceAct::Member { signup_id: signup_id.to_string() }).await?;
    Ok(reply.map(|r| r.meetings).unwrap_or_default())
}

/// Read a member's write: limited per client, then the body, then the member.
pub(super) async fn write<B: DeserializeOwned>(
    ctx: &Ctx,
    token: &str,
    req: Option<&mut Request>,
) -> Answer<(Group, String, Option<B>)> {
    crate::limits::public_write(&ctx.env, &ctx.client, None, ctx.lang).await?;
    let body = match req {
        Some(req) => Some(
            serde_json::from_value::<B>(read_json(req, ctx.lang).await?)
                .map_err(|_| refused(ErrorCode::MalformedJson, ctx.lang))?,
        ),
        None => None,
    };
    match member(ctx, token).await? {
        Ok((group, signup_id)) => Ok((group, signup_id, body)),
        Err(code) => Err(refused(code, ctx.lang)),
    }
}

/// As `write`, for a write whose body is required.
pub(super) async fn write_body<B: DeserializeOwned>(
    ctx: &Ctx,
    token: &str,
    req: &mut Request,
) -> Answer<(Group, String, B)> {
    match write::<B>(ctx, token, Some(req)).await? {
        (group, signup_id, Some(body)) => Ok((group, signup_id, body)),
        _ => Err(refused(ErrorCode::MalformedJson, ctx.lang)),
    }
}

/// An object's answer to a write: the body with `status`, or its error.
pub(super) fn answer<T: Serialize>(ctx: &Ctx, status: u16, reply: std::result::Result<T, ErrorCode>) -> Answer {
    match reply {
        Ok(body) => json(status, &body),
        Err(code) => Err(refused(code, ctx.lang)),
    }
}

/// `PUT /api/manage/{token}/meetings/{meeting}/rsvp {"going"}`.
pub async fn rsvp(ctx: &Ctx, token: &str, meeting: &str, req: &mut Request) -> Answer {
    let (group, signup_id, body) = write::<RsvpBody>(ctx, token, Some(req)).await?;
    let going = body.is_some_and(|b| b.going);
    let reply: std::result::Result<MemberMeeting, ErrorCode> =
        act(ctx, &group, SpaceAct::Rsvp { signup_id, meeting: meeting.to_string(), going }).await?;
    answer(ctx, 200, reply.map(|meeting| RsvpAnswer { meeting }))
}

/// `PUT /api/manage/{token}/host-offer` (offer one's setting) and `DELETE` (withdraw it).
pub async fn host_offer(ctx: &Ctx, token: &str, req: Option<&mut Request>) -> Answer {
    let offering = req.is_some();
    let (group, signup_id, offer) = write::<HostOfferBody>(ctx, token, req).await?;
    if let Some(problems) = offer.as_ref().map(|o| o.problems(ctx.lang)).filter(|p| !p.is_empty()) {
        return Err(refused_fields(problems, ctx.lang));
    }
    debug_assert_eq!(offering, offer.is_some());
    let reply: std::result::Result<MemberSpaceReply, ErrorCode> =
        act(ctx, &group, SpaceAct::Host { signup_id, offer }).await?;
    answer(ctx, 200, reply.map(|reply| space_view(&group, reply)))
}

/// `PUT /api/manage/{token}/meeting-news {"on"}`: someone who left keeps hearing of new
/// meetings (the default) or not. Answers the space as they now see it.
pub async fn meeting_news(ctx: &Ctx, token: &str, req: &mut Request) -> Answer {
    let (group, signup_id, body) = write_body::<MeetingNewsBody>(ctx, token, req).await?;
    let reply: Option<MemberSpaceReply> = act(ctx, &group, SpaceAct::MeetingNews { signup_id, on: body.on }).await?;
    match reply {
        Some(reply) => json(200, &space_view(&group, reply)),
        None => Err(refused(ErrorCode::SignupNotFound, ctx.lang)),
    }
}

/// `POST /api/manage/{token}/issues {"title", "details"?, "language"}` → `201 {"issue"}`.
pub async fn propose(ctx: &Ctx, token: &str, req: &mut Request) -> Answer {
    let (group, signup_id, body) = write_body::<ProposeBody>(ctx, token, req).await?;
    let problems = body.problems(ctx.lang);
    if !problems.is_empty() {
        return Err(refused_fields(problems, ctx.lang));
    }
    let reply: std::result::Result<IssueSummary, ErrorCode> =
        act(ctx, &group, SpaceAct::Propose { signup_id, body }).await?;
    answer(ctx, 201, reply.map(|issue| IssueAnswer { issue }))
}

/// `PUT` (give) / `DELETE` (take back) `/api/manage/{token}/issues/{issue}/support`.
pub async fn support(ctx: &Ctx, token: &str, issue: &str, give: bool) -> Answer {
    let (group, signup_id, _) = write::<()>(ctx, token, None).await?;
    let reply: std::result::Result<SupportAnswer, ErrorCode> =
        act(ctx, &group, SpaceAct::Support { signup_id, issue: issue.to_string(), give }).await?;
    answer(ctx, 200, reply)
}

/// `GET /api/groups/{id}/elections`: each election's phase, candidates (first name and
/// initial), turnout and, once closed, the votes; who leads now. Never who voted for whom.
pub async fn elections(ctx: &Ctx, id: &str) -> Answer {
    match local_group(ctx, id).await? {
        Ok(group) => {
            let answer: ElectionsAnswer = act(ctx, &group, SpaceAct::Elections).await?;
            json(200, &answer)
        }
        Err(code) => Err(refused(code, ctx.lang)),
    }
}

/// `POST /api/manage/{token}/elections/{election}/nominations {"member"?}`: stand (no
/// `member`), accept a nomination the same way, or nominate another member.
pub async fn nominate(ctx: &Ctx, token: &str, election: &str, req: &mut Request) -> Answer {
    let (group, signup_id, body) = write::<NominateBody>(ctx, token, Some(req)).await?;
    let member = body.and_then(|b| b.member);
    let reply: std::result::Result<MemberElection, ErrorCode> =
        act(ctx, &group, SpaceAct::Nominate { signup_id, election: election.to_string(), member }).await?;
    answer(ctx, 200, reply.map(|election| BallotAnswer { election }))
}

/// `DELETE /api/manage/{token}/elections/{election}/nominations`: stand down, or decline.
pub async fn stand_down(ctx: &Ctx, token: &str, election: &str) -> Answer {
    let (group, signup_id, _) = write::<()>(ctx, token, None).await?;
    let reply: std::result::Result<MemberElection, ErrorCode> =
        act(ctx, &group, SpaceAct::StandDown { signup_id, election: election.to_string() }).await?;
    answer(ctx, 200, reply.map(|election| BallotAnswer { election }))
}

/// `PUT /api/manage/{token}/elections/{election}/ballot {"candidate"}`: one ballot per member,
/// changeable until the close.
pub async fn ballot(ctx: &Ctx, token: &str, election: &str, req: &mut Request) -> Answer {
    let (group, signup_id, body) = write_body::<BallotBody>(ctx, token, req).await?;
    let act_ = SpaceAct::Ballot { signup_id, election: election.to_string(), candidate: body.candidate };
    let reply: std::result::Result<MemberElection, ErrorCode> = act(ctx, &group, act_).await?;
    answer(ctx, 200, reply.map(|election| BallotAnswer { election }))
}
