//! Who a workstation may name as the author of its records and audit events: the
//! clinician whose session uploads them, or someone who logged in online on that same
//! workstation lately (a shift's work charted offline reaches the server in the next
//! clinician's session). Never a name typed by anyone.

use std::collections::BTreeSet;

use time::Duration;
use uuid::Uuid;

use super::identity::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::users;

/// How long after an online login a workstation may still upload work under that
/// clinician's name: the offline-login window, and as long again for the upload.
pub const AUTHORS_WITHIN: Duration = Duration::days(14);

/// The people a request may name as authors.
#[derive(Debug, Clone, Default)]
pub struct Signers {
    ids: BTreeSet<Uuid>,
    names: BTreeSet<String>,
    anyone: bool,
}

impl Signers {
    /// The caller and whoever logged in online on the caller's workstation lately. The
    /// server's own imports (the demo ward, which no user uploads: nil user id) carry the
    /// names their records were written with.
    pub async fn of(state: &AppState, caller: &Caller) -> Result<Self, ApiError> {
        if caller.user_id.is_nil() {
            return Ok(Self {
                anyone: true,
                ..Self::default()
            });
        }
        let since = state.clock.now() - AUTHORS_WITHIN;
        let people =
            users::names_on_device(&state.pool, caller.user_id, caller.device_id, since).await?;
        Ok(Self {
            ids: people.iter().map(|(id, _)| *id).collect(),
            names: people.into_iter().map(|(_, name)| name).collect(),
            anyone: false,
        })
    }

    /// True when a record may carry `name` as its author.
    pub fn may_sign_as(&self, name: &str) -> bool {
        self.anyone || self.names.contains(name)
    }

    /// True when an event may name `user` as the one who acted.
    pub fn includes(&self, user: Uuid) -> bool {
        self.anyone || self.ids.contains(&user)
    }
}
