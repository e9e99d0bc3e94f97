//! What an unauthenticated or slow client can make the server hold: each route reads at
//! most the body it needs, large bodies only after the caller is checked and a few at a
//! time, and a client that stalls its headers or its body is let go of.

use std::sync::Arc;
use std::time::Duration;

use bedside_server::AppState;
use bedside_server::body_limits::{SMALL_BODY_BYTES, SYNC_BODY_BYTES};
use bedside_server::state::Limits;
use bedside_tests::server::TestServer;
use bedside_tests::workstation::TestWorkstation;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Semaphore;

/// Long enough for any answer here; the server's own limits are a second or two.
const PATIENCE: Duration = Duration::from_secs(15);

async fn answer(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

/// A server whose clients get `limits` and `permits` large bodies at once.
async fn strict(limits: Limits, permits: usize) -> TestServer {
    let state = TestServer::start().await.stop().await;
    TestServer::serve(AppState {
        limits,
        large_bodies: Arc::new(Semaphore::new(permits)),
        ..state
    })
    .await
}

/// Reads until the server closes the connection (or `PATIENCE` runs out): what it sent.
async fn until_closed(stream: &mut TcpStream) -> Option<String> {
    let mut got = Vec::new();
    let read = tokio::time::timeout(PATIENCE, stream.read_to_end(&mut got)).await;
    read.ok()
        .map(|_| String::from_utf8_lossy(&got).into_owned())
}

#[tokio::test]
async fn each_route_reads_only_the_body_it_needs() {
    let server = TestServer::start().await;
    let http = reqwest::Client::new();
    // A login body far beyond what a login needs is refused unread.
    let huge = format!(r#"{{"username": "{}"}}"#, "a".repeat(SMALL_BODY_BYTES * 4));
    for path in [
        "/v1/auth/login",
        "/v1/auth/refresh",
        "/v1/devices/enroll",
        "/v1/patients/search",
        "/v1/break-glass",
        "/v1/documents/upload",
    ] {
        let response = http
            .post(format!("{}{path}", server.url))
            .header("content-type", "application/json")
            .body(huge.clone())
            .send()
            .await
            .unwrap();
        let (status, body) = answer(response).await;
        assert!(
            matches!(
                (status, body["error"]["code"].as_str()),
                (413, Some("PAYLOAD_TOO_LARGE")) | (401, Some("UNAUTHENTICATED"))
            ),
            "{path}: an oversized body is refused in the standard body, got {status} {body}"
        );
    }
    // A large sync body without a session is refused before it is read.
    let response = http
        .post(format!("{}/v1/sync", server.url))
        .header("content-type", "application/cbor")
        .body(vec![0u8; SYNC_BODY_BYTES / 4])
        .send()
        .await
        .unwrap();
    assert_eq!(answer(response).await.0, 401);
}

#[tokio::test]
async fn a_client_that_stalls_its_headers_or_body_is_let_go() {
    let limits = Limits {
        header_read: Duration::from_secs(1),
        body_idle: Duration::from_secs(1),
        ..Limits::default()
    };
    let server = strict(limits, 8).await;

    let mut slow_headers = TcpStream::connect(server.addr()).await.unwrap();
    slow_headers
        .write_all(b"POST /v1/auth/login HTTP/1.1\r\nHost: bedside\r\n")
        .await
        .unwrap();
    assert!(
        until_closed(&mut slow_headers).await.is_some(),
        "a connection whose headers never end is closed"
    );

    let mut slow_body = TcpStream::connect(server.addr()).await.unwrap();
    slow_body
        .write_all(
            b"POST /v1/auth/login HTTP/1.1\r\nHost: bedside\r\ncontent-type: application/json\r\n\
              content-length: 100\r\n\r\n{\"username\"",
        )
        .await
        .unwrap();
    let answered = until_closed(&mut slow_body)
        .await
        .expect("a body that stops coming is not waited for");
    assert!(
        answered.is_empty() || answered.starts_with("HTTP/1.1 4"),
        "the request is refused, not served: {answered}"
    );
}

#[tokio::test]
async fn large_bodies_are_taken_a_few_at_a_time() {
    let limits = Limits {
        body_idle: Duration::from_secs(10),
        large_body_wait: Duration::from_secs(1),
        ..Limits::default()
    };
    let server = strict(limits, 1).await;
    let mut ws = TestWorkstation::new("Dr Adams");
    ws.join(&server).await;
    let token = ws.ws.link().access_token().unwrap();

    // One workstation's sync body is slow to arrive and holds the only permit.
    let mut slow = TcpStream::connect(server.addr()).await.unwrap();
    let head = format!(
        "POST /v1/sync HTTP/1.1\r\nHost: bedside\r\nauthorization: Bearer {token}\r\n\
         content-type: application/cbor\r\ncontent-length: 1000000\r\n\r\n"
    );
    slow.write_all(head.as_bytes()).await.unwrap();
    slow.write_all(&[0u8; 1000]).await.unwrap();
    tokio::time::timeout(PATIENCE, async {
        while server.state.large_bodies.available_permits() > 0 {
            tokio::task::yield_now().await;
        }
    })
    .await
    .expect("the slow sync takes the permit");

    let response = reqwest::Client::new()
        .post(format!("{}/v1/sync", server.url))
        .bearer_auth(&token)
        .header("content-type", "application/cbor")
        .body(vec![0u8; 1000])
        .send()
        .await
        .unwrap();
    let (status, body) = answer(response).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (503, Some("UNAVAILABLE")),
        "a second large body waits its turn, then is told to come back: {body}"
    );
    drop(slow);
}
