//! Who may do what: the one permission matrix, used by the server on every request and
//! every sync, and by the workstation to mirror it offline.
//!
//! Access works at document granularity for reading (a device never receives a document
//! its users may not read) and at collection granularity for writing.

use serde::{Deserialize, Serialize};

use crate::chart::{DocKind, NoteKind};

/// A user's role. A user may hold several.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Role {
    /// Manages users and devices, reads the audit log; never reads charts.
    Admin,
    /// Prescribes, writes and signs doctors' notes.
    Doctor,
    /// Writes nursing notes, records vitals and administrations.
    Nurse,
    /// Registers, admits and schedules; never reads clinical documents.
    Clerk,
    /// Adds lab and radiology documents.
    Technician,
}

impl Role {
    /// Every role, for exhaustive tests and listings.
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Doctor,
        Role::Nurse,
        Role::Clerk,
        Role::Technician,
    ];

    /// The role's name as stored and sent, e.g. `DOCTOR`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "ADMIN",
            Role::Doctor => "DOCTOR",
            Role::Nurse => "NURSE",
            Role::Clerk => "CLERK",
            Role::Technician => "TECHNICIAN",
        }
    }
}

/// A name that is not a role or profile.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown name (roles: ADMIN, DOCTOR, NURSE, CLERK, TECHNICIAN; profiles: ward_workstation, front_desk)"
)]
pub struct UnknownRole;

impl std::str::FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s))
            .ok_or(UnknownRole)
    }
}

/// What kind of workstation a device is, which bounds what it syncs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum DeviceProfile {
    /// A ward's clinical workstation: registration and clinical documents.
    WardWorkstation,
    /// A front desk: registration documents only.
    FrontDesk,
}

impl DeviceProfile {
    /// The profile's name as stored, e.g. `ward_workstation`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::WardWorkstation => "ward_workstation",
            Self::FrontDesk => "front_desk",
        }
    }

    /// True when a device of this profile may hold documents of `class`.
    pub fn holds(self, class: DocClass) -> bool {
        matches!(
            (self, class),
            (Self::WardWorkstation, _) | (Self::FrontDesk, DocClass::Registration)
        )
    }
}

impl std::str::FromStr for DeviceProfile {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.replace('-', "_").to_ascii_lowercase().as_str() {
            "ward_workstation" => Ok(Self::WardWorkstation),
            "front_desk" => Ok(Self::FrontDesk),
            _ => Err(UnknownRole),
        }
    }
}

/// The access class of a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocClass {
    /// Demographics, admission, appointments.
    Registration,
    /// Everything clinical, note drafts included.
    Clinical,
}

impl From<DocKind> for DocClass {
    fn from(kind: DocKind) -> Self {
        match kind {
            DocKind::Registration => Self::Registration,
            DocKind::Clinical | DocKind::NoteDraft(_) => Self::Clinical,
        }
    }
}

/// A part of the chart a change can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Collection {
    /// Demographics and admission (register, admit, transfer, discharge).
    Registration,
    /// Appointments and procedures.
    Appointments,
    /// Notes of one kind, draft or signed.
    Notes(NoteKind),
    /// Medication orders.
    Prescriptions,
    /// The medication administration record.
    Administrations,
    /// Allergies.
    Allergies,
    /// The problem list.
    Problems,
    /// Vital signs.
    Vitals,
    /// Ward tasks.
    Tasks,
    /// Education videos shared with the patient.
    Education,
    /// Documents attached to the chart (scans, photos, reports) and their stamps.
    Documents,
}

impl Collection {
    /// The class of document the collection lives in.
    pub fn class(self) -> DocClass {
        match self {
            Self::Registration | Self::Appointments => DocClass::Registration,
            _ => DocClass::Clinical,
        }
    }

    /// A short name for messages, e.g. `prescriptions` or `nursing notes`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Registration => "registration",
            Self::Appointments => "appointments",
            Self::Notes(NoteKind::Progress) => "progress notes",
            Self::Notes(NoteKind::Nursing) => "nursing notes",
            Self::Notes(NoteKind::Operative) => "operative notes",
            Self::Notes(NoteKind::Discharge) => "discharge notes",
            Self::Prescriptions => "prescriptions",
            Self::Administrations => "medication administrations",
            Self::Allergies => "allergies",
            Self::Problems => "problems",
            Self::Vitals => "vital signs",
            Self::Tasks => "tasks",
            Self::Education => "education records",
            Self::Documents => "documents",
        }
    }
}

/// True when `role` may read documents of `class`.
pub fn can_read(role: Role, class: DocClass) -> bool {
    !matches!(
        (role, class),
        (Role::Admin, _) | (Role::Clerk, DocClass::Clinical)
    )
}

/// True when `role` may write `collection`. Addenda count as the note they add to.
pub fn can_write(role: Role, collection: Collection) -> bool {
    use Collection::*;
    match role {
        Role::Admin => false,
        Role::Clerk => matches!(collection, Registration | Appointments),
        Role::Doctor => !matches!(collection, Notes(NoteKind::Nursing)),
        Role::Nurse => matches!(
            collection,
            Notes(NoteKind::Nursing)
                | Appointments
                | Administrations
                | Allergies
                | Vitals
                | Tasks
                | Education
                | Documents
        ),
        // Lab and radiology staff attach and stamp reports.
        Role::Technician => matches!(collection, Documents),
    }
}

/// True when any of `roles` may read documents of `class`.
pub fn any_can_read(roles: &[Role], class: DocClass) -> bool {
    roles.iter().any(|r| can_read(*r, class))
}

/// True when any of `roles` may write `collection`.
pub fn any_can_write(roles: &[Role], collection: Collection) -> bool {
    roles.iter().any(|r| can_write(*r, collection))
}

/// What a user holding some roles may do, in the window's words: the matrix above, read
/// once for the window so it offers only what the server will accept.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Permissions {
    /// Reads clinical documents (notes, medicines, observations...).
    pub read_clinical: bool,
    /// Finds and opens charts outside the wards (any role that reads charts).
    pub break_glass: bool,
    /// Registers, edits details, admits, transfers and discharges.
    pub register: bool,
    /// Books appointments and procedures.
    pub schedule: bool,
    /// Orders and stops medicines.
    pub prescribe: bool,
    /// Records doses given, held or refused.
    pub give_medicines: bool,
    /// Records allergies and changes their status.
    pub record_allergies: bool,
    /// Adds problems and changes their status.
    pub manage_problems: bool,
    /// Records vital signs.
    pub record_vitals: bool,
    /// Adds tasks and moves them along.
    pub manage_tasks: bool,
    /// Shares education videos.
    pub share_education: bool,
    /// Attaches and stamps documents.
    pub attach_documents: bool,
    /// The kinds of note the user may write, the one their first role writes first (a
    /// nurse's note is a nursing note).
    pub note_kinds: Vec<NoteKind>,
}

impl Permissions {
    /// Every note kind, in the order a doctor meets them.
    const NOTE_KINDS: [NoteKind; 4] = [
        NoteKind::Progress,
        NoteKind::Nursing,
        NoteKind::Operative,
        NoteKind::Discharge,
    ];

    /// What `roles` (in the order the user holds them) may do.
    pub fn of(roles: &[Role]) -> Self {
        let may = |c| any_can_write(roles, c);
        let mut note_kinds = Vec::new();
        for role in roles {
            for kind in Self::NOTE_KINDS {
                if can_write(*role, Collection::Notes(kind)) && !note_kinds.contains(&kind) {
                    note_kinds.push(kind);
                }
            }
        }
        Self {
            read_clinical: any_can_read(roles, DocClass::Clinical),
            break_glass: any_can_read(roles, DocClass::Registration),
            register: may(Collection::Registration),
            schedule: may(Collection::Appointments),
            prescribe: may(Collection::Prescriptions),
            give_medicines: may(Collection::Administrations),
            record_allergies: may(Collection::Allergies),
            manage_problems: may(Collection::Problems),
            record_vitals: may(Collection::Vitals),
            manage_tasks: may(Collection::Tasks),
            share_education: may(Collection::Education),
            attach_documents: may(Collection::Documents),
            note_kinds,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_offers_what_the_matrix_allows() {
        let nurse = Permissions::of(&[Role::Nurse]);
        assert_eq!(nurse.note_kinds, [NoteKind::Nursing]);
        assert!(nurse.give_medicines && nurse.record_vitals && !nurse.prescribe);
        assert!(!nurse.register && nurse.schedule);
        let both = Permissions::of(&[Role::Nurse, Role::Doctor]);
        assert_eq!(
            both.note_kinds,
            [
                NoteKind::Nursing,
                NoteKind::Progress,
                NoteKind::Operative,
                NoteKind::Discharge
            ],
            "the first role's kind of note comes first"
        );
        assert!(both.prescribe);
        let clerk = Permissions::of(&[Role::Clerk]);
        assert!(clerk.register && clerk.break_glass && !clerk.read_clinical);
        assert!(clerk.note_kinds.is_empty());
        assert_eq!(Permissions::of(&[Role::Admin]), Permissions::default());
        for role in Role::ALL {
            let may = Permissions::of(&[role]);
            assert_eq!(may.prescribe, can_write(role, Collection::Prescriptions));
            assert_eq!(may.read_clinical, can_read(role, DocClass::Clinical));
        }
    }

    #[test]
    fn clinical_defaults_hold() {
        assert!(
            can_write(Role::Doctor, Collection::Prescriptions),
            "doctors prescribe"
        );
        for role in [Role::Nurse, Role::Clerk, Role::Technician, Role::Admin] {
            assert!(
                !can_write(role, Collection::Prescriptions),
                "{role:?} must not prescribe"
            );
        }
        assert!(can_write(Role::Nurse, Collection::Notes(NoteKind::Nursing)));
        assert!(
            !can_write(Role::Nurse, Collection::Notes(NoteKind::Progress)),
            "nurses do not sign doctors' notes"
        );
        assert!(!can_write(
            Role::Doctor,
            Collection::Notes(NoteKind::Nursing)
        ));
        assert!(
            can_write(Role::Clerk, Collection::Registration)
                && can_write(Role::Clerk, Collection::Appointments)
        );
        assert!(
            !can_read(Role::Clerk, DocClass::Clinical),
            "clerks never read clinical documents"
        );
        assert!(can_read(Role::Clerk, DocClass::Registration));
        for class in [DocClass::Registration, DocClass::Clinical] {
            assert!(
                !can_read(Role::Admin, class),
                "admins manage, they do not read charts"
            );
        }
    }
}
