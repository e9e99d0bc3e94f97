-- Fields two workstations changed concurrently (every value kept until a user picks),
-- and edits the server refused, set aside for the user to see, re-apply or discard.
CREATE TABLE conflicts (
    doc_id     TEXT NOT NULL,
    patient_id TEXT NOT NULL,
    path       TEXT NOT NULL,        -- map keys from the document root, joined by '/'
    field_values TEXT NOT NULL,      -- JSON array, the value read first leading
    PRIMARY KEY (doc_id, path)
);
CREATE INDEX conflicts_patient ON conflicts (patient_id);

CREATE TABLE quarantine (
    quarantine_id TEXT PRIMARY KEY,
    doc_id        TEXT NOT NULL,
    patient_id    TEXT NOT NULL,
    code          TEXT NOT NULL,     -- the server's reject code
    message       TEXT NOT NULL,
    at            TEXT NOT NULL,
    document      BLOB NOT NULL,     -- the workstation's document with the refused edits
    content       TEXT NOT NULL      -- the same, as JSON, to show
);
CREATE INDEX quarantine_patient ON quarantine (patient_id);
