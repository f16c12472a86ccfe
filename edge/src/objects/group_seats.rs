//! One group's seats and waitlist. Every signup, cancellation and capacity change for the
//! group passes through here one at a time, so "never more confirmed than capacity" holds
//! under any load.
//!
//! The write path is **commit, then follow up**. A command is applied to a copy of the roster
//! synchronously (no `await` between reading and changing it: the critical section); the new
//! roster and the work the change owes the world outside (the catalogue's seat count, each
//! message, a history line) are then stored in one atomic write; only when that succeeds does
//! the object's memory take the new roster, and only then does the request answer (a new
//! manage link works from then on: it names this group, which checks it). The owed work is
//! done right after, in the request where it is cheap, and by the object's alarm for whatever
//! is left, retried until done: each piece is idempotent (a message has its id from the commit
//! and is written to the outbox once), so a crash, a KV refusal or an eviction between the
//! commit and the follow-up costs a delay, never a lost message.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::json;
use worker::{durable_object, DurableObject, Env, Request, Response, Result, State};

use chrono::{DateTime, Utc};
use village_shared::api::local_group::{
    Contact, InterestState, InterestView, PostView,
    ElectionsAnswer, HostRow, LeaderMeeting, MeetingPlan, MemberElection, Nominee, SupportAnswer, SupportCount,
};
use village_shared::api::buddies::{BuddyBoard, FamilyBuddies, PairingRow, PairingView, Suggestion, WaitingFamily};
use village_shared::api::helping::{FamilyTasks, FamilyTopics, SessionTasks, TaskView, TopicList, TopicRow};
use village_shared::api::seat_protocol::{
    BuddyAct, TopicAct, CancelReply, CapacityReply, CatalogueCommand, HelpAct, InterestRef, JoinReply, ManageKey, MemberSpaceReply, PostReply,
    PublicSpace, RemindReply,
    RosterSnapshot, SeatCommand, SpaceAct,
};
use village_shared::api::{ErrorCode, SeatCount};
use village_shared::messages::{compose, compose_team, MessageFacts, TeamFacts};
use village_shared::model::{AdminUser, AuditTarget, Group, MessageKind, Role, Session, Signup, SignupStatus, TargetKind, TeamContact, TermGrant};
use village_shared::rules::buddies::{BuddyError, Offering, PairingState};
use village_shared::rules::election::{public_name, ElectionNews, Outcome, TERM_MONTHS};
use village_shared::rules::progress::overview_facts;
use village_shared::rules::helping::HelpError;
use village_shared::rules::member_space::Notices;
use village_shared::rules::roster::{CancelOutcome, JoinOutcome, Roster};
use village_shared::stored::Parts;

use super::roster_storage;
use crate::clock::now;
use crate::outbox;
use crate::store::{Filed, Store};
use crate::tokens;
use crate::zones::format_in_zone;

/// KV takes about one write per second per key: a tick and an untick in the same second would
/// be refused, so history lines are written a moment later, from the roster as it is then.
const HISTORY_DELAY_MS: i64 = 1_000;
/// Owed work that failed is tried again this much later, by the alarm, until it is done.
const RETRY_MS: i64 = 5_000;
/// At most this many pieces of owed work in one request or one alarm (a Worker invocation may
/// make 1,000 subrequests; a message costs about four): the rest go at the next alarm.
const WORK_PER_TURN: usize = 40;
/// The most commands committed in one write.
const BATCH_MAX: usize = 40;

/// One piece of work a committed change owes outside this object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "do", rename_all = "snake_case")]
enum Work {
    /// The KV key that made a new manage link work, before links named their group (owed by
    /// changes committed then; no longer owed by new ones).
    ManageKey { digest: String, key: ManageKey },
    /// An erased person's link stops working.
    ForgetManageKey { digest: String },
    /// File a new signup under its person (`person:{email digest}:signup:…`), for their data
    /// and erasure.
    File { email_digest: String, signup_id: String },
    /// The catalogue's count of this group's seats (later versions win there).
    Seats { version: u64, count: SeatCount },
    /// A message, with the id it was given at the commit (so it reaches the outbox once).
    Tell {
        message_id: String,
        kind: MessageKind,
        signup: Signup,
        #[serde(flatten)]
        about: Regarding,
    },
    /// A message to someone on the team (`TeamContact`), with the facts fixed at the commit in
    /// their language.
    TellTeam { message_id: String, to: TeamContact, kind: MessageKind, note: TeamNote },
    /// A board post's line in the network's listing: written while it is open, gone after.
    BoardListing { post: String },
    /// An answer on one of this group's posts was accepted: each side is told the other's
    /// contact (the one interested may belong to another group: that group's object is asked
    /// for their contact and told to tell them). The message ids make a retry send each once.
    BoardAccepted { post: String, interest: String, to_them: String, to_poster: String },
    /// The dashboard access an elected term gives its holder (the user record is made if
    /// needed; the same term written again replaces it).
    Grant { email: String, grant: TermGrant },
    /// Rewrite this group's line of the person's history, from the roster as it is then.
    History { signup_id: String },
}

/// What a message to the team is about, beside the group (its title and zone come from it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct TeamNote {
    families: Vec<String>,
    #[serde(default)]
    task: Option<String>,
    #[serde(default)]
    session: Option<i64>,
    #[serde(default)]
    weeks: Option<i64>,
}

/// What a message is about, beside its kind and its person (stored with it in `owed`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
struct Regarding {
    /// The session (for a reminder, or the first one).
    #[serde(default)]
    session: Option<Session>,
    /// Why the network removed someone.
    #[serde(default)]
    reason: Option<String>,
    /// A local group's meeting (its time, and its place for those coming).
    #[serde(default)]
    meeting: Option<String>,
    /// A local group's election (its role, its dates, its result).
    #[serde(default)]
    election: Option<String>,
    /// A board post (and, for an acceptance, the other side's contact).
    #[serde(default)]
    board: Option<BoardFacts>,
    /// A buddy pairing (the other family, where they'll meet).
    #[serde(default)]
    pairing: Option<String>,
}

impl Work {
    /// A message to `signup` about `about`, its id fixed now.
    fn tell(kind: MessageKind, signup: Signup, about: Regarding) -> Work {
        Work::Tell { message_id: outbox::new_message_id(), kind, signup, about }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Owed {
    work: Work,
    /// Not before this time (Unix milliseconds).
    not_before_ms: i64,
}

#[durable_object]
pub struct GroupSeats {
    state: State,
    env: Env,
    roster: RefCell<Option<Roster>>,
    /// The roster's parts as stored (`roster_storage`): a change writes what differs.
    parts: RefCell<Parts>,
    owed: RefCell<BTreeMap<u64, Owed>>,
    /// The id the next piece of owed work gets: never one given before in this object's life,
    /// so deleting a piece done can never delete a newer one.
    next_owed: Cell<u64>,
    loaded: Cell<bool>,
    /// Owed work being done right now (by a request or the alarm), not to be started twice.
    in_flight: RefCell<BTreeSet<u64>>,
    /// Development only: fail the next follow-ups, to show the alarm heals what was owed.
    failures_to_inject: Cell<u32>,
    /// Development only: fail the next commands outright.
    commands_to_fail: Cell<u32>,
    alarm: super::Alarm,
    /// Commands being handled right now (more than one: a rush is on).
    commands_in_flight: Cell<u32>,
    /// Commands waiting for the next commit, in the order they came (`change`).
    queue: RefCell<Vec<(SeatCommand, Waiter)>>,
    /// A command is applying and committing the queue: the others wait for it.
    committing: Cell<bool>,
}

/// What a queued command's request is woken for.
enum Turn {
    /// Its command is committed (or failed): the reply.
    Replied(Result<serde_json::Value>),
    /// The commit before it is done: it commits the next batch.
    Lead,
}

/// Where a queued command's turn goes, which wakes the request waiting for it. Dropped without
/// one (the committing request was interrupted), it answers so, and no request waits forever.
struct Waiter {
    turn: std::rc::Rc<RefCell<Option<Turn>>>,
    wake: Option<js_sys::Function>,
    /// Its request's meter: whoever commits the batch charges it what was done for it.
    meter: Option<crate::cost::Meter>,
}

impl Waiter {
    /// A waiter, and what its request awaits.
    fn new() -> (Waiter, std::rc::Rc<RefCell<Option<Turn>>>, js_sys::Promise) {
        let mut wake = None;
        let woken = js_sys::Promise::new(&mut |resolve, _| wake = Some(resolve));
        let turn = std::rc::Rc::new(RefCell::new(None));
        (Waiter { turn: turn.clone(), wake, meter: crate::cost::Meter::current() }, turn, woken)
    }

    fn charge(&self, cost: village_shared::api::cost::Cost) {
        if let Some(meter) = &self.meter {
            meter.charge(cost);
        }
    }

    fn settle(mut self, reply: Result<serde_json::Value>) {
        *self.turn.borrow_mut() = Some(Turn::Replied(reply));
        self.wake_up();
    }

    /// Wake it to commit the next batch; it stays queued, to be answered with that batch.
    fn lead(&mut self) {
        *self.turn.borrow_mut() = Some(Turn::Lead);
        self.wake_up();
    }

    fn wake_up(&mut self) {
        if let Some(wake) = self.wake.take() {
            let _ = wake.call0(&worker::wasm_bindgen::JsValue::NULL);
        }
    }
}

impl Drop for Waiter {
    fn drop(&mut self) {
        if self.wake.is_some() {
            *self.turn.borrow_mut() = Some(Turn::Replied(Err(worker::Error::RustError("interrupted before its answer".into()))));
            self.wake_up();
        }
    }
}

/// The committing request's turn. When it ends, however it ends, the first command still
/// queued is woken to commit the next batch (each request commits at most one batch, so what
/// one invocation spends stays within its limits however long the rush).
struct Committing<'a> {
    committing: &'a Cell<bool>,
    queue: &'a RefCell<Vec<(SeatCommand, Waiter)>>,
    /// The committing request's own command, in case it is still queued (the request stopped
    /// before its batch).
    own: std::rc::Rc<RefCell<Option<Turn>>>,
}

impl Drop for Committing<'_> {
    fn drop(&mut self) {
        let mut queue = self.queue.borrow_mut();
        // A command whose request is gone (nobody holds its turn but the queue, or it is this
        // one's) was never applied and has nobody to answer: it is dropped, not woken to lead.
        queue.retain(|(_, w)| !std::rc::Rc::ptr_eq(&w.turn, &self.own) && std::rc::Rc::strong_count(&w.turn) > 1);
        match queue.first_mut() {
            Some((_, next)) => next.lead(),
            None => self.committing.set(false),
        }
    }
}

/// What a command changed, to be committed with the work it owes.
#[derive(Default)]
struct Effects {
    changed: bool,
    /// A new signup (its email's digest and id), to be filed under its person.
    new_signup: Option<(String, String)>,
    /// Many people at once (development seeding): their index entries.
    bulk: Vec<Work>,
    /// Who to tell what (with the session, for reminders).
    messages: Vec<(MessageKind, Signup, Option<Session>)>,
    /// Who to tell what about a local group's meeting (by its id).
    meeting_messages: Vec<(MessageKind, Signup, String)>,
    /// Whom a change to a local group's member space tells (resolved against the roster).
    space_notices: Vec<Notices>,
    /// What moved in a local group's elections: messages to members, access for terms.
    election_news: Vec<ElectionNews>,
    /// Board posts whose listing must follow them.
    board_listing: Vec<String>,
    /// Board messages to this group's members (with a message id fixed elsewhere, for a
    /// `Notify`).
    board_tells: Vec<(MessageKind, Signup, BoardFacts, Option<String>)>,
    /// Answers accepted on this group's posts: (post, interest).
    board_accepted: Vec<(String, String)>,
    /// Buddy pairings just made: both families are told.
    paired: Vec<String>,
    /// Messages to the team.
    team: Vec<(TeamContact, MessageKind, TeamNote)>,
    /// An erased person's email (their record no longer has it): a term they held is cut, and
    /// the access record under this email must follow.
    erased_email: Option<String>,
    /// The member space changed (meetings, answers, offers, issues): stored, with no seat
    /// count to tell the catalogue.
    space_changed: bool,
    /// Attendance changed for this signup: rewrite their history (eligibility, completion).
    history_of: Option<String>,
    /// Why the network removed someone, for their `Removed` message.
    reason: Option<String>,
    /// An erased person's manage link: its KV key goes too.
    forget_manage_key: Option<String>,
}

impl Effects {
    /// Someone left the roster (cancelled, removed, moved, erased): tell them with `told` (if
    /// anything), tell whoever got their seat. Answers the `CancelReply`.
    fn left(&mut self, outcome: CancelOutcome, told: Option<MessageKind>) -> serde_json::Value {
        self.changed = outcome.changed;
        if outcome.changed {
            self.space_notices.push(outcome.space);
            self.messages.extend(told.map(|kind| (kind, outcome.signup.clone(), None)));
            self.messages.extend(outcome.promoted.iter().map(|s| (MessageKind::Promoted, s.clone(), None)));
        }
        json!(Some(CancelReply { signup: outcome.signup, promoted: outcome.promoted }))
    }

    /// Someone joined (or came back): they are told where they stand.
    fn joined(&mut self, outcome: &JoinOutcome) {
        self.changed = outcome.changed;
        if outcome.changed {
            let kind = match outcome.signup.status {
                SignupStatus::Confirmed => MessageKind::Confirmation,
                _ => MessageKind::WaitlistPlaced,
            };
            self.messages.push((kind, outcome.signup.clone(), None));
        }
    }

    /// The work this change owes, in the order it is to be done.
    fn owed(self, roster: Option<&Roster>, at_ms: i64) -> Vec<Owed> {
        let now = |work| Owed { work, not_before_ms: at_ms };
        let mut owed = Vec::new();
        owed.extend(self.new_signup.map(|(email_digest, signup_id)| now(Work::File { email_digest, signup_id })));
        owed.extend(self.bulk.into_iter().map(now));
        owed.extend(self.forget_manage_key.map(|digest| now(Work::ForgetManageKey { digest })));
        if let Some(roster) = roster.filter(|_| self.changed) {
            owed.push(now(Work::Seats { version: roster.version, count: roster.count() }));
        }
        for (kind, signup, session) in self.messages {
            let reason = if kind == MessageKind::Removed { self.reason.clone() } else { None };
            owed.push(now(Work::tell(kind, signup, Regarding { session, reason, ..Regarding::default() })));
        }
        let mut meeting_messages = self.meeting_messages;
        let closed_posts: Vec<String> = self.space_notices.iter().flat_map(|n| n.posts.iter().cloned()).collect();
        if let Some(roster) = roster {
            let terms = self.space_notices.iter().flat_map(|n| n.terms.iter().cloned()).collect::<Vec<_>>();
            for term in terms {
                let mut work = election_work(roster, ElectionNews::Term { term: term.clone() });
                if work.is_empty() {
                    // The holder was erased in this very change: their access still ends.
                    work.extend(self.erased_email.clone().and_then(|email| grant_for(roster, &term, email)));
                }
                owed.extend(work.into_iter().map(now));
            }
            for notices in self.space_notices {
                meeting_messages.extend(space_messages(roster, notices));
            }
        }
        for (kind, signup, meeting) in meeting_messages {
            owed.push(now(Work::tell(kind, signup, Regarding { meeting: Some(meeting), ..Regarding::default() })));
        }
        if let Some(roster) = roster {
            owed.extend(self.election_news.into_iter().flat_map(|news| election_work(roster, news)).map(now));
            let posts: BTreeSet<String> = self.board_listing.into_iter().chain(closed_posts).collect();
            owed.extend(posts.into_iter().map(|post| now(Work::BoardListing { post })));
        }
        for (kind, signup, facts, id) in self.board_tells {
            let message_id = id.unwrap_or_else(outbox::new_message_id);
            let about = Regarding { board: Some(facts), ..Regarding::default() };
            owed.push(now(Work::Tell { message_id, kind, signup, about }));
        }
        if let Some(roster) = roster {
            for id in self.paired {
                let Some(p) = roster.buddies().pairing(&id) else { continue };
                for signup in [&p.newcomer.signup, &p.buddy].into_iter().filter_map(|s| roster.signup(s)) {
                    let about = Regarding { pairing: Some(id.clone()), ..Regarding::default() };
                    owed.push(now(Work::tell(MessageKind::BuddyPaired, signup, about)));
                }
            }
        }
        for (to, kind, note) in self.team {
            owed.push(now(Work::TellTeam { message_id: outbox::new_message_id(), to, kind, note }));
        }
        for (post, interest) in self.board_accepted {
            let (to_them, to_poster) = (outbox::new_message_id(), outbox::new_message_id());
            owed.push(now(Work::BoardAccepted { post, interest, to_them, to_poster }));
        }
        owed.extend(self.history_of.map(|signup_id| Owed {
            work: Work::History { signup_id },
            not_before_ms: at_ms + HISTORY_DELAY_MS,
        }));
        owed
    }
}

impl DurableObject for GroupSeats {
    fn new(state: State, env: Env) -> Self {
        GroupSeats {
            state,
            env,
            roster: RefCell::new(None),
            parts: RefCell::new(Parts::new()),
            owed: RefCell::new(BTreeMap::new()),
            next_owed: Cell::new(1),
            loaded: Cell::new(false),
            in_flight: RefCell::new(BTreeSet::new()),
            failures_to_inject: Cell::new(0),
            commands_to_fail: Cell::new(0),
            alarm: super::Alarm::default(),
            commands_in_flight: Cell::new(0),
            queue: RefCell::new(Vec::new()),
            committing: Cell::new(false),
        }
    }

    async fn fetch(&self, req: Request) -> Result<Response> {
        super::metered_reply(&self.env, self.serve(req)).await
    }

    /// The reminders that are due (each group keeps its own time: no job scans every group),
    /// and whatever committed changes still owe, retried until done.
    async fn alarm(&self) -> Result<Response> {
        // The alarm that fired is spent.
        self.alarm.fired();
        self.load().await?;
        let reminder_due = self.roster.borrow().as_ref().and_then(|r| r.next_reminder_due(now()));
        if reminder_due.is_some_and(|at| at <= now()) {
            self.change(SeatCommand::Remind).await?;
        } else if let Err(error) = self.follow_up().await {
            worker::console_warn!("follow-up failed; trying again in {RETRY_MS} ms: {error}");
        }
        self.schedule().await?;
        Response::ok("followed up")
    }
}

impl GroupSeats {
    /// One call, served (`fetch` meters it).
    async fn serve(&self, mut req: Request) -> Result<Response> {
        if crate::routes::is_development(&self.env) {
            // The Worker's development clock (moved forward to try what time does).
            let offset = req.headers().get(crate::clock::OFFSET_HEADER)?.and_then(|v| v.parse().ok());
            crate::clock::set_offset_ms(offset.unwrap_or(0));
        }
        let command: SeatCommand = super::command_of(&mut req).await?;
        self.load().await?;
        if let SeatCommand::InjectFaults { follow_ups, commands } = command {
            if !crate::routes::is_development(&self.env) {
                return Response::error("development only", 403);
            }
            self.failures_to_inject.set(follow_ups);
            self.commands_to_fail.set(commands);
            return Response::from_json(&json!(null));
        }
        if matches!(command, SeatCommand::JoinMany { .. }) && !crate::routes::is_development(&self.env) {
            return Response::error("development only", 403);
        }
        if self.commands_to_fail.get() > 0 {
            self.commands_to_fail.set(self.commands_to_fail.get() - 1);
            return Err(worker::Error::RustError("failure injected in a command".into()));
        }
        self.commands_in_flight.set(self.commands_in_flight.get() + 1);
        let reply = self.change(command).await;
        self.commands_in_flight.set(self.commands_in_flight.get() - 1);
        Response::from_json(&reply?)
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
    /// Load the roster and what it owes once per object lifetime. Storage reads close the
    /// input gate, so no other command runs while this is in flight.
    async fn load(&self) -> Result<()> {
        if self.loaded.get() {
            return Ok(());
        }
        let mut loaded = roster_storage::load(&self.state.storage(), |signup_id| Owed {
            work: Work::History { signup_id },
            not_before_ms: 0,
        })
        .await?;
        // An older layout is moved once, and only while nothing is loaded: a commit made after
        // another load finished must never be written over.
        if let Some((put, delete)) = loaded.migration.take().filter(|_| !self.loaded.get()) {
            roster_storage::write(&self.state.storage(), put, delete).await?;
        }
        // Another command may have loaded while this one read or wrote.
        if !self.loaded.get() {
            self.next_owed.set(loaded.owed.keys().next_back().map_or(1, |k| k + 1));
            *self.roster.borrow_mut() = loaded.roster;
            *self.parts.borrow_mut() = loaded.parts;
            *self.owed.borrow_mut() = loaded.owed;
            self.loaded.set(true);
            // Back after a restart with work still owed: make sure the alarm comes for it.
            if !self.owed.borrow().is_empty() {
                self.schedule().await?;
            }
        }
        Ok(())
    }

    /// Apply a command to the roster, committed with what it owes, then follow up; answers the
    /// command's reply once its commit is done. Commands that arrive together are applied in
    /// the order they came and committed in one write (a rush of signups is one write per
    /// batch, not one per person); each is answered only after that write.
    async fn change(&self, command: SeatCommand) -> Result<serde_json::Value> {
        let (waiter, turn, woken) = Waiter::new();
        self.queue.borrow_mut().push((command, waiter));
        let not_applied = || Err(worker::Error::RustError("not applied: try again".into()));
        let leads = if !self.committing.replace(true) {
            // Nobody was committing: this request does, after a moment for the commands already
            // on their way to join it.
            worker::Delay::from(std::time::Duration::ZERO).await;
            true
        } else {
            worker::wasm_bindgen_futures::JsFuture::from(woken).await?;
            // Woken either with its reply, or (first in line once the batch before is done) to
            // commit the next batch, its own command with it.
            matches!(*turn.borrow(), Some(Turn::Lead))
        };
        if leads {
            self.commit_next_batch(turn.clone()).await;
        }
        // The batch with this command has been committed (or has failed): its reply is set.
        let settled = turn.borrow_mut().take();
        match settled {
            Some(Turn::Replied(reply)) => reply,
            _ => not_applied(),
        }
    }

    /// Commit the first `BATCH_MAX` queued commands together, hand the turn to the next in
    /// line, then follow up and answer each. The turn ends at the commit: a follow-up may call
    /// another group's object, which may be calling this one, so none is made while holding it.
    async fn commit_next_batch(&self, own: std::rc::Rc<RefCell<Option<Turn>>>) {
        let turn = Committing { committing: &self.committing, queue: &self.queue, own };
        let batch: Vec<(SeatCommand, Waiter)> = {
            let mut queue = self.queue.borrow_mut();
            let n = queue.len().min(BATCH_MAX);
            queue.drain(..n).collect()
        };
        let (commands, waiters): (Vec<SeatCommand>, Vec<Waiter>) = batch.into_iter().unzip();
        // Metered apart from the leading request: each request is charged what was done for it.
        let (committed, commit_cost) = crate::cost::metered(self.commit_all(commands)).await;
        drop(turn);
        match committed {
            Ok((replies, changed)) => {
                let ((), follow_up_cost) = crate::cost::metered(self.follow_up_when_quiet()).await;
                for ((waiter, reply), changed) in waiters.into_iter().zip(replies).zip(changed) {
                    // The batch's write and its follow-up, to each command that changed
                    // something; nothing to one that did not (a refusal stores nothing).
                    if changed {
                        let mut cost = commit_cost;
                        cost += follow_up_cost;
                        waiter.charge(cost);
                    }
                    waiter.settle(Ok(reply));
                }
            }
            Err(error) => {
                let failed = error.to_string();
                for w in waiters {
                    w.settle(Err(worker::Error::RustError(failed.clone())));
                }
            }
        }
    }

    /// Apply `commands` in order to a copy of the roster and commit them with all they owe in
    /// one write. Answers each command's reply and whether it changed anything.
    async fn commit_all(&self, commands: Vec<SeatCommand>) -> Result<(Vec<serde_json::Value>, Vec<bool>)> {
        let mut next = self.roster.borrow().clone();
        let (mut replies, mut work, mut changes) = (Vec::new(), Vec::new(), Vec::new());
        for command in commands {
            let (reply, effects) = apply(&mut next, command);
            let changed = effects.changed
                || effects.space_changed
                || !effects.messages.is_empty()
                || !effects.meeting_messages.is_empty()
                || !effects.election_news.is_empty()
                || !effects.board_tells.is_empty()
                || !effects.team.is_empty()
                || effects.history_of.is_some();
            if changed {
                work.extend(effects.owed(next.as_ref(), now().timestamp_millis()));
            }
            changes.push(changed);
            replies.push(reply);
        }
        if changes.contains(&true) {
            self.commit(next, work).await?;
        }
        Ok((replies, changes))
    }

    /// After a commit, when the object is quiet, what it owes is done at once (a message is in
    /// the outbox as the answer leaves). Under a rush (more than one command in the object) the
    /// answers wait for nothing more: the alarm, due now, does it in batches.
    async fn follow_up_when_quiet(&self) {
        if self.commands_in_flight.get() > 1 {
            return;
        }
        if let Err(error) = self.follow_up().await {
            worker::console_warn!("follow-up left for the alarm: {error}");
        }
    }

    fn group_id(&self) -> Option<String> {
        self.roster.borrow().as_ref().map(|r| r.group_id.clone())
    }

    /// Store the new roster and the work it owes in one atomic write; only then take it into
    /// memory. A failed write leaves memory as it was (what is stored), and the error answers.
    /// Only the roster's parts that changed are written (`roster_storage`).
    async fn commit(&self, next: Option<Roster>, work: Vec<Owed>) -> Result<()> {
        let Some(roster) = next else { return Ok(()) };
        let (parts, mut put, delete) = roster_storage::roster_change(&self.parts.borrow(), &roster)?;
        let mut added = Vec::new();
        for item in work {
            let id = self.next_owed.get();
            self.next_owed.set(id + 1);
            put.push(roster_storage::owed_entry(id, &item)?);
            added.push((id, item));
        }
        // Storage writes close the input gate: nothing else runs between this and the swap.
        roster_storage::write(&self.state.storage(), put, delete).await?;
        *self.roster.borrow_mut() = Some(roster);
        *self.parts.borrow_mut() = parts;
        self.owed.borrow_mut().extend(added);
        // The change is committed: answering an error now would tell its requests it was not.
        // An alarm not set now is set by the next commit, or by the next load.
        if let Err(error) = self.schedule().await {
            worker::console_warn!("alarm not set after a commit: {error}");
        }
        Ok(())
    }

    /// Make sure the alarm will come: at the earliest time owed work is due (a little later
    /// when some failed) or a reminder is.
    async fn schedule(&self) -> Result<()> {
        let storage = self.state.storage();
        let owed = self.owed.borrow().values().map(|o| o.not_before_ms).min();
        let reminder =
            self.roster.borrow().as_ref().and_then(|r| r.next_reminder_due(now())).map(|at| at.timestamp_millis());
        let next = owed.into_iter().chain(reminder).min();
        let Some(next) = next else { return Ok(()) };
        let at = next.max(now().timestamp_millis() + 1);
        self.alarm.by(&storage, at).await
    }

    /// Do the owed work that is due (at most `WORK_PER_TURN` pieces), oldest first; each piece
    /// done is forgotten at once. Stops at the first failure (the alarm tries again).
    async fn follow_up(&self) -> Result<()> {
        let t = now().timestamp_millis();
        let due: Vec<(u64, Owed)> = {
            let owed = self.owed.borrow();
            let in_flight = self.in_flight.borrow();
            owed.iter()
                .filter(|(id, o)| o.not_before_ms <= t && !in_flight.contains(id))
                .take(WORK_PER_TURN)
                .map(|(id, o)| (*id, o.clone()))
                .collect()
        };
        if due.is_empty() {
            return Ok(());
        }
        let result = if self.failures_to_inject.get() > 0 {
            self.failures_to_inject.set(self.failures_to_inject.get() - 1);
            Err(worker::Error::RustError("failure injected between the commit and the follow-up".into()))
        } else {
            self.in_flight.borrow_mut().extend(due.iter().map(|(id, _)| *id));
            let result = self.perform_all(&due).await;
            let mut in_flight = self.in_flight.borrow_mut();
            for (id, _) in &due {
                in_flight.remove(id);
            }
            result
        };
        if result.is_err() {
            // Whatever was not done waits a little before the alarm tries again.
            let later = now().timestamp_millis() + RETRY_MS;
            let mut put = Vec::new();
            for (id, _) in &due {
                if let Some(owed) = self.owed.borrow_mut().get_mut(id) {
                    owed.not_before_ms = owed.not_before_ms.max(later);
                    put.push(roster_storage::owed_entry(*id, owed)?);
                }
            }
            roster_storage::write(&self.state.storage(), put, Vec::new()).await?;
            self.schedule().await?;
        }
        result
    }

    async fn perform_all(&self, due: &[(u64, Owed)]) -> Result<()> {
        let store = Store::from_env(&self.env)?;
        let mut group: Option<Option<Group>> = None;
        let mut result = Ok(());
        let mut done = Vec::new();
        for (n, (id, owed)) in due.iter().enumerate() {
            // A seat count sends the roster as it is when it is done: a later one in this batch
            // sends the same, so this one is done by it.
            let is_seat_count = |w: &Work| matches!(w, Work::Seats { .. });
            if is_seat_count(&owed.work) && due[n + 1..].iter().any(|(_, later)| is_seat_count(&later.work)) {
                self.owed.borrow_mut().remove(id);
                done.push(roster_storage::owed_key(*id));
                continue;
            }
            let needs_group =
                matches!(owed.work, Work::Tell { .. } | Work::TellTeam { .. } | Work::History { .. } | Work::BoardAccepted { .. });
            if group.is_none() && needs_group {
                group = match self.group_id() {
                    Some(group_id) => match store.group(&group_id).await {
                        Ok(found) => Some(found),
                        Err(e) => {
                            result = Err(e);
                            break;
                        }
                    },
                    None => Some(None),
                };
            }
            if let Err(e) = self.perform(&store, group.as_ref().and_then(Option::as_ref), &owed.work).await {
                result = Err(e);
                break;
            }
            // Forgotten in memory at once (nobody starts it again); in storage once, below: a
            // crash before that only repeats work that is idempotent.
            self.owed.borrow_mut().remove(id);
            done.push(roster_storage::owed_key(*id));
        }
        if !done.is_empty() {
            roster_storage::write(&self.state.storage(), Vec::new(), done).await?;
        }
        result
    }

    /// One piece of owed work. Each is idempotent: doing it twice leaves the same result.
    async fn perform(&self, store: &Store, group: Option<&Group>, work: &Work) -> Result<()> {
        match work {
            Work::ManageKey { digest, key } => store.put_manage_key(digest, key).await,
            Work::ForgetManageKey { digest } => store.delete_manage_key(digest).await,
            Work::File { email_digest, signup_id } => {
                let Some(group_id) = self.group_id() else { return Ok(()) };
                store.file(email_digest, &Filed::Signup { group_id, signup_id: signup_id.clone() }, None).await
            }
            Work::Seats { .. } => {
                // The roster as it is now (never older than the change that owed this), with
                // what the overview needs of it.
                let Some(group_id) = self.group_id() else { return Ok(()) };
                let Some(roster) = self.roster.borrow().clone() else { return Ok(()) };
                let facts = overview_facts(&snapshot(&roster));
                let command =
                    CatalogueCommand::Seats { group_id, version: roster.version, count: roster.count(), roster: Some(facts) };
                super::catalogue_index(&self.env, &command).await
            }
            Work::Grant { email, grant } => {
                let existing = store.admin_user(email).await?;
                if existing.is_none() && grant.until <= now() {
                    // Access that is over (a term cut short, an erased holder): nothing to give,
                    // and no record is made again for someone whose record is gone.
                    return Ok(());
                }
                let mut user = existing.unwrap_or_else(|| AdminUser {
                    email: email.clone(),
                    role: Role::Facilitator,
                    groups: vec![],
                    revoked: false,
                    terms: vec![],
                });
                let before = user.terms.iter().find(|t| t.group == grant.group && t.term == grant.term).cloned();
                user.grant(grant.clone());
                store.put_admin_user(&user).await?;
                // Access given or changed by an election is in the audit log like any other.
                let at = now();
                let entry = village_shared::model::AuditEntry {
                    id: tokens::newest_first_id(at),
                    at,
                    who: "election".into(),
                    action: "term.grant".into(),
                    target: AuditTarget::group(&grant.group).and(TargetKind::Term, &grant.term).and(TargetKind::User, &email).to_string(),
                    before: json!(before),
                    after: json!(grant),
                };
                store.put_audit(&entry).await
            }
            Work::BoardListing { post } => {
                let Some(roster) = self.roster.borrow().clone() else { return Ok(()) };
                let at = now();
                match roster.space().board.post(post).filter(|p| p.is_open(at)) {
                    Some(p) => store.put_board_listing(&p.summary(&roster.group_id), at).await,
                    None => store.delete_board_listing(&roster.group_id, post).await,
                }
            }
            Work::BoardAccepted { post, interest, to_them, to_poster } => {
                let Some(group) = group else { return Ok(()) };
                let Some(roster) = self.roster.borrow().clone() else { return Ok(()) };
                let Some(p) = roster.space().board.post(post) else { return Ok(()) };
                // Only while it stands accepted (a poster who declined since tells nobody).
                let agreed = |i: &&village_shared::rules::board::Interest| {
                    &i.id == interest && matches!(i.state, InterestState::Accepted | InterestState::Done)
                };
                let Some(i) = p.interests.iter().find(agreed) else { return Ok(()) };
                let Some(poster) = roster.signup(&p.by).filter(|s| !s.is_erased()) else { return Ok(()) };
                let title = p.body.title.clone();
                // Their contact, from their own group (this one, or another).
                let them: Option<Contact> = if i.group == roster.group_id {
                    roster.signup(&i.member).filter(|s| !s.is_erased()).map(|s| contact_of(&s))
                } else {
                    let act = SpaceAct::People { signup_ids: vec![i.member.clone()] };
                    let command = SeatCommand::Space { act, area: String::new() };
                    let found: Vec<Option<Contact>> = super::group_seats(&self.env, &i.group, &command).await?;
                    found.into_iter().next().flatten()
                };
                let Some(them) = them else { return Ok(()) };
                // To them: the poster's contact (through their group's object when elsewhere).
                let poster_contact = Some(contact_of(&poster));
                if i.group == roster.group_id {
                    if let Some(signup) = roster.signup(&i.member) {
                        let facts = BoardFacts { title: title.clone(), contact: poster_contact.clone() };
                        self.tell_now(store, group, &roster, to_them, MessageKind::BoardAccepted, &signup, &facts).await?;
                    }
                } else {
                    let act = SpaceAct::Notify {
                        message_id: to_them.clone(),
                        signup_id: i.member.clone(),
                        title: title.clone(),
                        contact: poster_contact,
                    };
                    let command = SeatCommand::Space { act, area: String::new() };
                    let _: bool = super::group_seats(&self.env, &i.group, &command).await?;
                }
                // To the poster: theirs.
                let facts = BoardFacts { title, contact: Some(them) };
                self.tell_now(store, group, &roster, to_poster, MessageKind::BoardAccepted, &poster, &facts).await
            }
            Work::TellTeam { message_id, to, kind, note } => {
                let Some(group) = group else { return Ok(()) };
                if store.message(message_id).await?.is_some() {
                    return Ok(());
                }
                // Only to someone who still leads the group (not revoked, not removed from it).
                let user = store.admin_user(&to.email).await?;
                let scope = village_shared::rules::access::Scope::Group(&group.id);
                if village_shared::rules::access::authorize(user.as_ref(), scope, now())
                    != village_shared::rules::access::Decision::Allowed
                {
                    return Ok(());
                }
                let lang = to.language;
                let base = crate::routes::public_url(&self.env);
                let facts = TeamFacts {
                    about: group.title.get(lang).to_string(),
                    families: note.families.clone(),
                    task: note.task.clone(),
                    when: note.session.and_then(|s| DateTime::from_timestamp(s, 0)).map(|at| format_in_zone(at, &group.time_zone, lang)),
                    weeks: note.weeks,
                    report: None,
                    link: format!("{base}/admin/groups/{}?lang={}", group.id, lang.code()),
                };
                let mut message =
                    outbox::new_message(&to.email, lang, *kind, Some(group.id.clone()), compose_team(*kind, lang, &facts));
                message.id = message_id.clone();
                outbox::enqueue(&self.env, message).await
            }
            Work::Tell { message_id, kind, signup, about } => {
                // A group deleted since has nobody left to tell about it.
                let Some(group) = group else { return Ok(()) };
                if store.message(message_id).await?.is_some() {
                    return Ok(()); // already in the outbox: it is the outbox's to deliver now
                }
                let mut message = {
                    // Read in place (no copy of the whole roster per message); nothing awaits here.
                    let current = self.roster.borrow();
                    let empty;
                    let roster = match current.as_ref() {
                        Some(roster) => roster,
                        None => {
                            empty = Roster::new(group.id.clone(), 0);
                            &empty
                        }
                    };
                    // A pairing that has ended since is not announced.
                    let active =
                        |id: &String| roster.buddies().pairing(id).is_some_and(|p| p.state == PairingState::Active);
                    if about.pairing.as_ref().is_some_and(|id| !active(id)) {
                        return Ok(());
                    }
                    self.message(group, roster, *kind, signup, about)
                };
                message.id = message_id.clone();
                outbox::enqueue(&self.env, message).await
            }
            Work::History { signup_id } => {
                let Some(group) = group else { return Ok(()) };
                let roster = self.roster.borrow().clone();
                match roster {
                    Some(roster) => write_history(store, group, &roster, signup_id).await,
                    None => Ok(()),
                }
            }
        }
    }

    /// Put one message in the outbox now, under the id given (once: a retry finds it there).
    #[allow(clippy::too_many_arguments)]
    async fn tell_now(
        &self,
        store: &Store,
        group: &Group,
        roster: &Roster,
        message_id: &str,
        kind: MessageKind,
        signup: &Signup,
        facts: &BoardFacts,
    ) -> Result<()> {
        if store.message(message_id).await?.is_some() {
            return Ok(());
        }
        let about = Regarding { board: Some(facts.clone()), ..Regarding::default() };
        let mut message = self.message(group, roster, kind, signup, &about);
        message.id = message_id.to_string();
        outbox::enqueue(&self.env, message).await
    }

    fn message(
        &self,
        group: &Group,
        roster: &Roster,
        kind: MessageKind,
        signup: &Signup,
        about: &Regarding,
    ) -> village_shared::model::Message {
        let (session, reason, meeting) = (about.session.as_ref(), about.reason.clone(), about.meeting.as_deref());
        let (election, board, pairing) = (about.election.as_deref(), about.board.as_ref(), about.pairing.as_deref());
        let lang = signup.language;
        let base = crate::routes::public_url(&self.env);
        let token = roster.token(&signup.id).unwrap_or_default();
        let meeting = meeting.and_then(|id| roster.space().meeting(id));
        let election = election.and_then(|id| roster.space().leadership.election(id));
        // Nominations: when voting opens; voting: when it closes.
        let election_when = election.map(|e| match kind {
            MessageKind::NominationsOpen => e.voting_opens_at,
            _ => e.closes_at,
        });
        // A buddy pairing: the other family, and their contact only when both agreed.
        let pairing = pairing.and_then(|id| roster.buddies().pairing(id));
        let buddy = pairing.and_then(|p| roster.signup(p.other(&signup.id))).filter(|s| !s.is_erased());
        let meet_at = pairing.and_then(|p| p.meet_at).and_then(|s| DateTime::from_timestamp(s, 0));
        let when = match (meeting, election_when.or(meet_at)) {
            (Some(meeting), _) => Some(format_in_zone(meeting.starts_at, &group.time_zone, lang)),
            (None, Some(at)) => Some(format_in_zone(at, &group.time_zone, lang)),
            (None, None) => session
                .or_else(|| group.next_session(now()))
                .map(|s| format_in_zone(s.starts_at, &group.time_zone, lang)),
        };
        // The place, only for someone who may see it (`Meeting::shows_address_to`).
        let address = meeting.filter(|m| m.shows_address_to(&signup.id)).and_then(|m| {
            let offer = &roster.space().offers.get(m.host.as_deref()?)?.offer;
            Some(format!("{}, {}", offer.setting, offer.address))
        });
        // A local group's people manage everything from their member space.
        let page = if meeting.is_some() || election.is_some() || board.is_some() {
            "member".to_string()
        } else if pairing.is_some() {
            format!("member/{token}/buddy")
        } else {
            "manage".to_string()
        };
        let elected = election.and_then(|e| match &e.outcome {
            Some(Outcome::Elected { candidate }) => {
                let member = &e.candidates.iter().find(|c| &c.id == candidate)?.member;
                Some(public_name(&roster.signup(member)?.name))
            }
            _ => None,
        });
        // A session's visitor, and the tasks this family helps with, in its reminder.
        let reminded = session.filter(|_| kind == MessageKind::Reminder);
        let visitor = reminded.and_then(|s| s.visitor.as_ref()).map(|v| v.line(lang));
        let tasks = reminded
            .map(|s| roster.helping().mine(s.starts_at.timestamp(), &signup.id).iter().map(|t| t.title.get(lang).to_string()).collect())
            .unwrap_or_default();
        let facts = MessageFacts {
            visitor,
            tasks,
            name: signup.name.clone(),
            group_title: group.title.get(lang).to_string(),
            position: signup.waitlist_position,
            when,
            manage_url: match pairing {
                Some(_) => format!("{base}/{page}?lang={}", lang.code()),
                None => format!("{base}/{page}/{token}?lang={}", lang.code()),
            },
            calendar_url: format!("{base}/api/manage/{token}/calendar.ics"),
            reason,
            address,
            role: election.map(|e| e.role.label(lang).to_string()),
            elected,
            agenda: meeting
                .and_then(|m| m.agenda.as_ref())
                .filter(|_| kind == MessageKind::AgendaSet)
                .map(|ids| ids.iter().filter_map(|id| roster.space().issue(id)).map(|i| i.title.clone()).collect())
                .unwrap_or_default(),
            opportunity: board.map(|b| b.title.clone()),
            contact: board
                .and_then(|b| b.contact.clone())
                .or_else(|| pairing.filter(|p| p.shows_contact()).and(buddy.as_ref()).map(contact_of))
                .map(|c| contact_line(&c)),
            buddy: buddy.map(|b| public_name(&b.name)),
        };
        outbox::new_message(&signup.email, lang, kind, Some(group.id.clone()), compose(kind, lang, &facts))
    }
}

/// A board post a message is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct BoardFacts {
    title: String,
    #[serde(default)]
    contact: Option<Contact>,
}

fn contact_of(signup: &Signup) -> Contact {
    Contact { name: signup.name.clone(), email: signup.email.clone(), phone: signup.phone.clone() }
}

/// A contact as a message or a pairing shows it: name, email, phone, a line each.
fn contact_line(c: &Contact) -> String {
    let phone = c.phone.as_deref().map(|p| format!("\n{p}")).unwrap_or_default();
    format!("{}\n{}{phone}", c.name, c.email)
}

/// Apply one command to a copy of the roster. Synchronous on purpose: this is the critical
/// section.
fn apply(slot: &mut Option<Roster>, command: SeatCommand) -> (serde_json::Value, Effects) {
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
            let manage_token = outcome.created.then(|| tokens::new_manage_token(&roster.group_id));
            if let Some(token) = &manage_token {
                // The link works once this is committed: it is checked here (`LinkHolder`).
                roster.set_token(&outcome.signup.id, token.clone());
                effects.new_signup = Some((tokens::digest(&outcome.signup.email), outcome.signup.id.clone()));
            }
            effects.joined(&outcome);
            json!(JoinReply {
                signup: Some(outcome.signup),
                manage_token,
                created: outcome.created,
                waitlist_full: false
            })
        }
        SeatCommand::JoinMany { group_id, capacity, people } => {
            let roster = slot.get_or_insert_with(|| Roster::new(group_id, capacity));
            let mut joined = 0;
            for request in people {
                let outcome = roster.join(request, tokens::new_record_id(), at);
                if outcome.created {
                    roster.set_token(&outcome.signup.id, tokens::new_manage_token(&roster.group_id));
                    let (email_digest, signup_id) = (tokens::digest(&outcome.signup.email), outcome.signup.id.clone());
                    effects.bulk.push(Work::File { email_digest, signup_id });
                    joined += 1;
                }
            }
            effects.changed = joined > 0;
            json!(joined)
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
                    effects.joined(&outcome);
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
        SeatCommand::LinkHolder { token } => json!(slot.as_ref().and_then(|r| r.link_holder(&token))),
        SeatCommand::Count => json!(slot.as_ref().map(Roster::count).unwrap_or_default()),
        SeatCommand::SetCapacity { group_id, capacity, sessions, reminding } => {
            let roster = slot.get_or_insert_with(|| Roster::new(group_id, 0));
            let before = roster.version;
            roster.set_schedule(sessions, reminding);
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
            // Only a link made before links named their group has a KV key to forget.
            let stored = |token: &&str| tokens::manage_token(token) == Some(tokens::ManageToken::Stored);
            let token = r.signup_by_email(&email).and_then(|s| r.token(&s.id).filter(stored).map(tokens::digest));
            r.erase(&email, at).map(|outcome| (outcome, token))
        }) {
            Some((outcome, token)) => {
                effects.forget_manage_key = token;
                effects.erased_email = Some(email.clone());
                effects.left(outcome, None)
            }
            None => json!(null),
        },
        SeatCommand::Going { session } => json!(slot.as_ref().map_or(0, |r| r.going_to(session))),
        SeatCommand::Remind => {
            let (due, meetings) = match slot.as_mut() {
                Some(roster) => {
                    let sessions = roster.schedule().to_vec();
                    catch_up(roster, at, &mut effects);
                    for post in roster.space_mut().board.take_due(at) {
                        let p = roster.space().board.post(&post).expect("just reminded");
                        let facts = BoardFacts { title: p.body.title.clone(), contact: None };
                        if let Some(poster) = roster.signup(&p.by) {
                            effects.board_tells.push((MessageKind::BoardRenew, poster, facts, None));
                        }
                    }
                    for (pairing, weeks) in roster.buddies_mut().take_due_nudges(at) {
                        let p = roster.buddies().pairing(&pairing).expect("just nudged");
                        let families =
                            [&p.newcomer.signup, &p.buddy].into_iter().filter_map(|s| roster.signup(s)).map(|s| public_name(&s.name));
                        let note = TeamNote { families: families.collect(), task: None, session: None, weeks: Some(weeks) };
                        effects.team.push((p.by.clone(), MessageKind::BuddyNudge, note));
                    }
                    let due = roster.take_due_reminders(&sessions, at);
                    let meetings = roster.space_mut().take_due_reminders(at);
                    let people: Vec<(MessageKind, Signup, String)> = meetings
                        .into_iter()
                        .flat_map(|(meeting, coming)| coming.into_iter().map(move |id| (meeting.clone(), id)))
                        .filter_map(|(meeting, id)| Some((MessageKind::MeetingReminder, roster.signup(&id)?, meeting)))
                        .collect();
                    (due, people)
                }
                None => (vec![], vec![]),
            };
            effects.changed = !due.is_empty();
            effects.space_changed |= !meetings.is_empty()
                || !effects.election_news.is_empty()
                || !effects.board_tells.is_empty()
                || !effects.team.is_empty();
            let reminded = (due.len() + meetings.len()) as u32;
            effects.messages = due.into_iter().map(|(signup, session)| (MessageKind::Reminder, signup, Some(session))).collect();
            effects.meeting_messages.extend(meetings);
            json!(RemindReply { reminded })
        }
        SeatCommand::Space { act, area } => match slot.as_mut() {
            Some(roster) => space_act(roster, act, &area, at, &mut effects),
            None => empty_space_answer(&act),
        },
        SeatCommand::Help { act } => match slot.as_mut() {
            Some(roster) => help_act(roster, act, at, &mut effects),
            None if matches!(act, HelpAct::Tasks { .. }) => json!(null),
            None => json!(Err::<(), _>(ErrorCode::NotAMember)),
        },
        SeatCommand::Topics { act } => match slot.as_mut() {
            Some(roster) => topic_act(roster, act, at, &mut effects),
            None if matches!(act, TopicAct::List) => json!(TopicList::default()),
            None => json!(Err::<(), _>(ErrorCode::NotAMember)),
        },
        SeatCommand::Buddy { act } => match slot.as_mut() {
            Some(roster) => buddy_act(roster, act, at, &mut effects),
            None if matches!(act, BuddyAct::Board) => json!(Ok::<_, ErrorCode>(BuddyBoard::default())),
            None => json!(Err::<(), _>(ErrorCode::NotAMember)),
        },
        // Answered before the critical section.
        SeatCommand::InjectFaults { .. } => json!(null),
    };
    (reply, effects)
}

/// One act on a family group's helping out (`rules::helping`), in the critical section.
fn help_act(roster: &mut Roster, act: HelpAct, at: DateTime<Utc>, effects: &mut Effects) -> serde_json::Value {
    let session_tasks = |start: i64, tasks: &[village_shared::rules::helping::Task], signup: Option<&str>| SessionTasks {
        starts_at: DateTime::from_timestamp(start, 0).unwrap_or_default(),
        tasks: tasks.iter().map(|t| TaskView::of(t, signup)).collect(),
    };
    let upcoming = |roster: &Roster, signup: &str| FamilyTasks {
        sessions: roster
            .helping()
            .sessions
            .iter()
            .filter(|(start, _)| **start > at.timestamp())
            .map(|(start, tasks)| session_tasks(*start, tasks, Some(signup)))
            .collect(),
    };
    match act {
        HelpAct::Tasks { session } => {
            json!(roster.helping().sessions.get(&session).map(|tasks| session_tasks(session, tasks, None)))
        }
        HelpAct::Mine { signup_id } if roster.is_member(&signup_id) => json!(Ok::<_, ErrorCode>(upcoming(roster, &signup_id))),
        HelpAct::Mine { .. } => json!(Err::<FamilyTasks, _>(ErrorCode::NotAMember)),
        act @ (HelpAct::Claim { .. } | HelpAct::Drop { .. }) => {
            let (claim, signup_id, task) = match act {
                HelpAct::Claim { signup_id, task } => (true, signup_id, task),
                HelpAct::Drop { signup_id, task } => (false, signup_id, task),
                _ => unreachable!("matched above"),
            };
            if !roster.is_member(&signup_id) {
                return json!(Err::<FamilyTasks, _>(ErrorCode::NotAMember));
            }
            // A session that has started takes no more claims or drops.
            if roster.helping().task(&task).is_none_or(|(start, _)| start <= at.timestamp()) {
                return json!(Err::<FamilyTasks, _>(ErrorCode::TaskNotFound));
            }
            let helping = roster.helping_mut();
            let result = if claim { helping.claim(&task, &signup_id) } else { helping.drop_place(&task, &signup_id) };
            match result {
                Ok(changed) => {
                    effects.space_changed |= changed;
                    // Given back within a day of the session: the leader who set the tasks hears.
                    let told = (changed && !claim).then(|| roster.helping_mut().tell_of_drop(&task, &signup_id, at));
                    if let Some(Some(to)) = told {
                        let (start, t) = roster.helping().task(&task).expect("just dropped");
                        let note = TeamNote {
                            families: roster.signup(&signup_id).map(|s| public_name(&s.name)).into_iter().collect(),
                            task: Some(t.title.get(to.language).to_string()),
                            session: Some(start),
                            weeks: None,
                        };
                        effects.team.push((to, MessageKind::TaskDropped, note));
                    }
                    json!(Ok::<_, ErrorCode>(upcoming(roster, &signup_id)))
                }
                Err(HelpError::TaskFull) => json!(Err::<FamilyTasks, _>(ErrorCode::TaskFull)),
                Err(HelpError::TaskNotFound) => json!(Err::<FamilyTasks, _>(ErrorCode::TaskNotFound)),
            }
        }
        HelpAct::Set { session, tasks, by } => {
            if !roster.schedule().iter().any(|s| s.starts_at.timestamp() == session) {
                return json!(Err::<SessionTasks, _>(ErrorCode::NotFound));
            }
            roster.helping_mut().set(session, &tasks, by);
            effects.space_changed = true;
            let set = roster.helping().sessions.get(&session).map(|t| session_tasks(session, t, None));
            json!(Ok::<_, ErrorCode>(set.unwrap_or(SessionTasks {
                starts_at: DateTime::from_timestamp(session, 0).unwrap_or_default(),
                tasks: vec![],
            })))
        }
    }
}

/// One act on a family group's buddies (`rules::buddies`), in the critical section.
fn buddy_act(roster: &mut Roster, act: BuddyAct, at: DateTime<Utc>, effects: &mut Effects) -> serde_json::Value {
    let code = |e: BuddyError| match e {
        BuddyError::RequestNotFound => ErrorCode::NoBuddyRequest,
        BuddyError::BuddyFull => ErrorCode::BuddyFull,
        BuddyError::SameFamily => ErrorCode::InvalidFields,
        BuddyError::PairingNotFound => ErrorCode::PairingNotFound,
        BuddyError::AlreadyPaired => ErrorCode::AlreadyPaired,
    };
    let upcoming: Vec<i64> =
        roster.schedule().iter().map(|s| s.starts_at.timestamp()).filter(|s| *s > at.timestamp()).collect();
    let leader = |roster: &Roster, result: std::result::Result<(), BuddyError>| {
        json!(result.map(|()| buddy_board(roster)).map_err(code))
    };
    match act {
        BuddyAct::Board => leader(roster, Ok(())),
        BuddyAct::Pair { newcomer, buddy, by } => {
            if !roster.is_member(&newcomer) || !roster.is_member(&buddy) {
                return json!(Err::<BuddyBoard, _>(ErrorCode::NotAMember));
            }
            let id = tokens::new_record_id();
            let result = roster.buddies_mut().pair(&newcomer, &buddy, id.clone(), by, &upcoming, at).map(|_| ());
            if result.is_ok() {
                effects.space_changed = true;
                effects.paired.push(id);
            }
            leader(roster, result)
        }
        BuddyAct::End { pairing, completed } => {
            let result = roster.buddies_mut().end(&pairing, completed, at);
            effects.space_changed |= result.is_ok();
            leader(roster, result)
        }
        act => {
            let signup_id = match &act {
                BuddyAct::Mine { signup_id }
                | BuddyAct::Ask { signup_id, .. }
                | BuddyAct::Withdraw { signup_id }
                | BuddyAct::Offer { signup_id, .. }
                | BuddyAct::StopOffering { signup_id }
                | BuddyAct::StepBack { signup_id, .. } => signup_id.clone(),
                BuddyAct::Board | BuddyAct::Pair { .. } | BuddyAct::End { .. } => unreachable!("the leader's acts are above"),
            };
            if !roster.is_member(&signup_id) {
                return json!(Err::<FamilyBuddies, _>(ErrorCode::NotAMember));
            }
            let buddies = roster.buddies_mut();
            let result = match act {
                BuddyAct::Ask { mut ask, .. } => {
                    // "The session I usually come to" is one of the group's sessions ahead, or none.
                    ask.usual = ask.usual.filter(|u| upcoming.contains(u));
                    buddies.ask(&signup_id, ask, at).map(|()| true)
                }
                BuddyAct::Withdraw { .. } => Ok(buddies.withdraw(&signup_id)),
                BuddyAct::Offer { offer, .. } => {
                    buddies.offer_to_help(&signup_id, offer, at);
                    Ok(true)
                }
                BuddyAct::StopOffering { .. } => Ok(buddies.stop_offering(&signup_id)),
                BuddyAct::StepBack { pairing, .. } => buddies.step_back(&pairing, &signup_id, at).map(|()| true),
                _ => Ok(false),
            };
            effects.space_changed |= result == Ok(true);
            json!(result.map(|_| family_buddies(roster, &signup_id, &upcoming)).map_err(code))
        }
    }
}

/// Topics families suggest for visitors (`rules::topics`), in the critical section.
fn topic_act(roster: &mut Roster, act: TopicAct, at: DateTime<Utc>, effects: &mut Effects) -> serde_json::Value {
    let mine = |roster: &Roster, signup: &str| FamilyTopics {
        ideas: roster.topics().mine(signup).into_iter().map(|i| i.text.clone()).collect(),
    };
    match act {
        TopicAct::List => json!(TopicList {
            ideas: roster
                .topics()
                .ideas
                .iter()
                .rev()
                .map(|i| TopicRow {
                    name: roster.signup(&i.by).map(|s| public_name(&s.name)).unwrap_or_default(),
                    text: i.text.clone(),
                    at: i.at,
                })
                .collect(),
        }),
        TopicAct::Mine { signup_id } | TopicAct::Suggest { signup_id, .. } if !roster.is_member(&signup_id) => {
            json!(Err::<FamilyTopics, _>(ErrorCode::NotAMember))
        }
        TopicAct::Mine { signup_id } => json!(Ok::<_, ErrorCode>(mine(roster, &signup_id))),
        TopicAct::Suggest { signup_id, text } => {
            effects.space_changed |= roster.topics_mut().suggest(&signup_id, &text, at);
            json!(Ok::<_, ErrorCode>(mine(roster, &signup_id)))
        }
    }
}

/// A family's side of buddies: the other family by first name, their contact only when both
/// agreed.
fn family_buddies(roster: &Roster, signup: &str, upcoming: &[i64]) -> FamilyBuddies {
    let b = roster.buddies();
    let pairings = b
        .pairings_of(signup)
        .map(|p| {
            let other = roster.signup(p.other(signup)).filter(|s| !s.is_erased());
            let name = other.as_ref().map(|o| o.name.clone()).unwrap_or_default();
            // Their contact only while they are in the group (and as the pairing allows).
            let contact = other.filter(|o| roster.is_member(&o.id)).map(|o| contact_line(&contact_of(&o)));
            PairingView::of(p, signup, &name, contact)
        })
        .collect();
    FamilyBuddies {
        asked: b.request(signup).map(|r| r.ask.clone()),
        offered: b.offer(signup).map(|o| o.offer.clone()),
        free: b.free(signup),
        pairings,
        sessions: upcoming.iter().filter_map(|s| DateTime::from_timestamp(*s, 0)).collect(),
    }
}

/// The leader's view: who waits (longest first) with their best five suggestions, who offers,
/// and the pairings, newest first.
fn buddy_board(roster: &Roster) -> BuddyBoard {
    let b = roster.buddies();
    let name = |id: &str| roster.signup(id).map(|s| s.name).unwrap_or_default();
    let suggestion = |o: &Offering| Suggestion {
        signup_id: o.signup.clone(),
        name: name(&o.signup),
        languages: o.offer.languages.clone(),
        age_band: o.offer.age_band,
        free: b.free(&o.signup),
    };
    BuddyBoard {
        waiting: b
            .queue()
            .into_iter()
            .map(|r| WaitingFamily {
                signup_id: r.signup.clone(),
                name: name(&r.signup),
                ask: r.ask.clone(),
                since: r.since,
                suggestions: b.suggestions(&r.signup).into_iter().take(5).map(suggestion).collect(),
            })
            .collect(),
        offering: b.offers.iter().map(suggestion).collect(),
        pairings: b
            .pairings
            .iter()
            .rev()
            .map(|p| PairingRow {
                id: p.id.clone(),
                newcomer: name(&p.newcomer.signup),
                buddy: name(&p.buddy),
                paired_at: p.paired_at,
                meet_at: p.meet_at.and_then(|s| DateTime::from_timestamp(s, 0)),
                state: p.state,
                ended_at: p.ended_at,
            })
            .collect(),
    }
}

/// One act on a local group's member space (`rules::member_space`), in the critical section.
/// Agendas whose time has come close first, whatever the act.
fn space_act(roster: &mut Roster, act: SpaceAct, area: &str, at: DateTime<Utc>, effects: &mut Effects) -> serde_json::Value {
    catch_up(roster, at, effects);
    let member_check = |roster: &Roster, id: &str| if roster.is_member(id) { Ok(()) } else { Err(ErrorCode::NotAMember) };
    match act {
        SpaceAct::Public => json!(PublicSpace {
            meetings: roster.space().public_meetings(area, at),
            issues: roster.space().public_issues(),
        }),
        SpaceAct::Member { signup_id } => json!(member_reply(roster, &signup_id, area, at)),
        SpaceAct::Rsvp { signup_id, meeting, going } => {
            let result = member_check(roster, &signup_id).and_then(|()| {
                let outcome = roster.space_mut().rsvp(&meeting, &signup_id, going, at)?;
                effects.space_changed |= outcome.changed;
                let place_freed = outcome.promoted.into_iter().map(|id| (meeting.clone(), id)).collect();
                effects.space_notices.push(Notices { place_freed, ..Notices::default() });
                let found = roster.space().meeting(&meeting).ok_or(ErrorCode::MeetingNotFound)?;
                Ok(roster.space().member_meeting(found, &signup_id, area))
            });
            json!(result)
        }
        SpaceAct::Host { signup_id, offer } => {
            let result = member_check(roster, &signup_id).and_then(|()| {
                effects.space_changed |= match offer {
                    Some(offer) => roster.space_mut().offer_to_host(&signup_id, offer, at),
                    None => match roster.space_mut().withdraw_offer(&signup_id, at) {
                        Some(notices) => {
                            effects.space_notices.push(notices);
                            true
                        }
                        None => false,
                    },
                };
                member_reply(roster, &signup_id, area, at).ok_or(ErrorCode::SignupNotFound)
            });
            json!(result)
        }
        SpaceAct::Propose { signup_id, body } => {
            let result = member_check(roster, &signup_id).and_then(|()| {
                let details = body.details.as_deref().unwrap_or_default();
                roster.space_mut().propose(&signup_id, &body.title, details, body.language, at)
            });
            effects.space_changed |= result.is_ok();
            json!(result)
        }
        SpaceAct::Support { signup_id, issue, give } => {
            let result = member_check(roster, &signup_id).and_then(|()| {
                let before = roster.space().issue(&issue).map(|i| i.supporters.contains(&signup_id));
                let supports = roster.space_mut().support(&signup_id, &issue, give, at)?;
                effects.space_changed |= before != Some(give);
                Ok(SupportAnswer {
                    issue: SupportCount { id: issue.clone(), supports },
                    supports_left: roster.space().supports_left(&signup_id),
                })
            });
            json!(result)
        }
        SpaceAct::Elections => {
            let (leadership, name) = (&roster.space().leadership, public_name_of(roster));
            json!(ElectionsAnswer { elections: leadership.views(at, &name), leaders: leadership.leaders(at, &name) })
        }
        SpaceAct::StartElection { body } => {
            let months = body.term_months.unwrap_or(TERM_MONTHS);
            let leadership = &mut roster.space_mut().leadership;
            let result = leadership.start(body.role, months, body.voting_opens_at, body.closes_at, at);
            let result = result.map(|(id, news)| {
                effects.election_news.extend(news);
                effects.space_changed = true;
                let (leadership, name) = (&roster.space().leadership, public_name_of(roster));
                leadership.view(leadership.election(&id).expect("just opened"), at, &name)
            });
            json!(result)
        }
        SpaceAct::Nominate { signup_id, election, member } => {
            let target = member.unwrap_or_else(|| signup_id.clone());
            let result = member_check(roster, &signup_id)
                .and_then(|()| if roster.is_member(&target) { Ok(()) } else { Err(ErrorCode::CandidateNotFound) })
                .and_then(|()| roster.space_mut().leadership.nominate(&election, &signup_id, &target, at));
            election_act(roster, effects, result, &election, &signup_id, at)
        }
        SpaceAct::StandDown { signup_id, election } => {
            let result = member_check(roster, &signup_id)
                .and_then(|()| roster.space_mut().leadership.withdraw(&election, &signup_id, at))
                .map(|()| vec![]);
            election_act(roster, effects, result, &election, &signup_id, at)
        }
        SpaceAct::Ballot { signup_id, election, candidate } => {
            // The voters are those who were members when the election opened: joining during
            // it (with as many addresses as one likes) gives no vote.
            let opened = roster.space().leadership.election(&election).map(|e| e.voters_since());
            let voter = |roster: &Roster| match (roster.signup(&signup_id), opened) {
                (Some(s), Some(opened)) if s.created_at > opened => Err(ErrorCode::NotAVoter),
                _ => Ok(()),
            };
            let result = member_check(roster, &signup_id)
                .and_then(|()| voter(roster))
                .and_then(|()| roster.space_mut().leadership.vote(&election, &signup_id, &candidate, at))
                .map(|()| vec![]);
            election_act(roster, effects, result, &election, &signup_id, at)
        }
        SpaceAct::IsMember { signup_id } => json!(roster.is_member(&signup_id)),
        SpaceAct::MeetingNews { signup_id, on } => {
            let quiet = &mut roster.space_mut().quiet;
            effects.space_changed = if on { quiet.remove(&signup_id) } else { quiet.insert(signup_id.clone()) };
            json!(member_reply(roster, &signup_id, area, at))
        }
        SpaceAct::Publish { signup_id, body } => {
            let result = member_check(roster, &signup_id)
                .and_then(|()| roster.space_mut().board.publish(&signup_id, body, at))
                .and_then(|post| {
                    effects.space_changed = true;
                    effects.board_listing.push(post.clone());
                    let own = roster.group_id.clone();
                    post_reply(roster, &post, &own, &signup_id, at)
                });
            json!(result)
        }
        SpaceAct::ViewPost { post, viewer_group, viewer } => json!(post_reply(roster, &post, &viewer_group, &viewer, at)),
        SpaceAct::Interest { post, group, member } => {
            let own = roster.group_id.clone();
            let result = roster.space_mut().board.interest(&post, &group, &member, &own, at).and_then(|news| {
                if news.interested.is_some() {
                    effects.space_changed = true;
                    let p = roster.space().board.post(&post).ok_or(ErrorCode::PostNotFound)?;
                    let facts = BoardFacts { title: p.body.title.clone(), contact: None };
                    if let Some(poster) = roster.signup(&p.by) {
                        effects.board_tells.push((MessageKind::BoardInterest, poster, facts, None));
                    }
                }
                post_reply(roster, &post, &group, &member, at)
            });
            json!(result)
        }
        SpaceAct::AnswerInterest { signup_id, post, interest, accept } => {
            let own = roster.group_id.clone();
            let result = roster.space_mut().board.answer(&post, &signup_id, &interest, accept, at).and_then(|news| {
                effects.space_changed = true;
                effects.board_accepted.extend(news.accepted);
                post_reply(roster, &post, &own, &signup_id, at)
            });
            json!(result)
        }
        SpaceAct::MarkDone { post, group, member } => {
            let own = roster.group_id.clone();
            let result = roster.space_mut().board.mark_done(&post, &group, &member, &own).and_then(|()| {
                effects.space_changed = true;
                effects.board_listing.push(post.clone());
                post_reply(roster, &post, &group, &member, at)
            });
            json!(result)
        }
        SpaceAct::Renew { signup_id, post } => {
            let own = roster.group_id.clone();
            let result = roster.space_mut().board.renew(&post, &signup_id, at).and_then(|()| {
                effects.space_changed = true;
                effects.board_listing.push(post.clone());
                post_reply(roster, &post, &own, &signup_id, at)
            });
            json!(result)
        }
        SpaceAct::MyPosts { signup_id } => {
            let own = roster.group_id.clone();
            let ids: Vec<String> = roster.space().board.by_member(&signup_id).map(|p| p.id.clone()).collect();
            json!(ids.iter().filter_map(|id| post_reply(roster, id, &own, &signup_id, at).ok()).collect::<Vec<_>>())
        }
        SpaceAct::People { signup_ids } => json!(signup_ids
            .iter()
            .map(|id| roster.signup(id).filter(|s| !s.is_erased() && roster.is_member(id)).map(|s| contact_of(&s)))
            .collect::<Vec<_>>()),
        SpaceAct::Notify { message_id, signup_id, title, contact } => match roster.signup(&signup_id) {
            Some(signup) => {
                effects.board_tells.push((MessageKind::BoardAccepted, signup, BoardFacts { title, contact }, Some(message_id)));
                json!(true)
            }
            None => json!(false),
        },
        SpaceAct::Plan => {
            let space = roster.space();
            let host_row = |id: &str| {
                let offer = space.offers.get(id)?;
                Some(HostRow {
                    signup_id: id.to_string(),
                    name: roster.signup(id).map(|s| s.name).unwrap_or_default(),
                    offer: offer.offer.clone(),
                    last_hosted: space.last_hosted(id),
                })
            };
            json!(MeetingPlan {
                hosts: space.offers.keys().filter_map(|id| host_row(id)).collect(),
                suggested_host: space.suggest_host().map(str::to_string),
                meetings: space
                    .meetings
                    .iter()
                    .rev()
                    .map(|m| LeaderMeeting {
                        meeting: space.public_meeting(m, area),
                        host: m.host.as_deref().and_then(host_row),
                        coming: m.coming.iter().filter_map(|id| roster.signup(id)).map(|s| s.name).collect(),
                    })
                    .collect(),
                issues: space.public_issues(),
            })
        }
        SpaceAct::Schedule { body } => {
            let scheduled =
                roster.space_mut().schedule(body.starts_at, body.duration_minutes, body.host, body.places, at);
            let result = scheduled.map(|meeting| {
                effects.space_changed = true;
                // Members, and those who left unless they asked not to hear (people dip in and out).
                let quiet = &roster.space().quiet;
                let told: Vec<Signup> = roster
                    .signups()
                    .filter(|s| {
                        roster.is_member(&s.id)
                            || (s.status == SignupStatus::Cancelled && !s.is_erased() && !quiet.contains(&s.id))
                    })
                    .collect();
                effects.meeting_messages.extend(
                    told.into_iter().map(|s| (MessageKind::MeetingScheduled, s, meeting.id.clone())),
                );
                roster.space().public_meeting(&meeting, area)
            });
            json!(result)
        }
        SpaceAct::SetHost { meeting, host } => {
            let result = roster.space_mut().set_host(&meeting, host, at).map(|coming| {
                effects.space_changed = true;
                let told: Vec<Signup> = coming.iter().filter_map(|id| roster.signup(id)).collect();
                effects.meeting_messages.extend(told.into_iter().map(|s| (MessageKind::HostChanged, s, meeting.clone())));
            });
            json!(result)
        }
        SpaceAct::Hide { issue } => {
            let result = roster.space_mut().hide(&issue);
            effects.space_changed |= result.is_ok();
            json!(result)
        }
        SpaceAct::Merge { from, into } => {
            let result = roster.space_mut().merge(&from, &into);
            effects.space_changed |= result.is_ok();
            json!(result)
        }
    }
}

/// One member's view of the space (`None`: no such signup).
fn member_reply(roster: &Roster, signup_id: &str, area: &str, at: DateTime<Utc>) -> Option<MemberSpaceReply> {
    let signup = roster.signup(signup_id)?;
    let space = roster.space();
    let member = roster.is_member(signup_id);
    let name = public_name_of(roster);
    Some(MemberSpaceReply {
        name: signup.name.clone(),
        member,
        waiting: signup.waitlist_position.filter(|_| signup.status == SignupStatus::Waitlisted),
        meetings: space.member_meetings(signup_id, area, at),
        issues: space.member_issues(signup_id),
        supports_left: space.supports_left(signup_id),
        host_offer: space.offers.get(signup_id).map(|o| o.offer.clone()),
        elections: if member {
            space.leadership.elections.iter().rev().map(|e| space.leadership.member_view(e, signup_id, at, &name)).collect()
        } else {
            vec![]
        },
        leaders: space.leadership.leaders(at, &name),
        meeting_news: member || !space.quiet.contains(signup_id),
        nominees: if member {
            let mut others: Vec<Nominee> = roster
                .signups()
                .filter(|s| s.id != signup_id && roster.is_member(&s.id))
                .map(|s| Nominee { member: s.id.clone(), name: public_name(&s.name) })
                .collect();
            others.sort_by(|a, b| a.name.cmp(&b.name));
            others
        } else {
            vec![]
        },
    })
}

/// One post as `viewer` (a member of `viewer_group`) sees it: its poster sees who is
/// interested (with contact once accepted; those of other groups for the Worker to look up),
/// someone interested sees where they stand (and the poster's contact once accepted).
fn post_reply(
    roster: &Roster,
    post: &str,
    viewer_group: &str,
    viewer: &str,
    at: DateTime<Utc>,
) -> std::result::Result<PostReply, ErrorCode> {
    let p = roster.space().board.post(post).ok_or(ErrorCode::PostNotFound)?;
    let own = roster.group_id.as_str();
    let mine = viewer_group == own && p.by == viewer;
    // A closed post is for those who took part in it.
    if !p.is_open(at) && !mine && p.interest_of(viewer_group, viewer).is_none() {
        return Err(ErrorCode::PostNotFound);
    }
    let agreed = |state: InterestState| matches!(state, InterestState::Accepted | InterestState::Done);
    let mut elsewhere = Vec::new();
    let interests = if mine {
        p.interests
            .iter()
            .map(|i| {
                let here = (i.group == own).then(|| roster.signup(&i.member).filter(|s| !s.is_erased())).flatten();
                if i.group != own {
                    elsewhere.push(InterestRef { interest: i.id.clone(), group: i.group.clone(), member: i.member.clone() });
                }
                InterestView {
                    id: i.id.clone(),
                    name: here.as_ref().map_or_else(|| "—".into(), |s| public_name(&s.name)),
                    state: i.state,
                    contact: here.filter(|_| agreed(i.state)).map(|s| contact_of(&s)),
                }
            })
            .collect()
    } else {
        vec![]
    };
    let my_interest = p.interest_of(viewer_group, viewer);
    let poster = my_interest
        .filter(|i| agreed(i.state))
        .and_then(|_| roster.signup(&p.by))
        .filter(|s| !s.is_erased())
        .map(|s| contact_of(&s));
    Ok(PostReply {
        view: PostView {
            post: p.summary(own),
            details: p.body.details.clone(),
            group_title: None,
            accepted: p.accepted(),
            mine,
            interests,
            my_interest: my_interest.map(|i| i.state),
            poster,
            done: p.done,
        },
        elsewhere,
    })
}

/// The access a term gives, written under `email`.
fn grant_for(roster: &Roster, term: &str, email: String) -> Option<Work> {
    let t = roster.space().leadership.term(term)?;
    let grant = TermGrant { group: roster.group_id.clone(), term: t.id.clone(), from: t.starts_at, until: t.ends_at };
    Some(Work::Grant { email, grant })
}

/// A member's name as elections show it ("Claire B."); "—" for someone erased since.
fn public_name_of(roster: &Roster) -> impl Fn(&str) -> String + '_ {
    move |id: &str| roster.signup(id).filter(|s| !s.is_erased()).map_or_else(|| "—".into(), |s| public_name(&s.name))
}

/// A member's election act done (or refused): what it owes, and the election as they now see it.
fn election_act(
    roster: &Roster,
    effects: &mut Effects,
    result: std::result::Result<Vec<ElectionNews>, ErrorCode>,
    election: &str,
    member: &str,
    at: DateTime<Utc>,
) -> serde_json::Value {
    let result = result.and_then(|news| {
        effects.election_news.extend(news);
        effects.space_changed = true;
        let leadership = &roster.space().leadership;
        let e = leadership.election(election).ok_or(ErrorCode::ElectionNotFound)?;
        Ok::<MemberElection, ErrorCode>(leadership.member_view(e, member, at, &public_name_of(roster)))
    });
    json!(result)
}

/// The work a piece of election news owes: messages to members (each in their language, from
/// their member space), or the access a term gives.
fn election_work(roster: &Roster, news: ElectionNews) -> Vec<Work> {
    let tell = |kind: MessageKind, signup: Signup, election: &str| {
        Work::tell(kind, signup, Regarding { election: Some(election.to_string()), ..Regarding::default() })
    };
    let members = || roster.signups().filter(|s| roster.is_member(&s.id)).collect::<Vec<_>>();
    match news {
        ElectionNews::NominationsOpen { election } => {
            members().into_iter().map(|s| tell(MessageKind::NominationsOpen, s, &election)).collect()
        }
        ElectionNews::VotingOpen { election } => {
            members().into_iter().map(|s| tell(MessageKind::BallotOpen, s, &election)).collect()
        }
        ElectionNews::Result { election } => {
            members().into_iter().map(|s| tell(MessageKind::ElectionResult, s, &election)).collect()
        }
        ElectionNews::Nominated { election, member } => {
            roster.signup(&member).map(|s| tell(MessageKind::Nominated, s, &election)).into_iter().collect()
        }
        ElectionNews::Term { term } => {
            let Some(t) = roster.space().leadership.term(&term) else { return vec![] };
            let Some(holder) = roster.signup(&t.holder).filter(|s| !s.is_erased()) else { return vec![] };
            grant_for(roster, &term, holder.email).into_iter().collect()
        }
    }
}

/// The member space catches up with the clock before anything else (an act, the alarm):
/// agendas whose time has come close, elections move on — what that owes goes in `effects`,
/// and the acts after it settle nothing more.
fn catch_up(roster: &mut Roster, at: DateTime<Utc>, effects: &mut Effects) {
    let closed = roster.space_mut().settle(at);
    effects.election_news = roster.space_mut().leadership.settle(at);
    effects.space_changed |= !closed.is_empty() || !effects.election_news.is_empty();
    effects.meeting_messages.extend(agenda_messages(roster, closed, at));
}

/// Agendas that just closed: every member hears what each holds (unless the meeting has begun).
fn agenda_messages(roster: &Roster, closed: Vec<String>, at: DateTime<Utc>) -> Vec<(MessageKind, Signup, String)> {
    let upcoming = closed.into_iter().filter(|id| roster.space().meeting(id).is_some_and(|m| !m.has_started(at)));
    let members: Vec<Signup> = roster.signups().filter(|s| roster.is_member(&s.id)).collect();
    upcoming.flat_map(|id| members.iter().map(move |s| (MessageKind::AgendaSet, s.clone(), id.clone()))).collect()
}

/// The messages a member-space change owes: a freed place to its new holder, a host gone to
/// those coming.
fn space_messages(roster: &Roster, notices: Notices) -> Vec<(MessageKind, Signup, String)> {
    let freed = notices.place_freed.into_iter().map(|(meeting, id)| (MessageKind::MeetingPlaceFreed, id, meeting));
    let host_gone = notices
        .host_gone
        .into_iter()
        .flat_map(|(meeting, ids)| ids.into_iter().map(move |id| (MessageKind::HostChanged, id, meeting.clone())));
    freed.chain(host_gone).filter_map(|(kind, id, meeting)| Some((kind, roster.signup(&id)?, meeting))).collect()
}

/// What a member-space act answers for a group nobody has joined yet.
fn empty_space_answer(act: &SpaceAct) -> serde_json::Value {
    match act {
        SpaceAct::Public => json!(PublicSpace::default()),
        SpaceAct::Member { .. } => json!(null),
        SpaceAct::Plan => json!(MeetingPlan { hosts: vec![], suggested_host: None, meetings: vec![], issues: vec![] }),
        SpaceAct::Rsvp { .. } | SpaceAct::Host { .. } | SpaceAct::Propose { .. } | SpaceAct::Support { .. } => {
            json!(Err::<(), _>(ErrorCode::NotAMember))
        }
        SpaceAct::Schedule { .. } | SpaceAct::SetHost { .. } => json!(Err::<(), _>(ErrorCode::NotAHost)),
        SpaceAct::Hide { .. } | SpaceAct::Merge { .. } => json!(Err::<(), _>(ErrorCode::IssueNotFound)),
        SpaceAct::Elections => json!(ElectionsAnswer { elections: vec![], leaders: vec![] }),
        // Nobody has joined: there is nobody to elect or to vote.
        SpaceAct::StartElection { .. }
        | SpaceAct::Nominate { .. }
        | SpaceAct::StandDown { .. }
        | SpaceAct::Ballot { .. }
        | SpaceAct::Publish { .. } => json!(Err::<(), _>(ErrorCode::NotAMember)),
        SpaceAct::IsMember { .. } | SpaceAct::Notify { .. } => json!(false),
        SpaceAct::MeetingNews { .. } => json!(null),
        SpaceAct::ViewPost { .. }
        | SpaceAct::Interest { .. }
        | SpaceAct::AnswerInterest { .. }
        | SpaceAct::MarkDone { .. }
        | SpaceAct::Renew { .. } => json!(Err::<(), _>(ErrorCode::PostNotFound)),
        SpaceAct::MyPosts { .. } => json!(Vec::<PostReply>::new()),
        SpaceAct::People { signup_ids } => json!(vec![None::<Contact>; signup_ids.len()]),
    }
}

/// Rewrite this group's line of one person's history with what the roster says (the line's
/// key belongs to this object alone). Erased people have no history any more.
async fn write_history(store: &Store, group: &Group, roster: &Roster, signup_id: &str) -> Result<()> {
    use village_shared::rules::eligibility::Participation;
    let Some(signup) = roster.signup(signup_id).filter(|s| !s.is_erased()) else { return Ok(()) };
    let line = Participation {
        group_id: group.id.clone(),
        program: group.program.clone(),
        sessions_total: group.sessions.len() as u32,
        sessions_attended: roster.attended(&signup.id, &group.sessions),
        completion_percent: group.completion_percent,
    };
    store.put_history_line(&signup.email, &line).await
}
