//! A server that takes requests and holds them: the first request's arrival is
//! announced, every connection is held until the test lets them go, drops the server or
//! a minute has passed, and then closed without a (whole) answer. With it a test orders what happened while a
//! request was out ("request arrived", what the test did, "server answered") instead of
//! timing it.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// Far longer than any local command takes: only a command stuck behind the held
/// request sees the server answer first.
pub const HOLDS_FOR_AT_MOST: Duration = Duration::from_secs(60);

/// What happened, in order, and the first request's line.
#[derive(Debug, Default)]
struct Events {
    order: Mutex<Vec<&'static str>>,
    first_request: Mutex<String>,
}

impl Events {
    fn push(&self, what: &'static str) {
        self.order
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(what);
    }
}

/// The slow server.
#[derive(Debug)]
pub struct SlowServer {
    /// Its base URL.
    pub url: String,
    events: std::sync::Arc<Events>,
    arrived: Mutex<Option<oneshot::Receiver<()>>>,
    release: Mutex<Option<oneshot::Sender<()>>>,
}

impl SlowServer {
    /// Starts listening on a port of its own.
    pub async fn start() -> Self {
        Self::answering(b"").await
    }

    /// [`Self::start`], writing `answer` to the first request once it arrived (nothing,
    /// or the start of an answer that never ends) before holding it.
    pub async fn answering(answer: &'static [u8]) -> Self {
        Self::serve(answer, "").await
    }

    /// [`Self::start`], where the request that counts as the first is the first whose
    /// line starts with `prefix` (e.g. `POST /v1/`); others are held all the same.
    pub async fn awaiting(prefix: &'static str) -> Self {
        Self::serve(b"", prefix).await
    }

    async fn serve(answer: &'static [u8], prefix: &'static str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let events = std::sync::Arc::new(Events::default());
        let (arrived, until_arrived) = oneshot::channel();
        let (release, released) = oneshot::channel::<()>();
        let heard = events.clone();
        tokio::spawn(async move {
            let mut arrived = Some(arrived);
            let mut held = Vec::new();
            let released = tokio::time::timeout(HOLDS_FOR_AT_MOST, released);
            tokio::pin!(released);
            loop {
                tokio::select! {
                    _ = &mut released => break,
                    Ok((mut stream, _)) = listener.accept() => {
                        if arrived.is_some() {
                            let mut request = [0u8; 1024];
                            let read = stream.read(&mut request).await.unwrap_or(0);
                            let text = String::from_utf8_lossy(&request[..read]);
                            let line = text.lines().next().unwrap_or_default().to_owned();
                            if line.starts_with(prefix) {
                                *heard
                                    .first_request
                                    .lock()
                                    .unwrap_or_else(PoisonError::into_inner) = line;
                                let _ = stream.write_all(answer).await;
                                heard.push("request arrived");
                                if let Some(arrived) = arrived.take() {
                                    let _ = arrived.send(());
                                }
                            }
                        }
                        held.push(stream);
                    }
                }
            }
            heard.push("server answered");
        });
        Self {
            url,
            events,
            arrived: Mutex::new(Some(until_arrived)),
            release: Mutex::new(Some(release)),
        }
    }

    fn arrival(&self) -> oneshot::Receiver<()> {
        self.arrived
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
            .expect("the arrival is awaited once")
    }

    /// Waits until the first request has arrived.
    pub async fn until_request(&self) {
        self.arrival().await.expect("a request arrives");
    }

    /// [`Self::until_request`], from a thread outside the runtime.
    pub fn until_request_blocking(&self) {
        self.arrival().blocking_recv().expect("a request arrives");
    }

    /// Records that `what` happened now.
    pub fn note(&self, what: &'static str) {
        self.events.push(what);
    }

    /// Lets the held requests go (closed unanswered).
    pub fn release(&self) {
        if let Some(release) = self
            .release
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        {
            let _ = release.send(());
        }
    }

    /// What happened, in order.
    pub fn events(&self) -> Vec<&'static str> {
        self.events
            .order
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The first request's line (e.g. `POST /v1/sync HTTP/1.1`).
    pub fn first_request(&self) -> String {
        self.events
            .first_request
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// A server that answers every request at a trickle: its answer starts at once and a
/// byte follows every half second, forever. It is never silent long enough for a read
/// timeout and never done; only a bound on the whole (request or run) ends the wait.
#[derive(Debug)]
pub struct TricklingServer {
    /// Its base URL.
    pub url: String,
    serving: tokio::task::JoinHandle<()>,
}

impl TricklingServer {
    /// Starts listening on a port of its own.
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let serving = tokio::spawn(async move {
            let mut answering = tokio::task::JoinSet::new();
            while let Ok((mut stream, _)) = listener.accept().await {
                answering.spawn(async move {
                    let mut request = [0u8; 4096];
                    let _ = stream.read(&mut request).await;
                    let head = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                                 transfer-encoding: chunked\r\n\r\n";
                    if stream.write_all(head).await.is_err() {
                        return;
                    }
                    loop {
                        tokio::time::sleep(Duration::from_millis(500)).await;
                        if stream.write_all(b"1\r\n \r\n").await.is_err() {
                            return;
                        }
                    }
                });
            }
        });
        Self { url, serving }
    }
}

impl Drop for TricklingServer {
    fn drop(&mut self) {
        self.serving.abort();
    }
}
