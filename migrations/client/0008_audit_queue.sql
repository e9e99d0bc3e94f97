-- Chart opens and edits recorded on this workstation (also offline), signed with the
-- device key, waiting to be uploaded to the server's audit log.
CREATE TABLE audit_queue (
    event_id    TEXT PRIMARY KEY,
    body        TEXT NOT NULL,       -- the signed event, JSON
    state       INTEGER NOT NULL DEFAULT 0   -- 0 waiting, 1 stored, 2 refused
);
CREATE INDEX audit_queue_waiting ON audit_queue (state) WHERE state = 0;
