//! Signing in with a one-time link, and out.

use worker::Request;

use village_shared::api::admin::{SessionRequest, SignInRequest};
use village_shared::api::{ErrorCode, FieldMessage};
use village_shared::rules::identity::normalize_email;

use super::{cookie, SignedIn};
use crate::clock::now;
use crate::limits;
use crate::objects::{self, AuthCommand};
use crate::routes::respond::read_json;
use crate::routes::{json, refused, refused_fields, Answer, Ctx, Problem};
use crate::store::{AdminSession, Store, SESSION_TTL_SECS};
use crate::tokens;

/// `POST /api/admin/sign-in {"email"}`: the same answer whether or not the email has access.
pub async fn sign_in(ctx: &Ctx, req: &mut Request) -> Answer {
    // A body of another shape is an empty one: refused below as an invalid email.
    let body: SignInRequest = serde_json::from_value(read_json(req, ctx.lang).await?).unwrap_or_default();
    let email = normalize_email(&body.email);
    if !village_shared::api::looks_like_email(&email) {
        return Err(refused_fields(
            vec![FieldMessage { field: "email".into(), message: ErrorCode::InvalidFields.message(ctx.lang).into() }],
            ctx.lang,
        ));
    }
    limits::sign_in(&ctx.env, &limits::client_of(req), &email, ctx.lang).await?;
    let store = Store::from_env(&ctx.env)?;
    if store.admin_user(&email).await?.is_some_and(|u| !u.revoked) {
        super::sign_in_links::send(ctx, &email).await?;
    }
    json(200, &village_shared::api::admin::LinkSent { sent: true })
}

/// `POST /api/admin/session {"token"}`: trade a sign-in link for a session cookie.
pub async fn open_session(ctx: &Ctx, req: &mut Request) -> Answer {
    let SessionRequest { token } = serde_json::from_value(read_json(req, ctx.lang).await?).unwrap_or_default();
    if !tokens::is_well_formed_token(&token) {
        return Err(refused(ErrorCode::SignInLinkInvalid, ctx.lang));
    }
    let email: Option<String> = objects::admin_auth(&ctx.env, &AuthCommand::ConsumeSignIn { token }).await?;
    let store = Store::from_env(&ctx.env)?;
    let user = match email {
        Some(email) => store.admin_user(&email).await?.filter(|u| !u.revoked),
        None => None,
    };
    let Some(user) = user else {
        return Err(refused(ErrorCode::SignInLinkInvalid, ctx.lang));
    };
    // Tests shorten the session with `SESSION_TTL_SECS`; 12 hours otherwise.
    let ttl = ctx.env.var("SESSION_TTL_SECS").ok().and_then(|v| v.to_string().parse().ok()).unwrap_or(SESSION_TTL_SECS);
    let sid = tokens::new_secret();
    let session = AdminSession {
        email: user.email.clone(),
        csrf: tokens::new_secret(),
        expires_at: now().timestamp() + ttl as i64,
    };
    store.put_session(&sid, &session).await?;
    let mut response = json::<_, Problem>(200, &village_shared::api::admin::Me { user, csrf: session.csrf })?;
    response.headers_mut().set("Set-Cookie", &cookie(ctx, &sid, ttl))?;
    Ok(response)
}

/// `POST /api/admin/sign-out`: end the session here and in the browser.
pub async fn sign_out(ctx: &Ctx, signed_in: &SignedIn) -> Answer {
    Store::from_env(&ctx.env)?.delete_session(&signed_in.sid).await?;
    let mut response = json::<_, Problem>(200, &village_shared::api::admin::SignedOut { signed_out: true })?;
    response.headers_mut().set("Set-Cookie", &cookie(ctx, "", 0))?;
    Ok(response)
}

/// `POST /api/dev/admin-users`: create a user and hand back a sign-in link directly (for
/// `cargo xtask admin add` and tests; development only).
pub async fn dev_add_user(ctx: &Ctx, req: &mut Request) -> Answer {
    let mut user = super::users::read_user(ctx, req).await?;
    let store = Store::from_env(&ctx.env)?;
    user.terms = store.admin_user(&user.email).await?.map(|b| b.terms).unwrap_or_default();
    store.put_admin_user(&user).await?;
    let token = super::sign_in_links::issue(ctx, &user.email).await?;
    let link = super::sign_in_links::link(ctx, &token);
    json(200, &village_shared::api::admin::DevUserAdded { user, token, link })
}
