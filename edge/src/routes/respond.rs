//! Every API answer leaves through here, with the same security headers and error shape.

use serde::Serialize;
use worker::{Headers, Request, Response, Result};

use village_shared::api::{ErrorBody, ErrorCode, FieldMessage, MAX_BODY_BYTES};
use village_shared::Language;

/// What a handler gives back: its answer, or why there is none (`T` for a step of one).
pub type Answer<T = Response> = std::result::Result<T, Problem>;

/// Why a request gets no answer of its own, the one error type of every handler and step,
/// returned with `?`: a refusal already worded for the person (an error answer in their
/// language, from `refused`, `field_errors` or a limit), or a failure below (KV, an object),
/// which the router logs and answers as `internal`, once, in the request's language.
pub enum Problem {
    Refused(Response),
    Failed(worker::Error),
}

impl From<worker::Error> for Problem {
    fn from(error: worker::Error) -> Self {
        Problem::Failed(error)
    }
}

impl From<serde_json::Error> for Problem {
    fn from(error: serde_json::Error) -> Self {
        Problem::Failed(error.into())
    }
}

impl From<Response> for Problem {
    fn from(refusal: Response) -> Self {
        Problem::Refused(refusal)
    }
}

impl Problem {
    /// The answer: a refusal as worded; a failure logged (under the route's shape: paths
    /// carry tokens and emails) and answered as `internal`.
    pub fn answer(self, route: &str, lang: Language) -> Result<Response> {
        match self {
            Problem::Refused(response) => Ok(response),
            Problem::Failed(e) => {
                worker::console_error!("{route}: {e}");
                error(ErrorCode::Internal, lang)
            }
        }
    }
}

/// The refusal `code`, in `lang`: `return Err(refused(…))`.
pub fn refused(code: ErrorCode, lang: Language) -> Problem {
    match error(code, lang) {
        Ok(response) => Problem::Refused(response),
        Err(e) => Problem::Failed(e),
    }
}

/// The `422 invalid_fields` refusal, field by field, in `lang`: `return Err(refused_fields(…))`.
pub fn refused_fields(fields: Vec<FieldMessage>, lang: Language) -> Problem {
    match field_errors(fields, lang) {
        Ok(response) => Problem::Refused(response),
        Err(e) => Problem::Failed(e),
    }
}

/// JSON with the API's headers. Answers are personal or live, so nothing is cached.
pub fn json<T: Serialize, E: From<worker::Error>>(status: u16, body: &T) -> std::result::Result<Response, E> {
    let mut response = Response::from_json(body)?.with_status(status);
    api_headers(response.headers_mut())?;
    Ok(response)
}

/// A file to download (an export, a calendar), with the API's headers.
pub fn download<E: From<worker::Error>>(body: String, content_type: &str, filename: &str) -> std::result::Result<Response, E> {
    let mut response = Response::ok(body)?;
    let headers = response.headers_mut();
    headers.set("Content-Type", content_type)?;
    headers.set("Content-Disposition", &format!("attachment; filename=\"{filename}\""))?;
    api_headers(headers)?;
    Ok(response)
}

/// What every API answer carries: personal or live (never cached), never run as a page, never
/// framed, and no address leaks on to another site.
fn api_headers(headers: &mut Headers) -> Result<()> {
    headers.set("Cache-Control", "no-store")?;
    headers.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")?;
    headers.set("X-Content-Type-Options", "nosniff")?;
    headers.set("Referrer-Policy", "no-referrer")
}

/// The answer refusing with `code`, for the router itself (a handler returns `refused`).
pub fn error(code: ErrorCode, lang: Language) -> Result<Response> {
    json(code.http_status(), &ErrorBody::new(code, lang))
}

fn field_errors(fields: Vec<FieldMessage>, lang: Language) -> Result<Response> {
    let code = ErrorCode::InvalidFields;
    json(code.http_status(), &ErrorBody::new(code, lang).with_fields(fields))
}

/// Read a JSON object request body: JSON content type, at most `MAX_BODY_BYTES`, well-formed.
pub async fn read_json(req: &mut Request, lang: Language) -> Answer<serde_json::Value> {
    match read_json_any(req, lang).await? {
        value if value.is_object() => Ok(value),
        _ => Err(refused(ErrorCode::MalformedJson, lang)),
    }
}

/// As [`read_json`], for any JSON value (arrays too).
pub async fn read_json_any(req: &mut Request, lang: Language) -> Answer<serde_json::Value> {
    let bytes = read_body(req, lang, village_shared::api::is_json_media_type).await?;
    serde_json::from_slice::<serde_json::Value>(&bytes).map_err(|_| refused(ErrorCode::MalformedJson, lang))
}

/// A request's body, when its content type is one `accepted` and it is at most `MAX_BODY_BYTES`.
async fn read_body(req: &mut Request, lang: Language, accepted: fn(&str) -> bool) -> Answer<Vec<u8>> {
    let content_type = req.headers().get("Content-Type")?.unwrap_or_default();
    if !accepted(&content_type) {
        return Err(refused(ErrorCode::UnsupportedMediaType, lang));
    }
    let declared = req.headers().get("Content-Length")?.and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
        return Err(refused(ErrorCode::PayloadTooLarge, lang));
    }
    let bytes = req.bytes().await?;
    if bytes.len() > MAX_BODY_BYTES {
        return Err(refused(ErrorCode::PayloadTooLarge, lang));
    }
    Ok(bytes)
}

/// Read a posted form (`application/x-www-form-urlencoded`, at most `MAX_BODY_BYTES`) as the
/// JSON object the API reads (`api::form_fields`).
pub async fn read_form(req: &mut Request, lang: Language) -> Answer<serde_json::Value> {
    let is_form = |content_type: &str| {
        let essence = content_type.split(';').next().unwrap_or_default().trim();
        essence.eq_ignore_ascii_case("application/x-www-form-urlencoded")
    };
    let bytes = read_body(req, lang, is_form).await?;
    Ok(village_shared::api::form_fields(form_urlencoded::parse(&bytes)))
}

/// `%40` → `@` and friends: emails arrive as a path segment.
pub fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}


/// `?cursor=` of a paged request (none when absent or empty).
pub fn cursor(req: &Request) -> Result<Option<String>> {
    Ok(req.url()?.query_pairs().find(|(k, _)| k == "cursor").map(|(_, v)| v.into_owned()).filter(|c| !c.is_empty()))
}
