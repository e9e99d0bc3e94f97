//! Text every reader can hold. A NUL character (U+0000) fits an Automerge string but
//! not a PostgreSQL text or JSON value, and nobody types one: it is refused wherever
//! text enters, on the workstation and on the server, before anything stores it.

use automerge::{Patch, PatchAction, ScalarValue, Value};

use super::{RejectCode, Rejection};

/// What a refusal says (names the rule, never the value).
pub const NUL_REFUSED: &str = "text must not contain the NUL character (U+0000)";

/// True when `text` can be stored and shown: it holds no NUL.
pub fn is_plain_text(text: &str) -> bool {
    !text.contains('\0')
}

fn value_ok(value: &Value<'_>) -> bool {
    match value {
        Value::Scalar(scalar) => scalar_ok(scalar),
        Value::Object(_) => true,
    }
}

fn scalar_ok(scalar: &ScalarValue) -> bool {
    match scalar {
        ScalarValue::Str(s) => is_plain_text(s),
        _ => true,
    }
}

/// Refuses a batch whose patches put a NUL anywhere: a map key, a string value, text
/// spliced into a text object, or a mark.
pub fn check_patches(patches: &[Patch]) -> Result<(), Rejection> {
    let plain = patches.iter().all(|patch| match &patch.action {
        PatchAction::PutMap { key, value, .. } => is_plain_text(key) && value_ok(&value.0),
        PatchAction::PutSeq { value, .. } => value_ok(&value.0),
        PatchAction::Insert { values, .. } => values.iter().all(|(v, _, _)| value_ok(v)),
        PatchAction::SpliceText { value, .. } => is_plain_text(&value.make_string()),
        PatchAction::Mark { marks } => marks
            .iter()
            .all(|m| is_plain_text(m.name()) && scalar_ok(m.value())),
        PatchAction::Increment { .. }
        | PatchAction::Conflict { .. }
        | PatchAction::DeleteMap { .. }
        | PatchAction::DeleteSeq { .. } => true,
    });
    if plain {
        Ok(())
    } else {
        Err(Rejection::new(RejectCode::InvalidValue, NUL_REFUSED))
    }
}

#[cfg(test)]
mod tests {
    use automerge::transaction::Transactable;
    use automerge::{AutoCommit, ObjType, ROOT};

    use super::*;

    fn patches_of(change: impl FnOnce(&mut AutoCommit)) -> Vec<Patch> {
        let mut doc = AutoCommit::new();
        doc.update_diff_cursor();
        change(&mut doc);
        doc.diff_incremental()
    }

    #[test]
    fn a_nul_is_refused_in_keys_values_lists_and_text() {
        type Change = Box<dyn FnOnce(&mut AutoCommit)>;
        let cases: Vec<Change> = vec![
            Box::new(|d| d.put(ROOT, "name", "Ada\0Lovelace").unwrap()),
            Box::new(|d| d.put(ROOT, "na\0me", "Ada").unwrap()),
            Box::new(|d| {
                let list = d.put_object(ROOT, "beds", ObjType::List).unwrap();
                d.insert(&list, 0, "7\0").unwrap();
            }),
            Box::new(|d| {
                let text = d.put_object(ROOT, "body", ObjType::Text).unwrap();
                d.splice_text(&text, 0, 0, "Seen \0 on the round").unwrap();
            }),
        ];
        for change in cases {
            let refused = check_patches(&patches_of(change)).unwrap_err();
            assert_eq!(refused.code, RejectCode::InvalidValue);
            assert!(
                !refused.message.contains('\0'),
                "the refusal carries no value"
            );
        }
        let fine = patches_of(|d| d.put(ROOT, "name", "Zoë Ōkafor").unwrap());
        assert!(check_patches(&fine).is_ok(), "other characters are fine");
    }
}
