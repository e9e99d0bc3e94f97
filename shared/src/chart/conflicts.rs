//! Concurrent edits of one field. Automerge keeps every value two workstations wrote to
//! the same field without seeing each other's; one wins for reading, the others are still
//! there. [`conflicts`] lists such fields so a clinician can pick or merge the value;
//! [`resolve`] writes the chosen value, which supersedes all of them. Text (note bodies)
//! merges character by character and never conflicts.

use automerge::transaction::Transactable;
use automerge::{
    ActorId, AutoCommit, ObjId, ObjType, ROOT, ReadDoc, ScalarValue, Value, ValueRef, hydrate,
};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A field's value as shown in the conflict inbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum FieldValue {
    /// No value.
    Null,
    /// Yes or no.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A decimal number.
    Float(f64),
    /// Text.
    Text(String),
}

impl FieldValue {
    fn of(value: &Value<'_>) -> Option<Self> {
        let Value::Scalar(scalar) = value else {
            return None;
        };
        Some(match scalar.as_ref() {
            ScalarValue::Null => Self::Null,
            ScalarValue::Boolean(b) => Self::Bool(*b),
            ScalarValue::Int(i) => Self::Int(*i),
            ScalarValue::Uint(u) => Self::Int(i64::try_from(*u).unwrap_or(i64::MAX)),
            ScalarValue::F64(f) => Self::Float(*f),
            ScalarValue::Str(s) => Self::Text(s.to_string()),
            _ => return None,
        })
    }

    fn scalar(&self) -> ScalarValue {
        match self {
            Self::Null => ScalarValue::Null,
            Self::Bool(b) => ScalarValue::Boolean(*b),
            Self::Int(i) => ScalarValue::Int(*i),
            Self::Float(f) => ScalarValue::F64(*f),
            Self::Text(s) => ScalarValue::Str(s.as_str().into()),
        }
    }
}

/// A field with more than one concurrent value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    /// Map keys from the document root, e.g. `["demographics", "phone"]`.
    pub path: Vec<String>,
    /// Every value, the one currently read first.
    pub values: Vec<FieldValue>,
    /// Who wrote each value and when, in the order of `values` (empty until
    /// [`who_wrote`] has looked).
    #[serde(default)]
    pub written: Vec<Written>,
}

/// Who wrote a value and when, as the change that wrote it says: a workstation makes its
/// changes with the clinician logged in there as their author (Automerge's author id, the
/// name's bytes), and every change carries the time it was made.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Written {
    /// The clinician's name, if the change gave one.
    pub by: Option<String>,
    /// When (RFC 3339, UTC), if the change gave a time.
    pub at: Option<String>,
}

/// Fills in who wrote each value of `found` and when, from the changes of `doc` that
/// wrote them. Needs the document mutably (Automerge closes its open transaction to list
/// changes); conflicts are rare, so callers holding it shared pass a copy.
pub fn who_wrote(doc: &mut AutoCommit, found: &mut [Conflict]) {
    if found.is_empty() {
        return;
    }
    // The operation that wrote each value: its counter and the actor that made it.
    let ops: Vec<Vec<Option<(u64, ActorId)>>> = found
        .iter()
        .map(|c| {
            let Some((field, parents)) = c.path.split_last() else {
                return Vec::new();
            };
            map_at(doc, parents)
                .and_then(|obj| doc.get_all(&obj, field.as_str()).ok())
                .unwrap_or_default()
                .into_iter()
                .map(|(_, id)| match id {
                    ObjId::Id(counter, actor, _) => Some((counter, actor)),
                    ObjId::Root => None,
                })
                .collect()
        })
        .collect();
    let changes = doc.get_changes_meta(&[]);
    for (conflict, ops) in found.iter_mut().zip(ops) {
        conflict.written = ops
            .iter()
            .map(|op| {
                let change = op.as_ref().and_then(|(counter, actor)| {
                    changes.iter().find(|m| {
                        m.actor.as_ref() == actor && (m.start_op..=m.max_op).contains(counter)
                    })
                });
                change.map_or_else(Written::default, |m| Written {
                    by: m
                        .author
                        .as_ref()
                        .map(|a| String::from_utf8_lossy(a.as_bytes()).into_owned())
                        .or_else(|| m.message.as_deref().map(str::to_owned)),
                    at: (m.timestamp > 0)
                        .then(|| OffsetDateTime::from_unix_timestamp(m.timestamp).ok())
                        .flatten()
                        .and_then(|t| t.format(&Rfc3339).ok()),
                })
            })
            .collect();
    }
}

/// Every field of `doc` holding concurrent values.
pub fn conflicts(doc: &AutoCommit) -> Vec<Conflict> {
    let mut found = Vec::new();
    walk(doc, &ROOT, &mut Vec::new(), &mut found);
    found
}

/// [`conflicts`] of a document already materialized (`doc.hydrate`, as a document taken
/// in whole is read): the tree says which keys hold concurrent values, and only those are
/// looked up in the document.
pub fn conflicts_in(doc: &AutoCommit, tree: &hydrate::Value) -> Vec<Conflict> {
    let mut found = Vec::new();
    walk_tree(doc, tree, &mut Vec::new(), &mut found);
    // In the order of `conflicts`, which walks each map's keys in order.
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

fn walk_tree(
    doc: &AutoCommit,
    node: &hydrate::Value,
    path: &mut Vec<String>,
    found: &mut Vec<Conflict>,
) {
    let hydrate::Value::Map(map) = node else {
        return;
    };
    for (key, field) in map.iter() {
        path.push(key.clone());
        if field.conflict
            && let Some(obj) = map_at(doc, &path[..path.len() - 1])
        {
            found.extend(conflict_at(doc, &obj, path));
        }
        walk_tree(doc, &field.value, path, found);
        path.pop();
    }
}

/// The map at `keys` from the root of `doc`.
fn map_at(doc: &AutoCommit, keys: &[String]) -> Option<ObjId> {
    let mut obj = ROOT;
    for key in keys {
        match doc.get(&obj, key.as_str()) {
            Ok(Some((Value::Object(ObjType::Map), child))) => obj = child,
            _ => return None,
        }
    }
    Some(obj)
}

/// The fields holding concurrent values at and under one place of `doc` (map keys from
/// the root, e.g. a collection and an entry's id): all a change that touched only that
/// place can have added or settled.
pub fn conflicts_under(doc: &AutoCommit, place: &[&str]) -> Vec<Conflict> {
    let mut found = Vec::new();
    let Some((last, parents)) = place.split_last() else {
        return conflicts(doc);
    };
    let mut obj = ROOT;
    for key in parents {
        match doc.get(&obj, *key) {
            Ok(Some((Value::Object(ObjType::Map), child))) => obj = child,
            _ => return found,
        }
    }
    let mut path: Vec<String> = place.iter().map(|k| (*k).to_owned()).collect();
    found.extend(conflict_at(doc, &obj, &path));
    if let Ok(Some((Value::Object(ObjType::Map), child))) = doc.get(&obj, *last) {
        walk(doc, &child, &mut path, &mut found);
    }
    found
}

/// The field at `path` (whose last key is in `obj`), if it holds concurrent values.
fn conflict_at(doc: &AutoCommit, obj: &ObjId, path: &[String]) -> Option<Conflict> {
    let all = doc.get_all(obj, path.last()?.as_str()).ok()?;
    let values: Vec<FieldValue> = all.iter().filter_map(|(v, _)| FieldValue::of(v)).collect();
    (values.len() == all.len() && values.len() > 1).then(|| Conflict {
        path: path.to_vec(),
        values,
        written: Vec::new(),
    })
}

/// One pass over each map (`map_range` says which keys hold concurrent values), looking
/// the values up only for those keys: a document taken in whole runs this once.
fn walk(doc: &AutoCommit, obj: &ObjId, path: &mut Vec<String>, found: &mut Vec<Conflict>) {
    let fields: Vec<(String, bool, Option<ObjId>)> = doc
        .map_range(obj, ..)
        .map(|item| {
            let child = matches!(item.value, ValueRef::Object(ObjType::Map)).then(|| item.id());
            (item.key.into_owned(), item.conflict, child)
        })
        .collect();
    for (key, conflict, child) in fields {
        path.push(key);
        if conflict {
            found.extend(conflict_at(doc, obj, path));
        }
        if let Some(child) = child {
            walk(doc, &child, path, found);
        }
        path.pop();
    }
}

/// Why a conflict could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    /// The path does not lead to a field of the document.
    #[error("no such field in the document")]
    NoSuchField,
    /// The document refused the write.
    #[error("the value could not be written")]
    Write,
}

/// Writes `value` to the field at `path`, superseding every concurrent value, and
/// commits.
pub fn resolve(
    doc: &mut AutoCommit,
    path: &[String],
    value: &FieldValue,
) -> Result<(), ResolveError> {
    let (field, parents) = path.split_last().ok_or(ResolveError::NoSuchField)?;
    let mut obj = ROOT;
    for key in parents {
        match doc.get(&obj, key.as_str()) {
            Ok(Some((Value::Object(ObjType::Map), child))) => obj = child,
            _ => return Err(ResolveError::NoSuchField),
        }
    }
    if !matches!(
        doc.get(&obj, field.as_str()),
        Ok(Some((Value::Scalar(_), _)))
    ) {
        return Err(ResolveError::NoSuchField);
    }
    doc.put(&obj, field.as_str(), value.scalar())
        .map_err(|_| ResolveError::Write)?;
    doc.commit();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::transaction::CommitOptions;

    #[test]
    fn each_value_names_who_wrote_it_and_when() {
        let mut a = AutoCommit::new();
        let admission = a.put_object(ROOT, "admission", ObjType::Map).unwrap();
        a.put(&admission, "bed", "7").unwrap();
        a.commit();
        let mut b = a.fork();
        a.put(&admission, "bed", "8").unwrap();
        let at = |t| CommitOptions::default().with_time(t);
        a.commit_with(at(1_796_600_000).with_message("Nurse Amara".to_owned()));
        // The workstation's way: the clinician as the change's author.
        b.set_author(Some(automerge::Author::from(b"Dr Adams".to_vec())));
        b.put(&admission, "bed", "9").unwrap();
        b.commit_with(at(1_796_600_060));
        a.merge(&mut b).unwrap();
        let mut found = conflicts(&a);
        assert!(found[0].written.is_empty(), "not looked up yet");
        who_wrote(&mut a, &mut found);
        let by_value: Vec<(FieldValue, Written)> = found[0]
            .values
            .iter()
            .cloned()
            .zip(found[0].written.iter().cloned())
            .collect();
        assert!(by_value.contains(&(
            FieldValue::Text("8".into()),
            Written {
                by: Some("Nurse Amara".into()),
                at: Some("2026-12-06T23:33:20Z".into())
            }
        )));
        assert!(by_value.contains(&(
            FieldValue::Text("9".into()),
            Written {
                by: Some("Dr Adams".into()),
                at: Some("2026-12-06T23:34:20Z".into())
            }
        )));
    }

    #[test]
    fn concurrent_writes_are_listed_and_a_resolution_supersedes_them() {
        let mut a = AutoCommit::new();
        let demographics = a.put_object(ROOT, "demographics", ObjType::Map).unwrap();
        a.put(&demographics, "phone", "0100").unwrap();
        a.put(&demographics, "family_name", "Okafor").unwrap();
        a.commit();
        let mut b = a.fork();
        a.put(&demographics, "phone", "0111").unwrap();
        a.commit();
        b.put(&demographics, "phone", "0122").unwrap();
        b.put(&demographics, "family_name", "Okafor-Bello").unwrap();
        b.commit();
        a.merge(&mut b).unwrap();

        let found = conflicts(&a);
        assert_eq!(found.len(), 1, "only the field both changed: {found:?}");
        assert_eq!(found[0].path, ["demographics", "phone"]);
        let mut values = found[0].values.clone();
        values.sort_by_key(|v| format!("{v:?}"));
        assert_eq!(
            values,
            [
                FieldValue::Text("0111".into()),
                FieldValue::Text("0122".into())
            ],
            "both values are kept"
        );

        assert_eq!(
            conflicts_under(&a, &["demographics"]),
            found,
            "the same conflict, looked for under its field"
        );
        assert_eq!(
            conflicts_under(&a, &["demographics", "phone"]),
            found,
            "and at the field itself"
        );
        assert!(conflicts_under(&a, &["demographics", "family_name"]).is_empty());
        assert!(
            conflicts_under(&a, &["admission"]).is_empty(),
            "no such place"
        );

        resolve(&mut a, &found[0].path, &FieldValue::Text("0122".into())).unwrap();
        assert!(conflicts(&a).is_empty());
        b.merge(&mut a).unwrap();
        assert!(
            conflicts(&b).is_empty(),
            "the resolution travels like any edit"
        );
        assert_eq!(
            resolve(
                &mut a,
                &["demographics".into(), "nope".into()],
                &FieldValue::Null
            ),
            Err(ResolveError::NoSuchField)
        );
    }
}
