//! Issuing a dashboard sign-in link: the `AdminAuth` object mints it (single use, 15 minutes)
//! and the outbox takes it to the address, in the request's language. Used by the sign-in page
//! and by an invitation (`users`).

use worker::Result;

use village_shared::messages::compose_sign_in;
use village_shared::model::MessageKind;

use crate::objects::{self, AuthCommand};
use crate::outbox;
use crate::routes::Ctx;

/// A new sign-in link's token for `email` (not sent).
pub(super) async fn issue(ctx: &Ctx, email: &str) -> Result<String> {
    objects::admin_auth(&ctx.env, &AuthCommand::IssueSignIn { email: email.to_string() }).await
}

/// The link a token opens.
pub(super) fn link(ctx: &Ctx, token: &str) -> String {
    format!("{}/admin/sign-in/{token}", crate::routes::public_url(&ctx.env))
}

/// Issue a link for `email` and send it.
pub(super) async fn send(ctx: &Ctx, email: &str) -> Result<()> {
    let token = issue(ctx, email).await?;
    let message = outbox::new_message(email, ctx.lang, MessageKind::SignInLink, None, compose_sign_in(ctx.lang, &link(ctx, &token)));
    outbox::enqueue(&ctx.env, message).await
}
