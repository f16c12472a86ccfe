//! The limits the rules hold request fields to, written into the document from the same
//! constants the rules use: a client sees them, and the fuzzer generates mostly what the rules
//! accept, so it reaches past validation into the routes themselves.

use utoipa::openapi::schema::{KnownFormat, Schema, SchemaFormat};
use utoipa::openapi::RefOr;

use crate::api::{EMAIL_MAX, NAME_MAX, PHONE_MAX};
use crate::rules::board::{POST_DETAILS_MAX, POST_PLACES_MAX, POST_SHORT_MAX};
use crate::rules::directory::REPORT_NOTE_MAX;
use crate::rules::member_space::{ISSUE_DETAILS_MAX, ISSUE_TITLE_MAX, PLACES_MAX, SETTING_TEXT_MAX};
use crate::rules::roster::{NOTE_MAX_CHARS, REMOVAL_REASON_MAX_CHARS};
use crate::rules::topics::TOPIC_MAX;

enum Limit {
    /// Characters: at least one (not blank), at most this many.
    Text(usize),
    /// Characters, possibly none.
    UpTo(usize),
    Email,
    /// A whole number in this range.
    Count(u32, u32),
}

/// (type, field, limit).
const LIMITS: &[(&str, &str, Limit)] = &[
    ("SignupRequest", "name", Limit::Text(NAME_MAX)),
    ("SignupRequest", "email", Limit::Email),
    ("SignupRequest", "phone", Limit::UpTo(PHONE_MAX)),
    ("DetailsUpdate", "name", Limit::Text(NAME_MAX)),
    ("DetailsUpdate", "phone", Limit::UpTo(PHONE_MAX)),
    ("SubscribeRequest", "email", Limit::Email),
    ("ReportBody", "note", Limit::UpTo(REPORT_NOTE_MAX)),
    ("TopicBody", "text", Limit::Text(TOPIC_MAX)),
    ("ProposeBody", "title", Limit::Text(ISSUE_TITLE_MAX)),
    ("ProposeBody", "details", Limit::UpTo(ISSUE_DETAILS_MAX)),
    ("PostBody", "title", Limit::Text(POST_SHORT_MAX)),
    ("PostBody", "area", Limit::Text(POST_SHORT_MAX)),
    ("PostBody", "dates", Limit::UpTo(POST_SHORT_MAX)),
    ("PostBody", "details", Limit::UpTo(POST_DETAILS_MAX)),
    ("PostBody", "places", Limit::Count(1, POST_PLACES_MAX)),
    ("HostOfferBody", "setting", Limit::Text(SETTING_TEXT_MAX)),
    ("HostOfferBody", "address", Limit::Text(SETTING_TEXT_MAX)),
    ("HostOfferBody", "area", Limit::Text(SETTING_TEXT_MAX)),
    ("HostOfferBody", "access_notes", Limit::UpTo(SETTING_TEXT_MAX * 2)),
    ("HostOfferBody", "places", Limit::Count(1, PLACES_MAX)),
    ("NoteRequest", "note", Limit::UpTo(NOTE_MAX_CHARS)),
    ("RemoveRequest", "reason", Limit::UpTo(REMOVAL_REASON_MAX_CHARS)),
    ("SignInRequest", "email", Limit::Email),
];

/// Write each limit into its type's schema. Panics on a limit naming a type or field the
/// document lacks (a renamed field must take its limit along): the contract's tests build it.
pub fn apply(schemas: &mut std::collections::BTreeMap<String, RefOr<Schema>>) {
    for (type_name, field, limit) in LIMITS {
        let Some(RefOr::T(Schema::Object(object))) = schemas.get_mut(*type_name) else {
            panic!("the contract has no object {type_name}");
        };
        let Some(RefOr::T(property)) = object.properties.get_mut(*field) else {
            panic!("{type_name} has no field {field}");
        };
        let property = match property {
            Schema::Object(o) => o,
            // An optional field: `{"oneOf": [{"type": "null"}, {...}]}` or `{"type": ["string", "null"]}`.
            _ => panic!("{type_name}.{field} is not a plain field"),
        };
        match limit {
            Limit::Text(max) => {
                property.min_length = Some(1);
                property.max_length = Some(*max);
                property.pattern = Some(r"\S".into());
            }
            Limit::UpTo(max) => property.max_length = Some(*max),
            Limit::Email => {
                property.max_length = Some(EMAIL_MAX);
                property.format = Some(SchemaFormat::KnownFormat(KnownFormat::Email));
            }
            Limit::Count(min, max) => {
                property.minimum = Some((*min).into());
                property.maximum = Some((*max).into());
            }
        }
    }
}
