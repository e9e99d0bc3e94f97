//! The TypeScript declarations of everything the window's commands take, return and emit,
//! generated from the Rust types themselves so the two cannot drift. The window imports
//! them from `ui/src/bindings.ts`; a test keeps that file equal to [`typescript`].

use std::collections::BTreeMap;

use bedside_client::education::Recommendations;
use bedside_client::patient_chart::PatientChart;
use bedside_client::store::inbox::{ConflictLine, Quarantined};
use bedside_client::store::queries::PatientSummary;
use bedside_client::store::records::{Entry, TaskLine};
use bedside_client::store::timeline::TimelineEvent;
use bedside_client::{
    NewAllergy, NewAppointment, NewPatient, NewPrescription, NewProblem, NewTask, PatientEdit,
    SyncProgress, VitalSigns,
};
use bedside_shared::access::{Permissions, Role};
use bedside_shared::chart::conflicts::FieldValue;
use bedside_shared::chart::{
    AdministrationOutcome, AllergyStatus, DocumentCategory, NoteKind, PathwayStage, ProblemStatus,
    TaskStatus, Vitals,
};
use bedside_shared::devices::Enrolled;
use bedside_shared::education::Video;
use ts_rs::{Config, TS, TypeVisitor};

use crate::commands::CommandError;
use crate::commands::session::AppStatus;

/// Collects the declaration of every named type reachable from the ones visited, by name,
/// and the TypeScript name of each Rust type by its Rust name.
struct Declarations {
    config: Config,
    found: BTreeMap<String, String>,
    named: BTreeMap<String, String>,
}

impl TypeVisitor for Declarations {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if T::output_path().is_none() {
            return;
        }
        let name = T::ident(&self.config);
        if self.found.contains_key(&name) {
            return;
        }
        self.found.insert(name.clone(), T::decl(&self.config));
        let path = std::any::type_name::<T>();
        let path = path.split('<').next().unwrap_or(path);
        let rust = path.rsplit("::").next().unwrap_or(path);
        self.named.insert(rust.to_owned(), name);
        T::visit_dependencies(self);
    }
}

/// The TypeScript name of each type the window's commands take or return, by its Rust
/// name (`ui/src/commands.ts` is written from the commands' Rust signatures with them).
pub fn typescript_names() -> BTreeMap<String, String> {
    declarations().named
}

/// `ui/src/bindings.ts` as it should read: one `export` per type, sorted by name.
pub fn typescript() -> String {
    let types = declarations();
    let mut out = String::from(
        "// Generated from the Rust types by `BEDSIDE_WRITE_BINDINGS=1 cargo test -p \
         bedside-desktop --test shell types`; do not edit.\n",
    );
    for declaration in types.found.values() {
        out.push_str("\nexport ");
        out.push_str(declaration);
        out.push('\n');
    }
    out.push_str(&permissions_by_role());
    out
}

/// Every type the window's commands take, return and emit, with what they refer to.
fn declarations() -> Declarations {
    let mut types = Declarations {
        // Counts and sizes are far below 2^53: plain numbers, as JSON carries them.
        config: Config::new().with_large_int("number"),
        found: BTreeMap::new(),
        named: BTreeMap::new(),
    };
    // What the commands return.
    types.visit::<AppStatus>();
    types.visit::<crate::commands::session::StartupProblem>();
    types.visit::<CommandError>();
    types.visit::<Enrolled>();
    types.visit::<PatientSummary>();
    types.visit::<bedside_client::lookup::Lookup>();
    types.visit::<bedside_client::store::alerts::News2Alert>();
    types.visit::<bedside_client::round::ScheduledDose>();
    types.visit::<bedside_client::store::board::BoardTask>();
    types.visit::<bedside_client::board::WardDashboard>();
    types.visit::<PatientChart>();
    types.visit::<TaskLine>();
    types.visit::<TimelineEvent>();
    types.visit::<Recommendations>();
    types.visit::<ConflictLine>();
    types.visit::<Quarantined>();
    types.visit::<SyncProgress>();
    types.visit::<Entry<()>>();
    // Flattened into `ScoredVitals`, named for the window's own helpers.
    types.visit::<Vitals>();
    // What they take.
    types.visit::<NewPatient>();
    types.visit::<PatientEdit>();
    types.visit::<NewAllergy>();
    types.visit::<NewProblem>();
    types.visit::<VitalSigns>();
    types.visit::<NewTask>();
    types.visit::<NewPrescription>();
    types.visit::<NewAppointment>();
    types.visit::<Video>();
    types.visit::<PathwayStage>();
    types.visit::<AllergyStatus>();
    types.visit::<ProblemStatus>();
    types.visit::<TaskStatus>();
    types.visit::<NoteKind>();
    types.visit::<AdministrationOutcome>();
    types.visit::<DocumentCategory>();
    types.visit::<FieldValue>();
    types
}

/// What each role alone may do, from the same matrix as the server's: the window's tests
/// render each role's chart from it.
fn permissions_by_role() -> String {
    let table: BTreeMap<_, _> = Role::ALL
        .into_iter()
        .map(|role| (role, Permissions::of(&[role])))
        .collect();
    format!(
        "\nexport const PERMISSIONS_BY_ROLE: Record<Role, Permissions> = {};\n",
        serde_json::to_string_pretty(&table).expect("permissions serialize")
    )
}
