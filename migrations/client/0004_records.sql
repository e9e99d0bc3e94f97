-- The clinical document's records besides notes and orders (allergies, problems, vital
-- signs, administrations, tasks, addenda): one row per entry, the entry itself as JSON,
-- and the columns the ward's lists filter and sort on.
CREATE TABLE records (
    record_id  TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL,
    collection TEXT NOT NULL,        -- allergies | problems | vitals | administrations | tasks | addenda
    at         TEXT NOT NULL,        -- when it was recorded or taken (RFC 3339)
    status     TEXT,
    assignee   TEXT,                 -- tasks
    due        TEXT,                 -- tasks
    priority   TEXT,                 -- tasks
    data       TEXT NOT NULL         -- the entry, JSON
);
CREATE INDEX records_patient ON records (patient_id, collection, at);
CREATE INDEX records_by_status ON records (collection, status, due);
CREATE INDEX records_assignee ON records (assignee, status) WHERE assignee IS NOT NULL;
