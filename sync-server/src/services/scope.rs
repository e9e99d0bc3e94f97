//! What an authenticated caller (user on a device) may receive and write: the permission
//! matrix of bedside-shared, bounded by the device's profile and wards.

use bedside_shared::DocKind;
use bedside_shared::access::{Collection, DocClass, any_can_read, any_can_write};
use time::OffsetDateTime;

use super::identity::Caller;
use crate::store::scope::Reach;

impl Caller {
    /// True when the caller may receive documents of `class` on this device.
    pub fn reads(&self, class: DocClass) -> bool {
        self.profile.holds(class) && any_can_read(&self.roles, class)
    }

    /// True when the caller may write `collection` from this device.
    pub fn may_write(&self, collection: Collection) -> bool {
        self.profile.holds(collection.class()) && any_can_write(&self.roles, collection)
    }

    /// True when the caller may receive or offer documents of `kind`.
    pub fn handles(&self, kind: DocKind) -> bool {
        self.reads(kind.into())
    }

    /// The stored document kinds the caller may receive.
    pub fn kinds(&self) -> Vec<&'static str> {
        let mut kinds = Vec::new();
        if self.reads(DocClass::Registration) {
            kinds.push("registration");
        }
        if self.reads(DocClass::Clinical) {
            kinds.extend(["clinical", "draft"]);
        }
        kinds
    }

    /// The caller's reach for listing, over `kinds`, at `now` on the server's clock.
    pub fn reach<'a>(&'a self, kinds: &'a [&'static str], now: OffsetDateTime) -> Reach<'a> {
        Reach {
            user: self.user_id,
            device: self.device_id,
            wards: &self.wards,
            kinds,
            now,
        }
    }
}
