//! The dashboard's API, `/api/admin/…`. One table lists every route with the [`Scope`] it
//! needs; [`handle`] signs the request in, checks CSRF on writes and asks
//! `shared::rules::access::authorize` before any handler runs — no handler decides access.

mod auth;
mod buddies;
mod directory;
mod groups;
mod helping;
mod meetings;
mod people;
mod reports;
mod roster;
mod sign_in_links;
mod users;

use worker::{Request, Result};

use village_shared::api::{ErrorCode, FieldMessage};
use village_shared::model::{AdminUser, AuditTarget};
use village_shared::api::routes::{self, Access, Action, Dashboard, Method, Miss, Run, SignInStep};
use village_shared::rules::access::{authorize, Decision, Scope};

use super::respond::read_json;
use super::{json, refused, refused_fields, Answer, Ctx, Problem};
use crate::clock::now;
use crate::store::{AdminSession, Store};
use crate::tokens;

pub use auth::dev_add_user;

const COOKIE: &str = "village_session";

fn session_id(req: &Request) -> Option<String> {
    let cookies = req.headers().get("Cookie").ok().flatten()?;
    cookies.split(';').find_map(|c| c.trim().strip_prefix(&format!("{COOKIE}=")).map(str::to_string))
}

pub async fn handle(ctx: &Ctx, method: Method, req: &mut Request) -> Answer {
    let path = req.path();
    let (route, bound) = match routes::find(routes::ADMIN, method, &path) {
        Ok(found) => found,
        Err(Miss::UnknownPath) => return Err(refused(ErrorCode::NotFound, ctx.lang)),
        Err(Miss::WrongMethod(allowed)) => return Err(Problem::Refused(super::not_allowed(&allowed, ctx.lang)?)),
    };
    let Dashboard { access, run } = route.action;
    let action = match run {
        Run::SignIn(SignInStep::AskForLink) => return auth::sign_in(ctx, req).await,
        Run::SignIn(SignInStep::OpenSession) => return auth::open_session(ctx, req).await,
        Run::Dashboard(action) => action,
    };
    // Signed in?
    let store = Store::from_env(&ctx.env)?;
    let sid = session_id(req);
    let session = match &sid {
        Some(sid) => store.session(sid).await?.filter(|s| s.expires_at > now().timestamp()),
        None => None,
    };
    let user = match &session {
        Some(s) => store.admin_user(&s.email).await?,
        None => None,
    };
    let scope = match access {
        Access::Group => Scope::Group(bound.first().copied().unwrap_or_default()),
        Access::Network => Scope::Network,
        _ => Scope::SignedIn,
    };
    match authorize(user.as_ref(), scope, crate::clock::now()) {
        Decision::Unauthenticated => return Err(refused(ErrorCode::NotSignedIn, ctx.lang)),
        Decision::Forbidden => return Err(refused(ErrorCode::Forbidden, ctx.lang)),
        Decision::Allowed => {}
    }
    let (Some(user), Some(session), Some(sid)) = (user, session, sid) else {
        return Err(refused(ErrorCode::NotSignedIn, ctx.lang));
    };
    // Writes must echo the session's CSRF token (and the cookie is SameSite=Strict).
    if method.writes() && req.headers().get("X-CSRF-Token")?.as_deref() != Some(session.csrf.as_str()) {
        return Err(refused(ErrorCode::CsrfRejected, ctx.lang));
    }
    let signed_in = SignedIn { user, session, sid };
    let b = |i: usize| bound[i];
    match action {
        Action::SignOut => auth::sign_out(ctx, &signed_in).await,
        Action::Me => json(200, &village_shared::api::admin::Me { user: signed_in.user, csrf: signed_in.session.csrf }),
        Action::Groups => groups::list(ctx, &signed_in.user, req).await,
        Action::CreateGroup => groups::create(ctx, &signed_in.user, req).await,
        Action::Group => groups::show(ctx, b(0)).await,
        Action::UpdateGroup => groups::update(ctx, &signed_in.user, b(0), req).await,
        Action::DuplicateGroup => {
            groups::duplicate(ctx, &signed_in.user, b(0), req).await
        }
        Action::SetStatus => groups::set_status(ctx, &signed_in.user, b(0), req).await,
        Action::Roster => roster::show(ctx, b(0)).await,
        Action::RosterCsv => roster::roster_csv(ctx, b(0)).await,
        Action::Attendance => roster::attendance(ctx, b(0)).await,
        Action::MarkAttendance => {
            roster::mark_attendance(ctx, &signed_in.user, b(0), req).await
        }
        Action::AttendanceCsv => roster::attendance_csv(ctx, b(0)).await,
        Action::Seat => {
            roster::seat(ctx, &signed_in.user, b(0), b(1)).await
        }
        Action::Remove => {
            roster::remove(ctx, &signed_in.user, b(0), b(1), req).await
        }
        Action::Note => {
            roster::note(ctx, &signed_in.user, b(0), b(1), req).await
        }
        Action::SetTasks => {
            helping::set_tasks(ctx, &signed_in.user, b(0), b(1), req).await
        }
        Action::Topics => helping::topics(ctx, b(0)).await,
        Action::Buddies => buddies::board(ctx, b(0)).await,
        Action::Pair => {
            buddies::pair(ctx, &signed_in.user, b(0), req).await
        }
        Action::EndPairing => {
            buddies::end(ctx, &signed_in.user, b(0), b(1), req).await
        }
        Action::MeetingPlan => meetings::plan(ctx, b(0)).await,
        Action::ScheduleMeeting => {
            meetings::schedule(ctx, &signed_in.user, b(0), req).await
        }
        Action::SetHost => {
            meetings::set_host(ctx, &signed_in.user, b(0), b(1), req).await
        }
        Action::HideIssue => {
            meetings::hide(ctx, &signed_in.user, b(0), b(1)).await
        }
        Action::MergeIssue => {
            meetings::merge(ctx, &signed_in.user, b(0), b(1), req).await
        }
        Action::StartElection => {
            meetings::start_election(ctx, &signed_in.user, b(0), req).await
        }
        Action::Move => {
            roster::move_to(ctx, &signed_in.user, b(0), b(1), req).await
        }
        Action::RecordIncentives => {
            roster::incentives(ctx, &signed_in.user, b(0), b(1), req).await
        }
        Action::DirectoryQueue => directory::queue(ctx, req).await,
        Action::AddEntry => directory::create(ctx, &signed_in.user, req).await,
        Action::ImportDirectory => directory::import(ctx, &signed_in.user, req).await,
        Action::Entry => directory::show(ctx, b(0)).await,
        Action::EditEntry => directory::update(ctx, &signed_in.user, b(0), req).await,
        Action::CheckEntry => directory::check(ctx, &signed_in.user, b(0)).await,
        Action::RetireEntry => directory::retire(ctx, &signed_in.user, b(0)).await,
        Action::Overview => reports::overview(ctx).await,
        Action::IncentivesCsv => reports::incentives_csv(ctx, req).await,
        Action::SubscribersCsv => reports::subscribers_csv(ctx, req).await,
        Action::AuditLog => reports::audit_log(ctx, req).await,
        Action::Outbox => reports::outbox(ctx, req).await,
        Action::Resend => reports::resend(ctx, &signed_in.user, b(0)).await,
        Action::Users => users::list(ctx).await,
        Action::Invite => users::invite(ctx, &signed_in.user, req).await,
        Action::UpdateUser => users::update(ctx, &signed_in.user, b(0), req).await,
        Action::Person => people::show(ctx, b(0), req).await,
        Action::Erase => people::erase(ctx, &signed_in.user, b(0)).await,
    }
}

/// The caller, once signed in and authorized.
pub struct SignedIn {
    pub user: AdminUser,
    pub session: AdminSession,
    pub sid: String,
}

/// `Set-Cookie` for the session (empty value and 0 to end it).
fn cookie(ctx: &Ctx, value: &str, max_age: u64) -> String {
    let base = crate::routes::public_url(&ctx.env);
    let secure = if base.starts_with("https://") { "; Secure" } else { "" };
    format!("{COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}")
}

/// `GET /api/dev/admin-routes`: the dashboard's table, so tests enumerate the real router.
pub fn route_table() -> Vec<village_shared::api::admin::RouteRow> {
    routes::ADMIN
        .iter()
        .map(|r| village_shared::api::admin::RouteRow {
            method: r.method.as_str().to_string(),
            path: r.path.to_string(),
            access: r.action.access,
        })
        .collect()
}

/// Record one dashboard write: who, when, what, before → after.
async fn audit(
    ctx: &Ctx,
    who: &AdminUser,
    action: &str,
    target: &AuditTarget,
    before: serde_json::Value,
    after: serde_json::Value,
) -> Result<()> {
    let at = now();
    let entry = village_shared::model::AuditEntry {
        id: tokens::newest_first_id(at),
        at,
        who: who.email.clone(),
        action: action.into(),
        target: target.to_string(),
        before,
        after,
    };
    Store::from_env(&ctx.env)?.put_audit(&entry).await
}

/// A typed JSON body, or the `422` answer naming `field` in the caller's language.
async fn read_body<T: serde::de::DeserializeOwned>(
    ctx: &Ctx,
    req: &mut Request,
    field: &str,
) -> Answer<T> {
    let body = read_json(req, ctx.lang).await?;
    match serde_json::from_value::<T>(body) {
        Ok(value) => Ok(value),
        Err(_) => Err(invalid(ctx, field)),
    }
}

/// `422 invalid_fields` for one field, with the generic message.
fn invalid(ctx: &Ctx, field: &str) -> Problem {
    refused_fields(
        vec![FieldMessage { field: field.into(), message: ErrorCode::InvalidFields.message(ctx.lang).into() }],
        ctx.lang,
    )
}

/// A CSV download with the API's headers.
fn csv(body: String, filename: &str) -> Answer {
    super::respond::download(body, "text/csv; charset=utf-8", filename)
}
