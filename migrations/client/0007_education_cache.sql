-- The last education-video list fetched for each patient, for use offline.
CREATE TABLE education_cache (
    patient_id TEXT PRIMARY KEY,
    fetched_at TEXT NOT NULL,
    body       TEXT NOT NULL         -- the server's answer, JSON
);
