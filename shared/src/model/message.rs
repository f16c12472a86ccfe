use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Language;

/// Why a message is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    Confirmation,
    WaitlistPlaced,
    Promoted,
    Cancelled,
    Reminder,
    /// Double opt-in for the updates list.
    SubscriptionConfirm,
    /// A group someone asked about has opened registration.
    OpeningNotice,
    /// A one-time link to the dashboard.
    SignInLink,
    /// Taken off a group's roster by the network, with the reason.
    Removed,
    /// Someone signed up again with this address: the link goes to the address on file, never
    /// to whoever asked.
    LinkResent,
    /// A local group's leader scheduled a meeting: every member hears of it.
    MeetingScheduled,
    /// The day before a local group's meeting, to those coming, with the address.
    MeetingReminder,
    /// The host of a meeting someone is coming to changed (or handed it back).
    HostChanged,
    /// A place at a full meeting was given up and is now theirs (with the address).
    MeetingPlaceFreed,
    /// A local group's election opened for nominations: every member.
    NominationsOpen,
    /// Another member nominated them: stand or decline.
    Nominated,
    /// Voting opened: every member.
    BallotOpen,
    /// The election closed: every member hears the result.
    ElectionResult,
    /// Someone is interested in a member's board post.
    BoardInterest,
    /// An answer on the board was accepted: each side gets the other's contact.
    BoardAccepted,
    /// A board post expires in a week: renew it or let it go.
    BoardRenew,
    /// A meeting's agenda closed: every member hears what it holds.
    AgendaSet,
    /// A leader paired two families: each hears the other's first name and where they'll meet.
    BuddyPaired,
    /// To the leader who paired them, two and six weeks on: still in touch?
    BuddyNudge,
    /// To the leader who set a session's tasks: a family dropped one within a day of it.
    TaskDropped,
    /// To whoever last vouched for a directory entry: someone says it is no longer right.
    DirectoryReported,
}

/// Someone on the network's team a message can go to: the leader who paired two families is
/// nudged, the one who set a session's tasks hears when a place is dropped late. Kept where
/// the act is recorded, never in a public answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamContact {
    pub email: String,
    pub language: Language,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Waiting for its (next) attempt.
    Pending,
    Sent,
    /// Gave up after the last attempt; visible to admins, who can resend.
    Failed,
}

/// One message in the outbox, in the recipient's language.
// Stored under KV `outbox:{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    pub id: String,
    pub to: String,
    pub language: Language,
    pub kind: MessageKind,
    #[serde(default)]
    pub group_id: Option<String>,
    pub subject: String,
    pub body: String,
    pub status: DeliveryStatus,
    pub attempts: u32,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub next_attempt_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub created_at: DateTime<Utc>,
    #[serde(default)]
    #[serde(deserialize_with = "crate::wire_time::utc_opt")]
    pub sent_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub last_error: Option<String>,
}

/// The paths whose last segment is a key to someone's place (a manage link, a sign-in link, a
/// subscription link).
const LINK_PATHS: [&str; 7] = [
    "/api/manage/",
    "/manage/",
    "/member/",
    "/signed-up/",
    "/admin/sign-in/",
    "/updates/confirm/",
    "/updates/unsubscribe/",
];

impl Message {
    /// The message as the dashboard shows it: that a link was sent, never the link. Whoever
    /// reads the outbox (any admin) must not be able to act as the person, or sign in as
    /// another admin.
    pub fn without_links(&self) -> Message {
        Message { body: redact_links(&self.body), ..self.clone() }
    }
}

/// Replace the token in every link to someone's place with `…`.
pub fn redact_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((at, path)) =
        LINK_PATHS.iter().filter_map(|p| rest.find(p).map(|i| (i, *p))).min_by_key(|(i, p)| (*i, usize::MAX - p.len()))
    {
        let start = at + path.len();
        out.push_str(&rest[..start]);
        // A token is the rest of the path segment: any of a URL's unreserved characters (a
        // manage token names its group: `{group id}_{secret}`).
        let in_token = |c: char| c.is_ascii_alphanumeric() || "-._~".contains(c);
        let token_len = rest[start..].find(|c: char| !in_token(c)).unwrap_or(rest.len() - start);
        if token_len > 0 {
            out.push('…');
        }
        rest = &rest[start + token_len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_someones_place_lose_their_token_and_nothing_else_changes() {
        let body = "See your groups:\nhttp://127.0.0.1:8787/manage/ab12cd34?lang=es\nCalendar: https://v.org/api/manage/ff00ee/calendar.ics\n\
                    Yours: https://v.org/manage/cos-info-en_77aa88\n\
                    Vote: https://v.org/member/norwich_5151?lang=en\nBuddy: https://v.org/member/norwich_6262/buddy\n\
                    Sign in: https://v.org/admin/sign-in/0123abcd\nUnsubscribe: https://v.org/updates/unsubscribe/9f9f?lang=en";
        let shown = redact_links(body);
        for token in ["ab12cd34", "ff00ee", "0123abcd", "9f9f", "info-en", "77aa88", "5151", "6262"] {
            assert!(!shown.contains(token), "{token} in {shown}");
        }
        assert!(shown.contains("http://127.0.0.1:8787/manage/…?lang=es"));
        assert!(shown.contains("/api/manage/…/calendar.ics"));
        assert!(shown.contains("/admin/sign-in/…\n"));
        assert!(shown.contains("Yours: https://v.org/manage/…\n"));
        assert!(shown.contains("Vote: https://v.org/member/…?lang=en\nBuddy: https://v.org/member/…/buddy\n"));
        assert_eq!(redact_links("Hello, no links here."), "Hello, no links here.");
    }
}
