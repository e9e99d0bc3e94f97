//! Value rules for each record. Used by the workstation before it writes and by the
//! server on every incoming change, so both refuse the same things.

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime};

use super::Rejection;
use crate::chart::schedule::MAX_COURSE_DOSES;
use crate::chart::{Admission, Appointment, Demographics, NoteDraft, Prescription, SignedNote};

/// Longest note body accepted, in bytes.
pub const MAX_NOTE_BYTES: usize = 64 * 1024;
pub(super) const MAX_SHORT: usize = 200;

/// A record that knows its own value rules.
pub trait Rules {
    /// Ok when every value is present, well-formed and in range.
    fn check(&self) -> Result<(), Rejection>;
}

/// True for a `YYYY-MM-DD` calendar date.
pub fn is_date(text: &str) -> bool {
    Date::parse(text, format_description!("[year]-[month]-[day]")).is_ok()
}

/// True for an RFC 3339 timestamp.
pub fn is_timestamp(text: &str) -> bool {
    OffsetDateTime::parse(text, &Rfc3339).is_ok()
}

pub(super) fn required(field: &str, value: &str, max: usize) -> Result<(), Rejection> {
    if value.trim().is_empty() {
        return Err(Rejection::invalid(format!("{field} is required")));
    }
    optional(field, Some(value), max)
}

pub(super) fn optional(field: &str, value: Option<&str>, max: usize) -> Result<(), Rejection> {
    match value {
        Some(v) if v.len() > max => Err(Rejection::new(
            super::RejectCode::TooLarge,
            format!("{field} is longer than {max} bytes"),
        )),
        _ => Ok(()),
    }
}

pub(super) fn date(field: &str, value: &str) -> Result<(), Rejection> {
    if is_date(value) {
        Ok(())
    } else {
        Err(Rejection::invalid(format!(
            "{field} must be a date (YYYY-MM-DD)"
        )))
    }
}

impl Rules for Demographics {
    fn check(&self) -> Result<(), Rejection> {
        required("mrn", &self.mrn, 32)?;
        required("given_name", &self.given_name, 100)?;
        required("family_name", &self.family_name, 100)?;
        date("birth_date", &self.birth_date)?;
        if self.birth_date.as_str() < "1880-01-01" {
            return Err(Rejection::invalid("birth_date is implausibly early"));
        }
        optional("phone", self.phone.as_deref(), 40)?;
        optional("address", self.address.as_deref(), 300)
    }
}

impl Rules for Admission {
    fn check(&self) -> Result<(), Rejection> {
        required("ward", &self.ward, 32)?;
        optional("bed", self.bed.as_deref(), 16)
    }
}

impl Rules for Appointment {
    fn check(&self) -> Result<(), Rejection> {
        required("title", &self.title, MAX_SHORT)?;
        if !is_timestamp(&self.starts_at) {
            return Err(Rejection::invalid(
                "starts_at must be an RFC 3339 timestamp",
            ));
        }
        if !(1..=24 * 60).contains(&self.duration_minutes) {
            return Err(Rejection::invalid(
                "duration_minutes must be between 1 and 1440",
            ));
        }
        optional("location", self.location.as_deref(), MAX_SHORT)
    }
}

impl Rules for Prescription {
    fn check(&self) -> Result<(), Rejection> {
        required("drug", &self.drug, MAX_SHORT)?;
        required("dose", &self.dose, MAX_SHORT)?;
        required("route", &self.route, MAX_SHORT)?;
        required("frequency", &self.frequency, MAX_SHORT)?;
        required("prescriber", &self.prescriber, MAX_SHORT)?;
        date("start", &self.start)?;
        if let Some(end) = &self.end {
            date("end", end)?;
            if end < &self.start {
                return Err(Rejection::invalid("end must not be before start"));
            }
        }
        optional("stop_reason", self.stop_reason.as_deref(), MAX_SHORT)?;
        if let Some(schedule) = &self.schedule {
            schedule
                .check()
                .map_err(|e| Rejection::invalid(format!("schedule: {e}")))?;
        }
        if self
            .doses
            .is_some_and(|d| !(1..=MAX_COURSE_DOSES).contains(&d))
        {
            return Err(Rejection::invalid(format!(
                "doses must be between 1 and {MAX_COURSE_DOSES}"
            )));
        }
        Ok(())
    }
}

impl Rules for SignedNote {
    fn check(&self) -> Result<(), Rejection> {
        required("body", &self.body, MAX_NOTE_BYTES)?;
        required("signed_by", &self.signed_by, MAX_SHORT)?;
        if !is_timestamp(&self.signed_at) {
            return Err(Rejection::invalid(
                "signed_at must be an RFC 3339 timestamp",
            ));
        }
        Ok(())
    }
}

impl Rules for NoteDraft {
    fn check(&self) -> Result<(), Rejection> {
        required("author", &self.author, MAX_SHORT)?;
        optional("body", Some(self.body.as_str()), MAX_NOTE_BYTES)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{PrescriptionStatus, Sex};

    fn demographics() -> Demographics {
        Demographics {
            mrn: "MRN-1".into(),
            given_name: "Ada".into(),
            family_name: "Lovelace".into(),
            birth_date: "1815-12-10".into(),
            sex: Sex::Female,
            phone: None,
            address: None,
            provisional_mrn: None,
        }
    }

    #[test]
    fn demographics_need_names_and_a_plausible_birth_date() {
        let mut d = demographics();
        assert!(
            d.check().is_err(),
            "a birth date before 1880 is implausible"
        );
        d.birth_date = "1985-02-30".into();
        assert!(d.check().is_err(), "30 February is not a date");
        d.birth_date = "1985-02-28".into();
        assert_eq!(d.check(), Ok(()));
        d.family_name = "  ".into();
        assert!(d.check().is_err(), "a blank family name must be refused");
    }

    #[test]
    fn prescriptions_may_not_end_before_they_start() {
        let mut p = Prescription {
            drug: "Amoxicillin".into(),
            dose: "500 mg".into(),
            route: "oral".into(),
            frequency: "every 8 hours".into(),
            start: "2026-11-20".into(),
            end: Some("2026-11-19".into()),
            prescriber: "Dr Who".into(),
            status: PrescriptionStatus::Active,
            stopped_at: None,
            stop_reason: None,
            schedule: None,
            doses: None,
        };
        assert!(p.check().is_err());
        p.end = Some("2026-11-27".into());
        assert_eq!(p.check(), Ok(()));
    }
}
