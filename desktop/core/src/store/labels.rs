//! How the projections store a chart enum: the lowercase name it serializes to.

use serde::Serialize;

/// The lowercase name a field-less enum serializes to (`"active"`, `"female"`, ...).
pub(super) fn label<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
