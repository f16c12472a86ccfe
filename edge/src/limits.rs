//! Bounding one client's flood: each public write is counted against its client (IPv4 address
//! or IPv6 /64, as the runtime reports it in `CF-Connecting-IP`) and, where it names one,
//! against the email address. The limits are `shared::rules::limits::Limits`, overridable by
//! Worker variables of the same names (`CLIENT_WRITES = "30/600"`).

use worker::{Env, Request, Response, Result};

use village_shared::api::ErrorCode;
use village_shared::rules::limits::{client_key, Count, Limit, LimitCommand, Limits, Verdict};
use village_shared::Language;

use crate::objects;
use crate::routes::Answer;
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
        catalogue_page_size: number("CATALOGUE_PAGE_SIZE", d.catalogue_page_size).clamp(1, 48),
    }
}

/// Who is asking: the key their requests are counted under.
pub fn client_of(req: &Request) -> String {
    client_key(&req.headers().get("CF-Connecting-IP").ok().flatten().unwrap_or_default())
}

/// Count one request in the limiter under `key` (a client, an address): each count in turn,
/// stopping at the first refusal. A request whose first counts the limiter refused lately is
/// refused here again until that window ends, without asking: a flood then costs the object it
/// shares with other keys almost nothing.
pub async fn count(env: &Env, key: &str, counts: Vec<Count>) -> Result<Verdict> {
    let t = crate::clock::now().timestamp();
    let asked = |up_to: usize| format!("{key}|{:?}", &counts[..=up_to]);
    let remembered = (0..counts.len()).find_map(|place| {
        let until = REFUSED.with(|refused| refused.borrow().get(&asked(place)).copied())?;
        (until > t).then_some(Verdict::Refused { retry_after_secs: (until - t) as u32, count: place })
    });
    if let Some(verdict) = remembered {
        return Ok(verdict);
    }
    let command = LimitCommand::Count { key: key.to_string(), counts: counts.clone() };
    let verdict = objects::limiter(env, &command).await?;
    if let Verdict::Refused { retry_after_secs, count } = verdict {
        let asked = asked(count.min(counts.len().saturating_sub(1)));
        REFUSED.with(|refused| {
            let mut refused = refused.borrow_mut();
            if refused.len() >= REFUSED_MAX {
                refused.retain(|_, until| *until > t);
                if refused.len() >= REFUSED_MAX {
                    refused.clear();
                }
            }
            refused.insert(asked, t + i64::from(retry_after_secs));
        });
    }
    Ok(verdict)
}

thread_local! {
    /// Counts refused lately by a limiter, in this isolate: what was asked (a key and its
    /// counts up to the refused one) → until when the same would be refused again (the refused
    /// window cannot end sooner; nothing is counted meanwhile, as for any refusal).
    static REFUSED: std::cell::RefCell<std::collections::HashMap<String, i64>> = Default::default();
}

/// The most refusals an isolate remembers (past it, the ended ones are dropped, then all).
const REFUSED_MAX: usize = 1_024;

/// The key an email address is counted under (its digest: no address is a Durable Object name).
pub fn email_key(email: &str) -> String {
    format!("email:{}", tokens::digest(email))
}

/// A public write from `client`, naming `email` if it names one: the client is counted first
/// (a client over its limit spends nothing else), then the email *from that client* — so one
/// client typing someone's address uses up only its own allowance, never theirs. Both are
/// counted in the client's own limiter: one call. Refused with the `429` past a limit.
pub async fn public_write(env: &Env, client: &str, email: Option<&str>, lang: Language) -> Answer<()> {
    let l = limits(env);
    refusal(env, client, "writes", l.client_writes, email.map(|email| (email, l.email_writes)), lang).await
}

/// A request for a dashboard sign-in link: the client first, then the email from that client.
pub async fn sign_in(env: &Env, client: &str, email: &str, lang: Language) -> Answer<()> {
    let l = limits(env);
    refusal(env, client, "sign-in", l.sign_in_per_client, Some((email, l.sign_in_per_email)), lang).await
}

/// Count `name` for the client and, if given, for the address from that client.
async fn refusal(
    env: &Env,
    client: &str,
    name: &str,
    limit: Limit,
    email: Option<(&str, Limit)>,
    lang: Language,
) -> Answer<()> {
    let mut counts = vec![Count { name: name.to_string(), limit }];
    counts.extend(email.map(|(email, limit)| Count { name: from_client(name, email), limit }));
    match count(env, client, counts).await? {
        Verdict::Refused { retry_after_secs, .. } => Err(too_many(retry_after_secs, lang)?.into()),
        Verdict::Admitted => Ok(()),
    }
}

/// The name one client's requests about one address are counted under, in its limiter.
fn from_client(name: &str, email: &str) -> String {
    format!("{name}|{}", email_key(email))
}

/// Whether one more message caused by `client`'s request may go to `email` today: a few per
/// client, and a ceiling from everyone together (so strangers cannot use up the owner's own).
pub async fn may_mail(env: &Env, client: &str, email: &str) -> Result<bool> {
    let l = limits(env);
    // Not in the client's own limiter: a day's window per address it named could pile up
    // thousands there; a limiter per client-and-address pair holds one.
    let pair = format!("{client}|{}", email_key(email));
    let mail = vec![Count { name: "mail".into(), limit: l.mail_per_address }];
    if count(env, &pair, mail).await? != Verdict::Admitted {
        return Ok(false);
    }
    let total = vec![Count { name: "mail".into(), limit: l.mail_per_address_total }];
    Ok(count(env, &email_key(email), total).await? == Verdict::Admitted)
}

/// `429 too_many_requests` with `Retry-After`, in the request's language.
pub fn too_many(retry_after_secs: u32, lang: Language) -> Result<Response> {
    let mut response = crate::routes::error(ErrorCode::TooManyRequests, lang)?;
    response.headers_mut().set("Retry-After", &retry_after_secs.to_string())?;
    Ok(response)
}
