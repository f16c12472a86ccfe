//! Helping out at a family group: each session has tasks (set-up, snack, welcome table,
//! tidy-up…), each needing a number of helpers. A family claims or drops a place in one tap;
//! a task never has more helpers than it needs, and one family holds one place on a task at
//! most. Kept in the group's object (`Roster::helping`), so this holds under any concurrency.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use chrono::{DateTime, Utc};

use crate::model::{Bilingual, TeamContact};

/// Tasks on one session, at most; helpers a task may need, at most.
pub const TASKS_PER_SESSION: usize = 12;
pub const HELPERS_PER_TASK: u8 = 10;
pub const TASK_TITLE_MAX: usize = 60;
/// A place given back this close to its session is worth a word to the leader.
pub const LATE_DROP_HOURS: i64 = 24;

/// The tasks most sessions need, for a leader to start from.
pub fn templates() -> Vec<TaskSpec> {
    [
        ("Setting up", "Montar la sala", 2),
        ("Snack", "Merienda", 1),
        ("Welcome table", "Mesa de bienvenida", 1),
        ("Tidying up", "Recoger", 2),
    ]
    .into_iter()
    .map(|(en, es, needed)| TaskSpec { title: Bilingual::new(en, es), needed })
    .collect()
}

/// A task as a leader sets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskSpec {
    pub title: Bilingual,
    pub needed: u8,
}

/// A task on a session, with who has claimed its places (signup ids, kept in the object).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Task {
    pub id: String,
    pub title: Bilingual,
    pub needed: u8,
    #[serde(default)]
    pub helpers: Vec<String>,
}

impl Task {
    pub fn taken(&self) -> u8 {
        self.helpers.len() as u8
    }
}

/// Every session's tasks, by the session's start (Unix seconds).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Helping {
    #[serde(default)]
    pub sessions: BTreeMap<i64, Vec<Task>>,
    /// Who set each session's tasks: they hear when a place is given back late.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub set_by: BTreeMap<i64, TeamContact>,
    /// `{task}/{signup}` of every late drop already told: once each, however often the place
    /// is taken and given back.
    #[serde(default, skip_serializing_if = "std::collections::BTreeSet::is_empty")]
    pub told: std::collections::BTreeSet<String>,
}

/// What is wrong with the tasks a leader sets, in their language.
pub fn task_problems(specs: &[TaskSpec], lang: crate::Language) -> Vec<crate::api::FieldMessage> {
    let bad = specs.len() > TASKS_PER_SESSION
        || specs.iter().any(|t| {
            let title = |s: &str| s.chars().count() > TASK_TITLE_MAX;
            (t.title.en.trim().is_empty() && t.title.es.trim().is_empty())
                || title(&t.title.en)
                || title(&t.title.es)
                || !(1..=HELPERS_PER_TASK).contains(&t.needed)
        });
    if !bad {
        return vec![];
    }
    vec![crate::api::FieldMessage { field: "tasks".into(), message: crate::text::Words(lang).tasks_shape().into() }]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpError {
    TaskNotFound,
    TaskFull,
}

impl Helping {
    pub fn is_empty(&self) -> bool {
        self.sessions.is_empty()
    }

    /// Set a session's tasks. A task that keeps its title keeps its helpers (up to what it now
    /// needs: those who claimed last keep it last); the ids are the session and the position.
    /// Returns the helpers who lost their place.
    pub fn set(&mut self, session: i64, specs: &[TaskSpec], by: TeamContact) -> Vec<(String, String)> {
        let old = self.sessions.remove(&session).unwrap_or_default();
        let mut dropped = Vec::new();
        let mut tasks = Vec::new();
        for (n, spec) in specs.iter().take(TASKS_PER_SESSION).enumerate() {
            let needed = spec.needed.clamp(1, HELPERS_PER_TASK);
            let mut helpers = old.iter().find(|t| t.title == spec.title).map(|t| t.helpers.clone()).unwrap_or_default();
            let id = format!("{session}-{n}");
            for gone in helpers.split_off((needed as usize).min(helpers.len())) {
                dropped.push((gone, id.clone()));
            }
            tasks.push(Task { id, title: spec.title.clone(), needed, helpers });
        }
        for task in &old {
            if !specs.iter().any(|s| s.title == task.title) {
                dropped.extend(task.helpers.iter().map(|h| (h.clone(), task.id.clone())));
            }
        }
        if tasks.is_empty() {
            self.set_by.remove(&session);
        } else {
            self.sessions.insert(session, tasks);
            self.set_by.insert(session, by);
        }
        dropped
    }

    pub fn task(&self, id: &str) -> Option<(i64, &Task)> {
        self.sessions.iter().find_map(|(at, tasks)| tasks.iter().find(|t| t.id == id).map(|t| (*at, t)))
    }

    fn task_mut(&mut self, id: &str) -> Option<&mut Task> {
        self.sessions.values_mut().flat_map(|tasks| tasks.iter_mut()).find(|t| t.id == id)
    }

    /// Claim a place; claiming one already held changes nothing. `Ok(true)` when it changed.
    pub fn claim(&mut self, task: &str, signup: &str) -> Result<bool, HelpError> {
        let task = self.task_mut(task).ok_or(HelpError::TaskNotFound)?;
        if task.helpers.iter().any(|h| h == signup) {
            return Ok(false);
        }
        if task.taken() >= task.needed {
            return Err(HelpError::TaskFull);
        }
        task.helpers.push(signup.to_string());
        Ok(true)
    }

    /// Give a place back; `Ok(true)` when it changed.
    pub fn drop_place(&mut self, task: &str, signup: &str) -> Result<bool, HelpError> {
        let task = self.task_mut(task).ok_or(HelpError::TaskNotFound)?;
        let before = task.helpers.len();
        task.helpers.retain(|h| h != signup);
        Ok(task.helpers.len() != before)
    }

    /// Whom `signup` giving back a place on `task` now tells: the leader who set its session's
    /// tasks, when the session starts within `LATE_DROP_HOURS` — once per task and family.
    pub fn tell_of_drop(&mut self, task: &str, signup: &str, at: DateTime<Utc>) -> Option<TeamContact> {
        let (start, _) = self.task(task)?;
        let to = self.set_by.get(&start).filter(|_| start - at.timestamp() < LATE_DROP_HOURS * 3600)?.clone();
        self.told.insert(format!("{task}/{signup}")).then_some(to)
    }

    /// Someone left the group (or was erased): every place they held is given back.
    pub fn leave(&mut self, signup: &str) {
        for task in self.sessions.values_mut().flat_map(|tasks| tasks.iter_mut()) {
            task.helpers.retain(|h| h != signup);
        }
    }

    /// The tasks someone holds on a session.
    pub fn mine(&self, session: i64, signup: &str) -> Vec<&Task> {
        self.sessions.get(&session).into_iter().flatten().filter(|t| t.helpers.iter().any(|h| h == signup)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn helping() -> Helping {
        let mut h = Helping::default();
        h.set(100, &templates(), leader());
        h
    }

    fn leader() -> TeamContact {
        TeamContact { email: "leader@example.org".into(), language: crate::Language::Es }
    }

    #[test]
    fn a_place_given_back_within_a_day_of_the_session_tells_the_leader_who_set_the_tasks() {
        let mut h = helping();
        let at = |s: i64| DateTime::from_timestamp(s, 0).unwrap();
        assert_eq!(h.tell_of_drop("100-0", "a", at(100 - 24 * 3600)), None);
        assert_eq!(h.tell_of_drop("100-0", "a", at(101 - 24 * 3600)), Some(leader()));
        assert_eq!(h.tell_of_drop("100-0", "a", at(102 - 24 * 3600)), None, "once per task and family");
        assert_eq!(h.tell_of_drop("100-0", "b", at(102 - 24 * 3600)), Some(leader()));
        assert_eq!(h.tell_of_drop("100-9", "a", at(99)), None);
    }

    #[test]
    fn a_task_takes_as_many_helpers_as_it_needs_and_no_more() {
        let mut h = helping();
        assert_eq!(h.claim("100-0", "a"), Ok(true));
        assert_eq!(h.claim("100-0", "b"), Ok(true));
        assert_eq!(h.claim("100-0", "c"), Err(HelpError::TaskFull));
        assert_eq!(h.claim("100-9", "c"), Err(HelpError::TaskNotFound));
        assert_eq!(h.drop_place("100-0", "a"), Ok(true));
        assert_eq!(h.claim("100-0", "c"), Ok(true));
    }

    #[test]
    fn a_family_holds_one_place_on_a_task_and_claiming_again_changes_nothing() {
        let mut h = helping();
        assert_eq!(h.claim("100-1", "a"), Ok(true));
        assert_eq!(h.claim("100-1", "a"), Ok(false));
        assert_eq!(h.task("100-1").unwrap().1.helpers, ["a"]);
        assert_eq!(h.drop_place("100-1", "a"), Ok(true));
        assert_eq!(h.drop_place("100-1", "a"), Ok(false));
    }

    #[test]
    fn changing_the_tasks_keeps_helpers_where_it_can_and_says_who_lost_a_place() {
        let mut h = helping();
        h.claim("100-0", "a").unwrap();
        h.claim("100-0", "b").unwrap();
        h.claim("100-1", "c").unwrap();
        let mut specs = templates();
        specs[0].needed = 1;
        specs.remove(1);
        let dropped = h.set(100, &specs, leader());
        assert_eq!(dropped, [("b".to_string(), "100-0".to_string()), ("c".to_string(), "100-1".to_string())]);
        assert_eq!(h.task("100-0").unwrap().1.helpers, ["a"]);
    }

    #[test]
    fn tasks_need_a_name_and_one_to_ten_helpers() {
        assert!(task_problems(&templates(), crate::Language::En).is_empty());
        let mut bad = templates();
        bad[0].needed = 0;
        assert_eq!(task_problems(&bad, crate::Language::Es).len(), 1);
        let unnamed = vec![TaskSpec { title: Bilingual::default(), needed: 1 }];
        assert_eq!(task_problems(&unnamed, crate::Language::En).len(), 1);
    }

    #[test]
    fn leaving_gives_every_place_back() {
        let mut h = helping();
        h.claim("100-0", "a").unwrap();
        h.claim("100-3", "a").unwrap();
        h.leave("a");
        assert!(h.mine(100, "a").is_empty());
    }

    proptest! {
        #[test]
        fn under_any_claims_and_drops_no_task_is_over_filled_or_holds_a_family_twice(
            ops in proptest::collection::vec((0..4usize, 0..6u8, any::<bool>()), 0..200)
        ) {
            let mut h = helping();
            for (task, family, claim) in ops {
                let (id, who) = (format!("100-{task}"), format!("f{family}"));
                let _ = if claim { h.claim(&id, &who) } else { h.drop_place(&id, &who) };
            }
            for task in h.sessions[&100].iter() {
                prop_assert!(task.taken() <= task.needed);
                let mut unique = task.helpers.clone();
                unique.sort();
                unique.dedup();
                prop_assert_eq!(unique.len(), task.helpers.len());
            }
        }
    }
}
