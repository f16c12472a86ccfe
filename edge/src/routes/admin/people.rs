//! A person's data: find everything held about an email, export it as JSON, erase it.
//! Erasing keeps the counts (seats, attendance, completions) and removes the identity.

use worker::{Request, Result};

use village_shared::api::admin::{PersonData, PersonSignup, PersonSpace};
use village_shared::api::seat_protocol::{CancelReply, SeatCommand};
use village_shared::api::ErrorCode;
use village_shared::model::{AdminUser, AuditTarget, DeliveryStatus, Group, GroupKind, Message, TargetKind};
use village_shared::rules::identity::normalize_email;

use super::{audit, roster};
use crate::objects;
use crate::routes::respond::percent_decode;
use crate::routes::{json, refused, Answer, Ctx, Problem};
use crate::store::{Filed, PersonRecords, Store};

/// What one signup did in a local group's member space (two calls to its object; never the
/// ballot).
async fn member_space(ctx: &Ctx, group: &Group, signup_id: &str) -> Result<PersonSpace> {
    use village_shared::api::local_group::Attendance;
    use village_shared::api::seat_protocol::{MemberSpaceReply, PostReply, SpaceAct};
    let area = group.format.area().unwrap_or_default().to_string();
    let ask = |act| SeatCommand::Space { act, area: area.clone() };
    let reply: Option<MemberSpaceReply> =
        objects::group_seats(&ctx.env, &group.id, &ask(SpaceAct::Member { signup_id: signup_id.to_string() })).await?;
    let posts: Vec<PostReply> =
        objects::group_seats(&ctx.env, &group.id, &ask(SpaceAct::MyPosts { signup_id: signup_id.to_string() })).await?;
    let Some(reply) = reply else { return Ok(PersonSpace::default()) };
    Ok(PersonSpace {
        host_offer: reply.host_offer,
        meetings: reply
            .meetings
            .iter()
            .filter(|m| m.mine != Attendance::NoAnswer || m.hosting)
            .map(|m| (m.meeting.starts_at, m.mine, m.hosting))
            .collect(),
        proposed: reply.issues.iter().filter(|i| i.mine).map(|i| i.issue.title.clone()).collect(),
        supporting: reply.issues.iter().filter(|i| i.supported).map(|i| i.issue.title.clone()).collect(),
        standing: reply.elections.iter().filter(|e| e.standing).map(|e| e.election.role).collect(),
        posts: posts.into_iter().map(|p| p.view.post.title).collect(),
    })
}

/// Everything held about `email`, gathered through their index (`person:{digest}:…`) from the
/// groups they signed up to and from KV (with the KV records as stored, which an erasure
/// deletes): what it costs follows this person's records, not the network's size.
async fn gather(ctx: &Ctx, email: &str) -> Result<(PersonData, PersonRecords)> {
    let store = Store::from_env(&ctx.env)?;
    let records = store.person_records(email).await?;
    let mut groups: Vec<&str> = records
        .filed
        .iter()
        .filter_map(|f| if let Filed::Signup { group_id, .. } = f { Some(group_id.as_str()) } else { None })
        .collect();
    groups.dedup();
    let mut signups = Vec::new();
    for group_id in groups {
        let Some((group, snapshot)) = roster::load(ctx, group_id).await? else { continue };
        for signup in snapshot.signups.iter().filter(|s| s.email == email) {
            let attended = snapshot.attendance.values().filter(|ids| ids.contains(&signup.id)).count() as u32;
            let member_space = match group.kind {
                GroupKind::LocalGroup => Some(member_space(ctx, &group, &signup.id).await?),
                _ => None,
            };
            signups.push(PersonSignup {
                signup: signup.clone(),
                group_title: group.title.clone(),
                note: snapshot.notes.get(&signup.id).cloned(),
                incentives: snapshot.incentives.get(&signup.id).cloned(),
                attended,
                member_space,
            });
        }
    }
    let data = PersonData {
        email: email.to_string(),
        signups,
        history: records.history.clone(),
        subscriber: records.subscriber.as_ref().map(|s| s.subscriber.clone()),
        watching: records.watching.clone(),
        messages: store.messages_to(email, &records.filed).await?,
        dashboard_user: store.admin_user(email).await?,
    };
    Ok((data, records))
}

/// `GET /api/admin/people/{email}[?download]`: the person's data; with `download`, as a file.
pub async fn show(ctx: &Ctx, email: &str, req: &Request) -> Answer {
    let email = normalize_email(&percent_decode(email));
    let (mut data, _) = gather(ctx, &email).await?;
    if data.is_empty() {
        return Err(refused(ErrorCode::PersonNotFound, ctx.lang));
    }
    data.messages = data.messages.iter().map(Message::without_links).collect();
    let mut response = json::<_, Problem>(200, &data)?;
    if req.url()?.query_pairs().any(|(k, _)| k == "download") {
        response.headers_mut().set("Content-Disposition", "attachment; filename=\"village-person-data.json\"")?;
    }
    Ok(response)
}

/// `POST /api/admin/people/{email}/erase`: anonymize every signup (seats freed, counts kept),
/// delete history, subscription and watches, blank the messages to them and the notes and
/// reasons about them in the audit log. The erasure itself is audited under the email's hash.
pub async fn erase(ctx: &Ctx, by: &AdminUser, email: &str) -> Answer {
    let email = normalize_email(&percent_decode(email));
    if email == by.email {
        // Someone must be left to run the network: another admin erases you.
        return Err(super::invalid(ctx, "email"));
    }
    let (data, records) = gather(ctx, &email).await?;
    if data.is_empty() {
        return Err(refused(ErrorCode::PersonNotFound, ctx.lang));
    }
    // Everything that is found through the email or the signup ids goes first; the objects'
    // erasure (which renames the email) goes last, so a failed attempt can simply be retried.
    let store = Store::from_env(&ctx.env)?;
    let mut about: Vec<String> =
        data.signups.iter().map(|held| AuditTarget::personal_part(TargetKind::Signup, &held.signup.id)).collect();
    about.push(AuditTarget::personal_part(TargetKind::User, &email));
    let digest = crate::tokens::digest(&email);
    let anonymous = format!("erased:{}", &digest[..12]);
    let redacted = store.redact_audit(&about, &email, &anonymous).await?;
    let was_user = data.dashboard_user.is_some();
    if was_user {
        store.delete_admin_user(&email).await?;
        store.delete_sessions_of(&email).await?;
    }
    for mut message in data.messages.clone() {
        message.to = anonymous.clone();
        message.subject = String::new();
        message.body = String::new();
        message.last_error = None;
        if message.status == DeliveryStatus::Pending {
            store.clear_pending(&message).await?;
            message.status = DeliveryStatus::Failed;
        }
        store.put_message(&message, false).await?;
    }
    store.erase_person_records(&email, &records).await?;
    for held in &data.signups {
        store.delete_legacy_signup_copy(&held.signup.id).await?;
    }
    for held in &data.signups {
        let command = SeatCommand::Erase { email: email.clone() };
        let _: Option<CancelReply> = objects::group_seats(&ctx.env, &held.signup.group_id, &command).await?;
    }
    for filed in records.filed.iter().filter(|f| matches!(f, Filed::Signup { .. })) {
        store.unfile(&digest, filed).await?;
    }
    let summary = village_shared::api::admin::ErasureSummary {
        signups: data.signups.len(),
        messages: data.messages.len(),
        history: data.history.len(),
        subscriber: data.subscriber.is_some(),
        dashboard_user: was_user,
        audit_entries_redacted: redacted,
    };
    let target = AuditTarget::of(TargetKind::Person, &digest[..12]);
    audit(ctx, by, "person.erase", &target, serde_json::to_value(&summary)?, serde_json::json!("erased")).await?;
    json(200, &village_shared::api::admin::Erased { erased: summary })
}
