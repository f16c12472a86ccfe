//! Where messages go. Locally the outbox *is* the delivery (read it at `/api/dev/outbox`).
//! To send real email, set `EMAIL_API_URL` (a var) and `EMAIL_API_KEY` (a secret): each message
//! is then POSTed there as `{"to", "subject", "text", "language"}` with `Authorization: Bearer`
//! — the shape most transactional email APIs accept, or a small relay in front of one.

use wasm_bindgen::JsValue;
use worker::{Env, Fetch, Headers, Method, Request, RequestInit};

use village_shared::model::Message;

pub enum Mailer {
    LocalOutbox,
    HttpApi { url: String, key: String },
}

impl Mailer {
    pub fn from_env(env: &Env) -> Mailer {
        match env.var("EMAIL_API_URL").map(|v| v.to_string()) {
            Ok(url) if !url.is_empty() => {
                let key = env.secret("EMAIL_API_KEY").map(|s| s.to_string()).unwrap_or_default();
                Mailer::HttpApi { url, key }
            }
            _ => Mailer::LocalOutbox,
        }
    }

    pub async fn send(&self, message: &Message) -> Result<(), String> {
        match self {
            Mailer::LocalOutbox => Ok(()),
            Mailer::HttpApi { url, key } => {
                let body = serde_json::json!({
                    "to": message.to, "subject": message.subject, "text": message.body, "language": message.language,
                });
                let headers = Headers::new();
                headers.set("Content-Type", "application/json").map_err(|e| e.to_string())?;
                headers.set("Authorization", &format!("Bearer {key}")).map_err(|e| e.to_string())?;
                // The message's id: a provider that honours it sends a retried message once.
                headers.set("Idempotency-Key", &message.id).map_err(|e| e.to_string())?;
                let mut init = RequestInit::new();
                init.with_method(Method::Post)
                    .with_headers(headers)
                    .with_body(Some(JsValue::from_str(&body.to_string())));
                let request = Request::new_with_init(url, &init).map_err(|e| e.to_string())?;
                crate::cost::count(|c| c.fetches += 1);
                let response = Fetch::Request(request).send().await.map_err(|e| e.to_string())?;
                match response.status_code() {
                    200..=299 => Ok(()),
                    status => Err(format!("email API answered {status}")),
                }
            }
        }
    }
}
