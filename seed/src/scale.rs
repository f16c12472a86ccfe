//! A network at the size a network reaches in its second or third year, for measuring: by
//! default 2,000 groups (1,700 of them archived, past terms), 100,000 signups, 50,000
//! subscribers, 100,000 messages and 50,000 audit entries spread over the past year. Built from
//! the demo groups as templates and sent in batches to `POST /api/dev/bulk`, which writes each
//! record through the Worker's own store.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use village_shared::api::dev::{Bulk, BulkGroup};
use village_shared::api::SignupRequest;
use village_shared::model::{
    AuditEntry, Bilingual, DeliveryStatus, Message, MessageKind, Publication, Subscriber, SubscriptionStatus,
};
use village_shared::Language;

use crate::demo_groups;

#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub groups: usize,
    pub archived: usize,
    pub signups: usize,
    pub subscribers: usize,
    pub messages: usize,
    pub audit: usize,
}

impl Scale {
    pub const FULL: Scale = Scale {
        groups: 2_000,
        archived: 1_700,
        signups: 100_000,
        subscribers: 50_000,
        messages: 100_000,
        audit: 50_000,
    };

    /// Every count times `factor` (at least one group, and the same share archived).
    pub fn times(self, factor: f64) -> Scale {
        let n = |count: usize| ((count as f64 * factor).round() as usize).max(1);
        Scale {
            groups: n(self.groups),
            archived: ((self.archived as f64 * factor).round() as usize).min(n(self.groups) - 1),
            signups: n(self.signups),
            subscribers: n(self.subscribers),
            messages: n(self.messages),
            audit: n(self.audit),
        }
    }
}

/// Groups per batch (each joins its people in one object call), and records per batch.
const GROUPS_PER_BATCH: usize = 10;
const RECORDS_PER_BATCH: usize = 400;

fn person(group: usize, n: usize) -> String {
    format!("p{group}-{n}@scale.example.org")
}

/// The network, in batches small enough for one request each.
pub fn batches(scale: Scale, today: NaiveDate, now: DateTime<Utc>) -> Vec<Bulk> {
    let templates = demo_groups(today);
    let per_group = scale.signups / scale.groups.max(1);
    let mut out = Vec::new();
    let mut groups = Vec::new();
    for g in 0..scale.groups {
        let template = &templates[g % templates.len()];
        let mut group = template.group.clone();
        group.id = format!("scale-{g:04}");
        group.title =
            Bilingual::new(format!("{} #{g}", template.group.title.en), format!("{} #{g}", template.group.title.es));
        group.registration = None;
        group.prerequisites = vec![];
        if g < scale.archived {
            // A past term: the same group, a year (and a little) earlier, put away.
            let back = Duration::days(365 + (g % 300) as i64);
            for session in &mut group.sessions {
                session.starts_at -= back;
            }
            group.status = Publication::Archived;
            group.term = Bilingual::new("Last year", "El año pasado");
        } else {
            group.status = Publication::Published;
        }
        let people = (0..per_group)
            .map(|n| SignupRequest {
                name: format!("Provider {g}-{n}"),
                email: person(g, n),
                phone: None,
                language: if n % 3 == 0 { Language::Es } else { Language::En },
            })
            .collect();
        groups.push(BulkGroup { group, people });
        if groups.len() == GROUPS_PER_BATCH {
            out.push(Bulk { groups: std::mem::take(&mut groups), ..Bulk::default() });
        }
    }
    if !groups.is_empty() {
        out.push(Bulk { groups, ..Bulk::default() });
    }
    let year_ago = |i: usize, of: usize| now - Duration::minutes((i as i64 * 525_600) / of.max(1) as i64);
    let subscribers: Vec<Subscriber> = (0..scale.subscribers)
        .map(|i| Subscriber {
            email: format!("s{i}@scale.example.org"),
            language: if i % 3 == 0 { Language::Es } else { Language::En },
            audiences: vec![],
            kinds: vec![],
            notify_groups: vec![],
            status: if i % 5 == 0 { SubscriptionStatus::Pending } else { SubscriptionStatus::Confirmed },
            created_at: year_ago(i, scale.subscribers),
            confirmed_at: None,
        })
        .collect();
    for chunk in subscribers.chunks(RECORDS_PER_BATCH) {
        out.push(Bulk { subscribers: chunk.to_vec(), ..Bulk::default() });
    }
    let messages: Vec<Message> = (0..scale.messages)
        .map(|i| {
            let (g, n) = (i % scale.groups, (i / scale.groups) % per_group.max(1));
            let at = year_ago(i, scale.messages);
            Message {
                id: String::new(), // given by the Worker
                to: person(g, n),
                language: Language::En,
                kind: MessageKind::Confirmation,
                group_id: Some(format!("scale-{g:04}")),
                subject: "You're in".into(),
                body: "Your spot is confirmed.".into(),
                status: DeliveryStatus::Sent,
                attempts: 1,
                next_attempt_at: at,
                created_at: at,
                sent_at: Some(at),
                last_error: None,
            }
        })
        .collect();
    for chunk in messages.chunks(RECORDS_PER_BATCH) {
        out.push(Bulk { messages: chunk.to_vec(), ..Bulk::default() });
    }
    let audit: Vec<AuditEntry> = (0..scale.audit)
        .map(|i| AuditEntry {
            id: String::new(), // given by the Worker
            at: year_ago(i, scale.audit),
            who: format!("coordinator{}@scale.example.org", i % 12),
            action: "attendance.mark".into(),
            target: format!("group:scale-{:04}/signup:s{i}/session:1", i % scale.groups),
            before: serde_json::json!(false),
            after: serde_json::json!(true),
        })
        .collect();
    for chunk in audit.chunks(RECORDS_PER_BATCH) {
        out.push(Bulk { audit: chunk.to_vec(), ..Bulk::default() });
    }
    out
}
