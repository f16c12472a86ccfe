//! Topics families would like a visitor to talk about (sleep, first words, weaning…): a family
//! suggests one from their link, the group's leaders see them when they invite the next
//! visitor. Kept in the group's object (`Roster::topics`), a few per family, the latest kept.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Language;

/// Characters in one suggestion, at most.
pub const TOPIC_MAX: usize = 120;
/// Suggestions one family may have waiting; suggestions a group keeps (the oldest go first).
pub const IDEAS_PER_FAMILY: usize = 3;
pub const IDEAS_KEPT: usize = 60;

/// One family's suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicIdea {
    pub by: String,
    pub text: String,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub at: DateTime<Utc>,
}

/// A group's suggested topics, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicIdeas {
    #[serde(default)]
    pub ideas: Vec<TopicIdea>,
}

/// What is wrong with a suggestion, in the family's language (the text is trimmed first).
pub fn topic_problems(text: &str, lang: Language) -> Vec<crate::api::FieldMessage> {
    let text = text.trim();
    if !text.is_empty() && text.chars().count() <= TOPIC_MAX {
        return vec![];
    }
    vec![crate::api::FieldMessage { field: "text".into(), message: crate::text::Words(lang).topic_shape(TOPIC_MAX) }]
}

impl TopicIdeas {
    pub fn is_empty(&self) -> bool {
        self.ideas.is_empty()
    }

    /// Add a family's suggestion. A family with `IDEAS_PER_FAMILY` waiting replaces its oldest;
    /// the same words again change nothing. `true` when it changed.
    pub fn suggest(&mut self, by: &str, text: &str, at: DateTime<Utc>) -> bool {
        let text = text.trim();
        if self.ideas.iter().any(|i| i.by == by && i.text.eq_ignore_ascii_case(text)) {
            return false;
        }
        if self.mine(by).len() >= IDEAS_PER_FAMILY {
            let oldest = self.ideas.iter().position(|i| i.by == by).expect("has some");
            self.ideas.remove(oldest);
        }
        self.ideas.push(TopicIdea { by: by.to_string(), text: text.to_string(), at });
        let over = self.ideas.len().saturating_sub(IDEAS_KEPT);
        self.ideas.drain(..over);
        true
    }

    /// A family's own suggestions, oldest first.
    pub fn mine(&self, by: &str) -> Vec<&TopicIdea> {
        self.ideas.iter().filter(|i| i.by == by).collect()
    }

    /// Someone left (or was erased): their suggestions go.
    pub fn leave(&mut self, by: &str) {
        self.ideas.retain(|i| i.by != by);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + minutes * 60, 0).unwrap()
    }

    #[test]
    fn a_family_keeps_its_three_latest_suggestions_and_the_same_words_twice_count_once() {
        let mut t = TopicIdeas::default();
        assert!(t.suggest("a", "Sleep", at(0)));
        assert!(!t.suggest("a", " sleep ", at(1)));
        for (n, topic) in ["First words", "Weaning", "Teeth"].into_iter().enumerate() {
            assert!(t.suggest("a", topic, at(2 + n as i64)));
        }
        let mine: Vec<&str> = t.mine("a").iter().map(|i| i.text.as_str()).collect();
        assert_eq!(mine, ["First words", "Weaning", "Teeth"]);
    }

    #[test]
    fn a_group_keeps_the_latest_sixty_and_someone_who_leaves_takes_theirs() {
        let mut t = TopicIdeas::default();
        for n in 0..70 {
            t.suggest(&format!("f{n}"), "Music", at(n));
        }
        assert_eq!(t.ideas.len(), IDEAS_KEPT);
        assert_eq!(t.ideas[0].by, "f10");
        t.leave("f69");
        assert!(t.mine("f69").is_empty());
    }

    #[test]
    fn a_suggestion_needs_words_and_no_more_than_a_line() {
        assert!(topic_problems("Potty training", Language::En).is_empty());
        assert_eq!(topic_problems("   ", Language::Es)[0].field, "text");
        assert_eq!(topic_problems(&"x".repeat(121), Language::En).len(), 1);
    }
}
