//! A local HTTP server speaking the YouTube Data API v3 `search` shapes, standing in for
//! the live API (which tests never reach). It answers as told and records what it was
//! asked.

use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;

/// How the stand-in answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Mode {
    /// A list of two videos.
    Videos = 0,
    /// 403 quotaExceeded.
    QuotaExceeded = 1,
    /// 503 backendError.
    Unavailable = 2,
    /// Answers after five seconds.
    Slow = 3,
}

#[derive(Debug, Default)]
struct Shared {
    mode: AtomicU8,
    hits: AtomicUsize,
    queries: Mutex<Vec<Vec<(String, String)>>>,
}

/// The running stand-in.
#[derive(Debug, Clone)]
pub struct StandIn {
    /// Its base URL (what `youtube_url` is set to).
    pub url: String,
    shared: Arc<Shared>,
}

async fn search(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    shared.hits.fetch_add(1, Ordering::SeqCst);
    shared.queries.lock().expect("not poisoned").push(query);
    match shared.mode.load(Ordering::SeqCst) {
        1 => (
            StatusCode::FORBIDDEN,
            axum::Json(json!({"error": {"code": 403, "message": "The request cannot be completed because you have exceeded your quota.",
                "errors": [{"message": "The request cannot be completed because you have exceeded your quota.", "domain": "youtube.quota", "reason": "quotaExceeded"}]}})),
        )
            .into_response(),
        2 => (
            StatusCode::SERVICE_UNAVAILABLE,
            axum::Json(json!({"error": {"code": 503, "message": "The service is currently unavailable.",
                "errors": [{"message": "The service is currently unavailable.", "domain": "global", "reason": "backendError"}]}})),
        )
            .into_response(),
        mode => {
            if mode == 3 {
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
            axum::Json(json!({
                "kind": "youtube#searchListResponse",
                "etag": "stand-in",
                "regionCode": "GB",
                "pageInfo": {"totalResults": 2, "resultsPerPage": 5},
                "items": [
                    {"kind": "youtube#searchResult", "etag": "a",
                     "id": {"kind": "youtube#video", "videoId": "vid00000001"},
                     "snippet": {"publishedAt": "2024-05-01T10:00:00Z", "channelId": "UC1",
                        "title": "Appendicitis explained", "description": "…",
                        "thumbnails": {"default": {"url": "https://i.ytimg.com/vi/vid00000001/default.jpg", "width": 120, "height": 90}},
                        "channelTitle": "Teaching Hospital", "liveBroadcastContent": "none"}},
                    {"kind": "youtube#searchResult", "etag": "b",
                     "id": {"kind": "youtube#video", "videoId": "vid00000002"},
                     "snippet": {"publishedAt": "2023-02-11T10:00:00Z", "channelId": "UC2",
                        "title": "After appendix surgery", "description": "…",
                        "thumbnails": {"default": {"url": "https://i.ytimg.com/vi/vid00000002/default.jpg", "width": 120, "height": 90}},
                        "channelTitle": "Surgical Nurses", "liveBroadcastContent": "none"}}
                ]
            }))
            .into_response()
        }
    }
}

impl StandIn {
    /// Starts the stand-in on a free port.
    pub async fn start() -> Self {
        let shared = Arc::new(Shared::default());
        let app = Router::new()
            .route("/youtube/v3/search", get(search))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self {
            url: format!("http://{addr}/youtube/v3"),
            shared,
        }
    }

    /// Sets how it answers from now on.
    pub fn answer(&self, mode: Mode) {
        self.shared.mode.store(mode as u8, Ordering::SeqCst);
    }

    /// Requests received so far.
    pub fn hits(&self) -> usize {
        self.shared.hits.load(Ordering::SeqCst)
    }

    /// The query parameters of the last request.
    pub fn last_query(&self) -> Vec<(String, String)> {
        self.shared
            .queries
            .lock()
            .expect("not poisoned")
            .last()
            .cloned()
            .unwrap_or_default()
    }
}
