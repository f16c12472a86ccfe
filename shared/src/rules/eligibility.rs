//! Who may join what, from what they have done before.
//!
//! A person's history is a list of [`Participation`]s (keyed by normalized email). A Community
//! of Support series asks for an information session attended; the advanced peer-facilitator
//! series asks for both the Well-Being and the Connection & Relationship series completed.
//! Completion is attending at least the group's share of its sessions; it earns the group's
//! incentives, unless the group offers none.

use serde::{Deserialize, Serialize};

use crate::model::{Group, Incentives, Prerequisite};

/// One group in a person's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Participation {
    pub group_id: String,
    #[serde(default)]
    pub program: Option<String>,
    pub sessions_total: u32,
    pub sessions_attended: u32,
    pub completion_percent: u8,
}

impl Participation {
    pub fn completed(&self) -> bool {
        is_complete(self.sessions_attended, self.sessions_total, self.completion_percent)
    }
}

/// Attended at least `percent` % of `total` sessions (a group with no sessions is never complete).
pub fn is_complete(attended: u32, total: u32, percent: u8) -> bool {
    total > 0 && u64::from(attended.min(total)) * 100 >= u64::from(percent) * u64::from(total)
}

pub fn satisfies(history: &[Participation], prerequisite: &Prerequisite) -> bool {
    history.iter().filter(|p| p.program.as_deref() == Some(prerequisite.program())).any(|p| match prerequisite {
        Prerequisite::Attended { .. } => p.sessions_attended > 0,
        Prerequisite::Completed { .. } => p.completed(),
    })
}

/// The prerequisites of `group` that `history` does not meet, in the group's order.
pub fn missing_prerequisites(group: &Group, history: &[Participation]) -> Vec<Prerequisite> {
    group.prerequisites.iter().filter(|p| !satisfies(history, p)).cloned().collect()
}

/// What completing `participation` of `group` earns: its incentives when complete, else none.
pub fn incentives_earned(group: &Group, participation: &Participation) -> Incentives {
    if participation.completed() {
        group.incentives.clone()
    } else {
        Incentives::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn done(program: &str, attended: u32, total: u32) -> Participation {
        Participation {
            group_id: format!("{program}-x"),
            program: Some(program.into()),
            sessions_total: total,
            sessions_attended: attended,
            completion_percent: 75,
        }
    }

    fn advanced() -> Vec<Prerequisite> {
        vec![
            Prerequisite::Completed { program: "cos-well-being".into() },
            Prerequisite::Completed { program: "cos-connection".into() },
        ]
    }

    #[test]
    fn completion_is_attending_at_least_the_share() {
        assert!(is_complete(5, 6, 75)); // 83 %
        assert!(is_complete(3, 4, 75)); // exactly 75 %
        assert!(!is_complete(4, 6, 75)); // 67 %
        assert!(!is_complete(0, 0, 75));
        assert!(is_complete(1, 1, 100));
        assert!(is_complete(0, 5, 0));
    }

    #[test]
    fn an_information_session_attended_opens_the_series() {
        let info = Prerequisite::Attended { program: "cos-info-session".into() };
        assert!(!satisfies(&[], &info));
        assert!(!satisfies(&[done("cos-info-session", 0, 1)], &info), "signed up but did not come");
        assert!(satisfies(&[done("cos-info-session", 1, 1)], &info));
        assert!(!satisfies(&[done("cos-well-being", 6, 6)], &info), "another programme does not count");
    }

    #[test]
    fn the_advanced_series_needs_both_earlier_series_completed() {
        let history = [done("cos-well-being", 6, 6)];
        let missing: Vec<Prerequisite> = advanced().into_iter().filter(|p| !satisfies(&history, p)).collect();
        assert_eq!(missing, vec![Prerequisite::Completed { program: "cos-connection".into() }]);
        let history = [done("cos-well-being", 6, 6), done("cos-connection", 2, 5)];
        assert!(!satisfies(&history, &advanced()[1]), "attended 40 %: not completed");
        let history = [done("cos-well-being", 6, 6), done("cos-connection", 2, 5), done("cos-connection", 4, 5)];
        assert!(advanced().iter().all(|p| satisfies(&history, p)), "a later, completed run counts");
    }

    proptest! {
        #[test]
        fn completion_is_monotonic_in_attendance(total in 1u32..40, a in 0u32..40, b in 0u32..40, percent in 0u8..=100) {
            let (low, high) = (a.min(b), a.max(b));
            prop_assert!(!is_complete(low, total, percent) || is_complete(high, total, percent));
            prop_assert!(is_complete(total, total, percent), "attending everything always completes");
        }

        #[test]
        fn more_history_never_makes_someone_less_eligible(extra_attended in 0u32..6) {
            let base = vec![done("cos-well-being", 6, 6)];
            let mut more = base.clone();
            more.push(done("cos-connection", extra_attended, 5));
            for p in advanced() {
                prop_assert!(!satisfies(&base, &p) || satisfies(&more, &p));
            }
        }
    }
}
