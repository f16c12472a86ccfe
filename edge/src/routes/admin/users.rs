//! Who may use the dashboard: invite, change role and groups, revoke.

use worker::Request;

use village_shared::api::admin::UserUpdate;
use village_shared::api::ErrorCode;
use village_shared::model::{AdminUser, AuditTarget, Role, TargetKind};
use village_shared::rules::identity::normalize_email;

use super::{audit, invalid, read_body};
use crate::routes::respond::percent_decode;
use crate::routes::{json, refused, Answer, Ctx};
use crate::store::Store;

pub async fn list(ctx: &Ctx) -> Answer {
    json(200, &village_shared::api::admin::Users { users: Store::from_env(&ctx.env)?.admin_users().await? })
}

/// A user from a request body: email normalized and checked; an admin has no group list.
pub(super) async fn read_user(ctx: &Ctx, req: &mut Request) -> Answer<AdminUser> {
    let mut user: AdminUser = read_body(ctx, req, "user").await?;
    user.email = normalize_email(&user.email);
    if !village_shared::api::looks_like_email(&user.email) {
        return Err(invalid(ctx, "email"));
    }
    if user.role == Role::Admin {
        user.groups.clear();
    }
    // Terms come from elections (the group's object), never from a form.
    user.terms.clear();
    Ok(user)
}

/// `POST /api/admin/users {"email", "role", "groups"}`: add (or update) a user and send them a
/// sign-in link.
pub async fn invite(ctx: &Ctx, by: &AdminUser, req: &mut Request) -> Answer {
    let user = read_user(ctx, req).await?;
    if user.email == by.email {
        // Inviting yourself could only demote or lock you out; `PUT users/{email}` edits others.
        return Err(invalid(ctx, "email"));
    }
    let store = Store::from_env(&ctx.env)?;
    let before = store.admin_user(&user.email).await?;
    let mut user = user;
    user.terms = before.as_ref().map(|b| b.terms.clone()).unwrap_or_default();
    store.put_admin_user(&user).await?;
    audit(ctx, by, "user.invite", &AuditTarget::of(TargetKind::User, &user.email), serde_json::json!(before), serde_json::json!(user))
        .await?;
    super::sign_in_links::send(ctx, &user.email).await?;
    json(201, &village_shared::api::admin::UserSaved { user })
}

/// `PUT /api/admin/users/{email}`: change a user's role and groups, or revoke (or restore)
/// their access. Revoking ends every session they have, so giving access back later does not
/// bring an old session (on a shared or lost phone) back to life.
pub async fn update(ctx: &Ctx, by: &AdminUser, email: &str, req: &mut Request) -> Answer {
    let change: UserUpdate = read_body(ctx, req, "user").await?;
    let store = Store::from_env(&ctx.env)?;
    let email = normalize_email(&percent_decode(email));
    let Some(before) = store.admin_user(&email).await? else {
        return Err(refused(ErrorCode::NotFound, ctx.lang));
    };
    if email == by.email && (change.revoked || change.role != Role::Admin) {
        // An admin cannot lock themselves out (someone must be left to undo it).
        return Err(invalid(ctx, "revoked"));
    }
    let after = AdminUser {
        email: email.clone(),
        role: change.role,
        groups: if change.role == Role::Admin { vec![] } else { change.groups },
        revoked: change.revoked,
        // Terms come from elections, never from this form.
        terms: before.terms.clone(),
    };
    store.put_admin_user(&after).await?;
    if after.revoked {
        store.delete_sessions_of(&email).await?;
    }
    audit(ctx, by, "user.update", &AuditTarget::of(TargetKind::User, &email), serde_json::json!(before), serde_json::json!(after))
        .await?;
    json(200, &village_shared::api::admin::UserSaved { user: after })
}
