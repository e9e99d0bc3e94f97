//! Servers that hold requests, so a test orders what happened while a request was out
//! ("request arrived", what the test did, "server answered") instead of timing it:
//! [`SlowServer`] announces the first request's arrival and holds every connection until
//! the test lets them go, drops the server or a minute has passed, then closes them
//! without a (whole) answer; [`HoldingProxy`] forwards to a real server but holds one
//! chosen request until let go; [`TricklingServer`] answers forever, a byte at a time.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch};

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

    fn first_request_was(&self, request: &[u8]) {
        let text = String::from_utf8_lossy(request);
        *self
            .first_request
            .lock()
            .unwrap_or_else(PoisonError::into_inner) =
            text.lines().next().unwrap_or_default().into();
    }
}

/// The test's side of a held request: when it arrived, what happened meanwhile.
#[derive(Debug)]
struct Watched {
    events: Arc<Events>,
    arrived: Mutex<Option<oneshot::Receiver<()>>>,
}

impl Watched {
    fn arrival(&self) -> oneshot::Receiver<()> {
        self.arrived
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
            .expect("the arrival is awaited once")
    }

    async fn until_request(&self) {
        self.arrival().await.expect("a request arrives");
    }

    fn events(&self) -> Vec<&'static str> {
        self.events
            .order
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn first_request(&self) -> String {
        self.events
            .first_request
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// The slow server.
#[derive(Debug)]
pub struct SlowServer {
    /// Its base URL.
    pub url: String,
    watched: Watched,
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
        let events = Arc::new(Events::default());
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
                            if request[..read].starts_with(prefix.as_bytes()) {
                                heard.first_request_was(&request[..read]);
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
            watched: Watched {
                events,
                arrived: Mutex::new(Some(until_arrived)),
            },
            release: Mutex::new(Some(release)),
        }
    }

    /// Waits until the first request has arrived.
    pub async fn until_request(&self) {
        self.watched.until_request().await;
    }

    /// [`Self::until_request`], from a thread outside the runtime.
    pub fn until_request_blocking(&self) {
        self.watched
            .arrival()
            .blocking_recv()
            .expect("a request arrives");
    }

    /// Records that `what` happened now.
    pub fn note(&self, what: &'static str) {
        self.watched.events.push(what);
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
        self.watched.events()
    }

    /// The first request's line (e.g. `POST /v1/sync HTTP/1.1`).
    pub fn first_request(&self) -> String {
        self.watched.first_request()
    }
}

/// A proxy in front of a real server that forwards every connection, except that once
/// armed it holds the next one whose request starts with a prefix (e.g. `PUT `, a
/// document's upload to the blob store) until the test lets it go, and then forwards
/// it too. Its log reads "request arrived", what the test noted, "request went on".
#[derive(Debug)]
pub struct HoldingProxy {
    /// Its base URL, `http://127.0.0.1:<port>`.
    pub url: String,
    watched: Watched,
    armed: Arc<Mutex<Option<Armed>>>,
    release: watch::Sender<bool>,
}

impl HoldingProxy {
    /// Starts forwarding to `target` (`host:port`), holding nothing yet.
    pub async fn start(target: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let events = Arc::new(Events::default());
        let armed = Arc::new(Mutex::new(None));
        let (release, released) = watch::channel(false);
        let (target, heard, trigger) = (target.to_owned(), events.clone(), armed.clone());
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let held = Held {
                    target: target.clone(),
                    events: heard.clone(),
                    armed: trigger.clone(),
                    released: released.clone(),
                };
                tokio::spawn(held.forward(client));
            }
        });
        let (_, never) = oneshot::channel();
        Self {
            url,
            watched: Watched {
                events,
                arrived: Mutex::new(Some(never)),
            },
            armed,
            release,
        }
    }

    /// Holds the next connection whose request starts with `prefix`.
    pub fn hold_next(&self, prefix: &'static str) {
        let (arrived, until_arrived) = oneshot::channel();
        *self.armed.lock().unwrap_or_else(PoisonError::into_inner) = Some((prefix, arrived));
        *self
            .watched
            .arrived
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(until_arrived);
    }

    /// Waits until the held request has arrived.
    pub async fn until_request(&self) {
        self.watched.until_request().await;
    }

    /// Records that `what` happened now.
    pub fn note(&self, what: &'static str) {
        self.watched.events.push(what);
    }

    /// Lets the held request go on to the target.
    pub fn release(&self) {
        let _ = self.release.send(true);
    }

    /// What happened, in order.
    pub fn events(&self) -> Vec<&'static str> {
        self.watched.events()
    }

    /// The held request's line (e.g. `PUT /bucket/key HTTP/1.1`).
    pub fn first_request(&self) -> String {
        self.watched.first_request()
    }
}

/// The prefix of the request to hold next, and whom to tell when it arrives.
type Armed = (&'static str, oneshot::Sender<()>);

/// One connection through a [`HoldingProxy`].
struct Held {
    target: String,
    events: Arc<Events>,
    armed: Arc<Mutex<Option<Armed>>>,
    released: watch::Receiver<bool>,
}

impl Held {
    async fn forward(mut self, mut client: TcpStream) {
        let mut first = vec![0u8; 64 * 1024];
        let read = match client.read(&mut first).await {
            Ok(0) | Err(_) => return,
            Ok(read) => read,
        };
        let arrived = {
            let mut armed = self.armed.lock().unwrap_or_else(PoisonError::into_inner);
            match armed.take() {
                Some((prefix, arrived)) if first[..read].starts_with(prefix.as_bytes()) => {
                    Some(arrived)
                }
                other => {
                    *armed = other;
                    None
                }
            }
        };
        if let Some(arrived) = arrived {
            self.events.first_request_was(&first[..read]);
            self.events.push("request arrived");
            let _ = arrived.send(());
            let _ = tokio::time::timeout(HOLDS_FOR_AT_MOST, self.released.wait_for(|go| *go)).await;
            self.events.push("request went on");
        }
        let Ok(mut upstream) = TcpStream::connect(&self.target).await else {
            return;
        };
        if upstream.write_all(&first[..read]).await.is_ok() {
            let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
        }
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
