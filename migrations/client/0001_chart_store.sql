-- The workstation's chart store. Documents are the truth; every other table is a
-- projection rebuilt from them in the same transaction that writes them.

CREATE TABLE documents (
    doc_id      TEXT PRIMARY KEY,
    patient_id  TEXT NOT NULL,
    kind        TEXT NOT NULL,
    data        BLOB NOT NULL,       -- Automerge save()
    heads       BLOB NOT NULL,       -- concatenated 32-byte change hashes
    acked       BLOB NOT NULL,       -- heads the server acknowledged
    announced   BLOB NOT NULL,       -- heads the server announced
    pending     INTEGER NOT NULL,    -- changes not yet acknowledged
    stale       INTEGER NOT NULL,    -- 1 when announced heads are missing here
    updated_at  TEXT NOT NULL
);
CREATE INDEX documents_patient ON documents (patient_id);
CREATE INDEX documents_due ON documents (doc_id) WHERE pending > 0 OR stale = 1;

CREATE TABLE patients (
    patient_id   TEXT PRIMARY KEY,
    mrn          TEXT NOT NULL,
    given_name   TEXT NOT NULL,
    family_name  TEXT NOT NULL,
    birth_date   TEXT NOT NULL,
    sex          TEXT NOT NULL,
    phone        TEXT,
    ward         TEXT NOT NULL,
    bed          TEXT,
    status       TEXT NOT NULL
);
CREATE INDEX patients_ward ON patients (ward, family_name, given_name);
CREATE INDEX patients_mrn ON patients (mrn);

CREATE VIRTUAL TABLE patient_search USING fts5 (
    patient_id UNINDEXED, mrn, given_name, family_name,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE appointments (
    appointment_id   TEXT PRIMARY KEY,
    patient_id       TEXT NOT NULL,
    title            TEXT NOT NULL,
    starts_at        TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL,
    location         TEXT,
    status           TEXT NOT NULL
);
CREATE INDEX appointments_patient ON appointments (patient_id, starts_at);
CREATE INDEX appointments_time ON appointments (starts_at);

CREATE TABLE prescriptions (
    prescription_id TEXT PRIMARY KEY,
    patient_id      TEXT NOT NULL,
    drug            TEXT NOT NULL,
    dose            TEXT NOT NULL,
    route           TEXT NOT NULL,
    frequency       TEXT NOT NULL,
    start           TEXT NOT NULL,
    "end"           TEXT,
    prescriber      TEXT NOT NULL,
    status          TEXT NOT NULL
);
CREATE INDEX prescriptions_patient ON prescriptions (patient_id, status);

CREATE TABLE notes (
    note_id    TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL,
    kind       TEXT NOT NULL,
    author     TEXT NOT NULL,
    status     TEXT NOT NULL,        -- draft | signed
    body       TEXT NOT NULL,
    signed_by  TEXT,
    signed_at  TEXT,
    started_at TEXT
);
CREATE INDEX notes_patient ON notes (patient_id, status);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
