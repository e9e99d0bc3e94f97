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
        documents::put_object,
        documents::get_object,
        documents::put_part,
    ),
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
}
