-- Document blobs kept on the workstation (inside the encrypted database, never as
-- files): those captured here and those opened here, by content address; and the
-- upload outbox of blobs the server's store does not hold yet.
CREATE TABLE blobs (
    sha256    TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL,
    bytes     BLOB NOT NULL,
    origin    TEXT NOT NULL CHECK (origin IN ('captured', 'opened')),
    stored_at TEXT NOT NULL
);

CREATE TABLE upload_outbox (
    sha256     TEXT PRIMARY KEY REFERENCES blobs (sha256),
    patient_id TEXT NOT NULL,
    size       INTEGER NOT NULL,
    upload_id  TEXT,
    -- Tags the store gave for parts sent, as JSON {"1": "etag", ...}.
    parts      TEXT NOT NULL DEFAULT '{}',
    failure    TEXT
);
