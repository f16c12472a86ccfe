//! The updates list: subscribe (double opt-in), confirm by link, unsubscribe by link, and
//! "tell me when this group opens".

use worker::{Request, Response, Result};

use village_shared::api::{ErrorCode, SubscribeRequest, SubscriptionResponse};
use village_shared::messages::{compose_updates, UpdatesFacts};
use village_shared::model::{MessageKind, Subscriber, SubscriptionStatus};

use super::respond::{field_errors, read_json};
use super::{error, json, Ctx};
use crate::clock::now;
use crate::outbox;
use crate::store::{Store, StoredSubscriber, SubscriptionToken, TokenPurpose};
use crate::tokens;

/// `POST /api/subscriptions`: a new or returning subscriber is sent a confirmation link; a
/// confirmed one just has their interests (and the group they asked about) added.
pub async fn subscribe(ctx: &Ctx, req: &mut Request) -> Result<Response> {
    let body = match read_json(req, ctx.lang).await? {
        Ok(body) => body,
        Err(response) => return Ok(response),
    };
    let lang =
        body.get("language").and_then(|l| l.as_str()).and_then(village_shared::Language::from_tag).unwrap_or(ctx.lang);
    let request = match SubscribeRequest::from_json(&body, lang) {
        Ok(request) => request,
        Err(fields) => return field_errors(fields, lang),
    };
    let store = Store::from_env(&ctx.env)?;
    if let Some(group_id) = &request.group_id {
        if store.group(group_id).await?.is_none() {
            return error(ErrorCode::GroupNotFound, lang);
        }
    }
    let mut stored = match store.subscriber(&request.email).await? {
        Some(stored) => stored,
        None => {
            let stored = StoredSubscriber {
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
                confirm_token: tokens::new_manage_token(),
                unsubscribe_token: tokens::new_manage_token(),
            };
            for (token, purpose) in
                [(&stored.confirm_token, TokenPurpose::Confirm), (&stored.unsubscribe_token, TokenPurpose::Unsubscribe)]
            {
                store
                    .put_subscription_token(token, &SubscriptionToken { email: request.email.clone(), purpose })
                    .await?;
            }
            stored
        }
    };
    let s = &mut stored.subscriber;
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
    let needs_confirmation = s.status != SubscriptionStatus::Confirmed;
    if needs_confirmation {
        s.status = SubscriptionStatus::Pending;
    }
    store.put_subscriber(&stored).await?;
    if needs_confirmation {
        let base = ctx.env.var("PUBLIC_URL").map(|v| v.to_string()).unwrap_or_default();
        let s = &stored.subscriber;
        let facts = UpdatesFacts {
            confirm_url: Some(format!("{base}/updates/confirm/{}?lang={}", stored.confirm_token, s.language.code())),
            unsubscribe_url: format!(
                "{base}/updates/unsubscribe/{}?lang={}",
                stored.unsubscribe_token,
                s.language.code()
            ),
            group_title: None,
            group_url: None,
        };
        let kind = MessageKind::SubscriptionConfirm;
        let message = outbox::new_message(&s.email, s.language, kind, None, compose_updates(kind, s.language, &facts));
        outbox::enqueue(&ctx.env, message).await?;
    }
    json(200, &SubscriptionResponse { status: stored.subscriber.status })
}

/// `POST /api/subscriptions/confirm/{token}` and `…/unsubscribe/{token}`.
pub async fn follow_link(ctx: &Ctx, token: &str, purpose: TokenPurpose) -> Result<Response> {
    let store = Store::from_env(&ctx.env)?;
    let found = if tokens::is_well_formed_token(token) { store.subscription_token(token).await? } else { None };
    let Some(found) = found.filter(|t| t.purpose == purpose) else {
        return error(ErrorCode::SubscriptionNotFound, ctx.lang);
    };
    let Some(mut stored) = store.subscriber(&found.email).await? else {
        return error(ErrorCode::SubscriptionNotFound, ctx.lang);
    };
    let s = &mut stored.subscriber;
    match purpose {
        TokenPurpose::Confirm if s.status == SubscriptionStatus::Pending => {
            s.status = SubscriptionStatus::Confirmed;
            s.confirmed_at = Some(now());
        }
        TokenPurpose::Unsubscribe => s.status = SubscriptionStatus::Unsubscribed,
        // Confirming twice, or after unsubscribing, changes nothing.
        TokenPurpose::Confirm => {}
    }
    store.put_subscriber(&stored).await?;
    json(200, &SubscriptionResponse { status: stored.subscriber.status })
}
