//! A note being written: its own small document whose body is Automerge text.

use autosurgeon::{Hydrate, Reconcile, Text};

use super::clinical::{Clinical, NoteKind, SignedNote};
use crate::ids::{NoteId, PatientId};

/// Whether a draft can still be edited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Reconcile, Hydrate)]
pub enum DraftStatus {
    /// Being written.
    Open,
    /// Signed: the body now lives in the clinical document and the draft is closed.
    Signed,
}

/// The draft document of one note.
#[derive(Clone, Reconcile, Hydrate)]
pub struct NoteDraft {
    /// The note this draft becomes.
    pub note_id: String,
    /// Whose note it is.
    pub patient_id: String,
    /// What kind of note.
    pub kind: NoteKind,
    /// Who began it.
    pub author: String,
    /// When it was begun (device clock), RFC 3339.
    pub started_at: String,
    /// The text, merged character by character across workstations.
    pub body: Text,
    /// Open or signed.
    pub status: DraftStatus,
}

/// Why a draft could not be signed or edited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    /// The draft was signed already; a signed note is changed only by addenda.
    #[error("the note is already signed; corrections are made as addenda")]
    AlreadySigned,
    /// The draft has no text.
    #[error("an empty note cannot be signed")]
    Empty,
}

impl NoteDraft {
    /// Begins a note.
    pub fn begin(
        patient: PatientId,
        note: NoteId,
        kind: NoteKind,
        author: &str,
        at: &str,
        text: &str,
    ) -> Self {
        Self {
            note_id: note.to_string(),
            patient_id: patient.to_string(),
            kind,
            author: author.to_owned(),
            started_at: at.to_owned(),
            body: Text::with_value(text),
            status: DraftStatus::Open,
        }
    }

    /// Replaces the body with `text`. Only the characters that differ are spliced, so a
    /// concurrent edit elsewhere in the text survives the merge.
    pub fn write(&mut self, text: &str) -> Result<(), SignError> {
        if self.status == DraftStatus::Signed {
            return Err(SignError::AlreadySigned);
        }
        self.body.update(text);
        Ok(())
    }

    /// Signs the note: the body is copied once into `clinical` as a plain string and the
    /// draft is closed.
    pub fn sign(
        &mut self,
        clinical: &mut Clinical,
        signer: &str,
        at: &str,
    ) -> Result<(), SignError> {
        if clinical.notes.contains_key(&self.note_id) {
            return Err(SignError::AlreadySigned);
        }
        let note = self.close(signer, at)?;
        clinical.notes.insert(self.note_id.clone(), note);
        Ok(())
    }

    /// Closes the draft as signed and returns the note to put into the clinical document
    /// under the draft's note id (which must not hold a signed note yet).
    pub fn close(&mut self, signer: &str, at: &str) -> Result<SignedNote, SignError> {
        if self.status == DraftStatus::Signed {
            return Err(SignError::AlreadySigned);
        }
        if self.body.as_str().trim().is_empty() {
            return Err(SignError::Empty);
        }
        self.status = DraftStatus::Signed;
        Ok(SignedNote {
            kind: self.kind,
            author: self.author.clone(),
            body: self.body.as_str().to_owned(),
            signed_by: signer.to_owned(),
            signed_at: at.to_owned(),
        })
    }
}
