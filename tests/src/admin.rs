//! Dashboard sessions for tests: users made through the development route, sessions opened
//! with their sign-in links, calls carrying the cookie and the CSRF token.

use serde_json::{json, Value};

use crate::api::{unique_id, Answer, Api};

/// A signed-in dashboard user: the session cookie and the CSRF token writes must echo.
#[derive(Clone)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
    pub email: String,
}

/// Create a user; answers the token of their sign-in link.
pub async fn add_user(api: &Api, email: &str, role: &str, groups: &[&str]) -> String {
    let answer =
        api.post_json("/api/dev/admin-users", &json!({ "email": email, "role": role, "groups": groups })).await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer.body["token"].as_str().unwrap().to_string()
}

pub async fn open_session(api: &Api, token: &str) -> (Answer, Option<Session>) {
    let answer = api.post_json("/api/admin/session", &json!({ "token": token })).await;
    let cookie = answer.headers.get("set-cookie").map(|c| c.to_str().unwrap().to_string());
    let session = cookie.map(|c| Session {
        cookie: c.split(';').next().unwrap().to_string(),
        csrf: answer.body["csrf"].as_str().unwrap_or("").to_string(),
        email: answer.body["user"]["email"].as_str().unwrap_or("").to_string(),
    });
    (answer, session)
}

/// A new user with this role, signed in.
pub async fn signed_in(api: &Api, role: &str, groups: &[&str]) -> Session {
    let email = format!("{}@example.org", unique_id(role));
    let token = add_user(api, &email, role, groups).await;
    open_session(api, &token).await.1.expect("a session cookie")
}

/// A call with an empty JSON body for writes; `csrf` says whether to echo the token.
pub async fn call(api: &Api, method: &str, path: &str, session: Option<&Session>, csrf: bool) -> Answer {
    send(api, method, path, session, csrf, &json!({}), None).await
}

/// A call as `session` (with its CSRF token) and a JSON body.
pub async fn write(api: &Api, method: &str, path: &str, session: &Session, body: &Value) -> Answer {
    send(api, method, path, Some(session), true, body, None).await
}

/// As [`write`], asking for answers in `lang` (`Accept-Language`, as the dashboard sends).
pub async fn write_in(api: &Api, lang: &str, method: &str, path: &str, session: &Session, body: &Value) -> Answer {
    send(api, method, path, Some(session), true, body, Some(lang)).await
}

async fn send(
    api: &Api,
    method: &str,
    path: &str,
    session: Option<&Session>,
    csrf: bool,
    body: &Value,
    lang: Option<&str>,
) -> Answer {
    let url = format!("{}{path}", api.base);
    let mut request = match method {
        "GET" => api.http.get(&url),
        "POST" => api.http.post(&url).json(body),
        "PUT" => api.http.put(&url).json(body),
        "PATCH" => api.http.patch(&url).json(body),
        _ => api.http.delete(&url),
    };
    if let Some(lang) = lang {
        request = request.header("accept-language", lang);
    }
    if let Some(s) = session {
        request = request.header("cookie", &s.cookie);
        if csrf {
            request = request.header("x-csrf-token", &s.csrf);
        }
    }
    api.send(request).await
}

/// A GET as `session`, answering the raw text (CSV exports).
pub async fn text(api: &Api, path: &str, session: &Session) -> (u16, String, reqwest::header::HeaderMap) {
    let response = api.http.get(format!("{}{path}", api.base)).header("cookie", &session.cookie).send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, response.text().await.unwrap(), headers)
}

/// The path of the newest sign-in link emailed to `email` (`/admin/sign-in/{token}`), read from
/// the local outbox.
pub async fn emailed_sign_in_link(api: &Api, email: &str) -> String {
    let messages = api.get(&format!("/api/dev/outbox?to={email}")).await.body["messages"].clone();
    let body = messages
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["kind"] == "sign_in_link")
        .expect("a sign-in link in the outbox")["body"]
        .as_str()
        .unwrap()
        .to_string();
    let start = body.find("/admin/sign-in/").expect("a link in the message");
    body[start..].chars().take_while(|c| !c.is_whitespace()).collect()
}

/// `path` asking for the page at `cursor` (the first page without one).
fn with_cursor(path: &str, cursor: Option<&str>) -> String {
    match cursor {
        Some(c) => {
            let c: String = url::form_urlencoded::byte_serialize(c.as_bytes()).collect();
            format!("{path}{}cursor={c}", if path.contains('?') { '&' } else { '?' })
        }
        None => path.to_string(),
    }
}

/// Every item of a paged dashboard list (`{field: [...], next}`), following `?cursor=` to the end.
pub async fn all_pages(api: &Api, path: &str, session: &Session, field: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page_path = with_cursor(path, cursor.as_deref());
        let page = call(api, "GET", &page_path, Some(session), false).await;
        assert_eq!(page.status, 200, "{page_path}: {:?}", page.body);
        items.extend(page.body[field].as_array().cloned().unwrap_or_default());
        match page.body["next"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => return items,
        }
    }
}

/// A paged CSV export, every page joined (as the dashboard saves it).
pub async fn csv_all_pages(api: &Api, path: &str, session: &Session) -> String {
    let mut body = String::new();
    let mut cursor: Option<String> = None;
    loop {
        let page_path = with_cursor(path, cursor.as_deref());
        let (status, text, headers) = text(api, &page_path, session).await;
        assert_eq!(status, 200, "{page_path}: {text}");
        body.push_str(&text);
        match headers.get(village_shared::api::admin::NEXT_PAGE_HEADER) {
            Some(next) => cursor = Some(next.to_str().unwrap().to_string()),
            None => return body,
        }
    }
}
