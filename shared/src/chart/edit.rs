//! Typed editing of Automerge documents: hydrate the typed value, change it with
//! ordinary Rust, reconcile it back. autosurgeon writes only what differs, so two
//! workstations that changed different fields merge field by field. Text holding a
//! NUL is refused here, so no workstation or server writes it into a document.

use automerge::AutoCommit;
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

/// Reconciles `value` into `doc` and commits, unless what it would write holds text no
/// reader can store: then `doc` is left as it was.
fn commit_plain<T: Reconcile>(doc: &mut AutoCommit, value: &T) -> Result<(), EditError> {
    let before = doc.get_heads();
    doc.update_diff_cursor();
    reconcile(doc, value)?;
    doc.commit();
    if check_patches(&doc.diff_incremental()).is_err() {
        if let Ok(restored) = doc.fork_at(&before) {
            *doc = restored;
        }
        return Err(EditError::NotPlainText);
    }
    Ok(())
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
