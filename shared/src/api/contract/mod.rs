//! The published contract: an OpenAPI 3.1 document of every route in [`super::routes`], built
//! from the same types the app and the Worker use (`utoipa`'s `ToSchema`, derived on each type
//! behind the `openapi` feature, so neither Wasm bundle carries it). `cargo xtask build` writes
//! it to `dist/api/openapi.json`; the Worker serves it at `/api/openapi.json`.
//!
//! Each route's description is an exhaustive `match` on its action ([`public::describe`],
//! [`dashboard::describe`]): a route added to a table without its description does not compile.

mod dashboard;
mod limits;
mod public;

use std::collections::BTreeMap;

use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{HttpMethod, Operation, OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ArrayBuilder, ComponentsBuilder, ObjectBuilder, Type};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{
    ContentBuilder, InfoBuilder, OpenApi, OpenApiBuilder, Paths, Ref, RefOr, Required, ResponseBuilder, Schema,
};
use utoipa::{PartialSchema, ToSchema};

use super::routes::{self, Access, Method, Public};
use super::{ErrorBody, ErrorCode};

/// What one route takes and answers.
pub struct Op {
    summary: &'static str,
    query: Vec<(&'static str, &'static str)>,
    body: Option<RefOr<Schema>>,
    answer: (u16, Option<(&'static str, RefOr<Schema>)>),
    /// Other success statuses with the same body, and what each means.
    also: Vec<(u16, &'static str)>,
    /// Headers on the successful answer, and what each carries.
    headers: Vec<(&'static str, &'static str)>,
    refusals: Vec<ErrorCode>,
    schemas: Vec<(String, RefOr<Schema>)>,
}

impl Op {
    pub fn new(summary: &'static str) -> Op {
        Op {
            summary,
            query: Vec::new(),
            body: None,
            answer: (204, None),
            also: Vec::new(),
            headers: Vec::new(),
            refusals: Vec::new(),
            schemas: Vec::new(),
        }
    }

    /// An optional query parameter (a string).
    pub fn query(mut self, name: &'static str, description: &'static str) -> Op {
        self.query.push((name, description));
        self
    }

    /// Its JSON request body.
    pub fn takes<T: ToSchema>(mut self) -> Op {
        self.body = Some(self.named::<T>());
        self
    }

    /// Its JSON answer on success.
    pub fn answers<T: ToSchema>(mut self, status: u16) -> Op {
        let schema = self.named::<T>();
        self.answer = (status, Some(("application/json", schema)));
        self
    }

    /// Its JSON answer on success: an `A`, or for some resources the richer `B`.
    pub fn answers_either<A: ToSchema, B: ToSchema>(mut self, status: u16) -> Op {
        let (a, b) = (self.named::<A>(), self.named::<B>());
        let either = utoipa::openapi::schema::AnyOfBuilder::new().item(a).item(b).build();
        self.answer = (status, Some(("application/json", Schema::AnyOf(either).into())));
        self
    }

    /// A header on the successful answer (a string).
    pub fn header(mut self, name: &'static str, description: &'static str) -> Op {
        self.headers.push((name, description));
        self
    }

    /// Its JSON answer on success: a list of `T`.
    pub fn answers_list<T: ToSchema>(mut self, status: u16) -> Op {
        let items = self.named::<T>();
        self.answer = (status, Some(("application/json", ArrayBuilder::new().items(items).build().into())));
        self
    }

    /// A file on success (`text/csv`, `text/calendar`).
    pub fn answers_file(mut self, media_type: &'static str) -> Op {
        self.answer = (200, Some((media_type, ObjectBuilder::new().schema_type(Type::String).build().into())));
        self
    }

    /// Another success status answered with the same body.
    pub fn also(mut self, status: u16, meaning: &'static str) -> Op {
        self.also.push((status, meaning));
        self
    }

    /// The refusals particular to this route (every route may also answer the common ones:
    /// [`COMMON`], and the dashboard's [`SIGNED_IN`]).
    pub fn refuses(mut self, codes: &[ErrorCode]) -> Op {
        self.refusals.extend_from_slice(codes);
        self
    }

    fn named<T: ToSchema>(&mut self) -> RefOr<Schema> {
        self.schemas.push((T::name().into_owned(), T::schema()));
        T::schemas(&mut self.schemas);
        RefOr::Ref(Ref::from_schema_name(T::name()))
    }
}

/// What any route may answer: an unknown path or method, a body that is not JSON or too large,
/// too many requests, and a failure below (`internal`, with nothing changed).
pub const COMMON: &[ErrorCode] = &[
    ErrorCode::NotFound,
    ErrorCode::MethodNotAllowed,
    ErrorCode::UnsupportedMediaType,
    ErrorCode::PayloadTooLarge,
    ErrorCode::MalformedJson,
    ErrorCode::InvalidFields,
    ErrorCode::TooManyRequests,
    ErrorCode::Internal,
];

/// What any dashboard route past sign-in may answer.
pub const SIGNED_IN: &[ErrorCode] = &[ErrorCode::NotSignedIn, ErrorCode::Forbidden, ErrorCode::CsrfRejected];

/// The whole document.
pub fn document() -> OpenApi {
    let mut paths = Paths::new();
    let mut schemas: BTreeMap<String, RefOr<Schema>> = BTreeMap::new();
    let mut add = |method: Method, path: &str, op: Op, extra: &[ErrorCode], security: Option<Access>| {
        let operation = operation(method, path, &op, extra, security);
        for (name, schema) in op.schemas {
            if let Some(known) = schemas.get(&name) {
                assert!(
                    serde_json::to_value(known).ok() == serde_json::to_value(&schema).ok(),
                    "two types are named {name} in the contract"
                );
            }
            schemas.insert(name, schema);
        }
        paths.add_path_operation(path, vec![http_method(method)], operation);
    };
    for route in routes::PUBLIC {
        if let Public::Dev(_) = route.action {
            continue; // development only
        }
        add(route.method, route.path, public::describe(route.action), COMMON, None);
    }
    for route in routes::ADMIN {
        let extra: Vec<ErrorCode> = match route.action.access {
            Access::Public => COMMON.to_vec(),
            _ => COMMON.iter().chain(SIGNED_IN).copied().collect(),
        };
        add(route.method, route.path, dashboard::describe(route.action.run), &extra, Some(route.action.access));
    }
    let (name, schema) = (ErrorBody::name().into_owned(), ErrorBody::schema());
    let mut error_schemas = vec![(name, schema)];
    ErrorBody::schemas(&mut error_schemas);
    schemas.extend(error_schemas);
    limits::apply(&mut schemas);
    let components = ComponentsBuilder::new()
        .schemas_from_iter(schemas)
        .security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "village_session",
                "The dashboard's session, set by POST /api/admin/session.",
            ))),
        )
        .security_scheme(
            "csrf",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-CSRF-Token",
                "The session's CSRF token (GET /api/admin/me), on every dashboard write.",
            ))),
        )
        .build();
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Village API")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(
                    "Find a peer-support group for people who care for young children, join it, and \
                     run a network's groups. Every error is `{\"error\": {\"code\", \"message\"}}`: the \
                     code is stable, the message is in the request's language (`Accept-Language`, en or es).",
                ))
                .build(),
        )
        .paths(paths)
        .components(Some(components))
        .build()
}

fn http_method(method: Method) -> HttpMethod {
    match method {
        Method::Get => HttpMethod::Get,
        Method::Post => HttpMethod::Post,
        Method::Put => HttpMethod::Put,
        Method::Patch => HttpMethod::Patch,
        Method::Delete => HttpMethod::Delete,
    }
}

fn operation(method: Method, path: &str, op: &Op, extra: &[ErrorCode], security: Option<Access>) -> Operation {
    let mut builder = OperationBuilder::new().summary(Some(op.summary));
    for name in path.split('/').filter_map(|s| s.strip_prefix('{')?.strip_suffix('}')) {
        builder = builder.parameter(
            ParameterBuilder::new()
                .name(name)
                .parameter_in(ParameterIn::Path)
                .required(Required::True)
                .schema(Some(ObjectBuilder::new().schema_type(Type::String))),
        );
    }
    for (name, description) in &op.query {
        builder = builder.parameter(
            ParameterBuilder::new()
                .name(*name)
                .parameter_in(ParameterIn::Query)
                .required(Required::False)
                .description(Some(*description))
                .schema(Some(ObjectBuilder::new().schema_type(Type::String))),
        );
    }
    if let Some(body) = &op.body {
        builder = builder.request_body(Some(
            RequestBodyBuilder::new()
                .required(Some(Required::True))
                .content("application/json", ContentBuilder::new().schema(Some(body.clone())).build())
                .build(),
        ));
    }
    let (status, answer) = &op.answer;
    let mut success = ResponseBuilder::new().description("Done.");
    if let Some((media_type, schema)) = answer {
        success = success.content(*media_type, ContentBuilder::new().schema(Some(schema.clone())).build());
    }
    for (name, description) in &op.headers {
        let string = ObjectBuilder::new().schema_type(Type::String).build();
        success = success.header(*name, HeaderBuilder::new().schema(string).description(Some(*description)).build());
    }
    builder = builder.response(status.to_string(), success.build());
    for (status, meaning) in &op.also {
        let mut also = ResponseBuilder::new().description(*meaning);
        if let Some((media_type, schema)) = answer {
            also = also.content(*media_type, ContentBuilder::new().schema(Some(schema.clone())).build());
        }
        builder = builder.response(status.to_string(), also.build());
    }
    // The refusals by status, each naming its codes; the body is always an `ErrorBody`.
    let mut by_status: BTreeMap<u16, Vec<&str>> = BTreeMap::new();
    for code in op.refusals.iter().chain(extra) {
        let codes = by_status.entry(code.http_status()).or_default();
        if !codes.contains(&code.as_str()) {
            codes.push(code.as_str());
        }
    }
    for (status, codes) in by_status {
        let error = RefOr::Ref(Ref::from_schema_name(ErrorBody::name()));
        let description =
            format!("Refused: {}.", codes.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", "));
        builder = builder.response(
            status.to_string(),
            ResponseBuilder::new()
                .description(description)
                .content("application/json", ContentBuilder::new().schema(Some(error)).build())
                .build(),
        );
    }
    if let Some(access) = security.filter(|a| *a != Access::Public) {
        let mut requirement = SecurityRequirement::new("session", Vec::<String>::new());
        if method.writes() {
            requirement = requirement.add("csrf", Vec::<String>::new());
        }
        builder = builder.security(requirement).description(Some(match access {
            Access::Group => "For the group's facilitators and the network's admins.",
            Access::Network => "For the network's admins.",
            _ => "For anyone signed in to the dashboard.",
        }));
    }
    builder.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_in_the_tables_is_in_the_document_and_nothing_else() {
        let document = serde_json::to_value(document()).unwrap();
        let paths = document["paths"].as_object().unwrap();
        let mut expected = 0;
        for (method, path) in routes::PUBLIC
            .iter()
            .filter(|r| !matches!(r.action, Public::Dev(_)))
            .map(|r| (r.method, r.path))
            .chain(routes::ADMIN.iter().map(|r| (r.method, r.path)))
        {
            let operation = &paths[path][method.as_str().to_lowercase()];
            assert!(operation.is_object(), "{} {path} is not in the contract", method.as_str());
            assert!(operation["responses"].as_object().is_some_and(|r| r.len() >= 2), "{path}");
            expected += 1;
        }
        let documented: usize = paths.values().map(|item| item.as_object().unwrap().len()).sum();
        assert_eq!(documented, expected, "the contract names a route no table has");
        assert!(!paths.keys().any(|p| p.starts_with("/api/dev/")), "development routes are not published");
    }

    #[test]
    fn every_schema_a_route_refers_to_is_in_the_document() {
        let text = serde_json::to_string(&document()).unwrap();
        let document: serde_json::Value = serde_json::from_str(&text).unwrap();
        let schemas = document["components"]["schemas"].as_object().unwrap();
        for name in text.split("\"#/components/schemas/").skip(1).map(|rest| &rest[..rest.find('"').unwrap()]) {
            assert!(schemas.contains_key(name), "{name} is referred to but not defined");
        }
    }

    #[test]
    fn the_document_says_nothing_of_how_things_are_stored() {
        // Types' doc comments become the document's descriptions: how a thing is kept (its
        // key, the object that owns it) is for ARCHITECTURE.md and `//` comments, not the
        // published contract.
        let text = serde_json::to_string_pretty(&document()).unwrap();
        let storage = ["KV", "Durable Object", "storage", "sha256(", "`group:", "`signup:", "`manage:", "`outbox:", "`user:", "`audit:", "`listed:", "`subscriber:", "`group-private:", "`directory-"];
        let leaks: Vec<&str> =
            text.lines().filter(|line| storage.iter().any(|word| line.contains(word))).map(str::trim).collect();
        assert!(leaks.is_empty(), "{leaks:#?}");
    }

    #[test]
    fn a_field_the_worker_fills_in_when_absent_is_not_required() {
        let document = serde_json::to_value(document()).unwrap();
        let required = &document["components"]["schemas"]["SignupRequest"]["required"];
        assert_eq!(required, &serde_json::json!(["name", "email"]), "language defaults to English");
    }

    #[test]
    fn no_durable_object_protocol_type_is_published() {
        // The objects' commands and replies (`seat_protocol`) may change with the objects; an
        // answer that carries one is mapped to a type of its own first.
        let document = serde_json::to_value(document()).unwrap();
        let schemas = document["components"]["schemas"].as_object().unwrap();
        let protocol: Vec<&String> = schemas.keys().filter(|name| name.ends_with("Reply") || name.ends_with("Command")).collect();
        assert!(protocol.is_empty(), "{protocol:?}");
    }

    #[test]
    fn the_document_is_openapi_3_1() {
        let document = serde_json::to_value(document()).unwrap();
        assert!(document["openapi"].as_str().unwrap().starts_with("3.1"));
    }
}
