//! The HTTP API's OpenAPI description (`GET /openapi.json`) and a page to browse it
//! (`GET /docs`), generated from the handlers' annotations so they cannot drift apart.

use axum::Json;
use axum::response::Html;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::handlers::{audit, auth, break_glass, charts, devices, documents, health, live, sync};

/// The API description.
#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "Bedside sync server",
        description = "Workstations sync chart documents (CBOR, `/v1/sync`) and read the merged \
                       charts through the JSON read API. Every error is \
                       `{\"error\": {\"code\", \"message\"}}`. Writes go through sync only."
    ),
    paths(
        health::healthz,
        health::readyz,
        auth::login,
        auth::refresh,
        auth::logout,
        auth::me,
        devices::enroll,
        sync::sync,
        live::live,
        break_glass::open,
        break_glass::search,
        charts::patients,
        charts::search,
        charts::patient,
        charts::appointments,
        charts::prescriptions,
        charts::notes,
        charts::timeline,
        charts::education_videos,
        charts::tasks,
        charts::dashboard,
        charts::staff,
        charts::staff_member,
        audit::events,
        audit::export,
        audit::upload,
        documents::tiles,
        documents::upload,
        documents::complete,
        documents::download,
        documents::damaged,
        documents::put_object,
        documents::get_object,
        documents::put_part,
    ),
    components(schemas(crate::services::charts::TaskView)),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// `GET /openapi.json`.
pub async fn spec() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// `GET /docs`: the description as a readable page (self-contained, no outside scripts).
pub async fn page() -> Html<&'static str> {
    Html(include_str!("openapi.html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_described() {
        let spec = ApiDoc::openapi();
        let routes = include_str!("routes.rs");
        let mut described = 0;
        for line in routes.lines() {
            let Some(rest) = line.trim().strip_prefix(".route(\"") else {
                continue;
            };
            let path = rest.split('"').next().expect("a quoted path");
            if path == "/openapi.json" || path == "/docs" {
                continue;
            }
            assert!(
                spec.paths.paths.contains_key(path),
                "{path} is routed but not in the OpenAPI description"
            );
            described += 1;
        }
        assert!(described >= 20, "the routes were found ({described})");
        let json = serde_json::to_value(&spec).expect("the description serializes");
        assert!(json["components"]["schemas"]["ErrorBody"].is_object());
        assert!(json["components"]["securitySchemes"]["bearer"].is_object());
    }

    fn refs<'a>(value: &'a serde_json::Value, out: &mut Vec<&'a str>) {
        match value {
            serde_json::Value::Object(fields) => {
                for (key, v) in fields {
                    match (key.as_str(), v.as_str()) {
                        ("$ref", Some(target)) => out.push(target),
                        _ => refs(v, out),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }

    #[test]
    fn every_reference_resolves_and_every_refusal_is_described() {
        let json = serde_json::to_value(ApiDoc::openapi()).expect("the description serializes");
        let mut found = Vec::new();
        refs(&json, &mut found);
        assert!(!found.is_empty());
        for target in found {
            let name = target
                .strip_prefix("#/components/schemas/")
                .unwrap_or_else(|| panic!("{target} points outside the schemas"));
            assert!(
                json["components"]["schemas"][name].is_object(),
                "{target} is referred to but not described"
            );
        }
        let answers = |method: &str, path: &str| json["paths"][path][method]["responses"].clone();
        for path in ["/v1/auth/login", "/v1/auth/refresh"] {
            assert!(
                answers("post", path)["400"].is_object(),
                "{path} answers 400 on bad input"
            );
        }
        for path in [
            "/v1/documents/upload",
            "/v1/documents/complete",
            "/v1/documents/download",
        ] {
            assert!(
                answers("post", path)["401"].is_object(),
                "{path} answers 401 without a session"
            );
        }
    }
}
