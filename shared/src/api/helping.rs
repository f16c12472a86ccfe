//! Helping out at a family group's sessions, on the wire: counts for everyone, a family's own
//! places from their link, and the tasks a leader sets; and the topics families suggest for
//! visitors.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::Bilingual;
use crate::rules::helping::{Task, TaskSpec};

/// A task as anyone sees it: how many it needs and how many have it — never who.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskView {
    pub id: String,
    pub title: Bilingual,
    pub needed: u8,
    pub taken: u8,
    /// Whether the family asking holds a place on it (always `false` in public answers).
    #[serde(default)]
    pub mine: bool,
}

impl TaskView {
    pub fn of(task: &Task, signup: Option<&str>) -> TaskView {
        TaskView {
            id: task.id.clone(),
            title: task.title.clone(),
            needed: task.needed,
            taken: task.taken(),
            mine: signup.is_some_and(|s| task.helpers.iter().any(|h| h == s)),
        }
    }
}

/// `GET /api/groups/{id}/sessions/{session}/tasks` (`session`: its start, Unix seconds), and a
/// session in a family's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionTasks {
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub starts_at: DateTime<Utc>,
    pub tasks: Vec<TaskView>,
}

/// `GET /api/manage/{token}/tasks`, and the answer to a claim or a drop: the upcoming sessions
/// that have tasks, with the family's own places marked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FamilyTasks {
    pub sessions: Vec<SessionTasks>,
}

/// `PUT /api/admin/groups/{group}/sessions/{session}/tasks`: the session's tasks (`[]` clears
/// them). Helpers keep their places on tasks whose title stays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetTasksBody {
    pub tasks: Vec<TaskSpec>,
}

/// `POST /api/manage/{token}/topics`: a topic a family would like a visitor to talk about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicBody {
    pub text: String,
}

/// `GET`/`POST /api/manage/{token}/topics`: the family's own suggestions, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FamilyTopics {
    pub ideas: Vec<String>,
}

/// One suggestion as the group's leaders see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicRow {
    pub name: String,
    pub text: String,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub at: DateTime<Utc>,
}

/// `GET /api/admin/groups/{group}/topics`: what families would like to hear about, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicList {
    pub ideas: Vec<TopicRow>,
}
