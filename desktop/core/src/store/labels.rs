//! How the projections store a chart enum (the lowercase name it serializes to, read back
//! into the enum) and a structured value (as JSON).

use rusqlite::Row;
use rusqlite::types::Type;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The lowercase name a field-less enum serializes to (`"active"`, `"female"`, ...).
pub(super) fn label<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Column `index` read back into the enum [`label`] stored (or `None` for a NULL, when
/// `T` is an `Option`); a name no enum has is a damaged row.
pub(super) fn parsed<T: DeserializeOwned>(row: &Row<'_>, index: usize) -> rusqlite::Result<T> {
    let name: Option<String> = row.get(index)?;
    let value = name.map_or(serde_json::Value::Null, serde_json::Value::String);
    serde_json::from_value(value)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, Type::Text, Box::new(e)))
}

/// Column `index` holding a value as JSON (or NULL for `None`).
pub(super) fn from_json<T: DeserializeOwned>(
    row: &Row<'_>,
    index: usize,
) -> rusqlite::Result<Option<T>> {
    let text: Option<String> = row.get(index)?;
    text.map(|t| serde_json::from_str(&t))
        .transpose()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, Type::Text, Box::new(e)))
}
