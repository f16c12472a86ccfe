//! Village's Worker: the JSON API under `/api/`, in front of Workers KV and two Durable Object
//! classes. Static assets (the Yew app) are served by the assets binding before this runs.

mod clock;
mod cost;
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
    let development = routes::is_development(&env);
    let (response, cost) = cost::metered(routes::handle(req, env)).await;
    let mut response = response?;
    // A development stack says what each answer cost, so the tests can hold routes to budgets.
    // (The dashboard's files come from the assets binding with headers that cannot change.)
    if development {
        let _ = response.headers_mut().set(village_shared::api::cost::COST_HEADER, &cost.to_string());
    }
    Ok(response)
}

#[event(scheduled)]
async fn scheduled(_event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    let (outcome, cost) = cost::metered(jobs::run(&env)).await;
    // Each run says what it spent; one past the budget says so loudly.
    match cost.within(village_shared::api::cost::Budget::NETWORK) {
        Ok(()) => worker::console_log!("scheduled run cost: {cost}"),
        Err(over) => worker::console_error!("scheduled run cost: {over}"),
    }
    if let Err(e) = outcome {
        worker::console_error!("scheduled job failed: {e}");
    }
}
