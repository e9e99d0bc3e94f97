//! Typed editing of Automerge documents: hydrate the typed value, change it with
//! ordinary Rust, reconcile it back. autosurgeon writes only what differs, so two
//! workstations that changed different fields merge field by field. Text holding a
//! NUL is refused here, so no workstation or server writes it into a document.

use automerge::AutoCommit;
use automerge::transaction::CommitOptions;
use autosurgeon::{Hydrate, HydrateError, Reconcile, ReconcileError, hydrate, reconcile};

use crate::validate::check_patches;

/// A document could not be read as, or written from, its typed form.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// The document does not have the expected shape.
    #[error("document does not match its schema: {0}")]
    Hydrate(Box<HydrateError>),
    /// Writing the typed value into the document failed.
    #[error("could not write the document: {0}")]
    Reconcile(Box<ReconcileError>),
    /// The value holds text no reader can store (a NUL character); nothing was written.
    #[error("{}", crate::validate::NUL_REFUSED)]
    NotPlainText,
    /// A root field that should hold a collection holds something else.
    #[error("the document's {0} is not a collection")]
    Shape(String),
}

impl From<HydrateError> for EditError {
    fn from(e: HydrateError) -> Self {
        Self::Hydrate(Box::new(e))
    }
}

impl From<ReconcileError> for EditError {
    fn from(e: ReconcileError) -> Self {
        Self::Reconcile(Box::new(e))
    }
}

/// Runs `write` on `doc` and commits what it wrote as one change, unless it fails or
/// what it wrote holds text no reader can store: then `doc` is left as it was.
///
/// The check reads the patches since the document's diff cursor, which a store sets
/// where the document was last stored (so the store can project the same patches); a
/// document without one gets it here.
pub(super) fn commit_checked<R, E: From<EditError>>(
    doc: &mut AutoCommit,
    write: impl FnOnce(&mut AutoCommit) -> Result<R, E>,
) -> Result<R, E> {
    let before = doc.get_heads();
    if doc.diff_cursor().is_empty() {
        doc.update_diff_cursor();
    }
    let since = doc.diff_cursor();
    let done = match write(doc) {
        Ok(done) => done,
        Err(e) => {
            doc.rollback();
            return Err(e);
        }
    };
    // Stamped with the time (as Automerge's other implementations do by default): a
    // conflict says when each value was written.
    doc.commit_with(CommitOptions::default().with_time(unix_now()));
    let after = doc.get_heads();
    if check_patches(&doc.diff(&since, &after)).is_err() {
        if let Ok(restored) = doc.fork_at(&before) {
            *doc = restored;
        }
        return Err(EditError::NotPlainText.into());
    }
    Ok(done)
}

/// Now, in seconds since 1970, as Automerge stamps a change.
fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
}

/// Reconciles `value` into `doc` and commits (see [`commit_checked`]).
fn commit_plain<T: Reconcile>(doc: &mut AutoCommit, value: &T) -> Result<(), EditError> {
    commit_checked(doc, |doc| Ok::<_, EditError>(reconcile(doc, value)?))
}

/// Starts a new document holding `value`.
pub fn create<T: Reconcile>(value: &T) -> Result<AutoCommit, EditError> {
    let mut doc = AutoCommit::new();
    commit_plain(&mut doc, value)?;
    Ok(doc)
}

/// Reads a document as its typed form.
pub fn read<T: Hydrate>(doc: &AutoCommit) -> Result<T, EditError> {
    Ok(hydrate(doc)?)
}

/// Applies `change` to the typed form of `doc` and commits what differs.
/// Returns what `change` returned.
pub fn update<T, R>(doc: &mut AutoCommit, change: impl FnOnce(&mut T) -> R) -> Result<R, EditError>
where
    T: Hydrate + Reconcile,
{
    let mut value: T = hydrate(doc)?;
    let result = change(&mut value);
    commit_plain(doc, &value)?;
    Ok(result)
}

/// Writes `value` over `doc` and commits what differs.
pub fn write<T: Reconcile>(doc: &mut AutoCommit, value: &T) -> Result<(), EditError> {
    commit_plain(doc, value)
}
