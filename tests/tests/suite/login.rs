//! Clinicians log in online once, then offline within the window; the workstation locks
//! after inactivity and unlocks with the password, offline too.

use std::time::{Duration, Instant};

use bedside_client::{Error, SyncClient};
use bedside_server::services::admin;
use bedside_shared::DocId;
use bedside_shared::access::{DeviceProfile, Role};
use bedside_shared::error::ErrorCode;
use bedside_tests::server::{TestServer, stored_documents};
use bedside_tests::workstation::{TestWorkstation, WARD, new_patient, patient_of_ward};
use sqlx_core::query_scalar::query_scalar;

const PASSWORD: &str = "a long ward password";

fn refusal(err: Error) -> String {
    match err {
        Error::Server {
            code: ErrorCode::Unauthenticated,
            message,
        } => message,
        other => panic!("expected an authentication refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn offline_login_works_within_the_window_only() {
    let server = TestServer::start().await;
    admin::add_user(
        &server.state,
        "bello",
        "Nurse Bello",
        &[Role::Nurse],
        PASSWORD,
    )
    .await
    .unwrap();
    let mut a = TestWorkstation::new("nobody");
    a.enroll(&server, &[WARD], DeviceProfile::WardWorkstation)
        .await;

    let never = a.ws.access().login_offline("bello", PASSWORD).unwrap_err();
    assert!(
        refusal(never).contains("logged in online"),
        "no offline login before an online one"
    );

    let online =
        a.ws.access()
            .login(&server.url, "bello", PASSWORD)
            .await
            .unwrap();
    assert!(!online.offline);
    assert_eq!(online.roles, vec![Role::Nurse]);
    assert_eq!(
        a.ws.access().logged_in().map(|c| c.display_name).as_deref(),
        Some("Nurse Bello"),
        "edits are recorded under the logged-in clinician"
    );
    let wrong_online =
        a.ws.access()
            .login(&server.url, "bello", "not the password")
            .await
            .unwrap_err();
    assert_eq!(refusal(wrong_online), "wrong username or password");

    // A server that answers has the last word: after IT reset the password, the old
    // one is refused and not tried against the workstation's cache.
    admin::reset_password(&server.state, "bello", "the new ward password")
        .await
        .unwrap();
    let stale =
        a.ws.access()
            .login_online_or_offline(&server.url, "bello", PASSWORD)
            .await
            .unwrap_err();
    assert_eq!(
        refusal(stale),
        "wrong username or password",
        "the cache still holds the old password, yet the server's refusal stands"
    );
    admin::reset_password(&server.state, "bello", PASSWORD)
        .await
        .unwrap();

    // The server goes away; the workstation restarts. The window's login falls back
    // to the cache.
    let url = server.url.clone();
    server.stop().await;
    a.reopen();
    let offline =
        a.ws.access()
            .login_online_or_offline(&url, "bello", PASSWORD)
            .await
            .unwrap();
    assert!(offline.offline, "an offline session is marked as such");
    assert_eq!(
        a.ws.access().logged_in().map(|c| c.username).as_deref(),
        Some("bello")
    );
    assert_eq!(
        refusal(
            a.ws.access()
                .login_offline("bello", "guess guess guess")
                .unwrap_err()
        ),
        "wrong username or password"
    );

    a.ws.access().set_offline_window(time::Duration::ZERO);
    let expired = refusal(a.ws.access().login_offline("bello", PASSWORD).unwrap_err());
    assert!(
        expired.contains("expired"),
        "beyond the window the cache refuses with a clear message: {expired}"
    );
}

#[tokio::test]
async fn the_workstation_locks_when_idle_and_unlocks_with_the_password() {
    let server = TestServer::start().await;
    admin::add_user(
        &server.state,
        "adams",
        "Dr Adams",
        &[Role::Doctor],
        PASSWORD,
    )
    .await
    .unwrap();
    let mut a = TestWorkstation::new("nobody");
    a.enroll(&server, &[WARD], DeviceProfile::WardWorkstation)
        .await;
    a.ws.access()
        .login(&server.url, "adams", PASSWORD)
        .await
        .unwrap();
    a.ws.access().set_lock_after(Duration::from_secs(60));

    let start = Instant::now();
    a.ws.access().touch(start);
    assert!(
        !a.ws.access().lock_if_idle(start + Duration::from_secs(59)),
        "not yet idle long enough"
    );
    assert!(
        a.ws.access().lock_if_idle(start + Duration::from_secs(60)),
        "idle past the limit locks"
    );
    let locked =
        a.ws.charts()
            .register_patient(new_patient("Locked", "SURG-A"))
            .unwrap_err();
    assert!(
        matches!(locked, Error::Locked),
        "no chart work while locked: {locked:?}"
    );
    assert_eq!(locked.code(), ErrorCode::Unauthenticated);

    server.stop().await;
    assert!(a.ws.access().unlock("wrong password!!").is_err());
    assert!(a.ws.access().is_locked());
    a.ws.access()
        .unlock(PASSWORD)
        .expect("unlocking works offline with the cached verifier");
    a.ws.charts()
        .register_patient(new_patient("Unlocked", "SURG-A"))
        .unwrap();

    a.ws.access().logout().unwrap();
    assert!(a.ws.access().logged_in().is_none());
    a.ws.access().lock();
    assert!(
        !a.ws.access().is_locked(),
        "with nobody logged in there is nothing to lock"
    );
}

/// An offline login takes the workstation's session over: while she is logged in, the
/// server session a colleague's online login left behind (the window closed without a
/// logout) is not used, neither to send what she charts nor to read in his name; what
/// she charted goes up once she logs in online.
#[tokio::test]
async fn an_offline_login_never_syncs_in_a_colleagues_session() {
    let server = TestServer::start().await;
    for (username, name, role) in [
        ("adams", "Dr Adams", Role::Doctor),
        ("bello", "Dr Bello", Role::Doctor),
    ] {
        admin::add_user(&server.state, username, name, &[role], PASSWORD)
            .await
            .unwrap();
    }
    let mut a = TestWorkstation::new("nobody");
    a.enroll(&server, &[WARD], DeviceProfile::WardWorkstation)
        .await;
    // Dr Bello logged in online here once, and out again.
    a.ws.access()
        .login(&server.url, "bello", PASSWORD)
        .await
        .unwrap();
    a.ws.access().logout().unwrap();
    // Dr Adams logs in online; the workstation is closed without logging out.
    a.ws.access()
        .login(&server.url, "adams", PASSWORD)
        .await
        .unwrap();
    a.reopen();

    // With the server out of reach, Dr Bello logs in offline and registers a patient.
    let bello = a.ws.access().login_offline("bello", PASSWORD).unwrap();
    assert!(bello.offline);
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Offline", WARD))
            .unwrap();

    // The server is back: her edit is not sent in Dr Adams's session.
    let client = SyncClient::new(&server.url).unwrap();
    let refused = a.ws.sync(&client).await.unwrap_err();
    assert!(
        refusal(refused).contains("log in while the server is reachable"),
        "an offline session has no server session of its own"
    );
    let stored = stored_documents(&server.state).await;
    assert!(
        !stored.contains_key(&DocId::registration(patient)),
        "nothing she charted went up as Dr Adams"
    );

    // Logged in online, her edit goes up in her own session.
    a.ws.access()
        .login(&server.url, "bello", PASSWORD)
        .await
        .unwrap();
    a.ws.sync(&client).await.unwrap();
    let stored = stored_documents(&server.state).await;
    assert!(stored.contains_key(&DocId::registration(patient)));
}

/// Two programs on one folder (the window and the command): when the other one logs a
/// second clinician in online, this one's clinician does not sync in that session.
#[tokio::test]
async fn a_program_never_syncs_in_the_session_another_program_opened_for_someone_else() {
    let server = TestServer::start().await;
    let mut window = TestWorkstation::new("nobody");
    window.join(&server).await;
    let command = window.open_again();
    admin::add_user(
        &server.state,
        "bello",
        "Dr Bello",
        &[Role::Doctor],
        PASSWORD,
    )
    .await
    .unwrap();
    command
        .access()
        .login(&server.url, "bello", PASSWORD)
        .await
        .unwrap();

    let client = SyncClient::new(&server.url).unwrap();
    let refused = window.ws.sync(&client).await.unwrap_err();
    assert!(
        refusal(refused).contains("log in while the server is reachable"),
        "the session on the folder is Dr Bello's, not the window's clinician's"
    );
    command
        .sync(&client)
        .await
        .expect("Dr Bello's own program syncs");
}

/// A break-glass grant goes to the server in its maker's own session: the server records
/// a grant, its reason and the access it gives as the uploading session's user's, so a
/// colleague's sync on the same workstation leaves it for her.
#[tokio::test]
async fn a_break_glass_grant_waits_for_its_makers_online_session() {
    let server = TestServer::start().await;
    let elsewhere = patient_of_ward(&server, "Elsewhere", "MED-B").await;

    for (username, name) in [("adams", "Dr Adams"), ("bello", "Dr Bello")] {
        admin::add_user(&server.state, username, name, &[Role::Doctor], PASSWORD)
            .await
            .unwrap();
    }
    let mut a = TestWorkstation::new("nobody");
    a.enroll(&server, &[WARD], DeviceProfile::WardWorkstation)
        .await;
    let bello =
        a.ws.access()
            .login(&server.url, "bello", PASSWORD)
            .await
            .unwrap();
    a.ws.access().logout().unwrap();
    // Offline, Dr Bello breaks the glass; Dr Adams then logs in online and syncs.
    a.ws.access().login_offline("bello", PASSWORD).unwrap();
    a.ws.charts()
        .break_glass(elsewhere, "Called to a cardiac arrest on MED-B")
        .unwrap();
    a.ws.access().logout().unwrap();
    a.ws.access()
        .login(&server.url, "adams", PASSWORD)
        .await
        .unwrap();
    let client = SyncClient::new(&server.url).unwrap();
    a.ws.sync(&client).await.unwrap();
    let grants = || async {
        query_scalar::<_, uuid::Uuid>("SELECT user_id FROM break_glass WHERE patient_id = $1")
            .bind(elsewhere.as_uuid())
            .fetch_all(&server.state.pool)
            .await
            .unwrap()
    };
    assert!(
        grants().await.is_empty(),
        "Dr Adams's sync did not carry Dr Bello's grant as his"
    );

    a.ws.access().logout().unwrap();
    a.ws.access()
        .login(&server.url, "bello", PASSWORD)
        .await
        .unwrap();
    a.ws.sync(&client).await.unwrap();
    assert_eq!(
        grants().await,
        [bello.user_id.parse::<uuid::Uuid>().unwrap()],
        "her own session records it as hers"
    );
}
