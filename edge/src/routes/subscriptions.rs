//! The updates list: subscribe (double opt-in), confirm by link, unsubscribe by link, and
//! "tell me when this group opens".
//!
//! A request to subscribe never tells whoever sent it what is stored, and never changes a
//! stored subscription by itself: a new address gets a confirmation link; an address already
//! on the list gets a link that applies the requested change when its owner follows it.

use worker::{Request, Result};

use village_shared::api::{ErrorCode, SubscribeRequest, SubscriptionResponse};
use village_shared::messages::{compose_updates, UpdatesFacts};
use village_shared::model::{MessageKind, Subscriber, SubscriptionStatus};

use super::respond::read_json;
use super::{json, refused, refused_fields, Answer, Ctx};
use crate::clock::now;
use crate::store::{Store, StoredSubscriber, SubscriptionToken, TokenPurpose};
use crate::{limits, outbox, tokens};

/// `POST /api/subscriptions`: always `200 {"status": "pending"}` — "check your email".
pub async fn subscribe(ctx: &Ctx, req: &mut Request) -> Answer {
    let body = read_json(req, ctx.lang).await?;
    let lang =
        body.get("language").and_then(|l| l.as_str()).and_then(village_shared::Language::from_tag).unwrap_or(ctx.lang);
    let request = match SubscribeRequest::from_json(&body, lang) {
        Ok(request) => request,
        Err(fields) => return Err(refused_fields(fields, lang)),
    };
    limits::public_write(&ctx.env, &ctx.client, Some(&request.email), lang).await?;
    let store = Store::from_env(&ctx.env)?;
    if let Some(group_id) = &request.group_id {
        if !store.group(group_id).await?.is_some_and(|g| g.status.is_public()) {
            return Err(refused(ErrorCode::GroupNotFound, lang));
        }
    }
    let pending = json(200, &SubscriptionResponse { status: SubscriptionStatus::Pending });
    // Every message a stranger's request can cause is counted against the address.
    if !limits::may_mail(&ctx.env, &ctx.client, &request.email).await? {
        return pending;
    }
    let (confirm_token, stored) = match store.subscriber(&request.email).await? {
        None => {
            let mut stored = StoredSubscriber {
                subscriber: Subscriber {
                    email: request.email.clone(),
                    language: request.language,
                    audiences: vec![],
                    kinds: vec![],
                    notify_groups: vec![],
                    status: SubscriptionStatus::Pending,
                    created_at: now(),
                    confirmed_at: None,
                },
                confirm_token: tokens::new_secret(),
                unsubscribe_token: tokens::new_secret(),
            };
            for (token, purpose) in
                [(&stored.confirm_token, TokenPurpose::Confirm), (&stored.unsubscribe_token, TokenPurpose::Unsubscribe)]
            {
                let value = SubscriptionToken { email: request.email.clone(), purpose, change: None };
                store.put_subscription_token(token, &value).await?;
            }
            apply(&store, &mut stored.subscriber, &request).await?;
            store.put_subscriber(&stored).await?;
            (stored.confirm_token.clone(), stored)
        }
        Some(stored) => {
            // Known address: the change waits for its owner, behind a one-use link.
            let token = tokens::new_secret();
            let value =
                SubscriptionToken { email: request.email.clone(), purpose: TokenPurpose::Confirm, change: Some(request) };
            store.put_subscription_token(&token, &value).await?;
            (token, stored)
        }
    };
    let base = crate::routes::public_url(&ctx.env);
    let s = &stored.subscriber;
    let facts = UpdatesFacts {
        confirm_url: Some(format!("{base}/updates/confirm/{confirm_token}?lang={}", s.language.code())),
        unsubscribe_url: format!("{base}/updates/unsubscribe/{}?lang={}", stored.unsubscribe_token, s.language.code()),
        group_title: None,
        group_url: None,
    };
    let kind = MessageKind::SubscriptionConfirm;
    let message = outbox::new_message(&s.email, s.language, kind, None, compose_updates(kind, s.language, &facts));
    outbox::enqueue(&ctx.env, message).await?;
    pending
}

/// Add what `request` asks for to `s` (interests only grow; the language is the latest asked).
async fn apply(store: &Store, s: &mut Subscriber, request: &SubscribeRequest) -> Result<()> {
    s.language = request.language;
    for a in &request.audiences {
        if !s.audiences.contains(a) {
            s.audiences.push(*a);
        }
    }
    for k in &request.kinds {
        if !s.kinds.contains(k) {
            s.kinds.push(*k);
        }
    }
    if let Some(group_id) = &request.group_id {
        if !s.notify_groups.contains(group_id) {
            s.notify_groups.push(group_id.clone());
        }
        store.add_opening_watch(group_id, &s.email).await?;
    }
    Ok(())
}

/// `POST /api/subscriptions/confirm/{token}` and `…/unsubscribe/{token}`.
pub async fn follow_link(ctx: &Ctx, token: &str, purpose: TokenPurpose) -> Answer {
    let store = Store::from_env(&ctx.env)?;
    let found = if tokens::is_well_formed_token(token) { store.subscription_token(token).await? } else { None };
    let Some(found) = found.filter(|t| t.purpose == purpose) else {
        return Err(refused(ErrorCode::SubscriptionNotFound, ctx.lang));
    };
    let Some(mut stored) = store.subscriber(&found.email).await? else {
        return Err(refused(ErrorCode::SubscriptionNotFound, ctx.lang));
    };
    let s = &mut stored.subscriber;
    match purpose {
        TokenPurpose::Confirm if s.status != SubscriptionStatus::Confirmed && found.change.is_none() => {
            if s.status == SubscriptionStatus::Pending {
                s.status = SubscriptionStatus::Confirmed;
                s.confirmed_at = Some(now());
            }
        }
        TokenPurpose::Unsubscribe => s.status = SubscriptionStatus::Unsubscribed,
        // Confirming twice, or after unsubscribing, changes nothing.
        TokenPurpose::Confirm => {}
    }
    // A requested change, confirmed by the address's owner: applied (and the address counts
    // as confirmed: they followed a link sent to it), then the link is spent.
    if let (TokenPurpose::Confirm, Some(change)) = (purpose, &found.change) {
        apply(&store, s, change).await?;
        if s.status != SubscriptionStatus::Confirmed {
            s.status = SubscriptionStatus::Confirmed;
            s.confirmed_at = Some(now());
        }
    }
    store.put_subscriber(&stored).await?;
    if found.change.is_some() {
        store.delete_subscription_token(token).await?;
    }
    json(200, &SubscriptionResponse { status: stored.subscriber.status })
}
