//! Village's Worker: the JSON API under `/api/`, in front of Workers KV and two Durable Object
//! classes. Static assets (the Yew app) are served by the assets binding before this runs.

mod clock;
mod jobs;
mod limits;
mod objects;
mod outbox;
mod places;
mod routes;
mod store;
mod tokens;
mod zones;

pub use objects::{AdminAuth, CatalogueIndex, GroupSeats, Limiter};

use worker::{event, Context, Env, Request, Response, Result, ScheduleContext, ScheduledEvent};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    routes::handle(req, env).await
}

#[event(scheduled)]
async fn scheduled(_event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    if let Err(e) = jobs::run(&env).await {
        worker::console_error!("scheduled job failed: {e}");
    }
}
