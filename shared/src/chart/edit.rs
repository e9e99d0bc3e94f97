//! Typed editing of Automerge documents: hydrate the typed value, change it with
//! ordinary Rust, reconcile it back. autosurgeon writes only what differs, so two
//! workstations that changed different fields merge field by field.

use automerge::AutoCommit;
use autosurgeon::{Hydrate, HydrateError, Reconcile, ReconcileError, hydrate, reconcile};

/// A document could not be read as, or written from, its typed form.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// The document does not have the expected shape.
    #[error("document does not match its schema: {0}")]
    Hydrate(Box<HydrateError>),
    /// Writing the typed value into the document failed.
    #[error("could not write the document: {0}")]
    Reconcile(Box<ReconcileError>),
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

/// Starts a new document holding `value`.
pub fn create<T: Reconcile>(value: &T) -> Result<AutoCommit, EditError> {
    let mut doc = AutoCommit::new();
    reconcile(&mut doc, value)?;
    doc.commit();
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
    reconcile(doc, &value)?;
    doc.commit();
    Ok(result)
}

/// Writes `value` over `doc` and commits what differs.
pub fn write<T: Reconcile>(doc: &mut AutoCommit, value: &T) -> Result<(), EditError> {
    reconcile(doc, value)?;
    doc.commit();
    Ok(())
}
