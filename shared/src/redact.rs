//! Patient-identifying values and clinical free text never reach a log line, a panic
//! message or an error through `{:?}`: the types that carry them implement `Debug` with
//! [`redacted_debug!`], which shows the type's name and nothing of its values.

/// Implements `Debug` for each listed type as `Type { .. }`.
#[macro_export]
macro_rules! redacted_debug {
    ($($ty:ty),+ $(,)?) => {$(
        impl ::std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(concat!(stringify!($ty), " { .. }"))
            }
        }
    )+};
}

crate::redacted_debug!(
    crate::chart::Demographics,
    crate::chart::Appointment,
    crate::chart::Allergy,
    crate::chart::Problem,
    crate::chart::Task,
    crate::chart::Addendum,
    crate::chart::NoteDraft,
    crate::chart::SignedNote,
    crate::chart::Prescription,
    crate::chart::DocumentRef,
    crate::chart::Stamp,
);

#[cfg(test)]
mod tests {
    use crate::chart::{Demographics, DocumentCategory, DocumentRef, NoteKind, Sex, SignedNote};

    #[test]
    fn debug_output_shows_no_patient_values() {
        let demographics = Demographics {
            mrn: "MRN0000042".into(),
            provisional_mrn: None,
            family_name: "Xqzfamily".into(),
            given_name: "Xqzgiven".into(),
            birth_date: "1950-02-03".into(),
            sex: Sex::Female,
            phone: Some("Xqzphone".into()),
            address: Some("Xqzaddress".into()),
        };
        let note = SignedNote {
            kind: NoteKind::Progress,
            author: "Dr Adams".into(),
            body: "Xqzbody".into(),
            signed_by: "Dr Adams".into(),
            signed_at: "2026-11-23T08:00:00Z".into(),
        };
        let document = DocumentRef {
            category: DocumentCategory::Lab,
            file_name: "Xqzfile.pdf".into(),
            mime_type: "application/pdf".into(),
            size: 10,
            sha256: "ab".repeat(32),
            thumbnail_sha256: None,
            uploaded_by: "Dr Adams".into(),
            captured_at: "2026-11-23T08:00:00Z".into(),
            stamps: Vec::new(),
            deleted: None,
        };
        let shown = format!("{demographics:?} {note:?} {document:?}");
        assert!(shown.contains("Demographics { .. }"), "{shown}");
        for value in ["Xqz", "MRN0000042", "1950-02-03"] {
            assert!(!shown.contains(value), "{value} shown in {shown}");
        }
    }
}
