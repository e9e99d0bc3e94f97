//! What IT does from `bedside-server admin`: manage users.

use bedside_shared::access::Role;
use bedside_shared::error::ErrorCode;
use uuid::Uuid;

use super::identity::{UserInfo, hash_password};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::users::{self, UserRow};

/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 10;

/// Who runs an administration command at the server console (administration has no
/// HTTP route): the account of the process's real user id, which the operator cannot
/// choose, with the uid itself. `$USER` is whatever the shell says; when it names
/// someone else it is kept beside, as a claim.
fn operator() -> serde_json::Value {
    let uid = nix::unistd::getuid();
    let account = nix::unistd::User::from_uid(uid)
        .ok()
        .flatten()
        .map(|user| user.name);
    let mut who = serde_json::json!({
        "operator": account.clone().unwrap_or_else(|| format!("uid {uid}")),
        "operator_uid": uid.as_raw(),
    });
    let claimed = std::env::var("USER").or_else(|_| std::env::var("LOGNAME"));
    if let Ok(claimed) = claimed
        && Some(&claimed) != account.as_ref()
    {
        who["claimed_operator"] = claimed.into();
    }
    who
}

/// Records an administration action taken at the server console, naming the operator;
/// `user_id` and `device_id` are whom it concerns.
pub async fn console_event(
    state: &AppState,
    user_id: Option<Uuid>,
    device_id: Option<Uuid>,
    action: &str,
    mut detail: serde_json::Value,
) -> Result<(), ApiError> {
    detail["via"] = "console".into();
    if let (Some(detail), serde_json::Value::Object(who)) = (detail.as_object_mut(), operator()) {
        detail.extend(who);
    }
    users::record_event_with(&state.pool, user_id, device_id, action, None, detail).await?;
    Ok(())
}

fn check_password(password: &str) -> Result<(), ApiError> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(ApiError::invalid(format!(
            "a password needs at least {MIN_PASSWORD} characters"
        )));
    }
    Ok(())
}

fn role_names(roles: &[Role]) -> Result<Vec<String>, ApiError> {
    if roles.is_empty() {
        return Err(ApiError::invalid("a user needs at least one role"));
    }
    Ok(roles.iter().map(|r| r.as_str().to_owned()).collect())
}

async fn find(state: &AppState, username: &str) -> Result<UserRow, ApiError> {
    users::by_username(&state.pool, username)
        .await?
        .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "no such user"))
}

/// Adds a user.
pub async fn add_user(
    state: &AppState,
    username: &str,
    display_name: &str,
    roles: &[Role],
    password: &str,
) -> Result<Uuid, ApiError> {
    if username.trim().is_empty() || username.len() > 64 {
        return Err(ApiError::invalid("a username has 1 to 64 characters"));
    }
    check_password(password)?;
    let roles = role_names(roles)?;
    if users::by_username(&state.pool, username).await?.is_some() {
        return Err(ApiError::new(ErrorCode::Conflict, "that username is taken"));
    }
    let id = Uuid::now_v7();
    let hash = hash_password(password.to_owned()).await?;
    users::insert(&state.pool, id, username, display_name, &hash, &roles).await?;
    console_event(state, Some(id), None, "user_added", serde_json::json!({})).await?;
    Ok(id)
}

/// Disables a user and ends every session they hold.
pub async fn disable_user(state: &AppState, username: &str) -> Result<(), ApiError> {
    let user = find(state, username).await?;
    users::disable(&state.pool, user.user_id).await?;
    console_event(
        state,
        Some(user.user_id),
        None,
        "user_disabled",
        serde_json::json!({}),
    )
    .await?;
    Ok(())
}

/// Sets a new password, lifts a lockout and ends the user's sessions.
pub async fn reset_password(
    state: &AppState,
    username: &str,
    password: &str,
) -> Result<(), ApiError> {
    check_password(password)?;
    let user = find(state, username).await?;
    let hash = hash_password(password.to_owned()).await?;
    users::set_password(&state.pool, user.user_id, &hash).await?;
    // Whoever knew the old password may hold a session made with it: end them all.
    users::revoke_user_sessions(&state.pool, user.user_id).await?;
    console_event(
        state,
        Some(user.user_id),
        None,
        "password_reset",
        serde_json::json!({}),
    )
    .await?;
    Ok(())
}

/// Replaces a user's roles.
pub async fn set_roles(state: &AppState, username: &str, roles: &[Role]) -> Result<(), ApiError> {
    let names = role_names(roles)?;
    let user = find(state, username).await?;
    users::set_roles(&state.pool, user.user_id, &names).await?;
    console_event(
        state,
        Some(user.user_id),
        None,
        "roles_changed",
        serde_json::json!({ "roles": names }),
    )
    .await?;
    Ok(())
}

/// Every user.
pub async fn list_users(state: &AppState) -> Result<Vec<(UserInfo, bool)>, ApiError> {
    Ok(users::all(&state.pool)
        .await?
        .into_iter()
        .map(|row| {
            let roles = row.roles.iter().filter_map(|r| r.parse().ok()).collect();
            let info = UserInfo {
                user_id: row.user_id,
                username: row.username,
                display_name: row.display_name,
                roles,
            };
            (info, row.disabled)
        })
        .collect())
}

/// A colleague as the staff list shows them (no credentials, no lockout state).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct StaffMember {
    /// Id.
    pub user_id: Uuid,
    /// Login name (what tasks are assigned to).
    pub username: String,
    /// Name shown to colleagues.
    pub display_name: String,
    /// Roles.
    pub roles: Vec<String>,
    /// Whether the account is active.
    pub active: bool,
}

/// The staff list, by name.
pub async fn staff(state: &AppState) -> Result<Vec<StaffMember>, ApiError> {
    let mut list: Vec<StaffMember> = users::all(&state.pool)
        .await?
        .into_iter()
        .map(|u| StaffMember {
            user_id: u.user_id,
            username: u.username,
            display_name: u.display_name,
            roles: u.roles,
            active: !u.disabled,
        })
        .collect();
    list.sort_by(|a, b| a.display_name.cmp(&b.display_name));
    Ok(list)
}
