-- Patients the server said left this workstation's wards: purged once nothing of theirs
-- is waiting to upload.
CREATE TABLE departures (
    patient_id TEXT PRIMARY KEY,
    noted_at   TEXT NOT NULL
);

-- Charts opened outside the wards ("break-glass"), with the clinician's reason. Made on
-- the workstation, so they work offline; uploaded to the server's audit on sync.
CREATE TABLE break_glass (
    grant_id   TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    reason     TEXT NOT NULL,
    opened_at  TEXT NOT NULL,        -- RFC 3339, device clock
    expires_at TEXT NOT NULL,
    uploaded   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX break_glass_patient ON break_glass (patient_id, expires_at);
