//! The dashboard's API, `/api/admin/…`. One table lists every route with the [`Scope`] it
//! needs; [`handle`] signs the request in, checks CSRF on writes and asks
//! `shared::rules::access::authorize` before any handler runs — no handler decides access.

use worker::{Method, Request, Response, Result};

use village_shared::api::seat_protocol::SeatCommand;
use village_shared::api::{ErrorCode, FieldMessage};
use village_shared::model::{AdminUser, MessageKind, Role};
use village_shared::rules::access::{authorize, Decision, Scope};
use village_shared::rules::identity::normalize_email;
use village_shared::Language;

use super::respond::{field_errors, read_json};
use super::{error, json, Ctx};
use crate::clock::now;
use crate::objects::{self, AuthCommand, IssueReply};
use crate::outbox;
use crate::store::{AdminSession, Store, SESSION_TTL_SECS};
use crate::tokens;

const COOKIE: &str = "village_session";

/// Who may call a route.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Sign-in itself.
    Public,
    SignedIn,
    /// The group named by the route's `{group}`.
    Group,
    Network,
}

/// Every dashboard route: method, path pattern (`{…}` is one segment), access.
pub const ROUTES: &[(Method, &str, Access)] = &[
    (Method::Post, "/api/admin/sign-in", Access::Public),
    (Method::Post, "/api/admin/session", Access::Public),
    (Method::Post, "/api/admin/sign-out", Access::SignedIn),
    (Method::Get, "/api/admin/me", Access::SignedIn),
    (Method::Get, "/api/admin/groups/{group}/roster", Access::Group),
    (Method::Get, "/api/admin/groups/{group}/roster.csv", Access::Group),
    (Method::Get, "/api/admin/groups/{group}/attendance", Access::Group),
    (Method::Put, "/api/admin/groups/{group}/attendance", Access::Group),
    (Method::Get, "/api/admin/audit", Access::Network),
    (Method::Get, "/api/admin/outbox", Access::Network),
    (Method::Post, "/api/admin/outbox/{message}/resend", Access::Network),
    (Method::Get, "/api/admin/users", Access::Network),
    (Method::Post, "/api/admin/users", Access::Network),
];

/// Why no route matched.
enum Miss {
    UnknownPath,
    WrongMethod,
}

/// The route a method and path name, with the `{…}` segments it bound.
fn find<'a>(method: &Method, path: &'a str) -> std::result::Result<(&'static str, Access, Vec<&'a str>), Miss> {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let mut miss = Miss::UnknownPath;
    for (m, pattern, access) in ROUTES {
        let parts: Vec<&str> = pattern.trim_matches('/').split('/').collect();
        if parts.len() != segments.len() || !parts.iter().zip(&segments).all(|(p, s)| p.starts_with('{') || p == s) {
            continue;
        }
        if m == method {
            let bound = parts.iter().zip(&segments).filter(|(p, _)| p.starts_with('{')).map(|(_, s)| *s).collect();
            return Ok((pattern, *access, bound));
        }
        miss = Miss::WrongMethod;
    }
    Err(miss)
}

fn session_id(req: &Request) -> Option<String> {
    let cookies = req.headers().get("Cookie").ok().flatten()?;
    cookies.split(';').find_map(|c| c.trim().strip_prefix(&format!("{COOKIE}=")).map(str::to_string))
}

pub async fn handle(ctx: &Ctx, req: &mut Request) -> Result<Response> {
    let method = req.method();
    let path = req.path();
    let (pattern, access, bound) = match find(&method, &path) {
        Ok(found) => found,
        Err(Miss::UnknownPath) => return error(ErrorCode::NotFound, ctx.lang),
        Err(Miss::WrongMethod) => return error(ErrorCode::MethodNotAllowed, ctx.lang),
    };
    if access == Access::Public {
        return match pattern {
            "/api/admin/sign-in" => sign_in(ctx, req).await,
            _ => open_session(ctx, req).await,
        };
    }
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
    match authorize(user.as_ref(), scope) {
        Decision::Unauthenticated => return error(ErrorCode::NotSignedIn, ctx.lang),
        Decision::Forbidden => return error(ErrorCode::Forbidden, ctx.lang),
        Decision::Allowed => {}
    }
    let (Some(user), Some(session), Some(sid)) = (user, session, sid) else {
        return error(ErrorCode::NotSignedIn, ctx.lang);
    };
    // Writes must echo the session's CSRF token (and the cookie is SameSite=Strict).
    if method != Method::Get && req.headers().get("X-CSRF-Token")?.as_deref() != Some(session.csrf.as_str()) {
        return error(ErrorCode::CsrfRejected, ctx.lang);
    }
    match (method, pattern) {
        (Method::Post, "/api/admin/sign-out") => {
            store.delete_session(&sid).await?;
            let mut response = json(200, &serde_json::json!({ "signed_out": true }))?;
            response.headers_mut().set("Set-Cookie", &cookie(ctx, "", 0))?;
            Ok(response)
        }
        (Method::Get, "/api/admin/me") => json(200, &serde_json::json!({ "user": user, "csrf": session.csrf })),
        (Method::Get, "/api/admin/groups/{group}/roster") => roster(ctx, bound[0]).await,
        (Method::Get, "/api/admin/groups/{group}/roster.csv") => roster_csv(ctx, bound[0]).await,
        (Method::Get, "/api/admin/groups/{group}/attendance") => attendance(ctx, bound[0]).await,
        (Method::Put, "/api/admin/groups/{group}/attendance") => mark_attendance(ctx, &user, bound[0], req).await,
        (Method::Post, "/api/admin/outbox/{message}/resend") => resend(ctx, &user, bound[0]).await,
        (Method::Get, "/api/admin/audit") => json(200, &serde_json::json!({ "entries": store.audit(500).await? })),
        (Method::Get, "/api/admin/outbox") => json(200, &serde_json::json!({ "messages": store.messages(500).await? })),
        (Method::Get, "/api/admin/users") => json(200, &serde_json::json!({ "users": store.admin_users().await? })),
        (Method::Post, "/api/admin/users") => invite(ctx, &user, req).await,
        _ => error(ErrorCode::NotFound, ctx.lang),
    }
}

fn cookie(ctx: &Ctx, value: &str, max_age: u64) -> String {
    let base = ctx.env.var("PUBLIC_URL").map(|v| v.to_string()).unwrap_or_default();
    let secure = if base.starts_with("https://") { "; Secure" } else { "" };
    format!("{COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}")
}

/// `POST /api/admin/sign-in {"email"}`: the same answer whether or not the email has access.
async fn sign_in(ctx: &Ctx, req: &mut Request) -> Result<Response> {
    let body = match read_json(req, ctx.lang).await? {
        Ok(body) => body,
        Err(response) => return Ok(response),
    };
    let email = normalize_email(body.get("email").and_then(|e| e.as_str()).unwrap_or_default());
    if !village_shared::api::looks_like_email(&email) {
        return field_errors(
            vec![FieldMessage { field: "email".into(), message: ErrorCode::InvalidFields.message(ctx.lang).into() }],
            ctx.lang,
        );
    }
    let store = Store::from_env(&ctx.env)?;
    let known_user = store.admin_user(&email).await?.is_some_and(|u| !u.revoked);
    let client = req.headers().get("CF-Connecting-IP")?.unwrap_or_else(|| "local".into());
    let reply: IssueReply =
        objects::admin_auth(&ctx.env, &AuthCommand::IssueSignIn { email: email.clone(), client, known_user }).await?;
    if reply.limited {
        return error(ErrorCode::TooManyRequests, ctx.lang);
    }
    if let Some(token) = reply.token {
        send_sign_in_link(ctx, &email, &token).await?;
    }
    json(200, &serde_json::json!({ "sent": true }))
}

async fn send_sign_in_link(ctx: &Ctx, email: &str, token: &str) -> Result<()> {
    let base = ctx.env.var("PUBLIC_URL").map(|v| v.to_string()).unwrap_or_default();
    let link = format!("{base}/admin/sign-in/{token}");
    let (subject, body) = match ctx.lang {
        Language::En => ("Your Village sign-in link".to_string(), format!("Sign in to the Village dashboard (the link works once, for 15 minutes):\n{link}\n\nIf you didn't ask for it, ignore this email.")),
        Language::Es => ("Tu enlace para entrar a Village".to_string(), format!("Entra al panel de Village (el enlace sirve una vez, durante 15 minutos):\n{link}\n\nSi no lo pediste, ignora este correo.")),
    };
    let message = outbox::new_message(email, ctx.lang, MessageKind::SignInLink, None, (subject, body));
    outbox::enqueue(&ctx.env, message).await
}

/// `POST /api/admin/session {"token"}`: trade a sign-in link for a session cookie.
async fn open_session(ctx: &Ctx, req: &mut Request) -> Result<Response> {
    let body = match read_json(req, ctx.lang).await? {
        Ok(body) => body,
        Err(response) => return Ok(response),
    };
    let token = body.get("token").and_then(|t| t.as_str()).unwrap_or_default().to_string();
    if !tokens::is_well_formed_token(&token) {
        return error(ErrorCode::SignInLinkInvalid, ctx.lang);
    }
    let email: Option<String> = objects::admin_auth(&ctx.env, &AuthCommand::ConsumeSignIn { token }).await?;
    let store = Store::from_env(&ctx.env)?;
    let user = match email {
        Some(email) => store.admin_user(&email).await?.filter(|u| !u.revoked),
        None => None,
    };
    let Some(user) = user else {
        return error(ErrorCode::SignInLinkInvalid, ctx.lang);
    };
    let sid = tokens::new_manage_token();
    let session = AdminSession {
        email: user.email.clone(),
        csrf: tokens::new_manage_token(),
        expires_at: now().timestamp() + SESSION_TTL_SECS as i64,
    };
    store.put_session(&sid, &session).await?;
    let mut response = json(200, &serde_json::json!({ "user": user, "csrf": session.csrf }))?;
    response.headers_mut().set("Set-Cookie", &cookie(ctx, &sid, SESSION_TTL_SECS))?;
    Ok(response)
}

async fn roster(ctx: &Ctx, group_id: &str) -> Result<Response> {
    if Store::from_env(&ctx.env)?.group(group_id).await?.is_none() {
        return error(ErrorCode::GroupNotFound, ctx.lang);
    }
    let signups: Vec<village_shared::model::Signup> =
        objects::group_seats(&ctx.env, group_id, &SeatCommand::Roster).await?;
    json(200, &serde_json::json!({ "group_id": group_id, "signups": signups }))
}

/// `GET …/roster.csv`: the roster for a spreadsheet (UTF-8 with BOM, formulas neutralized).
async fn roster_csv(ctx: &Ctx, group_id: &str) -> Result<Response> {
    if Store::from_env(&ctx.env)?.group(group_id).await?.is_none() {
        return error(ErrorCode::GroupNotFound, ctx.lang);
    }
    let signups: Vec<village_shared::model::Signup> =
        objects::group_seats(&ctx.env, group_id, &SeatCommand::Roster).await?;
    let mut response = Response::ok(village_shared::export::roster_csv(&signups))?;
    let headers = response.headers_mut();
    headers.set("Content-Type", "text/csv; charset=utf-8")?;
    headers.set("Content-Disposition", &format!("attachment; filename=\"roster-{group_id}.csv\""))?;
    headers.set("Cache-Control", "no-store")?;
    headers.set("X-Content-Type-Options", "nosniff")?;
    headers.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")?;
    Ok(response)
}

/// `POST /api/admin/outbox/{id}/resend`: try a message again (e.g. after fixing the email API).
async fn resend(ctx: &Ctx, by: &AdminUser, id: &str) -> Result<Response> {
    let Some((before, after)) = outbox::resend(&ctx.env, id).await? else {
        return error(ErrorCode::NotFound, ctx.lang);
    };
    let state = |m: &village_shared::model::Message| serde_json::json!({ "status": m.status, "attempts": m.attempts });
    audit(ctx, by, "message.resend", &format!("message:{id}"), state(&before), state(&after)).await?;
    json(200, &serde_json::json!({ "message": after }))
}

/// A user from a request body: email normalized and checked; an admin has no group list.
async fn read_user(ctx: &Ctx, req: &mut Request) -> Result<std::result::Result<AdminUser, Response>> {
    let body = match read_json(req, ctx.lang).await? {
        Ok(body) => body,
        Err(response) => return Ok(Err(response)),
    };
    let invalid = |field: &str| {
        field_errors(
            vec![FieldMessage { field: field.into(), message: ErrorCode::InvalidFields.message(ctx.lang).into() }],
            ctx.lang,
        )
    };
    let Ok(mut user) = serde_json::from_value::<AdminUser>(body) else {
        return Ok(Err(invalid("user")?));
    };
    user.email = normalize_email(&user.email);
    if !village_shared::api::looks_like_email(&user.email) {
        return Ok(Err(invalid("email")?));
    }
    if user.role == Role::Admin {
        user.groups.clear();
    }
    Ok(Ok(user))
}

/// `POST /api/admin/users {"email", "role", "groups"}`: add (or update) a user and send them a
/// sign-in link.
async fn invite(ctx: &Ctx, by: &AdminUser, req: &mut Request) -> Result<Response> {
    let user = match read_user(ctx, req).await? {
        Ok(user) => user,
        Err(response) => return Ok(response),
    };
    let store = Store::from_env(&ctx.env)?;
    let before = store.admin_user(&user.email).await?;
    store.put_admin_user(&user).await?;
    audit(ctx, by, "user.invite", &format!("user:{}", user.email), serde_json::json!(before), serde_json::json!(user))
        .await?;
    let reply: IssueReply = objects::admin_auth(
        &ctx.env,
        &AuthCommand::IssueSignIn { email: user.email.clone(), client: "invite".into(), known_user: true },
    )
    .await?;
    if let Some(token) = reply.token {
        send_sign_in_link(ctx, &user.email, &token).await?;
    }
    json(201, &serde_json::json!({ "user": user }))
}

/// `POST /api/dev/admin-users`: create a user and hand back a sign-in link directly (for
/// `cargo xtask admin add`; development only).
pub async fn dev_add_user(ctx: &Ctx, req: &mut Request) -> Result<Response> {
    let user = match read_user(ctx, req).await? {
        Ok(user) => user,
        Err(response) => return Ok(response),
    };
    Store::from_env(&ctx.env)?.put_admin_user(&user).await?;
    let reply: IssueReply = objects::admin_auth(
        &ctx.env,
        &AuthCommand::IssueSignIn { email: user.email.clone(), client: "xtask".into(), known_user: true },
    )
    .await?;
    let Some(token) = reply.token else {
        return error(ErrorCode::TooManyRequests, ctx.lang);
    };
    let base = ctx.env.var("PUBLIC_URL").map(|v| v.to_string()).unwrap_or_default();
    json(200, &serde_json::json!({ "user": user, "token": token, "link": format!("{base}/admin/sign-in/{token}") }))
}

/// `GET /api/dev/admin-routes`: the table above, so tests enumerate the real router.
pub fn route_table() -> serde_json::Value {
    let access = |a: Access| match a {
        Access::Public => "public",
        Access::SignedIn => "signed_in",
        Access::Group => "group",
        Access::Network => "network",
    };
    serde_json::json!(ROUTES
        .iter()
        .map(|(m, p, a)| serde_json::json!({ "method": m.to_string(), "path": p, "access": access(*a) }))
        .collect::<Vec<_>>())
}

/// Record one dashboard write: who, when, what, before → after.
async fn audit(
    ctx: &Ctx,
    who: &AdminUser,
    action: &str,
    target: &str,
    before: serde_json::Value,
    after: serde_json::Value,
) -> Result<()> {
    let at = now();
    let entry = village_shared::model::AuditEntry {
        id: format!("{:013}-{}", at.timestamp_millis(), tokens::new_record_id()),
        at,
        who: who.email.clone(),
        action: action.into(),
        target: target.into(),
        before,
        after,
    };
    Store::from_env(&ctx.env)?.put_audit(&entry).await
}

/// `GET …/attendance`: every session, every confirmed person, who was there, and completion.
async fn attendance(ctx: &Ctx, group_id: &str) -> Result<Response> {
    use village_shared::rules::eligibility::is_complete;
    let Some(group) = Store::from_env(&ctx.env)?.group(group_id).await? else {
        return error(ErrorCode::GroupNotFound, ctx.lang);
    };
    let signups: Vec<village_shared::model::Signup> =
        objects::group_seats(&ctx.env, group_id, &SeatCommand::Roster).await?;
    let marks: std::collections::BTreeMap<i64, Vec<String>> =
        objects::group_seats(&ctx.env, group_id, &SeatCommand::Attendance).await?;
    let mut sessions = group.sessions.clone();
    sessions.sort_by_key(|s| s.starts_at);
    let people: Vec<serde_json::Value> = signups
        .iter()
        .filter(|s| s.status == village_shared::model::SignupStatus::Confirmed)
        .map(|s| {
            let present: Vec<bool> = sessions
                .iter()
                .map(|x| marks.get(&x.starts_at.timestamp()).is_some_and(|m| m.contains(&s.id)))
                .collect();
            let attended = present.iter().filter(|p| **p).count() as u32;
            serde_json::json!({
                "signup": s, "present": present, "attended": attended,
                "completed": is_complete(attended, sessions.len() as u32, group.completion_percent),
            })
        })
        .collect();
    json(
        200,
        &serde_json::json!({ "sessions": sessions, "completion_percent": group.completion_percent, "people": people }),
    )
}

/// `PUT …/attendance {"session", "signup_id", "present"}`: one check-in mark.
async fn mark_attendance(ctx: &Ctx, by: &AdminUser, group_id: &str, req: &mut Request) -> Result<Response> {
    let body = match read_json(req, ctx.lang).await? {
        Ok(body) => body,
        Err(response) => return Ok(response),
    };
    #[derive(serde::Deserialize)]
    struct Mark {
        session: chrono::DateTime<chrono::Utc>,
        signup_id: String,
        present: bool,
    }
    let Ok(mark) = serde_json::from_value::<Mark>(body) else {
        return field_errors(
            vec![FieldMessage {
                field: "attendance".into(),
                message: ErrorCode::InvalidFields.message(ctx.lang).into(),
            }],
            ctx.lang,
        );
    };
    let Some(group) = Store::from_env(&ctx.env)?.group(group_id).await? else {
        return error(ErrorCode::GroupNotFound, ctx.lang);
    };
    if !group.sessions.iter().any(|s| s.starts_at == mark.session) {
        return field_errors(
            vec![FieldMessage { field: "session".into(), message: ErrorCode::InvalidFields.message(ctx.lang).into() }],
            ctx.lang,
        );
    }
    let command =
        SeatCommand::MarkAttendance { session: mark.session, signup_id: mark.signup_id.clone(), present: mark.present };
    let reply: Option<village_shared::api::seat_protocol::AttendanceReply> =
        objects::group_seats(&ctx.env, group_id, &command).await?;
    let Some(reply) = reply else {
        return error(ErrorCode::SignupNotFound, ctx.lang);
    };
    let target = format!("group:{group_id}/signup:{}/session:{}", mark.signup_id, mark.session.to_rfc3339());
    audit(
        ctx,
        by,
        "attendance.mark",
        &target,
        serde_json::json!({ "present": reply.before }),
        serde_json::json!({ "present": mark.present }),
    )
    .await?;
    json(200, &serde_json::json!({ "signup_id": mark.signup_id, "present": mark.present }))
}
