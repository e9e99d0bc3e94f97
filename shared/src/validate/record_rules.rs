//! Value rules of the clinical records: allergies, problems (ICD-10 codes), vital signs
//! (units and plausible ranges), administrations, tasks and addenda.

use super::Rejection;
use super::rules::{MAX_NOTE_BYTES, MAX_SHORT, Rules, date, is_timestamp, optional, required};
use crate::chart::{
    Addendum, Administration, AdministrationOutcome, Allergy, DocumentRef, Problem, Task,
    TaskStatus, VideoShared, Vitals, is_sha256_hex,
};

fn timestamp(field: &str, value: &str) -> Result<(), Rejection> {
    if is_timestamp(value) {
        Ok(())
    } else {
        Err(Rejection::invalid(format!(
            "{field} must be an RFC 3339 timestamp"
        )))
    }
}

/// True for an ICD-10 code: a letter, two digits, and optionally a dot and one to four
/// letters or digits (`K35`, `K35.8`, `S72.001A`).
pub fn is_icd10(code: &str) -> bool {
    let (category, detail) = match code.split_once('.') {
        Some((c, d)) => (c, Some(d)),
        None => (code, None),
    };
    let c = category.as_bytes();
    c.len() == 3
        && c[0].is_ascii_uppercase()
        && c[1].is_ascii_digit()
        && c[2].is_ascii_alphanumeric()
        && detail.is_none_or(|d| {
            (1..=4).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

fn in_range(
    field: &str,
    value: Option<f64>,
    low: f64,
    high: f64,
    unit: &str,
) -> Result<(), Rejection> {
    match value {
        Some(v) if !v.is_finite() || v < low || v > high => Err(Rejection::invalid(format!(
            "{field} must be between {low} and {high} {unit}"
        ))),
        _ => Ok(()),
    }
}

impl Rules for Allergy {
    fn check(&self) -> Result<(), Rejection> {
        required("substance", &self.substance, MAX_SHORT)?;
        required("reaction", &self.reaction, MAX_SHORT)?;
        required("recorded_by", &self.recorded_by, MAX_SHORT)?;
        timestamp("recorded_at", &self.recorded_at)
    }
}

impl Rules for Problem {
    fn check(&self) -> Result<(), Rejection> {
        if !is_icd10(&self.code) {
            return Err(Rejection::invalid(
                "code must be an ICD-10 code, e.g. K35.8",
            ));
        }
        required("text", &self.text, MAX_SHORT)?;
        if let Some(onset) = &self.onset {
            date("onset", onset)?;
        }
        required("recorded_by", &self.recorded_by, MAX_SHORT)?;
        timestamp("recorded_at", &self.recorded_at)
    }
}

impl Rules for Vitals {
    fn check(&self) -> Result<(), Rejection> {
        timestamp("taken_at", &self.taken_at)?;
        required("recorded_by", &self.recorded_by, MAX_SHORT)?;
        let int = |v: Option<i64>| v.map(|v| v as f64);
        if self.temperature.is_none()
            && self.weight.is_none()
            && self.consciousness.is_none()
            && [
                self.pulse_bpm,
                self.systolic_mmhg,
                self.diastolic_mmhg,
                self.respiratory_rate,
                self.spo2_pct,
            ]
            .iter()
            .all(Option::is_none)
        {
            return Err(Rejection::invalid("vital signs need at least one reading"));
        }
        in_range(
            "temperature",
            self.temperature.map(|t| t.celsius()),
            25.0,
            45.0,
            "°C",
        )?;
        in_range("pulse", int(self.pulse_bpm), 20.0, 250.0, "beats/min")?;
        in_range(
            "systolic pressure",
            int(self.systolic_mmhg),
            40.0,
            300.0,
            "mmHg",
        )?;
        in_range(
            "diastolic pressure",
            int(self.diastolic_mmhg),
            20.0,
            200.0,
            "mmHg",
        )?;
        in_range(
            "respiratory rate",
            int(self.respiratory_rate),
            4.0,
            80.0,
            "breaths/min",
        )?;
        in_range("SpO2", int(self.spo2_pct), 50.0, 100.0, "%")?;
        in_range("weight", self.weight.map(|w| w.kg()), 0.3, 500.0, "kg")?;
        match (self.systolic_mmhg, self.diastolic_mmhg) {
            (Some(s), Some(d)) if d >= s => Err(Rejection::invalid(
                "diastolic pressure must be below systolic pressure",
            )),
            (Some(_), None) | (None, Some(_)) => Err(Rejection::invalid(
                "blood pressure needs both systolic and diastolic values",
            )),
            _ => Ok(()),
        }
    }
}

impl Rules for Administration {
    fn check(&self) -> Result<(), Rejection> {
        required("prescription_id", &self.prescription_id, 64)?;
        required("by", &self.by, MAX_SHORT)?;
        timestamp("at", &self.at)?;
        optional("note", self.note.as_deref(), 500)?;
        optional("corrects", self.corrects.as_deref(), 64)?;
        optional("override_reason", self.override_reason.as_deref(), 500)?;
        if self.override_reason.is_some() && self.outcome != AdministrationOutcome::Given {
            return Err(Rejection::invalid(
                "only a dose given carries an override reason",
            ));
        }
        match (self.outcome, &self.corrects, &self.note) {
            (AdministrationOutcome::EnteredInError, Some(_), Some(reason))
                if !reason.trim().is_empty() =>
            {
                Ok(())
            }
            (AdministrationOutcome::EnteredInError, _, _) => Err(Rejection::invalid(
                "an entry in error names the entry it corrects and why",
            )),
            (_, Some(_), _) => Err(Rejection::invalid(
                "only an entry in error corrects another",
            )),
            _ => Ok(()),
        }
    }
}

impl Rules for Task {
    fn check(&self) -> Result<(), Rejection> {
        required("title", &self.title, MAX_SHORT)?;
        optional("assignee", self.assignee.as_deref(), 64)?;
        if let Some(due) = &self.due {
            timestamp("due", due)?;
        }
        required("created_by", &self.created_by, MAX_SHORT)?;
        timestamp("created_at", &self.created_at)?;
        match (&self.completed_at, self.status) {
            (Some(at), TaskStatus::Done) => timestamp("completed_at", at),
            (None, TaskStatus::Done) => Err(Rejection::invalid("a done task needs completed_at")),
            (Some(_), _) => Err(Rejection::invalid("only a done task has completed_at")),
            (None, _) => Ok(()),
        }
    }
}

impl Rules for VideoShared {
    fn check(&self) -> Result<(), Rejection> {
        required("video_id", &self.video_id, 100)?;
        required("title", &self.title, 300)?;
        required("url", &self.url, 500)?;
        if !self.url.starts_with("https://") {
            return Err(Rejection::invalid("url must be an https address"));
        }
        required("shared_by", &self.shared_by, MAX_SHORT)?;
        timestamp("shared_at", &self.shared_at)
    }
}

impl Rules for Addendum {
    fn check(&self) -> Result<(), Rejection> {
        required("note_id", &self.note_id, 64)?;
        required("author", &self.author, MAX_SHORT)?;
        required("body", &self.body, MAX_NOTE_BYTES)?;
        timestamp("signed_at", &self.signed_at)
    }
}

impl Rules for DocumentRef {
    fn check(&self) -> Result<(), Rejection> {
        required("file_name", &self.file_name, 255)?;
        if self.file_name.contains(['/', '\\']) {
            return Err(Rejection::invalid("file_name must not contain a path"));
        }
        let mime_ok = self
            .mime_type
            .split_once('/')
            .is_some_and(|(t, s)| !t.is_empty() && !s.is_empty() && !s.contains('/'));
        if !mime_ok || self.mime_type.len() > 100 {
            return Err(Rejection::invalid(
                "mime_type must be a media type such as application/pdf",
            ));
        }
        if self.size == 0 {
            return Err(Rejection::invalid("a document has at least one byte"));
        }
        if !is_sha256_hex(&self.sha256)
            || self
                .thumbnail_sha256
                .as_deref()
                .is_some_and(|t| !is_sha256_hex(t))
        {
            return Err(Rejection::invalid(
                "sha256 must be 64 lowercase hexadecimal digits",
            ));
        }
        required("uploaded_by", &self.uploaded_by, MAX_SHORT)?;
        timestamp("captured_at", &self.captured_at)?;
        if !self.stamps.is_empty() && !self.category.takes_stamps() {
            return Err(Rejection::invalid(
                "only lab and radiology reports take verification stamps",
            ));
        }
        for stamp in &self.stamps {
            required("stamp by", &stamp.by, MAX_SHORT)?;
            timestamp("stamp at", &stamp.at)?;
            required("statement", &stamp.statement, 1000)?;
        }
        if let Some(deleted) = &self.deleted {
            required("deleted by", &deleted.by, MAX_SHORT)?;
            timestamp("deleted at", &deleted.at)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{Temperature, TemperatureUnit, Weight, WeightUnit};

    #[test]
    fn an_entry_in_error_names_the_dose_it_corrects_and_why() {
        let dose = |outcome, corrects: Option<&str>, note: Option<&str>| Administration {
            prescription_id: "rx".into(),
            outcome,
            by: "Nurse Bello".into(),
            at: "2026-11-23T08:00:00Z".into(),
            note: note.map(str::to_owned),
            corrects: corrects.map(str::to_owned),
            override_reason: None,
        };
        use AdministrationOutcome::{EnteredInError, Given};
        assert!(dose(Given, None, None).check().is_ok());
        assert!(
            dose(EnteredInError, Some("d1"), Some("Wrong patient"))
                .check()
                .is_ok()
        );
        assert!(
            dose(EnteredInError, None, Some("Wrong patient"))
                .check()
                .is_err()
        );
        assert!(dose(EnteredInError, Some("d1"), None).check().is_err());
        assert!(
            dose(EnteredInError, Some("d1"), Some("  "))
                .check()
                .is_err()
        );
        assert!(
            dose(Given, Some("d1"), None).check().is_err(),
            "a dose corrects nothing"
        );
    }

    fn vitals() -> Vitals {
        Vitals {
            taken_at: "2026-11-23T08:00:00Z".into(),
            recorded_by: "Nurse Bello".into(),
            temperature: Some(Temperature {
                value: 37.2,
                unit: TemperatureUnit::Celsius,
            }),
            pulse_bpm: Some(88),
            systolic_mmhg: Some(124),
            diastolic_mmhg: Some(78),
            respiratory_rate: Some(16),
            spo2_pct: Some(97),
            weight: Some(Weight {
                value: 72.5,
                unit: WeightUnit::Kg,
            }),
            consciousness: None,
            on_oxygen: None,
            spo2_scale: None,
        }
    }

    #[test]
    fn vital_signs_are_checked_in_their_units_for_plausibility() {
        assert_eq!(vitals().check(), Ok(()));
        let fahrenheit = Vitals {
            temperature: Some(Temperature {
                value: 99.1,
                unit: TemperatureUnit::Fahrenheit,
            }),
            ..vitals()
        };
        assert_eq!(fahrenheit.check(), Ok(()), "99.1 °F is 37.3 °C");
        let typo = Vitals {
            temperature: Some(Temperature {
                value: 372.0,
                unit: TemperatureUnit::Celsius,
            }),
            ..vitals()
        };
        assert!(typo.check().is_err(), "372 °C is a typing slip");
        let inverted = Vitals {
            systolic_mmhg: Some(70),
            diastolic_mmhg: Some(120),
            ..vitals()
        };
        assert!(inverted.check().is_err());
        let pounds = Vitals {
            weight: Some(Weight {
                value: 1200.0,
                unit: WeightUnit::Lb,
            }),
            ..vitals()
        };
        assert!(pounds.check().is_err(), "1200 lb is over 500 kg");
        let empty = Vitals {
            temperature: None,
            pulse_bpm: None,
            systolic_mmhg: None,
            diastolic_mmhg: None,
            respiratory_rate: None,
            spo2_pct: None,
            weight: None,
            ..vitals()
        };
        assert!(empty.check().is_err(), "a set of vitals records something");
        let nan = Vitals {
            temperature: Some(Temperature {
                value: f64::NAN,
                unit: TemperatureUnit::Celsius,
            }),
            ..vitals()
        };
        assert!(nan.check().is_err());
    }

    #[test]
    fn icd10_codes_have_their_shape() {
        for good in ["K35", "K35.8", "S72.001A", "J18.9", "U07.1"] {
            assert!(is_icd10(good), "{good}");
        }
        for bad in ["", "k35.8", "K3", "K35.", "K35.12345", "335.1", "K35-8"] {
            assert!(!is_icd10(bad), "{bad}");
        }
    }
}
