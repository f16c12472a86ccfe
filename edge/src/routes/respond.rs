//! Every API answer leaves through here, with the same security headers and error shape.

use serde::Serialize;
use worker::{Headers, Request, Response, Result};

use village_shared::api::{ErrorBody, ErrorCode, FieldMessage, MAX_BODY_BYTES};
use village_shared::Language;

/// JSON with the API's headers. Answers are personal or live, so nothing is cached.
pub fn json<T: Serialize>(status: u16, body: &T) -> Result<Response> {
    let mut response = Response::from_json(body)?.with_status(status);
    api_headers(response.headers_mut())?;
    Ok(response)
}

/// A file to download (an export, a calendar), with the API's headers.
pub fn download(body: String, content_type: &str, filename: &str) -> Result<Response> {
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

pub fn error(code: ErrorCode, lang: Language) -> Result<Response> {
    json(code.http_status(), &ErrorBody::new(code, lang))
}

pub fn field_errors(fields: Vec<FieldMessage>, lang: Language) -> Result<Response> {
    let code = ErrorCode::InvalidFields;
    json(code.http_status(), &ErrorBody::new(code, lang).with_fields(fields))
}

/// Read a JSON object request body: JSON content type, at most `MAX_BODY_BYTES`, well-formed.
/// `Err` carries the error response to send.
pub async fn read_json(req: &mut Request, lang: Language) -> Result<std::result::Result<serde_json::Value, Response>> {
    Ok(match read_json_any(req, lang).await? {
        Ok(value) if value.is_object() => Ok(value),
        Ok(_) => Err(error(ErrorCode::MalformedJson, lang)?),
        Err(response) => Err(response),
    })
}

/// As [`read_json`], for any JSON value (arrays too).
pub async fn read_json_any(
    req: &mut Request,
    lang: Language,
) -> Result<std::result::Result<serde_json::Value, Response>> {
    let content_type = req.headers().get("Content-Type")?.unwrap_or_default();
    if !village_shared::api::is_json_media_type(&content_type) {
        return Ok(Err(error(ErrorCode::UnsupportedMediaType, lang)?));
    }
    let declared = req.headers().get("Content-Length")?.and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
        return Ok(Err(error(ErrorCode::PayloadTooLarge, lang)?));
    }
    let bytes = req.bytes().await?;
    if bytes.len() > MAX_BODY_BYTES {
        return Ok(Err(error(ErrorCode::PayloadTooLarge, lang)?));
    }
    match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(value) => Ok(Ok(value)),
        Err(_) => Ok(Err(error(ErrorCode::MalformedJson, lang)?)),
    }
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
