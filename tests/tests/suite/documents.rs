//! Patient documents end to end, against the folder store the server serves itself and
//! against a real S3-compatible server (s3s-fs, which checks signatures and expiry):
//! offline capture, upload, opening on another workstation, URL expiry and tampering,
//! scope, hash checks, resumed and duplicate uploads, the preop limit, deletion with
//! garbage collection, stamps and limits.

use std::time::{Duration, SystemTime};

use bedside_client::NewDocument;
use bedside_server::blobstore::BlobStore;
use bedside_server::services::documents::collect_garbage;
use bedside_shared::access::{DeviceProfile, Role};
use bedside_shared::chart::{self as chart_doc, Clinical, DocumentRef};
use bedside_shared::chart::{DocumentCategory, blob_key};
use bedside_shared::sync::{Hash, Outcome, offer};
use bedside_shared::{DocId, PatientId, RecordId};
use bedside_tests::proxy::CutProxy;
use bedside_tests::s3::S3Server;
use bedside_tests::server::TestServer;
use bedside_tests::workstation::{TestWorkstation, WARD, new_patient};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use sqlx_core::query_scalar::query_scalar;

const MARKER: &str = "Xqzdocumentmarker";

fn report(category: DocumentCategory, text: &str) -> NewDocument {
    NewDocument {
        category,
        file_name: "potassium.txt".into(),
        mime_type: "text/plain".into(),
        bytes: format!("{MARKER} {text}\n").repeat(100).into_bytes(),
        replace_oldest: false,
    }
}

/// A PNG photo of `width` × `height` pixels, different for each `seed`.
fn photo(width: u32, height: u32, seed: u8) -> NewDocument {
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x as u8) ^ seed, (y as u8).wrapping_mul(3), seed])
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    picture
        .write_to(&mut bytes, image::ImageFormat::Png)
        .unwrap();
    NewDocument {
        category: DocumentCategory::Preop,
        file_name: format!("site-{seed}.png"),
        mime_type: "image/png".into(),
        bytes: bytes.into_inner(),
        replace_oldest: false,
    }
}

/// `size` bytes that do not compress or repeat.
fn scan(size: usize) -> NewDocument {
    let mut bytes = Vec::with_capacity(size);
    let mut block = Sha256::digest(b"scan").to_vec();
    while bytes.len() < size {
        block = Sha256::digest(&block).to_vec();
        bytes.extend_from_slice(&block);
    }
    bytes.truncate(size);
    NewDocument {
        category: DocumentCategory::Radiology,
        file_name: "chest.pdf".into(),
        mime_type: "application/pdf".into(),
        bytes,
        replace_oldest: false,
    }
}

fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// POSTs `body` to `path` as `ws`'s session: status and JSON answer.
async fn post(server: &TestServer, ws: &TestWorkstation, path: &str, body: Value) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}{path}", server.url))
        .bearer_auth(ws.ws.link().access_token().unwrap())
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

async fn audited(server: &TestServer, action: &str) -> i64 {
    query_scalar("SELECT count(*) FROM audit_log WHERE action = $1")
        .bind(action)
        .fetch_one(&server.state.pool)
        .await
        .unwrap()
}

/// A ward doctor with a registered, synced patient.
async fn ward_with_patient(server: &TestServer) -> (TestWorkstation, PatientId) {
    let mut a = TestWorkstation::new("Dr Adams");
    a.join(server).await;
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Docs", WARD))
            .unwrap();
    a.sync(server).await;
    (a, patient)
}

/// Captures a report and a photo offline, uploads them when the server is back, opens
/// them on another workstation. Returns the running server and the document ids.
async fn round_trip(server: TestServer) -> (TestServer, Vec<String>) {
    let (mut a, patient) = ward_with_patient(&server).await;
    let state = server.stop().await;

    let lab_file = report(DocumentCategory::Lab, "K 4.1 mmol/L");
    let photo_file = photo(640, 480, 7);
    let lab =
        a.ws.documents()
            .capture_document(patient, lab_file.clone())
            .unwrap();
    let picture =
        a.ws.documents()
            .capture_document(patient, photo_file.clone())
            .unwrap();
    assert_eq!(
        a.ws.documents().uploads_waiting().unwrap().len(),
        3,
        "the report, the photo and its thumbnail wait offline"
    );
    let tiles = a.ws.documents().document_tiles(patient).unwrap();
    let count = |c: DocumentCategory| tiles.iter().find(|t| t.category == c).unwrap().count;
    assert_eq!(
        (count(DocumentCategory::Lab), count(DocumentCategory::Preop)),
        (1, 1)
    );
    assert_eq!(count(DocumentCategory::Discharge), 0, "empty tiles too");
    for entry in walk(&a.dir()) {
        let bytes = std::fs::read(&entry).unwrap();
        assert!(
            !bytes.windows(MARKER.len()).any(|w| w == MARKER.as_bytes()),
            "{} holds the document in plain text",
            entry.display()
        );
    }

    let server = TestServer::serve(state).await;
    a.sync(&server).await;
    assert!(
        a.ws.documents().uploads_waiting().unwrap().is_empty(),
        "all uploaded"
    );
    assert_eq!(audited(&server, "document_upload").await, 3);

    let mut b = TestWorkstation::new("Nurse Bello");
    b.join(&server).await;
    b.sync(&server).await;
    let opened =
        b.ws.documents()
            .open_document(&server.url, patient, lab, false)
            .await
            .unwrap();
    assert_eq!(
        opened, lab_file.bytes,
        "identical bytes on the other workstation"
    );
    let full =
        b.ws.documents()
            .open_document(&server.url, patient, picture, false)
            .await
            .unwrap();
    assert_eq!(full, photo_file.bytes);
    let thumb =
        b.ws.documents()
            .open_document(&server.url, patient, picture, true)
            .await
            .unwrap();
    let small = image::load_from_memory(&thumb).unwrap();
    assert!(small.width() <= 256 && small.height() <= 256);
    assert_eq!(audited(&server, "document_download").await, 3);
    let tiles = b.ws.documents().document_tiles(patient).unwrap();
    assert_eq!(tiles.iter().map(|t| t.count).sum::<usize>(), 2);
    let (status, served_tiles) = b
        .get(&server, &format!("/v1/patients/{patient}/documents"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(served_tiles.as_array().unwrap().len(), 7, "{served_tiles}");
    assert!(
        served_tiles
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["category"] == "lab" && t["count"] == 1)
    );

    // Opened once, a document stays readable offline (encrypted).
    let state = server.stop().await;
    let again =
        b.ws.documents()
            .open_document("http://127.0.0.1:9", patient, lab, false)
            .await
            .unwrap();
    assert_eq!(again, lab_file.bytes);
    let server = TestServer::serve(state).await;
    let ids = [lab, picture].map(|id| id.to_string()).to_vec();
    (server, ids)
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[tokio::test]
async fn documents_captured_offline_open_on_another_workstation_from_the_folder_store() {
    let (server, _) = round_trip(TestServer::start().await).await;
    let Some(BlobStore::Folder(_)) = server.state.blobs.as_deref() else {
        panic!("the default store is the folder");
    };
}

#[tokio::test]
async fn documents_captured_offline_open_on_another_workstation_from_s3() {
    let s3 = S3Server::start().await;
    let server = TestServer::start_with(s3.settings(&s3.endpoint)).await;
    let (server, _) = round_trip(server).await;
    let keys = s3.keys();
    assert_eq!(keys.len(), 3, "{keys:?}");
    let stored: Vec<String> = query_scalar("SELECT sha256 FROM blobs ORDER BY sha256")
        .fetch_all(&server.state.pool)
        .await
        .unwrap();
    let mut expected: Vec<String> = stored.iter().map(|s| blob_key(s)).collect();
    expected.sort();
    assert_eq!(
        keys, expected,
        "keys are content addresses and nothing else"
    );

    // The S3 server checks presigned URLs: a changed signature or path and an expired
    // URL are refused.
    let Some(BlobStore::S3(bucket)) = server.state.blobs.as_deref() else {
        panic!("the S3 store");
    };
    let http = reqwest::Client::new();
    let key = &expected[0];
    let fresh = bucket
        .presign_get_for(key, SystemTime::now(), Duration::from_secs(900))
        .await
        .unwrap();
    let status = http.get(&fresh.url).send().await.unwrap().status().as_u16();
    assert_eq!(status, 200);
    let other_key = fresh.url.replace(key.as_str(), &expected[1]);
    let signature = fresh.url.find("X-Amz-Signature=").unwrap() + "X-Amz-Signature=".len();
    let mut forged = fresh.url.clone();
    let flipped = if &forged[signature..signature + 1] == "0" {
        "1"
    } else {
        "0"
    };
    forged.replace_range(signature..signature + 1, flipped);
    for tampered in [other_key, forged] {
        let status = http.get(&tampered).send().await.unwrap().status().as_u16();
        assert_eq!(status, 403, "{tampered}");
    }
    // Signed ten minutes ago for one minute: expired by the S3 server's own clock.
    let issued = SystemTime::now() - Duration::from_secs(600);
    let brief = bucket
        .presign_get_for(key, issued, Duration::from_secs(60))
        .await
        .unwrap();
    let status = http.get(&brief.url).send().await.unwrap().status().as_u16();
    assert_eq!(status, 403, "an expired URL is refused");
    let lasting = bucket
        .presign_get_for(key, issued, Duration::from_secs(900))
        .await
        .unwrap();
    let status = http
        .get(&lasting.url)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16();
    assert_eq!(
        status, 200,
        "a URL signed earlier works until its lifetime ends"
    );
}

#[tokio::test]
async fn urls_expire_refuse_tampering_and_reach_only_the_patients_scope() {
    let server = TestServer::start().await;
    let (mut a, patient) = ward_with_patient(&server).await;
    let file = report(DocumentCategory::Lab, "Na 139");
    a.ws.documents()
        .capture_document(patient, file.clone())
        .unwrap();
    a.sync(&server).await;
    let hex = sha(&file.bytes);
    let ask = json!({"patient_id": patient, "sha256": hex});

    let (status, answer) = post(&server, &a, "/v1/documents/download", ask.clone()).await;
    assert_eq!(status, 200, "{answer}");
    let url = answer["url"].as_str().unwrap().to_owned();
    assert!(
        !url.contains(&patient.to_string()) && url.contains(&format!("sha256/{hex}")),
        "the URL names the content, never the patient: {url}"
    );
    let http = reqwest::Client::new();
    let fetched = http.get(&url).send().await.unwrap();
    assert_eq!(fetched.status().as_u16(), 200);
    assert_eq!(fetched.bytes().await.unwrap().to_vec(), file.bytes);

    let flipped = {
        let last = url.chars().last().unwrap();
        let other = if last == '0' { '1' } else { '0' };
        format!("{}{other}", &url[..url.len() - 1])
    };
    let later = url.replace("expires=", "expires=1");
    for tampered in [flipped, later] {
        let refused = http.get(&tampered).send().await.unwrap();
        assert_eq!(refused.status().as_u16(), 403, "{tampered}");
        let body: Value = refused.json().await.unwrap();
        assert_eq!(body["error"]["code"], "FORBIDDEN");
    }
    let Some(BlobStore::Folder(folder)) = server.state.blobs.as_deref() else {
        panic!("the folder store");
    };
    let past = time::OffsetDateTime::now_utc() - time::Duration::seconds(5);
    let expired = folder.presign_until(&server.url, "GET", &format!("objects/sha256/{hex}"), past);
    let refused = http.get(&expired.url).send().await.unwrap();
    assert_eq!(refused.status().as_u16(), 403, "an expired URL is refused");

    let outsider = TestWorkstation::on(
        &server,
        "Dr Far",
        &["ICU"],
        DeviceProfile::WardWorkstation,
        &[Role::Doctor],
    )
    .await;
    let (status, body) = post(&server, &outsider, "/v1/documents/download", ask.clone()).await;
    assert_eq!(
        status, 404,
        "another ward's patient does not exist for them: {body}"
    );
    let (status, _) = post(
        &server,
        &outsider,
        "/v1/documents/upload",
        json!({"patient_id": patient, "sha256": hex, "size": file.bytes.len()}),
    )
    .await;
    assert_eq!(status, 404);
    let clerk = TestWorkstation::on(
        &server,
        "Clerk",
        &[WARD],
        DeviceProfile::FrontDesk,
        &[Role::Clerk],
    )
    .await;
    let (status, _) = post(&server, &clerk, "/v1/documents/download", ask).await;
    assert_eq!(status, 403, "clerks read no clinical documents");
}

/// Document `id`'s bytes as a colleague's new workstation opens them.
async fn opened_elsewhere(server: &TestServer, patient: PatientId, id: RecordId) -> Vec<u8> {
    let mut b = TestWorkstation::new("Nurse Bello");
    b.join(server).await;
    b.sync(server).await;
    b.ws.documents()
        .open_document(&server.url, patient, id, false)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_scan_larger_than_a_part_uploads_in_parts_to_the_folder_store() {
    let server = TestServer::start().await;
    let (mut a, patient) = ward_with_patient(&server).await;
    let big = scan(20 * 1024 * 1024);
    let id =
        a.ws.documents()
            .capture_document(patient, big.clone())
            .unwrap();
    a.sync(&server).await;
    assert_eq!(
        a.ws.documents().uploads_waiting().unwrap(),
        [],
        "the scan went in three parts, joined by the store"
    );
    let opened = opened_elsewhere(&server, patient, id).await;
    assert!(opened == big.bytes, "the joined parts are the scan");
}

#[tokio::test]
async fn an_interrupted_upload_resumes_and_bytes_must_match_their_hash() {
    let s3 = S3Server::start().await;
    let proxy = CutProxy::start(s3.endpoint.trim_start_matches("http://")).await;
    let server = TestServer::start_with(s3.settings(&proxy.url)).await;
    let (mut a, patient) = ward_with_patient(&server).await;
    let big = scan(20 * 1024 * 1024);
    let id =
        a.ws.documents()
            .capture_document(patient, big.clone())
            .unwrap();

    proxy.cut_after(12 * 1024 * 1024);
    a.sync(&server).await;
    assert!(proxy.was_cut(), "the network went during the upload");
    assert_eq!(
        a.ws.documents().uploads_waiting().unwrap().len(),
        1,
        "the scan still waits"
    );

    proxy.heal();
    let before = proxy.uploaded();
    a.sync(&server).await;
    assert!(a.ws.documents().uploads_waiting().unwrap().is_empty());
    // The proxy also carries the server's own write of the checked scan to its content
    // address (20 MiB); resending every part would add 20 MiB more.
    let resent = proxy.uploaded() - before - big.bytes.len() as u64;
    assert!(
        resent < 13 * 1024 * 1024,
        "only the parts the store lacked were sent again ({resent} bytes)"
    );
    let opened = opened_elsewhere(&server, patient, id).await;
    assert!(opened == big.bytes, "the joined parts are the scan");

    // A reference whose blob has not arrived: the network is gone as the upload starts.
    let small = report(DocumentCategory::Lab, "Hb 131 g/L");
    a.ws.documents()
        .capture_document(patient, small.clone())
        .unwrap();
    proxy.cut_after(0);
    a.sync(&server).await;
    proxy.heal();
    let hex = sha(&small.bytes);
    let body = json!({"patient_id": patient, "sha256": hex, "size": small.bytes.len()});
    let (status, plan) = post(&server, &a, "/v1/documents/upload", body).await;
    assert_eq!(
        (status, plan["state"].as_str()),
        (200, Some("single")),
        "{plan}"
    );
    let mut forged = small.bytes.clone();
    forged[0] ^= 1;
    let put = reqwest::Client::new()
        .put(plan["url"].as_str().unwrap())
        .body(forged)
        .send()
        .await
        .unwrap();
    assert!(
        put.status().is_success(),
        "the store takes any bytes at that address"
    );
    let (status, refused) = post(
        &server,
        &a,
        "/v1/documents/complete",
        json!({"patient_id": patient, "sha256": hex}),
    )
    .await;
    assert_eq!(status, 400, "{refused}");
    assert!(
        !s3.keys().contains(&blob_key(&hex)),
        "the wrong bytes were deleted from the store"
    );
    a.sync(&server).await;
    assert!(
        a.ws.documents().uploads_waiting().unwrap().is_empty(),
        "the real bytes went"
    );
    assert!(s3.keys().contains(&blob_key(&hex)));
}

#[tokio::test]
async fn a_blob_the_store_holds_is_not_uploaded_again() {
    let server = TestServer::start().await;
    let (mut a, patient) = ward_with_patient(&server).await;
    let file = report(DocumentCategory::Discharge, "Home with oral antibiotics");
    a.ws.documents()
        .capture_document(patient, file.clone())
        .unwrap();
    a.sync(&server).await;
    let mut b = TestWorkstation::new("Nurse Bello");
    b.join(&server).await;
    b.sync(&server).await;
    b.ws.documents().capture_document(patient, file).unwrap();
    b.sync(&server).await;
    assert!(b.ws.documents().uploads_waiting().unwrap().is_empty());
    assert_eq!(
        audited(&server, "document_upload").await,
        1,
        "the second copy was present already"
    );
}

#[tokio::test]
async fn preop_keeps_three_images_and_replaces_the_oldest_on_request() {
    let server = TestServer::start().await;
    let (mut a, patient) = ward_with_patient(&server).await;
    let first =
        a.ws.documents()
            .capture_document(patient, photo(64, 64, 1))
            .unwrap();
    a.ws.documents()
        .capture_document(patient, photo(64, 64, 2))
        .unwrap();
    a.sync(&server).await;
    let mut b = TestWorkstation::new("Nurse Bello");
    b.join(&server).await;
    b.sync(&server).await;

    a.ws.documents()
        .capture_document(patient, photo(64, 64, 3))
        .unwrap();
    let refused = a.ws.documents().capture_document(patient, photo(64, 64, 4));
    assert!(
        matches!(&refused, Err(bedside_client::Error::Invalid(m)) if m.contains("at most 3")),
        "{refused:?}"
    );
    let replacing = NewDocument {
        replace_oldest: true,
        ..photo(64, 64, 4)
    };
    a.ws.documents()
        .capture_document(patient, replacing)
        .unwrap();
    let documents = a.ws.documents().of(patient).unwrap();
    let oldest = documents
        .iter()
        .find(|d| d.record_id == first.to_string())
        .unwrap();
    assert!(
        oldest.record.deleted.is_some(),
        "the oldest is marked deleted, kept"
    );
    let live = documents.iter().filter(|d| d.record.is_live()).count();
    assert_eq!(live, 3);
    a.sync(&server).await;

    // Offline, the nurse adds a third image of her own: the merge would hold four.
    b.ws.documents()
        .capture_document(patient, photo(64, 64, 5))
        .unwrap();
    b.sync(&server).await;
    assert_eq!(
        b.ws.store().quarantine(None).unwrap().len(),
        1,
        "the server refused the fourth image; it is set aside, not lost"
    );
    let (_, chart) = a.get(&server, &format!("/v1/patients/{patient}")).await;
    let live = chart["clinical"]["documents"]
        .as_object()
        .unwrap()
        .values()
        .filter(|d| d["deleted"].is_null())
        .count();
    assert_eq!(live, 3);
}

#[tokio::test]
async fn deleted_documents_leave_the_store_when_nothing_references_them() {
    let server = TestServer::start().await;
    let (mut a, patient) = ward_with_patient(&server).await;
    let picture = photo(300, 200, 9);
    let shared_file = report(DocumentCategory::Postop, "Wound clean");
    let photo_id =
        a.ws.documents()
            .capture_document(patient, picture.clone())
            .unwrap();
    let first =
        a.ws.documents()
            .capture_document(patient, shared_file.clone())
            .unwrap();
    a.ws.documents()
        .capture_document(patient, shared_file.clone())
        .unwrap();
    a.sync(&server).await;
    let store = server.state.blobs.clone().unwrap();
    let thumb =
        a.ws.documents()
            .of(patient)
            .unwrap()
            .into_iter()
            .find(|d| d.record_id == photo_id.to_string())
            .unwrap()
            .record
            .thumbnail_sha256
            .unwrap();
    let held = |hex: String| {
        let store = store.clone();
        async move { store.size(&blob_key(&hex)).await.unwrap().is_some() }
    };
    assert!(held(sha(&picture.bytes)).await && held(thumb.clone()).await);

    a.ws.documents().delete_document(patient, photo_id).unwrap();
    a.ws.documents().delete_document(patient, first).unwrap();
    a.sync(&server).await;
    // Kept through the grace period (a chart restored from a backup may refer to them).
    assert_eq!(collect_garbage(&server.state).await.unwrap(), 0);
    server.clock().advance(time::Duration::days(34));
    assert_eq!(collect_garbage(&server.state).await.unwrap(), 0);
    assert!(
        held(sha(&picture.bytes)).await,
        "kept within the grace period"
    );
    server.clock().advance(time::Duration::days(2));
    assert_eq!(collect_garbage(&server.state).await.unwrap(), 2);
    assert!(!held(sha(&picture.bytes)).await, "the photo is gone");
    assert!(!held(thumb).await, "and its thumbnail");
    assert!(
        held(sha(&shared_file.bytes)).await,
        "a blob another live reference points at stays"
    );
    let tiles = a.ws.documents().document_tiles(patient).unwrap();
    assert_eq!(tiles.iter().map(|t| t.count).sum::<usize>(), 1);
    let kept = a.ws.documents().of(patient).unwrap();
    assert_eq!(
        kept.len(),
        3,
        "deleted references stay in the chart's history"
    );
}

#[tokio::test]
async fn reports_gather_stamps_from_everyone_and_limits_are_clear() {
    let mut settings = bedside_server::config::DocumentSettings::default();
    let dir = tempfile::tempdir().unwrap();
    settings.store = bedside_server::config::BlobStoreSettings::Folder {
        dir: dir.path().to_owned(),
    };
    settings.max_bytes = 2_000;
    let server = TestServer::start_with(settings).await;
    let (mut a, patient) = ward_with_patient(&server).await;
    let small = NewDocument {
        bytes: b"Creatinine 71 umol/L".to_vec(),
        ..report(DocumentCategory::Lab, "")
    };
    let lab = a.ws.documents().capture_document(patient, small).unwrap();
    a.sync(&server).await;
    let mut b = TestWorkstation::new("Nurse Bello");
    b.join(&server).await;
    b.sync(&server).await;
    a.ws.documents()
        .stamp_document(patient, lab, "Reviewed, normal")
        .unwrap();
    b.ws.documents()
        .stamp_document(patient, lab, "Seen on the round")
        .unwrap();
    a.sync(&server).await;
    b.sync(&server).await;
    a.sync(&server).await;
    for ws in [&a, &b] {
        let stamps = &ws.ws.documents().of(patient).unwrap()[0].record.stamps;
        let statements: Vec<&str> = stamps.iter().map(|s| s.statement.as_str()).collect();
        assert_eq!(statements.len(), 2, "both stamps kept: {statements:?}");
    }
    assert!(b.ws.store().quarantine(None).unwrap().is_empty());
    let picture =
        a.ws.documents()
            .capture_document(patient, photo(32, 32, 3))
            .unwrap();
    assert!(
        a.ws.documents()
            .stamp_document(patient, picture, "Looks fine")
            .is_err(),
        "only lab and radiology reports take stamps"
    );

    let too_big =
        a.ws.documents()
            .capture_document(patient, scan(51 * 1024 * 1024));
    assert!(matches!(too_big, Err(bedside_client::Error::Invalid(m)) if m.contains("50 MiB")));
    let zip = NewDocument {
        mime_type: "application/zip".into(),
        ..report(DocumentCategory::Lab, "x")
    };
    let refused = a.ws.documents().capture_document(patient, zip);
    assert!(
        matches!(refused, Err(bedside_client::Error::Invalid(m)) if m.contains("not accepted"))
    );

    // This server takes at most 2000 bytes: the report (3000+) is refused with a reason.
    a.ws.documents()
        .capture_document(patient, report(DocumentCategory::Lab, "Mg 0.8"))
        .unwrap();
    a.sync(&server).await;
    let waiting = a.ws.documents().uploads_waiting().unwrap();
    let refusals: Vec<&String> = waiting.iter().filter_map(|(_, f)| f.as_ref()).collect();
    assert!(
        refusals.iter().any(|f| f.contains("limited to 2000 bytes")),
        "{waiting:?}"
    );
}

/// Attaches a lab report with `bytes` to `patient`'s chart as a modified workstation
/// could, without the workstation's own upload: the test holds the upload URL.
async fn attach_raw(server: &TestServer, ws: &TestWorkstation, patient: PatientId, bytes: &[u8]) {
    let id = DocId::clinical(patient);
    let mut doc = ws.doc(&id).unwrap();
    let acked: Vec<Hash> = doc.get_heads().into_iter().map(Hash::from).collect();
    chart_doc::update(&mut doc, |c: &mut Clinical| {
        c.attach_document(DocumentRef {
            category: DocumentCategory::Lab,
            file_name: "potassium.pdf".into(),
            mime_type: "application/pdf".into(),
            size: bytes.len() as u64,
            sha256: sha(bytes),
            thumbnail_sha256: None,
            uploaded_by: "Dr Adams".into(),
            captured_at: "2026-11-23T08:00:00Z".into(),
            stamps: Vec::new(),
            deleted: None,
        })
    })
    .unwrap();
    let answer = ws
        .post_sync(server, vec![offer(id, &mut doc, &acked)])
        .await
        .unwrap();
    assert_eq!(answer.replies[0].outcome, Outcome::Accepted);
}

/// Uploads `right` through a URL, completes, then writes `wrong` through the same URL
/// within its lifetime: the verified blob must not change.
async fn a_verified_blob_never_changes(server: &TestServer) {
    let (a, patient) = ward_with_patient(server).await;
    let right = b"%PDF-1.4 K 4.1 mmol/L".to_vec();
    attach_raw(server, &a, patient, &right).await;
    let hex = sha(&right);
    let ask = json!({"patient_id": patient, "sha256": hex, "size": right.len()});
    let (status, plan) = post(server, &a, "/v1/documents/upload", ask.clone()).await;
    assert_eq!(
        (status, plan["state"].as_str()),
        (200, Some("single")),
        "{plan}"
    );
    let url = plan["url"].as_str().unwrap().to_owned();
    let http = reqwest::Client::new();
    assert!(
        http.put(&url)
            .body(right.clone())
            .send()
            .await
            .unwrap()
            .status()
            .is_success()
    );
    let done = json!({"patient_id": patient, "sha256": hex});
    let (status, present) = post(server, &a, "/v1/documents/complete", done.clone()).await;
    assert_eq!(
        (status, present["state"].as_str()),
        (200, Some("present")),
        "{present}"
    );

    // The same URL, still within its 15 minutes, with other bytes.
    let mut wrong = right.clone();
    wrong[10] ^= 1;
    let _ = http.put(&url).body(wrong).send().await.unwrap();
    let (status, again) = post(server, &a, "/v1/documents/complete", done).await;
    assert_eq!((status, again["state"].as_str()), (200, Some("present")));
    let (status, link) = post(
        server,
        &a,
        "/v1/documents/download",
        json!({"patient_id": patient, "sha256": hex}),
    )
    .await;
    assert_eq!(status, 200, "{link}");
    let got = http
        .get(link["url"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(
        got.as_ref() == right.as_slice(),
        "a verified blob never changes, whatever an upload URL writes afterwards"
    );
    // What the URL wrote waits as a staged upload nobody reads, until it is swept.
    let store = server.state.blobs.as_deref().expect("a blob store");
    let swept = store.sweep_staged(Duration::ZERO).await.unwrap();
    assert_eq!(swept, 1, "the late write is swept; the checked blob stays");
    let (status, _) = post(
        server,
        &a,
        "/v1/documents/download",
        json!({"patient_id": patient, "sha256": hex}),
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_verified_blob_never_changes_through_its_upload_url_in_the_folder_store() {
    a_verified_blob_never_changes(&TestServer::start().await).await;
}

#[tokio::test]
async fn a_verified_blob_never_changes_through_its_upload_url_in_s3() {
    let s3 = S3Server::start().await;
    let server = TestServer::start_with(s3.settings(&s3.endpoint)).await;
    a_verified_blob_never_changes(&server).await;
}

#[tokio::test]
async fn a_damaged_blob_found_at_download_is_sent_again_by_a_workstation_that_holds_it() {
    let server = TestServer::start().await;
    let (mut a, patient) = ward_with_patient(&server).await;
    let file = report(DocumentCategory::Lab, "Na 139 mmol/L");
    let id =
        a.ws.documents()
            .capture_document(patient, file.clone())
            .unwrap();
    a.sync(&server).await;
    // The store's copy goes bad (a disk fault, or someone with access to the store).
    let store = server.state.blobs.as_deref().expect("a blob store");
    store
        .write(
            &blob_key(&sha(&file.bytes)),
            b"%PDF-1.4 not the report".to_vec(),
        )
        .await
        .unwrap();

    let mut b = TestWorkstation::new("Nurse Bello");
    b.join(&server).await;
    b.sync(&server).await;
    let refused =
        b.ws.documents()
            .open_document(&server.url, patient, id, false)
            .await
            .expect_err("wrong bytes are never shown as the report");
    assert!(
        refused.to_string().contains("damaged"),
        "the clinician is told why: {refused}"
    );
    assert_eq!(audited(&server, "document_checked").await, 1);

    // A still holds the report and sends it again at its next sync.
    a.sync(&server).await;
    let opened =
        b.ws.documents()
            .open_document(&server.url, patient, id, false)
            .await
            .unwrap();
    assert!(opened == file.bytes, "the report is whole again");
}
