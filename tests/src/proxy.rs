//! A TCP proxy that loses the network on cue: it forwards to a target until a byte
//! budget of uploaded data is spent, then cuts every connection and refuses new ones
//! until healed. It counts what it carried, so a test can tell a resumed upload from
//! one that started over.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A running proxy.
#[derive(Debug, Clone)]
pub struct CutProxy {
    /// Its address, `http://127.0.0.1:<port>`.
    pub url: String,
    state: Arc<Shared>,
}

#[derive(Debug, Default)]
struct Shared {
    /// Bytes still allowed upstream before the cut (`u64::MAX`: no limit).
    budget: AtomicU64,
    cut: AtomicBool,
    uploaded: AtomicU64,
}

impl CutProxy {
    /// Starts forwarding to `target` (`host:port`) with no limit.
    pub async fn start(target: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let url = format!("http://{}", listener.local_addr().expect("bound"));
        let state = Arc::new(Shared::default());
        state.budget.store(u64::MAX, Ordering::SeqCst);
        let target = target.to_owned();
        let shared = state.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                if shared.cut.load(Ordering::SeqCst) {
                    continue;
                }
                let Ok(upstream) = TcpStream::connect(&target).await else {
                    continue;
                };
                tokio::spawn(carry(client, upstream, shared.clone()));
            }
        });
        Self { url, state }
    }

    /// Cuts the network once `bytes` more bytes have gone upstream.
    pub fn cut_after(&self, bytes: u64) {
        self.state.budget.store(bytes, Ordering::SeqCst);
    }

    /// Brings the network back with no limit.
    pub fn heal(&self) {
        self.state.budget.store(u64::MAX, Ordering::SeqCst);
        self.state.cut.store(false, Ordering::SeqCst);
    }

    /// True once the network was cut.
    pub fn was_cut(&self) -> bool {
        self.state.cut.load(Ordering::SeqCst)
    }

    /// Bytes carried upstream so far.
    pub fn uploaded(&self) -> u64 {
        self.state.uploaded.load(Ordering::SeqCst)
    }
}

async fn carry(client: TcpStream, upstream: TcpStream, shared: Arc<Shared>) {
    let (mut client_read, mut client_write) = client.into_split();
    let (mut up_read, mut up_write) = upstream.into_split();
    let down = tokio::spawn(async move {
        let _ = tokio::io::copy(&mut up_read, &mut client_write).await;
    });
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        if shared.cut.load(Ordering::SeqCst) {
            break;
        }
        let n = match client_read.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n as u64,
        };
        let budget = shared.budget.load(Ordering::SeqCst);
        let allowed = n.min(budget);
        if budget != u64::MAX {
            shared.budget.store(budget - allowed, Ordering::SeqCst);
        }
        if up_write.write_all(&buf[..allowed as usize]).await.is_err() {
            break;
        }
        shared.uploaded.fetch_add(allowed, Ordering::SeqCst);
        if allowed < n {
            shared.cut.store(true, Ordering::SeqCst);
            break;
        }
    }
    down.abort();
}
