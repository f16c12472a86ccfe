//! The network's opportunities board (product line 8: "visits, shadowing, mentoring and
//! training are identified and arranged"): members of any local group offer or ask for a
//! visit, shadowing, mentoring or training. Someone taps "I'm interested"; the poster accepts
//! or declines; only on acceptance do both get each other's contact details; either marks it
//! done. A post lasts 60 days unless renewed, and its poster is reminded a week before.
//!
//! A post lives in its poster's group's object (one writer: one interest per member, never
//! more accepted than its places). Those interested may belong to any local group: they are
//! named by (group, signup) and their names and contact are looked up in their own group's
//! object when shown, never copied here. Pure: the caller passes `now`.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::api::local_group::{InterestState, PostBody, PostSummary};
use crate::api::ErrorCode;

pub const POST_DAYS: i64 = 60;
pub const RENEW_REMINDER_DAYS_BEFORE: i64 = 7;
/// Open posts one member may have at once.
pub const OPEN_POSTS_PER_MEMBER: usize = 5;
/// Posts one member's group keeps for them, open or closed (closed ones go after 60 days).
pub const KEPT_POSTS_PER_MEMBER: usize = 20;
/// Interests one post takes (a few places, a few more asking).
pub const INTERESTS_PER_POST: usize = 30;
/// Title, area and dates: short, so the listing's summary fits beside its key.
pub const POST_SHORT_MAX: usize = 60;
pub const POST_DETAILS_MAX: usize = 600;
pub const POST_PLACES_MAX: u32 = 20;

/// Someone who tapped "I'm interested": a member of `group`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Interest {
    pub id: String,
    pub group: String,
    pub member: String,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub at: DateTime<Utc>,
    pub state: InterestState,
    /// Both sides were told of the acceptance (once, whatever the poster changes after).
    #[serde(default)]
    pub told: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Post {
    pub id: String,
    /// The poster's signup id (in this group).
    pub by: String,
    pub body: PostBody,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub posted_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub expires_at: DateTime<Utc>,
    /// The poster was reminded to renew before this `expires_at`.
    #[serde(default)]
    pub reminded: bool,
    #[serde(default)]
    pub interests: Vec<Interest>,
    #[serde(default)]
    pub done: bool,
}

impl Post {
    pub fn is_open(&self, now: DateTime<Utc>) -> bool {
        !self.done && now < self.expires_at
    }

    pub fn accepted(&self) -> u32 {
        self.interests.iter().filter(|i| matches!(i.state, InterestState::Accepted | InterestState::Done)).count()
            as u32
    }

    pub fn interest_of(&self, group: &str, member: &str) -> Option<&Interest> {
        self.interests.iter().find(|i| i.group == group && i.member == member)
    }

    pub fn summary(&self, group_id: &str) -> PostSummary {
        PostSummary {
            id: self.id.clone(),
            group_id: group_id.to_string(),
            side: self.body.side,
            kind: self.body.kind,
            title: self.body.title.clone(),
            area: self.body.area.clone(),
            dates: self.body.dates.clone(),
            places: self.body.places,
            expires_at: self.expires_at,
        }
    }
}

/// What a board change must tell (all by post id): the poster of an interest, both sides of
/// an acceptance. The listing beside each post follows `changed`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BoardNews {
    pub interested: Option<(String, String)>,
    /// (post, interest id)
    pub accepted: Option<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Board {
    #[serde(default)]
    pub posts: Vec<Post>,
    #[serde(default)]
    next_id: u64,
}

impl Board {
    pub fn is_empty(&self) -> bool {
        self.posts.is_empty()
    }

    pub fn post(&self, id: &str) -> Option<&Post> {
        self.posts.iter().find(|p| p.id == id)
    }

    fn post_mut(&mut self, id: &str) -> Result<&mut Post, ErrorCode> {
        self.posts.iter_mut().find(|p| p.id == id).ok_or(ErrorCode::PostNotFound)
    }

    fn new_id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}{}", self.next_id)
    }

    /// A member posts (trimmed as written, control characters out). Answers the post's id.
    pub fn publish(&mut self, by: &str, body: PostBody, now: DateTime<Utc>) -> Result<String, ErrorCode> {
        // Posts closed for sixty days go: a group keeps what is still useful.
        self.posts.retain(|p| p.expires_at + Duration::days(POST_DAYS) >= now);
        let theirs = || self.posts.iter().filter(|p| p.by == by);
        if theirs().filter(|p| p.is_open(now)).count() >= OPEN_POSTS_PER_MEMBER
            || theirs().count() >= KEPT_POSTS_PER_MEMBER
        {
            return Err(ErrorCode::TooManyPosts);
        }
        let id = self.new_id("p");
        let line = |text: &str| -> String {
            text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect::<String>().trim().to_string()
        };
        let details: String =
            body.details.chars().filter(|c| !c.is_control() || *c == '\n').collect::<String>().trim().to_string();
        let body =
            PostBody { title: line(&body.title), details, area: line(&body.area), dates: line(&body.dates), ..body };
        let expires_at = now + Duration::days(POST_DAYS);
        self.posts.push(Post {
            id: id.clone(),
            by: by.to_string(),
            body,
            posted_at: now,
            expires_at,
            reminded: false,
            interests: vec![],
            done: false,
        });
        Ok(id)
    }

    /// A member of `group` is interested. Once per member (asking again changes nothing);
    /// never in one's own post; only while it is open.
    pub fn interest(
        &mut self,
        post: &str,
        group: &str,
        member: &str,
        own_group: &str,
        now: DateTime<Utc>,
    ) -> Result<BoardNews, ErrorCode> {
        let id = self.new_id("n");
        let p = self.post_mut(post)?;
        if !p.is_open(now) {
            return Err(ErrorCode::PostClosed);
        }
        if group == own_group && p.by == member {
            return Err(ErrorCode::OwnPost);
        }
        if p.interest_of(group, member).is_some() {
            return Ok(BoardNews::default());
        }
        if p.interests.len() >= INTERESTS_PER_POST {
            return Err(ErrorCode::PostFull);
        }
        p.interests.push(Interest {
            id: id.clone(),
            group: group.into(),
            member: member.into(),
            at: now,
            state: InterestState::Pending,
            told: false,
        });
        Ok(BoardNews { interested: Some((post.to_string(), id)), accepted: None })
    }

    /// The poster accepts or declines someone interested; never more accepted than places.
    pub fn answer(
        &mut self,
        post: &str,
        by: &str,
        interest: &str,
        accept: bool,
        now: DateTime<Utc>,
    ) -> Result<BoardNews, ErrorCode> {
        let p = self.post_mut(post)?;
        if p.by != by {
            return Err(ErrorCode::PostNotFound);
        }
        if p.done || now >= p.expires_at {
            return Err(ErrorCode::PostClosed);
        }
        let full = p.accepted() >= p.body.places;
        let i = p.interests.iter_mut().find(|i| i.id == interest).ok_or(ErrorCode::PostNotFound)?;
        let news = match (accept, i.state) {
            (true, InterestState::Accepted | InterestState::Done) | (false, InterestState::Declined) => {
                BoardNews::default()
            }
            (true, _) if full => return Err(ErrorCode::PostFull),
            (true, _) => {
                i.state = InterestState::Accepted;
                // Contacts go out once per interest, however often the poster changes their mind.
                let first = !std::mem::replace(&mut i.told, true);
                BoardNews { interested: None, accepted: first.then(|| (post.to_string(), interest.to_string())) }
            }
            (false, InterestState::Done) => return Err(ErrorCode::PostClosed),
            (false, _) => {
                i.state = InterestState::Declined;
                BoardNews::default()
            }
        };
        Ok(news)
    }

    /// The poster marks the whole post done (it leaves the board), or someone accepted marks
    /// their part done.
    pub fn mark_done(&mut self, post: &str, group: &str, member: &str, own_group: &str) -> Result<(), ErrorCode> {
        let p = self.post_mut(post)?;
        if group == own_group && p.by == member {
            p.done = true;
            return Ok(());
        }
        let i =
            p.interests.iter_mut().find(|i| i.group == group && i.member == member).ok_or(ErrorCode::PostNotFound)?;
        if i.state != InterestState::Accepted && i.state != InterestState::Done {
            return Err(ErrorCode::PostNotFound);
        }
        i.state = InterestState::Done;
        Ok(())
    }

    /// Another 60 days from now (the poster).
    pub fn renew(&mut self, post: &str, by: &str, now: DateTime<Utc>) -> Result<(), ErrorCode> {
        let p = self.post_mut(post)?;
        if p.by != by || p.done {
            return Err(ErrorCode::PostNotFound);
        }
        p.expires_at = now + Duration::days(POST_DAYS);
        p.reminded = false;
        Ok(())
    }

    /// Open posts, newest first.
    pub fn open(&self, now: DateTime<Utc>) -> impl Iterator<Item = &Post> {
        self.posts.iter().rev().filter(move |p| p.is_open(now))
    }

    /// A member's posts, newest first (open or not, for sixty days after they closed).
    pub fn by_member<'a>(&'a self, member: &'a str) -> impl Iterator<Item = &'a Post> {
        self.posts.iter().rev().filter(move |p| p.by == member)
    }

    /// When the next renewal reminder or expiry is due.
    pub fn next_due(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.posts
            .iter()
            .filter(|p| !p.done)
            .flat_map(|p| {
                let remind = (!p.reminded && p.expires_at > now)
                    .then(|| p.expires_at - Duration::days(RENEW_REMINDER_DAYS_BEFORE));
                let expiry = (p.expires_at > now).then_some(p.expires_at);
                remind.into_iter().chain(expiry)
            })
            .map(|at| at.max(now))
            .min()
    }

    /// The posts whose renewal reminder is due now (marked reminded), and those that expired
    /// since `since` (their listing goes).
    pub fn take_due(&mut self, now: DateTime<Utc>) -> Vec<String> {
        let mut due = Vec::new();
        for p in self.posts.iter_mut().filter(|p| !p.done && !p.reminded && p.expires_at > now) {
            if now >= p.expires_at - Duration::days(RENEW_REMINDER_DAYS_BEFORE) {
                p.reminded = true;
                due.push(p.id.clone());
            }
        }
        due
    }

    /// A member is erased: their posts and interests go altogether (their words with them).
    /// Answers the posts whose listing must go.
    pub fn erase(&mut self, group: &str, member: &str, own_group: &str) -> Vec<String> {
        let mut changed = self.forget(group, member, own_group);
        let before: Vec<String> = self.posts.iter().map(|p| p.id.clone()).collect();
        self.posts.retain(|p| !(group == own_group && p.by == member));
        let gone: Vec<String> =
            before.into_iter().filter(|id| self.post(id).is_none() && !changed.contains(id)).collect();
        changed.extend(gone);
        changed
    }

    /// A member leaves: their posts close and their interests go.
    pub fn forget(&mut self, group: &str, member: &str, own_group: &str) -> Vec<String> {
        let mut changed = Vec::new();
        for p in &mut self.posts {
            if group == own_group && p.by == member && !p.done {
                p.done = true;
                changed.push(p.id.clone());
            }
            let before = p.interests.len();
            p.interests.retain(|i| !(i.group == group && i.member == member));
            if p.interests.len() != before && !changed.contains(&p.id) {
                changed.push(p.id.clone());
            }
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::local_group::{OpportunityKind, PostSide};
    use proptest::prelude::*;

    fn at(days: i64) -> DateTime<Utc> {
        "2027-02-01T10:00:00Z".parse::<DateTime<Utc>>().unwrap() + Duration::days(days)
    }

    fn body(places: u32) -> PostBody {
        PostBody {
            side: PostSide::Offer,
            kind: OpportunityKind::Visit,
            title: " A visit to my setting ".into(),
            details: "Forest school mornings.".into(),
            area: "Dereham".into(),
            dates: "March".into(),
            places,
        }
    }

    #[test]
    fn interest_then_acceptance_never_past_the_places() {
        let mut b = Board::default();
        let p = b.publish("ann", body(1), at(0)).unwrap();
        assert_eq!(b.post(&p).unwrap().body.title, "A visit to my setting");
        assert_eq!(b.interest(&p, "g", "ann", "g", at(1)), Err(ErrorCode::OwnPost));
        let first = b.interest(&p, "h", "bob", "g", at(1)).unwrap().interested.unwrap().1;
        assert_eq!(b.interest(&p, "h", "bob", "g", at(1)), Ok(BoardNews::default()), "once per member");
        let second = b.interest(&p, "g", "cat", "g", at(1)).unwrap().interested.unwrap().1;
        assert_eq!(b.answer(&p, "bob", &first, true, at(2)), Err(ErrorCode::PostNotFound), "only the poster answers");
        assert!(b.answer(&p, "ann", &first, true, at(2)).unwrap().accepted.is_some());
        assert_eq!(b.answer(&p, "ann", &second, true, at(2)), Err(ErrorCode::PostFull));
        b.answer(&p, "ann", &second, false, at(2)).unwrap();
        assert_eq!(b.post(&p).unwrap().accepted(), 1);
        b.mark_done(&p, "h", "bob", "g").unwrap();
        assert_eq!(b.mark_done(&p, "g", "cat", "g"), Err(ErrorCode::PostNotFound), "declined: nothing to mark");
    }

    #[test]
    fn a_post_expires_after_sixty_days_unless_renewed_and_its_poster_is_reminded_once() {
        let mut b = Board::default();
        let p = b.publish("ann", body(2), at(0)).unwrap();
        let remind = at(POST_DAYS - RENEW_REMINDER_DAYS_BEFORE);
        assert_eq!(b.next_due(at(1)), Some(remind));
        assert!(b.take_due(remind - Duration::seconds(1)).is_empty());
        assert_eq!(b.take_due(remind), vec![p.clone()]);
        assert!(b.take_due(remind).is_empty(), "once");
        assert_eq!(b.open(at(POST_DAYS)).count(), 0, "expired");
        assert_eq!(b.interest(&p, "h", "bob", "g", at(POST_DAYS)), Err(ErrorCode::PostClosed));
        b.renew(&p, "ann", at(POST_DAYS + 1)).unwrap();
        assert_eq!(b.open(at(POST_DAYS + 1)).count(), 1, "renewed");
        assert_eq!(b.post(&p).unwrap().expires_at, at(2 * POST_DAYS + 1));
    }

    #[test]
    fn a_member_keeps_a_handful_of_posts_open_and_leaving_closes_them() {
        let mut b = Board::default();
        for _ in 0..OPEN_POSTS_PER_MEMBER {
            b.publish("ann", body(1), at(0)).unwrap();
        }
        assert_eq!(b.publish("ann", body(1), at(0)), Err(ErrorCode::TooManyPosts));
        let p = b.publish("bob", body(1), at(0)).unwrap();
        b.interest(&p, "g", "ann", "g", at(1)).unwrap();
        let changed = b.forget("g", "ann", "g");
        assert_eq!(changed.len(), OPEN_POSTS_PER_MEMBER + 1);
        assert!(b.post(&p).unwrap().interests.is_empty());
        assert_eq!(b.open(at(1)).count(), 1);
    }

    #[test]
    fn contacts_go_out_once_and_expired_posts_wake_nobody() {
        let mut b = Board::default();
        let p = b.publish("ann", body(1), at(0)).unwrap();
        let i = b.interest(&p, "h", "bob", "g", at(1)).unwrap().interested.unwrap().1;
        assert!(b.answer(&p, "ann", &i, true, at(2)).unwrap().accepted.is_some());
        b.answer(&p, "ann", &i, false, at(2)).unwrap();
        assert!(b.answer(&p, "ann", &i, true, at(2)).unwrap().accepted.is_none(), "told once");
        // Expired before anyone reminded: nothing is due any more.
        let q = b.publish("cat", body(1), at(0)).unwrap();
        let _ = q;
        assert_eq!(b.next_due(at(POST_DAYS + 1)), None);
    }

    #[test]
    fn control_characters_never_reach_the_board_and_old_posts_go() {
        let mut b = Board::default();
        let noisy = PostBody { title: "A\u{0}B\u{7}".into(), dates: "\u{1b}[2J".into(), ..body(1) };
        let p = b.publish("ann", noisy, at(0)).unwrap();
        let post = b.post(&p).unwrap();
        assert!(!post.body.title.chars().any(char::is_control) && !post.body.dates.chars().any(char::is_control));
        b.mark_done(&p, "g", "ann", "g").unwrap();
        b.publish("ann", body(1), at(3 * POST_DAYS)).unwrap();
        assert!(b.post(&p).is_none(), "closed long ago: gone");
        for n in 0..KEPT_POSTS_PER_MEMBER {
            let id = b.publish("bob", body(1), at(3 * POST_DAYS)).unwrap_or_else(|e| panic!("{n}: {e:?}"));
            b.mark_done(&id, "g", "bob", "g").unwrap();
        }
        assert_eq!(b.publish("bob", body(1), at(3 * POST_DAYS)), Err(ErrorCode::TooManyPosts));
        assert_eq!(b.erase("g", "bob", "g").len(), KEPT_POSTS_PER_MEMBER);
        assert!(b.by_member("bob").next().is_none(), "erased: their words with them");
    }

    proptest! {
        /// Whatever the order of interests and answers, a post never has more accepted than
        /// its places, nor two interests from one member.
        #[test]
        fn never_more_accepted_than_places(
            places in 1u32..4,
            acts in proptest::collection::vec((0u8..6, any::<bool>(), any::<bool>()), 0..60)
        ) {
            let mut b = Board::default();
            let p = b.publish("poster", body(places), at(0)).unwrap();
            for (who, answer, accept) in acts {
                let member = format!("m{who}");
                if answer {
                    if let Some(i) = b.post(&p).unwrap().interest_of("h", &member).map(|i| i.id.clone()) {
                        let _ = b.answer(&p, "poster", &i, accept, at(1));
                    }
                } else {
                    let _ = b.interest(&p, "h", &member, "g", at(1));
                }
                let post = b.post(&p).unwrap();
                prop_assert!(post.accepted() <= places);
                let mut seen = std::collections::BTreeSet::new();
                prop_assert!(post.interests.iter().all(|i| seen.insert((i.group.clone(), i.member.clone()))));
            }
        }
    }
}
