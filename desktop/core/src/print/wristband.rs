//! The patient's wristband label: name, birth date, MRN, ward and bed, allergies, and a QR
//! code of the MRN that the ward list's search opens the chart from when scanned (a
//! scanner types what it reads, then Enter).

use bedside_shared::PatientId;
use bedside_shared::chart::{Allergy, AllergyStatus};
use qrcode::{EcLevel, QrCode};

use super::sheet::{Sheet, Style};
use crate::chart::Charts;
use crate::error::{Error, Result};
use crate::store::records::Entry;

/// What a wristband's QR code holds before the MRN.
pub const WRISTBAND_PREFIX: &str = "BEDSIDE:MRN:";
/// The label: 89 × 25 mm, in points.
const LABEL: (f32, f32) = (252.0, 72.0);

/// What the wristband of the patient with `mrn` encodes.
pub fn wristband_code(mrn: &str) -> String {
    format!("{WRISTBAND_PREFIX}{mrn}")
}

impl Charts<'_> {
    /// The wristband label of `patient` as a PDF. Printing it is audited.
    pub fn wristband(&self, patient: PatientId) -> Result<Vec<u8>> {
        self.ws.access().ensure_unlocked()?;
        let id = patient.to_string();
        let store = self.ws.store();
        let view = store.chart_view(&id)?.ok_or(Error::NotFound("patient"))?;
        let allergies: Vec<Entry<Allergy>> = store.records(&id)?;
        drop(store);
        let p = view.patient;
        let code = QrCode::with_error_correction_level(wristband_code(&p.mrn), EcLevel::M)
            .map_err(|_| Error::Invalid("the MRN does not fit a QR code".into()))?;
        let mut label = Sheet::label(LABEL.0, LABEL.1);
        label.qr(&code, 4.0, 4.0, 64.0);
        let x = 74.0;
        let name = format!("{}, {}", p.family_name.to_uppercase(), p.given_name);
        label.text_at(x, 56.0, &name, Style::bold(11.0));
        let sex = serde_json::to_value(p.sex)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        label.text_at(
            x,
            44.0,
            &format!("Born {} · {sex}", p.birth_date),
            Style::plain(8.0),
        );
        label.text_at(x, 34.0, &format!("MRN {}", p.mrn), Style::bold(9.0));
        let place = format!("{} · bed {}", p.ward, p.bed.as_deref().unwrap_or("-"));
        label.text_at(x, 24.0, &place, Style::plain(8.0));
        let active: Vec<&str> = allergies
            .iter()
            .filter(|a| a.record.status == AllergyStatus::Active)
            .map(|a| a.record.substance.as_str())
            .collect();
        if active.is_empty() {
            label.text_at(x, 10.0, "No known allergies", Style::plain(7.5));
        } else {
            let words = format!("ALLERGY: {}", active.join(", "));
            label.text_at(x, 10.0, &words, Style::bold(7.5).alarm());
        }
        self.ws.audit("wristband_printed", Some(&id), "wristband")?;
        Ok(label.finish(&format!("Wristband {}", p.mrn)))
    }
}
