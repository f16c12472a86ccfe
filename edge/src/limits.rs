//! Bounding one client's flood: each public write is counted against its client (IPv4 address
//! or IPv6 /64, as the runtime reports it in `CF-Connecting-IP`) and, where it names one,
//! against the email address. The limits are `shared::rules::limits::Limits`, overridable by
//! Worker variables of the same names (`CLIENT_WRITES = "30/600"`).

use worker::{Env, Request, Response, Result};

use village_shared::api::{ErrorBody, ErrorCode};
use village_shared::rules::limits::{client_key, Limit, Limits, Verdict};
use village_shared::Language;

use crate::objects::{self, LimitCommand};
use crate::routes::json;
use crate::tokens;

/// The limits in force: the defaults, with any Worker variable that overrides one.
pub fn limits(env: &Env) -> Limits {
    let var = |name: &str| env.var(name).ok().map(|v| v.to_string());
    let limit = |name: &str, default: Limit| var(name).as_deref().and_then(Limit::parse).unwrap_or(default);
    let number = |name: &str, default: u32| var(name).and_then(|v| v.trim().parse().ok()).unwrap_or(default);
    let d = Limits::default();
    Limits {
        client_writes: limit("CLIENT_WRITES", d.client_writes),
        email_writes: limit("EMAIL_WRITES", d.email_writes),
        mail_per_address: limit("MAIL_PER_ADDRESS", d.mail_per_address),
        mail_per_address_total: limit("MAIL_PER_ADDRESS_TOTAL", d.mail_per_address_total),
        waitlist_max: number("WAITLIST_MAX", d.waitlist_max),
        rsvps_per_session: number("RSVPS_PER_SESSION", d.rsvps_per_session),
        sign_in_per_client: limit("SIGN_IN_PER_CLIENT", d.sign_in_per_client),
        sign_in_per_email: limit("SIGN_IN_PER_EMAIL", d.sign_in_per_email),
        page_size: number("PAGE_SIZE", d.page_size).clamp(1, 200),
        export_page_size: number("EXPORT_PAGE_SIZE", d.export_page_size).clamp(1, 900),
        directory_page_size: number("DIRECTORY_PAGE_SIZE", d.directory_page_size).clamp(1, 1_000),
    }
}

/// Who is asking: the key their requests are counted under.
pub fn client_of(req: &Request) -> String {
    client_key(&req.headers().get("CF-Connecting-IP").ok().flatten().unwrap_or_default())
}

/// Count one request under `key` against `limit`.
pub async fn count(env: &Env, key: &str, name: &str, limit: Limit) -> Result<Verdict> {
    objects::limiter(env, key, &LimitCommand { name: name.to_string(), limit }).await
}

/// The key an email address is counted under (its digest: no address is a Durable Object name).
pub fn email_key(email: &str) -> String {
    format!("email:{}", tokens::digest(email))
}

/// A public write from `client`, naming `email` if it names one: the client is counted first
/// (a client over its limit spends nothing else), then the email *from that client* — so one
/// client typing someone's address uses up only its own allowance, never theirs.
/// `Some` is the `429` to answer.
pub async fn public_write(env: &Env, client: &str, email: Option<&str>, lang: Language) -> Result<Option<Response>> {
    let l = limits(env);
    let mut counted = vec![(client.to_string(), "writes", l.client_writes)];
    counted.extend(email.map(|email| (pair(client, email), "writes", l.email_writes)));
    first_refusal(env, counted, lang).await
}

/// A request for a dashboard sign-in link: the client first, then the email from that client.
pub async fn sign_in(env: &Env, client: &str, email: &str, lang: Language) -> Result<Option<Response>> {
    let l = limits(env);
    let counted = vec![(client.to_string(), "sign-in", l.sign_in_per_client), (pair(client, email), "sign-in", l.sign_in_per_email)];
    first_refusal(env, counted, lang).await
}

/// Count each in turn; stop at the first refusal (what comes after it is not counted).
async fn first_refusal(env: &Env, counted: Vec<(String, &str, Limit)>, lang: Language) -> Result<Option<Response>> {
    for (key, name, limit) in counted {
        if let Verdict::Refused { retry_after_secs } = count(env, &key, name, limit).await? {
            return too_many(retry_after_secs, lang).map(Some);
        }
    }
    Ok(None)
}

/// The key of one client asking about one address.
fn pair(client: &str, email: &str) -> String {
    format!("{client}|{}", email_key(email))
}

/// Whether one more message caused by `client`'s request may go to `email` today: a few per
/// client, and a ceiling from everyone together (so strangers cannot use up the owner's own).
pub async fn may_mail(env: &Env, client: &str, email: &str) -> Result<bool> {
    let l = limits(env);
    for (key, limit) in [(pair(client, email), l.mail_per_address), (email_key(email), l.mail_per_address_total)] {
        if count(env, &key, "mail", limit).await? != Verdict::Admitted {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `429 too_many_requests` with `Retry-After`, in the request's language.
pub fn too_many(retry_after_secs: u32, lang: Language) -> Result<Response> {
    let code = ErrorCode::TooManyRequests;
    let mut response = json(code.http_status(), &ErrorBody::new(code, lang))?;
    response.headers_mut().set("Retry-After", &retry_after_secs.to_string())?;
    Ok(response)
}
