//! The dashboard's calls, through the one request function (`crate::api::request_with`). The
//! session cookie goes along by itself (same origin, HttpOnly); writes carry the CSRF token.

use gloo_net::http::Method;
use serde::{Deserialize, Serialize};
use village_shared::model::{AdminUser, Signup};
use village_shared::Language;

use crate::api::ApiFailure;

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Me {
    pub user: AdminUser,
    pub csrf: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RosterAnswer {
    pub signups: Vec<Signup>,
}

async fn call<T: for<'de> Deserialize<'de>>(
    method: Method,
    path: &str,
    body: Option<&impl Serialize>,
    csrf: Option<&str>,
    lang: Language,
) -> Result<T, ApiFailure> {
    crate::api::request_with(method, path, body, lang, csrf).await.map(|(_, value)| value)
}

const NONE: Option<&()> = None;

pub async fn me(lang: Language) -> Result<Me, ApiFailure> {
    call(Method::GET, "/api/admin/me", NONE, None, lang).await
}

pub async fn ask_for_link(email: &str, lang: Language) -> Result<serde_json::Value, ApiFailure> {
    call(Method::POST, "/api/admin/sign-in", Some(&serde_json::json!({ "email": email })), None, lang).await
}

pub async fn open_session(token: &str, lang: Language) -> Result<Me, ApiFailure> {
    call(Method::POST, "/api/admin/session", Some(&serde_json::json!({ "token": token })), None, lang).await
}

pub async fn sign_out(csrf: &str, lang: Language) -> Result<serde_json::Value, ApiFailure> {
    call(Method::POST, "/api/admin/sign-out", Some(&serde_json::json!({})), Some(csrf), lang).await
}

pub async fn roster(group_id: &str, lang: Language) -> Result<RosterAnswer, ApiFailure> {
    call(Method::GET, &format!("/api/admin/groups/{group_id}/roster"), NONE, None, lang).await
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SheetPerson {
    pub signup: Signup,
    pub present: Vec<bool>,
    pub attended: u32,
    pub completed: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AttendanceSheet {
    pub sessions: Vec<village_shared::model::Session>,
    pub people: Vec<SheetPerson>,
}

pub async fn attendance(group_id: &str, lang: Language) -> Result<AttendanceSheet, ApiFailure> {
    call(Method::GET, &format!("/api/admin/groups/{group_id}/attendance"), NONE, None, lang).await
}

pub async fn mark(
    group_id: &str,
    session: chrono::DateTime<chrono::Utc>,
    signup_id: &str,
    present: bool,
    csrf: &str,
    lang: Language,
) -> Result<serde_json::Value, ApiFailure> {
    let body = serde_json::json!({ "session": session, "signup_id": signup_id, "present": present });
    call(Method::PUT, &format!("/api/admin/groups/{group_id}/attendance"), Some(&body), Some(csrf), lang).await
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct OutboxAnswer {
    pub messages: Vec<village_shared::model::Message>,
}

pub async fn outbox(lang: Language) -> Result<OutboxAnswer, ApiFailure> {
    call(Method::GET, "/api/admin/outbox", NONE, None, lang).await
}

pub async fn resend(id: &str, csrf: &str, lang: Language) -> Result<serde_json::Value, ApiFailure> {
    call(Method::POST, &format!("/api/admin/outbox/{id}/resend"), Some(&serde_json::json!({})), Some(csrf), lang).await
}
