//! What an operator's Prometheus scrapes from a running server: the sync path, the
//! cache, live feeds and the audit queue, on a listener of their own, naming no patient,
//! user or device.

use std::time::Duration;

use bedside_tests::replica::ServerProcess;
use bedside_tests::server::TestServer;
use bedside_tests::workstation::{TestWorkstation, WARD, deteriorating, new_patient};

/// The value of the first series of `metric` whose labels include every one of
/// `labels` (`key="value"`), if the scrape has it.
fn value(scrape: &str, metric: &str, labels: &[&str]) -> Option<f64> {
    scrape
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter(|line| {
            line.strip_prefix(metric)
                .is_some_and(|rest| rest.starts_with('{') || rest.starts_with(' '))
        })
        .find(|line| labels.iter().all(|label| line.contains(label)))
        .and_then(|line| line.rsplit(' ').next()?.parse().ok())
}

/// Every run of hex digits and dashes shaped like a UUID (8-4-4-4-12) in `text`.
fn uuid_shaped(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_ascii_hexdigit() || c == '-'))
        .filter(|word| {
            let parts: Vec<usize> = word.split('-').map(str::len).collect();
            parts == [8, 4, 4, 4, 12]
        })
        .collect()
}

async fn scrape(process: &ServerProcess) -> String {
    reqwest::get(format!("{}/metrics", process.metrics_url))
        .await
        .expect("the metrics listener answers")
        .text()
        .await
        .expect("a text body")
}

#[tokio::test]
async fn metrics_show_the_sync_path_on_their_own_listener_and_never_who() {
    let server = TestServer::start().await;
    let database = server.database_url.clone().expect("the harness's database");
    let process = ServerProcess::start(&database).await;
    let replica = server.replica_at(&process.url);
    let mut a = TestWorkstation::new("Dr Metered");
    let username = a.join(&replica).await;
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Metered", WARD))
            .unwrap();
    a.ws.charts()
        .record_vitals(patient, deteriorating())
        .unwrap();
    a.sync(&replica).await;
    let (status, _) = a.get(&replica, &format!("/v1/patients/{patient}")).await;
    assert_eq!(status, 200);
    let feed =
        a.ws.link()
            .http()
            .unwrap()
            .get(format!("{}/v1/live", replica.url))
            .bearer_auth(a.ws.link().access_token().unwrap())
            .send()
            .await
            .unwrap();
    assert_eq!(feed.status(), 200);

    // The sealer and the sampler run every second: their gauges appear within seconds.
    let mut text = scrape(&process).await;
    for _ in 0..100 {
        if value(&text, "bedside_audit_unsealed_rows", &[]).is_some()
            && value(&text, "bedside_live_feeds_open", &[]).is_some_and(|n| n >= 1.0)
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        text = scrape(&process).await;
    }
    let at_least_one = [
        (
            "bedside_http_requests_total",
            &["method=\"POST\"", "route=\"/v1/sync\"", "status=\"200\""][..],
        ),
        (
            "bedside_http_request_duration_seconds_count",
            &["route=\"/v1/patients/{id}\""],
        ),
        ("bedside_sync_documents_total", &["outcome=\"applied\""]),
        ("bedside_sync_offered_documents_count", &[]),
        ("bedside_sync_commit_seconds_count", &[]),
        ("bedside_sync_lock_wait_seconds_count", &[]),
        ("bedside_sync_settle_wait_seconds_count", &[]),
        ("bedside_cache_lookups_total", &["result=\"miss\""]),
        ("bedside_live_feeds_open", &[]),
        // The process's own, as every Prometheus target exports them.
        ("process_resident_memory_bytes", &[]),
        ("process_open_fds", &[]),
        ("process_max_fds", &[]),
        ("process_start_time_seconds", &[]),
    ];
    for (metric, labels) in at_least_one {
        let seen = value(&text, metric, labels);
        assert!(
            seen.is_some_and(|n| n >= 1.0),
            "{metric} {labels:?} is at least 1, was {seen:?}:\n{text}"
        );
    }
    for (metric, labels) in [
        ("bedside_audit_unsealed_rows", &[][..]),
        ("bedside_db_connections", &["state=\"idle\""]),
        ("bedside_db_connections", &["state=\"in_use\""]),
        ("bedside_cache_documents", &[]),
    ] {
        assert!(value(&text, metric, labels).is_some(), "{metric}: {text}");
    }
    assert!(
        text.contains("bedside_sync_commit_seconds_bucket{le=\"0.005\"}"),
        "times are histograms with buckets: {text}"
    );

    assert!(
        uuid_shaped(&text).is_empty(),
        "no identifier of a patient, user, device or request: {:?}",
        uuid_shaped(&text)
    );
    assert!(!text.contains(&username));
    assert!(!text.contains("Metered"));

    let on_api = reqwest::get(format!("{}/metrics", replica.url))
        .await
        .unwrap()
        .status();
    assert_eq!(on_api, 404, "the clinical API does not serve the metrics");
    drop(feed);
}
