//! Talking to the Worker. One function builds every request, sends the chosen language, and
//! turns every failure into one [`ApiFailure`]; the per-resource functions are one-liners.

use gloo_net::http::{Method, RequestBuilder};
use serde::{de::DeserializeOwned, Serialize};
use village_shared::api::{
    ApiError, CataloguePage, DetailsUpdate, DropInStatus, ErrorBody, GroupDetail, ManageResponse, RsvpRequest,
    SignupRequest, SignupResponse, SubscribeRequest, SubscriptionResponse,
};
use village_shared::Language;

#[derive(Debug, Clone, PartialEq)]
pub enum ApiFailure {
    /// The API answered with its error body (a stable code and a message in our language).
    Api { status: u16, error: ApiError },
    /// No answer: offline, or the server is unreachable.
    Network,
}

async fn request<T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: Option<&impl Serialize>,
    lang: Language,
) -> Result<(u16, T), ApiFailure> {
    request_with(method, path, body, lang, None).await
}

/// Every call to the Worker, from either app. `csrf` is the dashboard session's token, which
/// its writes must carry.
pub async fn request_with<T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: Option<&impl Serialize>,
    lang: Language,
    csrf: Option<&str>,
) -> Result<(u16, T), ApiFailure> {
    let (status, text) = answer_text(method, path, body, lang, csrf).await?;
    let value = crate::json::decode(&text).ok_or(ApiFailure::Network)?;
    Ok((status, value))
}

/// Send one request: a success's status and text, or the API's error.
async fn answer_text(
    method: Method,
    path: &str,
    body: Option<&impl Serialize>,
    lang: Language,
    csrf: Option<&str>,
) -> Result<(u16, String), ApiFailure> {
    let mut builder = RequestBuilder::new(path)
        .method(method)
        .header("Accept", "application/json")
        .header("Accept-Language", lang.code());
    if let Some(csrf) = csrf {
        builder = builder.header("X-CSRF-Token", csrf);
    }
    let request = match body {
        Some(body) => {
            let json = crate::json::encode(body).ok_or(ApiFailure::Network)?;
            builder.header("Content-Type", "application/json").body(json).map_err(|_| ApiFailure::Network)?
        }
        None => builder.build().map_err(|_| ApiFailure::Network)?,
    };
    let response = request.send().await.map_err(|_| ApiFailure::Network)?;
    let status = response.status();
    let text = response.text().await.map_err(|_| ApiFailure::Network)?;
    if response.ok() {
        Ok((status, text))
    } else {
        match crate::json::decode::<ErrorBody>(&text) {
            Some(body) => Err(ApiFailure::Api { status, error: body.error }),
            None => Err(ApiFailure::Network),
        }
    }
}

/// A signup as its manage link shows it (also after cancelling, joining again or new
/// details). The device keeps each such answer, for "My groups" and for reading it offline.
async fn signup_answer(
    method: Method,
    token: &str,
    rest: &str,
    body: Option<&impl Serialize>,
    lang: Language,
) -> Result<ManageResponse, ApiFailure> {
    let (_, text) = answer_text(method, &format!("/api/manage/{token}{rest}"), body, lang, None).await?;
    let answer = crate::json::decode(&text).ok_or(ApiFailure::Network)?;
    crate::storage::remember(token, &answer, &text);
    Ok(answer)
}

const NO_BODY: Option<&()> = None;

/// One page of the catalogue; `query` is the filters, `near`, `program`, `tz` and `cursor`.
pub async fn catalogue(query: &str, lang: Language) -> Result<CataloguePage, ApiFailure> {
    request(Method::GET, &format!("/api/groups?{query}"), NO_BODY, lang).await.map(|(_, c)| c)
}

pub async fn group(id: &str, lang: Language) -> Result<GroupDetail, ApiFailure> {
    request(Method::GET, &format!("/api/groups/{id}"), NO_BODY, lang).await.map(|(_, g)| g)
}

pub async fn sign_up(group_id: &str, form: &SignupRequest, lang: Language) -> Result<SignupResponse, ApiFailure> {
    request(Method::POST, &format!("/api/groups/{group_id}/signups"), Some(form), lang).await.map(|(_, s)| s)
}

pub async fn manage(token: &str, lang: Language) -> Result<ManageResponse, ApiFailure> {
    signup_answer(Method::GET, token, "", NO_BODY, lang).await
}

pub async fn cancel(token: &str, lang: Language) -> Result<ManageResponse, ApiFailure> {
    signup_answer(Method::DELETE, token, "", NO_BODY, lang).await
}

pub async fn rejoin(token: &str, lang: Language) -> Result<ManageResponse, ApiFailure> {
    signup_answer(Method::POST, token, "/rejoin", NO_BODY, lang).await
}

pub async fn update_details(
    token: &str,
    details: &DetailsUpdate,
    lang: Language,
) -> Result<ManageResponse, ApiFailure> {
    signup_answer(Method::PATCH, token, "", Some(details), lang).await
}

pub fn calendar_url(token: &str) -> String {
    format!("/api/manage/{token}/calendar.ics")
}

pub async fn drop_in(group_id: &str, lang: Language) -> Result<DropInStatus, ApiFailure> {
    request(Method::GET, &format!("/api/groups/{group_id}/drop-in"), NO_BODY, lang).await.map(|(_, s)| s)
}

pub async fn rsvp(group_id: &str, device: &str, lang: Language) -> Result<DropInStatus, ApiFailure> {
    let body = RsvpRequest { device: device.to_string() };
    request(Method::POST, &format!("/api/groups/{group_id}/rsvps"), Some(&body), lang).await.map(|(_, s)| s)
}

pub async fn subscribe(form: &SubscribeRequest, lang: Language) -> Result<SubscriptionResponse, ApiFailure> {
    request(Method::POST, "/api/subscriptions", Some(form), lang).await.map(|(_, s)| s)
}

pub async fn follow_subscription_link(
    token: &str,
    unsubscribe: bool,
    lang: Language,
) -> Result<SubscriptionResponse, ApiFailure> {
    let action = if unsubscribe { "unsubscribe" } else { "confirm" };
    request(Method::POST, &format!("/api/subscriptions/{action}/{token}"), Some(&()), lang).await.map(|(_, s)| s)
}
