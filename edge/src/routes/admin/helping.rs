//! A leader sets a session's tasks (helping out, `shared::rules::helping`; audited) and reads
//! the topics families suggest for visitors.

use worker::Request;

use village_shared::api::helping::{SessionTasks, SetTasksBody, TopicList};
use village_shared::api::seat_protocol::{HelpAct, SeatCommand, TopicAct};
use village_shared::api::ErrorCode;
use village_shared::model::{AdminUser, AuditTarget, TargetKind, TeamContact};
use village_shared::rules::helping::task_problems;

use super::{audit, read_body};
use crate::routes::{json, refused, refused_fields, Answer, Ctx};

/// `PUT /api/admin/groups/{group}/sessions/{session}/tasks {"tasks": [{"title", "needed"}]}`.
pub async fn set_tasks(ctx: &Ctx, by: &AdminUser, group_id: &str, session: &str, req: &mut Request) -> Answer {
    let body: SetTasksBody = read_body(ctx, req, "tasks").await?;
    let problems = task_problems(&body.tasks, ctx.lang);
    if !problems.is_empty() {
        return Err(refused_fields(problems, ctx.lang));
    }
    let Ok(start) = session.parse::<i64>() else { return Err(refused(ErrorCode::NotFound, ctx.lang)) };
    let after = serde_json::to_value(&body)?;
    // The leader who sets them hears if a place is given back within a day of the session.
    let leader = TeamContact { email: by.email.clone(), language: ctx.lang };
    let act = HelpAct::Set { session: start, tasks: body.tasks, by: leader };
    let reply: std::result::Result<SessionTasks, ErrorCode> =
        crate::objects::group_seats(&ctx.env, group_id, &SeatCommand::Help { act }).await?;
    match reply {
        Ok(tasks) => {
            let target = AuditTarget::group(group_id).and(TargetKind::Session, start);
            audit(ctx, by, "tasks.set", &target, serde_json::Value::Null, after).await?;
            json(200, &tasks)
        }
        Err(code) => Err(refused(code, ctx.lang)),
    }
}

/// `GET /api/admin/groups/{group}/topics`: what families would like a visitor to talk about,
/// newest first.
pub async fn topics(ctx: &Ctx, group_id: &str) -> Answer {
    let act = TopicAct::List;
    let list: TopicList = crate::objects::group_seats(&ctx.env, group_id, &SeatCommand::Topics { act }).await?;
    json(200, &list)
}
