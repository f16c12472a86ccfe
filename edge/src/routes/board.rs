//! The network's opportunities board (`shared::rules::board`): a page of open posts for anyone
//! (what and where, never who), and what a member does from their link — post, say they are
//! interested, answer those interested in their own posts, mark done, renew. A post lives in
//! its poster's group's object; someone interested may belong to another local group, whose
//! object the Worker asks for their name (and, once accepted, their contact).

use std::collections::BTreeMap;

use worker::{Request, Result};

use village_shared::api::local_group::{Contact, InterestAnswerBody, InterestState, MemberBoard, PostBody, PostView};
use village_shared::api::seat_protocol::{PostReply, SpaceAct};
use village_shared::api::ErrorCode;
use village_shared::model::Group;
use village_shared::rules::election::public_name;

use super::member_space::{act, answer, local_group, member, write, write_body};
use super::{json, refused, refused_fields, Answer, Ctx};
use crate::clock::now;
use crate::store::Store;

/// `GET /api/board?cursor=`: a page of open posts across the network (one KV listing).
pub async fn page(ctx: &Ctx, req: &Request) -> Answer {
    let cursor = req.url()?.query_pairs().find(|(k, _)| k == "cursor").map(|(_, v)| v.into_owned());
    json(200, &Store::from_env(&ctx.env)?.board_page(cursor, now()).await?)
}

/// Fill in what the poster's object could not know: the group's title, and the names (and,
/// once accepted, the contact) of those interested from other groups — one call per group.
async fn complete(ctx: &Ctx, group: &Group, reply: PostReply) -> Result<PostView> {
    let PostReply { mut view, elsewhere } = reply;
    view.group_title = Some(group.title.clone());
    let mut by_group: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for r in elsewhere {
        by_group.entry(r.group).or_default().push((r.interest, r.member));
    }
    for (group_id, asked) in by_group {
        let Ok(theirs) = local_group(ctx, &group_id).await? else { continue };
        let ids = asked.iter().map(|(_, member)| member.clone()).collect();
        let people: Vec<Option<Contact>> = act(ctx, &theirs, SpaceAct::People { signup_ids: ids }).await?;
        for ((interest, _), person) in asked.iter().zip(people) {
            let Some(slot) = view.interests.iter_mut().find(|i| &i.id == interest) else { continue };
            let Some(person) = person else { continue };
            slot.name = public_name(&person.name);
            if matches!(slot.state, InterestState::Accepted | InterestState::Done) {
                slot.contact = Some(person);
            }
        }
    }
    Ok(view)
}

/// An object's answer about a post, completed, or its error.
async fn post_answer(
    ctx: &Ctx,
    group: &Group,
    status: u16,
    reply: std::result::Result<PostReply, ErrorCode>,
) -> Answer {
    match reply {
        Ok(reply) => json(status, &complete(ctx, group, reply).await?),
        Err(code) => answer::<()>(ctx, status, Err(code)),
    }
}

/// `GET /api/manage/{token}/board`: the board's first page and the member's own posts.
pub async fn member_board(ctx: &Ctx, token: &str) -> Answer {
    let (group, signup_id) = match member(ctx, token).await? {
        Ok(found) => found,
        Err(code) => return Err(refused(code, ctx.lang)),
    };
    let replies: Vec<PostReply> = act(ctx, &group, SpaceAct::MyPosts { signup_id }).await?;
    let mut mine = Vec::new();
    for reply in replies {
        mine.push(complete(ctx, &group, reply).await?);
    }
    let board = Store::from_env(&ctx.env)?.board_page(None, now()).await?;
    json(200, &MemberBoard { board, mine })
}

/// `POST /api/manage/{token}/board {PostBody}` → `201` the post.
pub async fn publish(ctx: &Ctx, token: &str, req: &mut Request) -> Answer {
    let (group, signup_id, body) = write_body::<PostBody>(ctx, token, req).await?;
    let problems = body.problems(ctx.lang);
    if !problems.is_empty() {
        return Err(refused_fields(problems, ctx.lang));
    }
    let reply = act(ctx, &group, SpaceAct::Publish { signup_id, body }).await?;
    post_answer(ctx, &group, 201, reply).await
}

/// What a member does to one post (`{group}/{post}` on the board).
pub enum PostAct {
    View,
    Interest,
    Answer(String),
    Done,
    Renew,
}

/// `GET …/board/{group}/{post}`, `POST …/interest`, `PUT …/interests/{interest} {"accept"}`,
/// `POST …/done`, `POST …/renew`.
pub async fn post_act(
    ctx: &Ctx,
    token: &str,
    group_id: &str,
    post: &str,
    what: PostAct,
    req: &mut Request,
) -> Answer {
    let body = match what {
        PostAct::Answer(_) => Some(req),
        _ => None,
    };
    let reading = matches!(what, PostAct::View);
    let (mine, signup_id, answered) = if reading {
        match member(ctx, token).await? {
            Ok((group, signup_id)) => (group, signup_id, None),
            Err(code) => return Err(refused(code, ctx.lang)),
        }
    } else {
        write::<InterestAnswerBody>(ctx, token, body).await?
    };
    let theirs = match local_group(ctx, group_id).await? {
        Ok(group) => group,
        Err(_) => return Err(refused(ErrorCode::PostNotFound, ctx.lang)),
    };
    let (post, viewer_group, viewer) = (post.to_string(), mine.id.clone(), signup_id.clone());
    let own = theirs.id == mine.id;
    let act_ = match what {
        PostAct::View => SpaceAct::ViewPost { post, viewer_group, viewer },
        PostAct::Interest => {
            // Their membership is their own group's to say.
            let is_member: bool = act(ctx, &mine, SpaceAct::IsMember { signup_id }).await?;
            if !is_member {
                return Err(refused(ErrorCode::NotAMember, ctx.lang));
            }
            SpaceAct::Interest { post, group: viewer_group, member: viewer }
        }
        PostAct::Answer(interest) => {
            let Some(body) = answered.filter(|_| own) else { return Err(refused(ErrorCode::PostNotFound, ctx.lang)) };
            SpaceAct::AnswerInterest { signup_id, post, interest, accept: body.accept }
        }
        PostAct::Done => SpaceAct::MarkDone { post, group: viewer_group, member: viewer },
        PostAct::Renew if own => SpaceAct::Renew { signup_id, post },
        PostAct::Renew => return Err(refused(ErrorCode::PostNotFound, ctx.lang)),
    };
    let reply = act(ctx, &theirs, act_).await?;
    post_answer(ctx, &theirs, 200, reply).await
}
