//! One group's seats and waitlist. Every signup, cancellation and capacity change for the
//! group passes through here one at a time, so "never more confirmed than capacity" holds
//! under any load: the roster is changed synchronously in memory (no `await` between reading
//! and writing it), then saved before the answer leaves. Whoever is affected is told through
//! the outbox.

use std::cell::RefCell;
use std::collections::BTreeSet;

use serde_json::json;
use worker::{durable_object, DurableObject, Env, Request, Response, Result, State};

use village_shared::api::seat_protocol::{
    CancelReply, CapacityReply, CatalogueCommand, JoinReply, ManageKey, RosterSnapshot, SeatCommand,
};
use village_shared::messages::{compose, MessageFacts};
use village_shared::model::{Group, MessageKind, Session, Signup, SignupStatus};
use village_shared::rules::roster::{CancelOutcome, Roster};

use crate::clock::now;
use crate::outbox;
use crate::store::Store;
use crate::tokens;
use crate::zones::format_in_zone;

const ROSTER_KEY: &str = "roster";
/// Signup ids whose history line is still to be written (by the alarm).
const HISTORY_DUE_KEY: &str = "history-due";
/// KV takes about one write per second per key: a tick and an untick in the same second would
/// be refused, so history lines are written a moment later, from the roster as it is then.
const HISTORY_DELAY_MS: i64 = 1_000;

#[durable_object]
pub struct GroupSeats {
    state: State,
    env: Env,
    roster: RefCell<Option<Roster>>,
}

/// What a command changed, to be saved, mirrored and told after the roster is updated.
#[derive(Default)]
struct Effects {
    changed: bool,
    new_manage_token: Option<(String, ManageKey)>,
    /// Who to tell what (with the session, for reminders).
    messages: Vec<(MessageKind, Signup, Option<Session>)>,
    /// The reminder job needs the group's sessions, which only KV has.
    remind: bool,
    /// Attendance changed for this signup: rewrite their history (eligibility, completion).
    history_of: Option<String>,
    /// Why the network removed someone, for their `Removed` message.
    reason: Option<String>,
    /// An erased person's manage link: its KV key goes too.
    forget_manage_key: Option<String>,
}

impl Effects {
    /// Someone left the roster (cancelled, removed, moved, erased): save both records, tell
    /// them with `told` (if anything), tell whoever got their seat. Answers the `CancelReply`.
    fn left(&mut self, outcome: CancelOutcome, told: Option<MessageKind>) -> serde_json::Value {
        self.changed = outcome.changed;
        if outcome.changed {
            self.messages.extend(told.map(|kind| (kind, outcome.signup.clone(), None)));
            self.messages.extend(outcome.promoted.iter().map(|s| (MessageKind::Promoted, s.clone(), None)));
        }
        json!(Some(CancelReply { signup: outcome.signup, promoted: outcome.promoted }))
    }
}

impl DurableObject for GroupSeats {
    fn new(state: State, env: Env) -> Self {
        GroupSeats { state, env, roster: RefCell::new(None) }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let command: SeatCommand = req.json().await?;
        self.load().await?;
        if matches!(command, SeatCommand::Remind) {
            return self.remind().await;
        }
        let (reply, effects) = self.apply(command);
        self.persist(effects).await?;
        Response::from_json(&reply)
    }

    /// Write the history lines that are due, from the roster as it is now.
    async fn alarm(&self) -> Result<Response> {
        self.load().await?;
        let storage = self.state.storage();
        let due: BTreeSet<String> = storage.get(HISTORY_DUE_KEY).await?.unwrap_or_default();
        storage.delete(HISTORY_DUE_KEY).await?;
        let Some(roster) = self.roster.borrow().clone() else { return Response::ok("nothing due") };
        if let Err(error) = self.write_history(&roster, &due).await {
            // Put them back (with any marked meanwhile) and try again shortly.
            self.queue_history(due).await?;
            return Err(error);
        }
        Response::ok("written")
    }
}

/// Everything the dashboard shows about the group's people.
fn snapshot(roster: &Roster) -> RosterSnapshot {
    let mut signups: Vec<Signup> = roster.signups().collect();
    signups.sort_by_key(|s| {
        (s.status != SignupStatus::Confirmed, s.status == SignupStatus::Cancelled, s.waitlist_position, s.created_at)
    });
    RosterSnapshot {
        signups,
        attendance: roster.attendance().iter().map(|(at, ids)| (*at, ids.iter().cloned().collect())).collect(),
        notes: roster.notes().clone(),
        incentives: roster.incentives().clone(),
        count: roster.count(),
    }
}

impl GroupSeats {
    /// Load the roster once per object lifetime. Storage reads close the input gate, so no
    /// other command runs while this is in flight.
    async fn load(&self) -> Result<()> {
        if self.roster.borrow().is_some() {
            return Ok(());
        }
        let stored: Option<Roster> = self.state.storage().get(ROSTER_KEY).await?;
        let mut slot = self.roster.borrow_mut();
        if slot.is_none() {
            *slot = stored;
        }
        Ok(())
    }

    /// Apply one command to the in-memory roster. Synchronous on purpose: this is the
    /// critical section.
    fn apply(&self, command: SeatCommand) -> (serde_json::Value, Effects) {
        let mut slot = self.roster.borrow_mut();
        let mut effects = Effects::default();
        let at = now();
        let reply = match command {
            SeatCommand::Join { group_id, capacity, request, waitlist_max } => {
                let roster = slot.get_or_insert_with(|| Roster::new(group_id, capacity));
                if roster.signup_by_email(&request.email).is_none() && roster.waitlist_is_full(waitlist_max) {
                    let reply = JoinReply { signup: None, manage_token: None, created: false, waitlist_full: true };
                    return (json!(reply), effects);
                }
                let outcome = roster.join(request, tokens::new_record_id(), at);
                let manage_token = outcome.created.then(tokens::new_manage_token);
                if let Some(token) = &manage_token {
                    roster.set_token(&outcome.signup.id, token.clone());
                    let key = ManageKey { group_id: roster.group_id.clone(), signup_id: outcome.signup.id.clone() };
                    effects.new_manage_token = Some((tokens::digest(token), key));
                }
                effects.changed = outcome.changed;
                if outcome.changed {
                    let kind = match outcome.signup.status {
                        SignupStatus::Confirmed => MessageKind::Confirmation,
                        _ => MessageKind::WaitlistPlaced,
                    };
                    effects.messages.push((kind, outcome.signup.clone(), None));
                }
                json!(JoinReply {
                    signup: Some(outcome.signup),
                    manage_token,
                    created: outcome.created,
                    waitlist_full: false
                })
            }
            SeatCommand::Rejoin { signup_id, waitlist_max } => {
                let Some(roster) = slot.as_mut() else { return (json!(null), effects) };
                let cancelled = roster.signup(&signup_id).is_some_and(|s| s.status == SignupStatus::Cancelled);
                if cancelled && roster.waitlist_is_full(waitlist_max) {
                    let reply = JoinReply { signup: None, manage_token: None, created: false, waitlist_full: true };
                    return (json!(Some(reply)), effects);
                }
                match roster.rejoin(&signup_id, at) {
                    Some(outcome) => {
                        effects.changed = outcome.changed;
                        if outcome.changed {
                                    let kind = match outcome.signup.status {
                                SignupStatus::Confirmed => MessageKind::Confirmation,
                                _ => MessageKind::WaitlistPlaced,
                            };
                            effects.messages.push((kind, outcome.signup.clone(), None));
                        }
                        json!(Some(JoinReply {
                            signup: Some(outcome.signup),
                            manage_token: None,
                            created: false,
                            waitlist_full: false
                        }))
                    }
                    None => json!(null),
                }
            }
            SeatCommand::ResendLink { signup_id } => {
                // Erased records have no address to write to.
                if let Some(signup) = slot.as_ref().and_then(|r| r.signup(&signup_id)).filter(|s| !s.is_erased()) {
                    effects.messages.push((MessageKind::LinkResent, signup, None));
                }
                json!(null)
            }
            SeatCommand::Cancel { signup_id } => match slot.as_mut().and_then(|r| r.cancel(&signup_id, at)) {
                Some(outcome) => effects.left(outcome, Some(MessageKind::Cancelled)),
                None => json!(null),
            },
            SeatCommand::Signup { signup_id } => json!(slot.as_ref().and_then(|r| r.signup(&signup_id))),
            SeatCommand::Count => json!(slot.as_ref().map(Roster::count).unwrap_or_default()),
            SeatCommand::SetCapacity { group_id, capacity } => {
                let roster = slot.get_or_insert_with(|| Roster::new(group_id, 0));
                let before = roster.version;
                let promoted = roster.set_capacity(capacity, at);
                effects.changed = roster.version != before || before == 0;
                effects.messages.extend(promoted.iter().map(|s| (MessageKind::Promoted, s.clone(), None)));
                json!(CapacityReply { count: roster.count(), promoted })
            }
            SeatCommand::Update { signup_id, details } => {
                match slot.as_mut().and_then(|r| r.update(&signup_id, details, at)) {
                    Some(signup) => {
                        effects.changed = true;
                        json!(Some(signup))
                    }
                    None => json!(null),
                }
            }
            SeatCommand::Rsvp { group_id, session, device, max } => {
                let roster = slot.get_or_insert_with(|| Roster::new(group_id, 0));
                let before = roster.version;
                let going = roster.rsvp(session, &device, max);
                effects.changed = roster.version != before;
                json!(going)
            }
            SeatCommand::MarkAttendance { session, signup_id, present } => {
                match slot.as_mut().and_then(|r| {
                    r.mark_attendance(session, &signup_id, present).map(|before| (before, r.signup(&signup_id)))
                }) {
                    Some((before, Some(signup))) => {
                        effects.changed = before != present;
                        effects.history_of = Some(signup.id.clone());
                        json!(Some(village_shared::api::seat_protocol::AttendanceReply { before, signup }))
                    }
                    _ => json!(null),
                }
            }
            SeatCommand::Snapshot => json!(slot.as_ref().map(snapshot).unwrap_or_default()),
            SeatCommand::SeatOutOfTurn { signup_id } => {
                match slot.as_mut().and_then(|r| r.seat_out_of_turn(&signup_id, at)) {
                    Some(signup) => {
                        effects.changed = true;
                        effects.messages.push((MessageKind::Promoted, signup.clone(), None));
                        json!(Some(signup))
                    }
                    None => json!(null),
                }
            }
            SeatCommand::Remove { signup_id, reason, notify } => {
                match slot.as_mut().and_then(|r| r.cancel(&signup_id, at)) {
                    Some(outcome) => {
                        effects.reason = reason;
                        effects.left(outcome, notify.then_some(MessageKind::Removed))
                    }
                    None => json!(null),
                }
            }
            SeatCommand::SetNote { signup_id, note } => {
                let before = slot.as_mut().and_then(|r| r.set_note(&signup_id, &note));
                effects.changed = before.is_some();
                json!(before)
            }
            SeatCommand::SetLedger { signup_id, entry } => {
                let before = slot.as_mut().and_then(|r| r.set_ledger(&signup_id, entry));
                effects.changed = before.is_some();
                json!(before)
            }
            SeatCommand::Erase { email } => match slot.as_mut().and_then(|r| {
                let token = r.signup_by_email(&email).and_then(|s| r.token(&s.id).map(tokens::digest));
                r.erase(&email, at).map(|outcome| (outcome, token))
            }) {
                Some((outcome, token)) => {
                    effects.forget_manage_key = token;
                    effects.left(outcome, None)
                }
                None => json!(null),
            },
            SeatCommand::Going { session } => json!(slot.as_ref().map_or(0, |r| r.going_to(session))),
            SeatCommand::Remind => {
                effects.remind = true;
                json!(null)
            }
        };
        (reply, effects)
    }

    /// The scheduled job's visit: send the reminders that are due.
    async fn remind(&self) -> Result<Response> {
        let Some(group_id) = self.roster.borrow().as_ref().map(|r| r.group_id.clone()) else {
            return Response::from_json(&json!({ "reminded": 0 }));
        };
        let Some(group) = Store::from_env(&self.env)?.group(&group_id).await? else {
            return Response::from_json(&json!({ "reminded": 0 }));
        };
        let due = {
            let mut slot = self.roster.borrow_mut();
            slot.as_mut().map(|r| r.take_due_reminders(&group.sessions, now())).unwrap_or_default()
        };
        let mut effects = Effects { changed: !due.is_empty(), ..Default::default() };
        let reminded = due.len();
        effects.messages =
            due.into_iter().map(|(signup, session)| (MessageKind::Reminder, signup, Some(session))).collect();
        self.persist(effects).await?;
        Response::from_json(&json!({ "reminded": reminded }))
    }

    /// Save the roster, then write the new manage key, tell the catalogue, and queue the
    /// messages. (Signups are not copied to KV: the roster here is their only home.)
    async fn persist(&self, effects: Effects) -> Result<()> {
        if !effects.changed && effects.messages.is_empty() {
            return Ok(());
        }
        let Some((snapshot, group_id, version, count)) = self
            .roster
            .borrow()
            .as_ref()
            .map(|roster| (roster.clone(), roster.group_id.clone(), roster.version, roster.count()))
        else {
            return Ok(());
        };
        let store = Store::from_env(&self.env)?;
        if effects.changed {
            self.state.storage().put(ROSTER_KEY, &snapshot).await?;
            // Queued with the roster, before anything that can fail on the way out: a mark is
            // never saved without its history line to follow.
            if let Some(signup_id) = effects.history_of {
                self.queue_history([signup_id]).await?;
            }
            if let Some((digest, key)) = &effects.new_manage_token {
                store.put_manage_key(digest, key).await?;
            }
            if let Some(digest) = &effects.forget_manage_key {
                store.delete_manage_key(digest).await?;
            }
            super::catalogue_index(&self.env, &CatalogueCommand::Seats { group_id: group_id.clone(), version, count })
                .await?;
        }

        if !effects.messages.is_empty() {
            if let Some(group) = store.group(&group_id).await? {
                for (kind, signup, session) in effects.messages {
                    let reason = if kind == MessageKind::Removed { effects.reason.clone() } else { None };
                    let message = self.message(&group, &snapshot, kind, &signup, session.as_ref(), reason);
                    outbox::enqueue(&self.env, message).await?;
                }
            }
        }
        Ok(())
    }

    /// Add signups to those whose history line the alarm writes, and make sure it is set.
    async fn queue_history(&self, signup_ids: impl IntoIterator<Item = String>) -> Result<()> {
        let storage = self.state.storage();
        let mut due: BTreeSet<String> = storage.get(HISTORY_DUE_KEY).await?.unwrap_or_default();
        due.extend(signup_ids);
        storage.put(HISTORY_DUE_KEY, &due).await?;
        if storage.get_alarm().await?.is_none() {
            storage.set_alarm(HISTORY_DELAY_MS).await?;
        }
        Ok(())
    }

    /// Rewrite this group's line of each person's history with what the roster says (the
    /// lines' keys belong to this object alone). Erased people have no history any more.
    async fn write_history(&self, roster: &Roster, signup_ids: &BTreeSet<String>) -> Result<()> {
        use village_shared::rules::eligibility::Participation;
        let store = Store::from_env(&self.env)?;
        let Some(group) = store.group(&roster.group_id).await? else { return Ok(()) };
        for signup in signup_ids.iter().filter_map(|id| roster.signup(id)).filter(|s| !s.is_erased()) {
            let line = Participation {
                group_id: group.id.clone(),
                program: group.program.clone(),
                sessions_total: group.sessions.len() as u32,
                sessions_attended: roster.attended(&signup.id, &group.sessions),
                completion_percent: group.completion_percent,
            };
            store.put_history_line(&signup.email, &line).await?;
        }
        Ok(())
    }

    fn message(
        &self,
        group: &Group,
        roster: &Roster,
        kind: MessageKind,
        signup: &Signup,
        session: Option<&Session>,
        reason: Option<String>,
    ) -> village_shared::model::Message {
        let lang = signup.language;
        let base = self.env.var("PUBLIC_URL").map(|v| v.to_string()).unwrap_or_default();
        let token = roster.token(&signup.id).unwrap_or_default();
        let when =
            session.or_else(|| group.next_session(now())).map(|s| format_in_zone(s.starts_at, &group.time_zone, lang));
        let facts = MessageFacts {
            name: signup.name.clone(),
            group_title: group.title.get(lang).to_string(),
            position: signup.waitlist_position,
            when,
            manage_url: format!("{base}/manage/{token}?lang={}", lang.code()),
            calendar_url: format!("{base}/api/manage/{token}/calendar.ics"),
            reason,
        };
        outbox::new_message(&signup.email, lang, kind, Some(group.id.clone()), compose(kind, lang, &facts))
    }
}
