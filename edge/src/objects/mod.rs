//! Durable Objects: the places where order matters.
//!
//! - [`GroupSeats`], one per group: its seats and waitlist (the `Roster`), one command at a time.
//! - [`CatalogueIndex`], one for the whole network: the only writer of the KV `catalogue`
//!   document, so concurrent seat changes in many groups never overwrite each other.
//! - [`AdminAuth`], one for the network: dashboard sign-in links, each used at most once.
//! - [`Limiter`], 64 of them, each keeping the counted keys (a client, an email's digest) whose
//!   digest falls to it: rate limits.

mod admin_auth;
mod catalogue_index;
mod group_seats;
mod limiter;
mod roster_storage;

pub use admin_auth::{AdminAuth, AuthCommand};
pub use catalogue_index::CatalogueIndex;
pub use group_seats::GroupSeats;
pub use limiter::{shard_of as limiter_shard, Limiter};

use serde::{de::DeserializeOwned, Serialize};
use village_shared::api::cost::{Cost, COST_HEADER};
use wasm_bindgen::JsValue;
use worker::{Env, Method, Request, RequestInit, Response, Result};

pub const GROUP_SEATS_BINDING: &str = "GROUP_SEATS";
pub const CATALOGUE_INDEX_BINDING: &str = "CATALOGUE_INDEX";
pub const ADMIN_AUTH_BINDING: &str = "ADMIN_AUTH";
pub const LIMITER_BINDING: &str = "LIMITER";
const CATALOGUE_INDEX_NAME: &str = "catalogue";

/// Send one JSON command to a named object and read its JSON reply.
async fn call<C: Serialize, R: DeserializeOwned>(env: &Env, binding: &str, name: &str, command: &C) -> Result<R> {
    crate::cost::count(|c| c.object_calls += 1);
    let stub = env.durable_object(binding)?.id_from_name(name)?.get_stub()?;
    let mut init = RequestInit::new();
    init.with_method(Method::Post).with_body(Some(JsValue::from_str(&serde_json::to_string(command)?)));
    if crate::clock::offset_ms() != 0 {
        let headers = worker::Headers::new();
        headers.set(crate::clock::OFFSET_HEADER, &crate::clock::offset_ms().to_string())?;
        init.with_headers(headers);
    }
    let request = Request::new_with_init("https://object/", &init)?;
    let response = stub.fetch_with_request(request).await?;
    let spent = response.headers().get(COST_HEADER)?.and_then(|text| Cost::parse(&text));
    if let Some(spent) = spent {
        crate::cost::count(|c| c.on_behalf(&spent));
    }
    let status = response.status_code();
    let text = body_text(response).await?;
    if status != 200 {
        return Err(worker::Error::RustError(format!("{binding} answered {status}: {text}")));
    }
    Ok(serde_json::from_str(&text)?)
}

/// A reply's body, read by the runtime in one step. `Response::text` passes it through Rust
/// chunk by chunk (a stream reader, a promise per chunk), which showed in a profile of the
/// signup rush.
async fn body_text(response: Response) -> Result<String> {
    let response = worker::web_sys::Response::from(response);
    let text = worker::wasm_bindgen_futures::JsFuture::from(response.text()?).await?;
    text.as_string().ok_or_else(|| worker::Error::RustError("a reply that is not text".into()))
}

/// The command a call carries, parsed by serde_json as `call` wrote it. `Request::json` parses
/// in JS instead: integer map keys (a roster's session times) come back as strings, which an
/// `i64` key does not read, and the parsed object is walked from Rust a crossing per field.
async fn command_of<C: DeserializeOwned>(req: &mut Request) -> Result<C> {
    Ok(serde_json::from_str(&req.text().await?)?)
}

/// Serve one call to an object, answering what serving it spent (in development, where the
/// Worker reports its requests' costs) so the caller counts what was stored on its behalf.
async fn metered_reply(env: &Env, serve: impl std::future::Future<Output = Result<Response>>) -> Result<Response> {
    let (reply, spent) = crate::cost::metered(serve).await;
    let mut reply = reply?;
    if crate::routes::is_development(env) {
        reply.headers_mut().set(COST_HEADER, &spent.to_string())?;
    }
    Ok(reply)
}

/// An object's alarm, its time remembered so a busy object does not read it on every change.
#[derive(Default)]
struct Alarm {
    /// When it is set for (real Unix milliseconds; `None` inside: not set), once known.
    at_real: std::cell::Cell<Option<Option<i64>>>,
}

impl Alarm {
    /// The alarm that fired is spent.
    fn fired(&self) {
        self.at_real.set(Some(None));
    }

    /// Make sure the alarm comes by `at_ms` (on the clock `clock::now` reads): set only when
    /// that is earlier than it is set for.
    async fn by(&self, storage: &worker::Storage, at_ms: i64) -> Result<()> {
        // Alarms run on the real clock (the development clock may be ahead of it): compare in
        // real time, set by delay.
        let at_real = at_ms - crate::clock::offset_ms();
        let set = match self.at_real.get() {
            Some(known) => known,
            None => storage.get_alarm().await?,
        };
        if set.is_some_and(|set| set <= at_real) {
            self.at_real.set(Some(set));
            return Ok(());
        }
        storage.set_alarm((at_ms - crate::clock::now().timestamp_millis()).max(1)).await?;
        self.at_real.set(Some(Some(at_real)));
        Ok(())
    }
}

/// Count one storage write (a put, a delete, or several made as one) by an object.
fn stored() {
    crate::cost::count(|c| c.object_writes += 1);
}

pub async fn group_seats<R: DeserializeOwned>(
    env: &Env,
    group_id: &str,
    command: &village_shared::api::seat_protocol::SeatCommand,
) -> Result<R> {
    call(env, GROUP_SEATS_BINDING, group_id, command).await
}

pub async fn catalogue_index(env: &Env, command: &village_shared::api::seat_protocol::CatalogueCommand) -> Result<()> {
    call::<_, serde_json::Value>(env, CATALOGUE_INDEX_BINDING, CATALOGUE_INDEX_NAME, command).await?;
    Ok(())
}

/// The running groups' overview, kept by the catalogue object.
pub async fn overview(env: &Env) -> Result<village_shared::rules::progress::Overview> {
    let command = village_shared::api::seat_protocol::CatalogueCommand::Overview;
    call(env, CATALOGUE_INDEX_BINDING, CATALOGUE_INDEX_NAME, &command).await
}

pub async fn admin_auth<R: DeserializeOwned>(env: &Env, command: &AuthCommand) -> Result<R> {
    call(env, ADMIN_AUTH_BINDING, "admin-auth", command).await
}

pub async fn limiter<R: DeserializeOwned>(env: &Env, command: &village_shared::rules::limits::LimitCommand) -> Result<R> {
    call(env, LIMITER_BINDING, &limiter::shard_of(command.key()), command).await
}
