//! Where a batch's patches landed: a root field, or one entry of a root collection.

use std::collections::BTreeSet;

use automerge::legacy::{ObjectId, OpId, OpType};
use automerge::{AutoCommit, Change, ObjId, Patch, PatchAction, Prop, ReadDoc};

use super::{RejectCode, Rejection};

/// One place a patch touched: a root field, or one entry of a root collection.
/// The server's batch check reads back only these places; the workstation rebuilds only
/// their projections.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Touched {
    /// A root field (or a whole collection, replaced at once).
    Field(String),
    /// One entry of a root collection.
    Entry {
        /// The collection, e.g. `vitals`.
        collection: String,
        /// The entry's key.
        id: String,
        /// Whether the entry was removed.
        deleted: bool,
    },
}

fn key_of(prop: &Prop) -> Option<&str> {
    match prop {
        Prop::Map(key) => Some(key),
        Prop::Seq(_) => None,
    }
}

/// Reduces a patch to the root field or collection entry it lies under.
fn touched(patch: &Patch, collections: &[&str]) -> Result<Touched, Rejection> {
    let schema = || Rejection::new(RejectCode::Schema, "change outside the document's schema");
    let mut path = patch.path.iter().map(|(_, prop)| key_of(prop));
    let (root, under) = match (path.next(), path.next()) {
        (None, _) => match &patch.action {
            PatchAction::PutMap { key, .. } | PatchAction::DeleteMap { key } => (key.clone(), None),
            _ => return Err(schema()),
        },
        (Some(root), entry) => (root.ok_or_else(schema)?.to_owned(), entry),
    };
    if !collections.contains(&root.as_str()) {
        return Ok(Touched::Field(root));
    }
    let (id, deleted) = match under {
        Some(id) => (id.ok_or_else(schema)?.to_owned(), false),
        None if patch.path.len() == 1 => match &patch.action {
            PatchAction::PutMap { key, .. } => (key.clone(), false),
            PatchAction::DeleteMap { key } => (key.clone(), true),
            _ => return Err(schema()),
        },
        // The collection itself was (re)placed at the root: a new document, or an
        // attempt to swap every entry at once; check the whole collection.
        None => return Ok(Touched::Field(root)),
    };
    Ok(Touched::Entry {
        collection: root,
        id,
        deleted,
    })
}

/// Every place the patches touched; `collections` are the root fields whose entries are
/// told apart. A patch outside the document's schema is refused.
pub fn all_touched(
    patches: &[Patch],
    collections: &[&str],
) -> Result<BTreeSet<Touched>, Rejection> {
    patches.iter().map(|p| touched(p, collections)).collect()
}

/// Every place the operations of `changes` wrote in `doc` (which holds them), whether or
/// not a reader of the document would see it change. Patches tell only what is seen: a
/// value that joins a field already in conflict and loses to the values there makes
/// none, yet it is a write like any other, and who may make it is asked the same.
pub fn places_written(
    doc: &AutoCommit,
    changes: &[Change],
    collections: &[&str],
) -> Result<BTreeSet<Touched>, Rejection> {
    let schema = || Rejection::new(RejectCode::Schema, "change outside the document's schema");
    let mut places = BTreeSet::new();
    for change in changes {
        for op in change.decode().operations {
            // The keys from the root down to the op's own, as far as an entry.
            let mut keys: Vec<String> = match &op.obj {
                ObjectId::Root => Vec::new(),
                ObjectId::Id(OpId(counter, actor)) => doc
                    .parents(ObjId::Id(*counter, actor.clone(), 0))
                    .map_err(|_| schema())?
                    .path()
                    .into_iter()
                    .take(2)
                    .map(|(_, prop)| key_of(&prop).map(str::to_owned).ok_or_else(schema))
                    .collect::<Result<_, _>>()?,
            };
            let at_entry = keys.len() == 1;
            if keys.len() < 2 {
                match &op.key {
                    automerge::legacy::Key::Map(key) => keys.push(key.to_string()),
                    automerge::legacy::Key::Seq(_) => return Err(schema()),
                }
            }
            let place = match keys.as_slice() {
                [root] => Touched::Field(root.clone()),
                [root, _] if !collections.contains(&root.as_str()) => Touched::Field(root.clone()),
                [collection, id, ..] => Touched::Entry {
                    collection: collection.clone(),
                    id: id.clone(),
                    deleted: at_entry && matches!(op.action, OpType::Delete),
                },
                [] => return Err(schema()),
            };
            places.insert(place);
        }
    }
    Ok(places)
}
