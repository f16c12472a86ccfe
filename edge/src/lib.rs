//! Village's Worker: the JSON API under `/api/`, in front of Workers KV and two Durable Object
//! classes. Static assets (the Yew app) are served by the assets binding before this runs.

mod clock;
mod objects;
mod routes;
mod store;
mod tokens;
mod zones;

pub use objects::{CatalogueIndex, GroupSeats};

use worker::{event, Context, Env, Request, Response, Result};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    routes::handle(req, env).await
}
