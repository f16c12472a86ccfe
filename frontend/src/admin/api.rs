//! The dashboard's calls, through the one request function (`crate::api::request_with`). The
//! session cookie goes along by itself (same origin, HttpOnly); writes carry the CSRF token.
//! Bodies and answers are the shared types of `village_shared::api::admin`.

use gloo_net::http::Method;
use serde::{Deserialize, Serialize};
use village_shared::api::admin::{
    SessionRequest, SignInRequest,
    AdminGroup, AttendanceView, AuditAnswer, DuplicateRequest, GroupForm, GroupList, MoveRequest, NoteRequest,
    OutboxAnswer, PersonData, RemoveRequest, RosterView, StatusChange, UserUpdate,
};
use village_shared::api::local_group::{
    ElectionView, ElectionsAnswer, MeetingPlan, MeetingView, ScheduleMeetingBody, StartElectionBody,
};
use village_shared::model::{AdminUser, LedgerEntry, Publication};
use village_shared::rules::progress::Overview;
use village_shared::Language;

use crate::api::ApiFailure;

pub use village_shared::api::admin::{GroupUpdated, MarkBody, Me, Users};

/// An answer the page does not read (its type is in `shared::api::admin`: `Seated`, `Moved`,
/// `NoteSaved`, `IncentivesSaved`, `AttendanceMarked`, `Resent`, `UserSaved`, `Erased`,
/// `SignedOut`, `LinkSent`, …): skipped, not parsed, so the download does not carry a parser for
/// each.
pub type Ignored = serde::de::IgnoredAny;

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

/// A path segment, percent-encoded (ids are safe already; emails have `@` and maybe `+`).
pub fn segment(text: &str) -> String {
    crate::router::encode(text)
}

pub async fn me(lang: Language) -> Result<Me, ApiFailure> {
    call(Method::GET, "/api/admin/me", NONE, None, lang).await
}

pub async fn ask_for_link(email: String, lang: Language) -> Result<Ignored, ApiFailure> {
    call(Method::POST, "/api/admin/sign-in", Some(&SignInRequest { email }), None, lang).await
}

pub async fn open_session(token: String, lang: Language) -> Result<Me, ApiFailure> {
    call(Method::POST, "/api/admin/session", Some(&SessionRequest { token }), None, lang).await
}

pub async fn sign_out(csrf: String, lang: Language) -> Result<Ignored, ApiFailure> {
    call(Method::POST, "/api/admin/sign-out", Some(&serde_json::json!({})), Some(csrf.as_str()), lang).await
}

/// `path` with `?cursor=` (or `&cursor=`) for a page after the first.
fn paged(path: &str, cursor: Option<String>) -> String {
    match cursor {
        Some(c) => format!("{path}{}cursor={}", if path.contains('?') { '&' } else { '?' }, segment(&c)),
        None => path.to_string(),
    }
}

pub async fn groups(cursor: Option<String>, lang: Language) -> Result<GroupList, ApiFailure> {
    call(Method::GET, &paged("/api/admin/groups", cursor), NONE, None, lang).await
}

/// Every group not archived (what a person can be moved to or a coordinator given): pages
/// until the list reaches the archived groups, which come last.
pub async fn working_groups(lang: Language) -> Result<Vec<AdminGroup>, ApiFailure> {
    let mut out = Vec::new();
    let mut cursor = None;
    loop {
        let page = groups(cursor, lang).await?;
        let reached_archived = page.groups.iter().any(|g| g.group.status == Publication::Archived);
        out.extend(page.groups.into_iter().filter(|g| g.group.status != Publication::Archived));
        match page.next {
            Some(next) if !reached_archived => cursor = Some(next),
            _ => return Ok(out),
        }
    }
}

pub async fn group(id: String, lang: Language) -> Result<AdminGroup, ApiFailure> {
    call(Method::GET, &format!("/api/admin/groups/{}", segment(&id)), NONE, None, lang).await
}

pub async fn create_group(form: GroupForm, csrf: String, lang: Language) -> Result<AdminGroup, ApiFailure> {
    call(Method::POST, "/api/admin/groups", Some(&form), Some(csrf.as_str()), lang).await
}

pub async fn update_group(form: GroupForm, csrf: String, lang: Language) -> Result<GroupUpdated, ApiFailure> {
    let path = format!("/api/admin/groups/{}", segment(&form.group.id));
    call(Method::PUT, &path, Some(&form), Some(csrf.as_str()), lang).await
}

pub async fn set_status(
    id: String,
    status: Publication,
    csrf: String,
    lang: Language,
) -> Result<AdminGroup, ApiFailure> {
    let path = format!("/api/admin/groups/{}/status", segment(&id));
    call(Method::PUT, &path, Some(&StatusChange { status }), Some(csrf.as_str()), lang).await
}

pub async fn duplicate(
    id: String,
    request: DuplicateRequest,
    csrf: String,
    lang: Language,
) -> Result<AdminGroup, ApiFailure> {
    let path = format!("/api/admin/groups/{}/duplicate", segment(&id));
    call(Method::POST, &path, Some(&request), Some(csrf.as_str()), lang).await
}

pub async fn roster(group_id: String, lang: Language) -> Result<RosterView, ApiFailure> {
    call(Method::GET, &format!("/api/admin/groups/{}/roster", segment(&group_id)), NONE, None, lang).await
}

/// A write about one signup: `seat`, `remove`, `note`, `move`, `incentives`.
async fn signup_action<B: Serialize, T: for<'de> Deserialize<'de>>(
    method: Method,
    group_id: String,
    signup_id: String,
    action: &'static str,
    body: B,
    csrf: String,
    lang: Language,
) -> Result<T, ApiFailure> {
    let path = format!("/api/admin/groups/{}/signups/{}/{action}", segment(&group_id), segment(&signup_id));
    call(method, &path, Some(&body), Some(csrf.as_str()), lang).await
}

pub async fn seat(
    group_id: String,
    signup_id: String,
    csrf: String,
    lang: Language,
) -> Result<Ignored, ApiFailure> {
    signup_action(Method::POST, group_id, signup_id, "seat", serde_json::json!({}), csrf, lang).await
}

pub async fn remove(
    group_id: String,
    signup_id: String,
    reason: String,
    csrf: String,
    lang: Language,
) -> Result<Ignored, ApiFailure> {
    let body = RemoveRequest { reason };
    signup_action(Method::POST, group_id, signup_id, "remove", body, csrf, lang).await
}

pub async fn move_to(
    group_id: String,
    signup_id: String,
    to: String,
    csrf: String,
    lang: Language,
) -> Result<Ignored, ApiFailure> {
    let body = MoveRequest { to };
    signup_action(Method::POST, group_id, signup_id, "move", body, csrf, lang).await
}

pub async fn note(
    group_id: String,
    signup_id: String,
    note: String,
    csrf: String,
    lang: Language,
) -> Result<Ignored, ApiFailure> {
    let body = NoteRequest { note };
    signup_action(Method::PUT, group_id, signup_id, "note", body, csrf, lang).await
}

pub async fn record_incentives(
    group_id: String,
    signup_id: String,
    entry: LedgerEntry,
    csrf: String,
    lang: Language,
) -> Result<Ignored, ApiFailure> {
    signup_action(Method::PUT, group_id, signup_id, "incentives", entry, csrf, lang).await
}

/// A local group's meetings and key issues, as its leaders plan them.
pub async fn meeting_plan(group_id: String, lang: Language) -> Result<MeetingPlan, ApiFailure> {
    call(Method::GET, &format!("/api/admin/groups/{}/meetings", segment(&group_id)), NONE, None, lang).await
}

pub async fn schedule_meeting(
    group_id: String,
    body: ScheduleMeetingBody,
    csrf: String,
    lang: Language,
) -> Result<MeetingView, ApiFailure> {
    let path = format!("/api/admin/groups/{}/meetings", segment(&group_id));
    call(Method::POST, &path, Some(&body), Some(csrf.as_str()), lang).await
}

/// A local group's elections and leaders (the public answer: turnout, never ballots).
pub async fn elections(group_id: String, lang: Language) -> Result<ElectionsAnswer, ApiFailure> {
    call(Method::GET, &format!("/api/groups/{}/elections", segment(&group_id)), NONE, None, lang).await
}

pub async fn start_election(
    group_id: String,
    body: StartElectionBody,
    csrf: String,
    lang: Language,
) -> Result<ElectionView, ApiFailure> {
    let path = format!("/api/admin/groups/{}/elections", segment(&group_id));
    call(Method::POST, &path, Some(&body), Some(csrf.as_str()), lang).await
}

/// A leader's change to a meeting or an issue (`rest`: `meetings/{m}/host`, `issues/{i}/hide`,
/// `issues/{i}/merge`); answers the plan as it is now.
pub async fn change_plan<B: Serialize>(
    method: Method,
    group_id: String,
    rest: String,
    body: B,
    csrf: String,
    lang: Language,
) -> Result<MeetingPlan, ApiFailure> {
    let path = format!("/api/admin/groups/{}/{rest}", segment(&group_id));
    call(method, &path, Some(&body), Some(csrf.as_str()), lang).await
}

pub async fn attendance(group_id: String, lang: Language) -> Result<AttendanceView, ApiFailure> {
    call(Method::GET, &format!("/api/admin/groups/{}/attendance", segment(&group_id)), NONE, None, lang).await
}

pub async fn mark(
    group_id: String,
    session: chrono::DateTime<chrono::Utc>,
    signup_id: String,
    present: bool,
    csrf: String,
    lang: Language,
) -> Result<Ignored, ApiFailure> {
    let body = MarkBody { session, signup_id, present };
    let path = format!("/api/admin/groups/{}/attendance", segment(&group_id));
    call(Method::PUT, &path, Some(&body), Some(csrf.as_str()), lang).await
}

pub async fn overview(lang: Language) -> Result<Overview, ApiFailure> {
    call(Method::GET, "/api/admin/overview", NONE, None, lang).await
}

pub async fn outbox(cursor: Option<String>, lang: Language) -> Result<OutboxAnswer, ApiFailure> {
    call(Method::GET, &paged("/api/admin/outbox", cursor), NONE, None, lang).await
}

pub async fn resend(id: String, csrf: String, lang: Language) -> Result<Ignored, ApiFailure> {
    let path = format!("/api/admin/outbox/{}/resend", segment(&id));
    call(Method::POST, &path, Some(&serde_json::json!({})), Some(csrf.as_str()), lang).await
}

pub async fn users(lang: Language) -> Result<Users, ApiFailure> {
    call(Method::GET, "/api/admin/users", NONE, None, lang).await
}

pub async fn invite(user: AdminUser, csrf: String, lang: Language) -> Result<Ignored, ApiFailure> {
    call(Method::POST, "/api/admin/users", Some(&user), Some(csrf.as_str()), lang).await
}

pub async fn update_user(
    email: String,
    change: UserUpdate,
    csrf: String,
    lang: Language,
) -> Result<Ignored, ApiFailure> {
    call(Method::PUT, &format!("/api/admin/users/{}", segment(&email)), Some(&change), Some(csrf.as_str()), lang).await
}

pub async fn person(email: String, lang: Language) -> Result<PersonData, ApiFailure> {
    call(Method::GET, &format!("/api/admin/people/{}", segment(&email)), NONE, None, lang).await
}

pub async fn erase(email: String, csrf: String, lang: Language) -> Result<Ignored, ApiFailure> {
    let path = format!("/api/admin/people/{}/erase", segment(&email));
    call(Method::POST, &path, Some(&serde_json::json!({})), Some(csrf.as_str()), lang).await
}

pub async fn audit(
    who: String,
    action: String,
    target: String,
    cursor: Option<String>,
    lang: Language,
) -> Result<AuditAnswer, ApiFailure> {
    let query = [("who", who), ("action", action), ("target", target)]
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", segment(v.trim())))
        .collect::<Vec<_>>()
        .join("&");
    call(Method::GET, &paged(&format!("/api/admin/audit?{query}"), cursor), NONE, None, lang).await
}

/// A paged CSV export saved as one file: every page in turn (each within the Worker's budget,
/// the header row on the first only), joined here and handed to the browser as a download.
pub async fn download_csv(path: &str, filename: &str, lang: Language) -> Result<(), ApiFailure> {
    use village_shared::api::admin::NEXT_PAGE_HEADER;
    let mut body = String::new();
    let mut cursor = None;
    loop {
        let response = gloo_net::http::Request::get(&paged(path, cursor))
            .header("Accept-Language", lang.code())
            .send()
            .await
            .map_err(|_| ApiFailure::Network)?;
        if !response.ok() {
            let status = response.status();
            let text = response.text().await.unwrap_or_default();
            return match crate::json::decode::<village_shared::api::ErrorBody>(&text) {
                Some(body) => Err(ApiFailure::Api { status, error: body.error }),
                None => Err(ApiFailure::Network),
            };
        }
        cursor = response.headers().get(NEXT_PAGE_HEADER);
        body.push_str(&response.text().await.map_err(|_| ApiFailure::Network)?);
        if cursor.is_none() {
            break;
        }
    }
    save_file(&body, filename, "text/csv;charset=utf-8").ok_or(ApiFailure::Network)
}

/// Offer `text` to the person as a file named `filename`.
fn save_file(text: &str, filename: &str, media_type: &str) -> Option<()> {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(media_type);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let document = web_sys::window()?.document()?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    link.set_href(&url);
    link.set_download(filename);
    link.click();
    // The object URL is left to the page's life: revoked at once, some browsers drop the file.
    Some(())
}

pub async fn directory(lang: Language) -> Result<village_shared::api::directory::DirectoryQueue, ApiFailure> {
    call(Method::GET, "/api/admin/directory", NONE, None, lang).await
}

pub async fn directory_entry(id: String, lang: Language) -> Result<village_shared::api::directory::EntrySaved, ApiFailure> {
    call(Method::GET, &format!("/api/admin/directory/{}", segment(&id)), NONE, None, lang).await
}

/// A new entry (`id: None`) or an edit.
pub async fn save_entry(
    id: Option<String>,
    body: village_shared::api::directory::EntryBody,
    csrf: String,
    lang: Language,
) -> Result<village_shared::api::directory::EntrySaved, ApiFailure> {
    match id {
        Some(id) => call(Method::PUT, &format!("/api/admin/directory/{}", segment(&id)), Some(&body), Some(&csrf), lang).await,
        None => call(Method::POST, "/api/admin/directory", Some(&body), Some(&csrf), lang).await,
    }
}

/// `what` is `check` or `retire`.
pub async fn entry_act(
    id: String,
    what: &'static str,
    csrf: String,
    lang: Language,
) -> Result<village_shared::api::directory::EntrySaved, ApiFailure> {
    let path = format!("/api/admin/directory/{}/{what}", segment(&id));
    call(Method::POST, &path, Some(&serde_json::json!({})), Some(&csrf), lang).await
}

/// An Open Referral UK feed as pasted (sent as it is: the Worker reads and checks it).
pub async fn import_feed(
    feed: serde_json::Value,
    csrf: String,
    lang: Language,
) -> Result<village_shared::api::directory::ImportAnswer, ApiFailure> {
    call(Method::POST, "/api/admin/directory/import", Some(&feed), Some(&csrf), lang).await
}
