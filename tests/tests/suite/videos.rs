//! Education videos: the curated catalog by ICD-10 code and keyword, the YouTube Data API
//! (a local stand-in speaking its shapes) with strict safe search, a cache, and the
//! catalog answering alone, saying why, when the provider fails.

use bedside_client::NewProblem;
use bedside_server::VideoSettings;
use bedside_shared::PatientId;
use bedside_shared::access::{DeviceProfile, Role};
use bedside_shared::education::Recommender;
use bedside_tests::server::TestServer;
use bedside_tests::workstation::{TestWorkstation, WARD, new_patient};
use bedside_tests::youtube::{Mode, StandIn};
use serde_json::Value;
use sqlx_core::query::query;

async fn videos(ws: &TestWorkstation, server: &TestServer, patient: PatientId) -> (u16, Value) {
    ws.get(server, &format!("/v1/patients/{patient}/education-videos"))
        .await
}

fn ids(answer: &Value) -> Vec<&str> {
    answer["videos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["video_id"].as_str().unwrap())
        .collect()
}

async fn ward_with_appendicitis(
    settings: VideoSettings,
) -> (TestServer, TestWorkstation, PatientId) {
    let plain = TestServer::start().await;
    let server = TestServer::serve(plain.stop().await.with_videos(settings)).await;
    let mut a = TestWorkstation::new("Dr Adams");
    a.join(&server).await;
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Video", WARD))
            .unwrap();
    a.ws.charts()
        .add_problem(
            patient,
            NewProblem {
                code: "K35.8".into(),
                text: "Acute appendicitis".into(),
                onset: None,
            },
        )
        .unwrap();
    a.sync(&server).await;
    (server, a, patient)
}

#[tokio::test]
async fn the_provider_is_searched_safely_cached_and_replaced_by_the_catalog_when_it_fails() {
    let youtube = StandIn::start().await;
    let settings = VideoSettings {
        api_key: Some("test-api-key".into()),
        api_url: youtube.url.clone(),
        cache_secs: 3600,
        timeout_ms: 500,
    };
    let (server, a, patient) = ward_with_appendicitis(settings).await;

    let (status, answer) = videos(&a, &server, patient).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["source"], "youtube");
    assert_eq!(
        ids(&answer),
        ["starter-appendicectomy", "vid00000001", "vid00000002"],
        "the catalog's video for K35 first, then the provider's"
    );
    let asked = youtube.last_query();
    let param = |name: &str| {
        asked
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(param("safeSearch"), Some("strict"));
    assert_eq!(param("videoEmbeddable"), Some("true"));
    assert_eq!(param("type"), Some("video"));
    assert_eq!(param("key"), Some("test-api-key"));
    let q = param("q").unwrap();
    assert!(q.contains("acute appendicitis"), "{q}");
    assert!(
        !q.contains("Video") && !q.contains(&patient.to_string()) && !q.contains("TMP-"),
        "the search carries no patient identifiers: {q}"
    );

    let (_, again) = videos(&a, &server, patient).await;
    assert_eq!(again["source"], "youtube_cache");
    assert_eq!(
        youtube.hits(),
        1,
        "a cached answer is reused within its lifetime"
    );

    for (mode, reason) in [
        (Mode::QuotaExceeded, "quota"),
        (Mode::Unavailable, "HTTP 503"),
        (Mode::Slow, "in time"),
    ] {
        query("UPDATE video_search_cache SET fetched_at = now() - interval '2 hours'")
            .execute(&server.state.pool)
            .await
            .unwrap();
        youtube.answer(mode);
        let (status, fallback) = videos(&a, &server, patient).await;
        assert_eq!(
            status, 200,
            "a provider failure is not the clinician's error"
        );
        assert_eq!(fallback["source"], "catalog", "{mode:?}");
        assert_eq!(ids(&fallback), ["starter-appendicectomy"]);
        let why = fallback["fallback_reason"].as_str().unwrap();
        assert!(why.contains(reason), "{mode:?}: {why}");
    }
}

#[tokio::test]
async fn without_a_key_the_catalog_answers_within_the_callers_reach() {
    let (server, a, patient) = ward_with_appendicitis(VideoSettings::default()).await;
    let (_, answer) = videos(&a, &server, patient).await;
    assert_eq!(answer["source"], "catalog");
    assert!(answer["fallback_reason"].is_null());
    assert_eq!(ids(&answer), ["starter-appendicectomy"]);

    // The workstation keeps the list for offline use and records what was shared.
    let mut a = a;
    let fetched =
        a.ws.charts()
            .education_videos(&server.url, patient)
            .await
            .unwrap();
    assert_eq!(
        (fetched.source, fetched.offline),
        (Recommender::Catalog, false)
    );
    let url = server.url.clone();
    let state = server.stop().await;
    let kept = a.ws.charts().education_videos(&url, patient).await.unwrap();
    assert!(kept.offline, "offline, the last list is shown");
    assert_eq!(kept.videos, fetched.videos);
    a.ws.charts().share_video(patient, &kept.videos[0]).unwrap();
    // The window opens only addresses from the kept list, offline too.
    let opened =
        a.ws.charts()
            .kept_video(patient, "starter-appendicectomy")
            .unwrap();
    assert_eq!(opened.url, kept.videos[0].url);
    assert!(matches!(
        a.ws.charts().kept_video(patient, "not-recommended"),
        Err(bedside_client::Error::NotFound("video"))
    ));
    let server = TestServer::serve(state).await;
    a.sync(&server).await;
    let stored = bedside_tests::server::stored_documents(&server.state).await;
    let clinical: bedside_shared::chart::Clinical =
        bedside_shared::chart::read(&stored[&bedside_shared::DocId::clinical(patient)]).unwrap();
    let shared: Vec<&str> = clinical
        .education
        .values()
        .map(|v| v.video_id.as_str())
        .collect();
    assert_eq!(
        shared,
        ["starter-appendicectomy"],
        "the chart records the video shared"
    );

    let clerk = TestWorkstation::on(
        &server,
        "Clerk Reyes",
        &[WARD],
        DeviceProfile::WardWorkstation,
        &[Role::Clerk],
    )
    .await;
    assert_eq!(videos(&clerk, &server, patient).await.0, 403);
    let medical = TestWorkstation::on(
        &server,
        "Dr Medical",
        &["MED-B"],
        DeviceProfile::WardWorkstation,
        &[Role::Doctor],
    )
    .await;
    assert_eq!(videos(&medical, &server, patient).await.0, 404);
}
