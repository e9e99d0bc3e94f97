//! FHIR R4 output checked by an independent validator: `tests/fhir/validate.mjs`
//! (Medplum's R4 structure validation, run with Node; `make test` installs its packages).

use std::path::Path;
use std::process::Command;

/// Validates every resource of `ndjson` (one FHIR resource per line); panics with the
/// validator's findings unless all are valid R4. `name` names the file kept under
/// `target/tmp/` for a look afterwards.
pub fn assert_valid_r4(ndjson: &str, name: &str) {
    let checker = Path::new(env!("CARGO_MANIFEST_DIR")).join("fhir");
    assert!(
        checker.join("node_modules/@medplum/core").is_dir(),
        "the FHIR validator's packages are missing: run `npm ci` in {} (make test does)",
        checker.display()
    );
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/tmp");
    std::fs::create_dir_all(&dir).expect("target/ is writable");
    let file = dir.join(format!("{name}-{}.ndjson", uuid::Uuid::now_v7().simple()));
    std::fs::write(&file, ndjson).expect("target/tmp is writable");
    let out = Command::new("node")
        .arg(checker.join("validate.mjs"))
        .arg(&file)
        .output()
        .expect("node runs (Node.js 20 or later)");
    assert!(
        out.status.success(),
        "the FHIR R4 validator refused {}:\n{}{}",
        file.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
