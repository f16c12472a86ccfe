//! Helping out at a group's sessions (`shared::rules::helping`): a session's tasks for anyone
//! (how many places each needs and how many are taken, never who), and a family's own places
//! from their manage link — claim or drop one in one tap. Every act goes to the group's object,
//! so a task never has more helpers than it needs under any concurrency.

use worker::{Request, Result};

use village_shared::api::helping::{FamilyTasks, FamilyTopics, SessionTasks, TopicBody};
use village_shared::api::seat_protocol::{HelpAct, SeatCommand, TopicAct};
use village_shared::rules::topics::topic_problems;
use village_shared::api::ErrorCode;

use super::manage::resolve;
use super::member_space::answer;
use super::respond::read_json;
use super::{json, refused, refused_fields, Answer, Ctx};
use crate::objects;
use crate::store::Store;

async fn help<R: serde::de::DeserializeOwned>(ctx: &Ctx, group_id: &str, act: HelpAct) -> Result<R> {
    objects::group_seats(&ctx.env, group_id, &SeatCommand::Help { act }).await
}

/// `GET /api/groups/{id}/sessions/{session}/tasks` (`session`: its start, Unix seconds).
pub async fn session_tasks(ctx: &Ctx, id: &str, session: &str) -> Answer {
    let Some(group) = Store::from_env(&ctx.env)?.group(id).await?.filter(|g| g.status.is_public()) else {
        return Err(refused(ErrorCode::GroupNotFound, ctx.lang));
    };
    let Some(start) = session.parse::<i64>().ok().filter(|s| group.sessions.iter().any(|x| x.starts_at.timestamp() == *s))
    else {
        return Err(refused(ErrorCode::NotFound, ctx.lang));
    };
    let tasks: Option<SessionTasks> = help(ctx, id, HelpAct::Tasks { session: start }).await?;
    let empty = || SessionTasks { starts_at: chrono::DateTime::from_timestamp(start, 0).unwrap_or_default(), tasks: vec![] };
    json(200, &tasks.unwrap_or_else(empty))
}

/// `GET /api/manage/{token}/tasks`; `PUT` / `DELETE /api/manage/{token}/tasks/{task}` claim
/// or give back a place (`409 task_full` when none is left).
pub async fn family(ctx: &Ctx, token: &str, task: Option<(&str, bool)>) -> Answer {
    if task.is_some() {
        crate::limits::public_write(&ctx.env, &ctx.client, None, ctx.lang).await?;
    }
    let Some(key) = resolve(ctx, token).await? else { return Err(refused(ErrorCode::SignupNotFound, ctx.lang)) };
    let signup_id = key.signup_id;
    let act = match task {
        None => HelpAct::Mine { signup_id },
        Some((task, true)) => HelpAct::Claim { signup_id, task: task.to_string() },
        Some((task, false)) => HelpAct::Drop { signup_id, task: task.to_string() },
    };
    let reply: std::result::Result<FamilyTasks, ErrorCode> = help(ctx, &key.group_id, act).await?;
    answer(ctx, 200, reply)
}

/// `GET /api/manage/{token}/topics` (the family's own suggestions) and `POST {"text"}` (a topic
/// they would like a visitor to talk about).
pub async fn topics(ctx: &Ctx, token: &str, req: Option<&mut Request>) -> Answer {
    let suggestion = match req {
        Some(req) => {
            crate::limits::public_write(&ctx.env, &ctx.client, None, ctx.lang).await?;
            let body = read_json(req, ctx.lang).await?;
            let Ok(body) = serde_json::from_value::<TopicBody>(body) else { return Err(refused(ErrorCode::MalformedJson, ctx.lang)) };
            let problems = topic_problems(&body.text, ctx.lang);
            if !problems.is_empty() {
                return Err(refused_fields(problems, ctx.lang));
            }
            Some(body.text)
        }
        None => None,
    };
    let Some(key) = resolve(ctx, token).await? else { return Err(refused(ErrorCode::SignupNotFound, ctx.lang)) };
    let signup_id = key.signup_id;
    let (status, act) = match suggestion {
        Some(text) => (201, TopicAct::Suggest { signup_id, text }),
        None => (200, TopicAct::Mine { signup_id }),
    };
    let reply: std::result::Result<FamilyTopics, ErrorCode> =
        objects::group_seats(&ctx.env, &key.group_id, &SeatCommand::Topics { act }).await?;
    answer(ctx, status, reply)
}
