-- The tamper-evident audit log. Each row carries the SHA-256 of its own content and of
-- the row before it (a hash chain), so changing, deleting or reordering a row breaks
-- the chain from there on (`bedside-server audit verify`). Rows are appended under an
-- advisory lock, so server replicas never fork the chain. The database refuses UPDATE,
-- DELETE and TRUNCATE; the privileges are withdrawn as well.
CREATE TABLE audit_log (
    seq         bigserial   PRIMARY KEY,
    event_id    uuid        NOT NULL UNIQUE,
    at          timestamptz NOT NULL,          -- server time
    device_time timestamptz,                   -- the workstation's time, when it made the event
    user_id     uuid,
    device_id   uuid,
    action      text        NOT NULL,
    patient_id  uuid,
    outcome     text        NOT NULL,
    detail      jsonb       NOT NULL DEFAULT '{}',
    prev_hash   bytea       NOT NULL,
    hash        bytea       NOT NULL
);
CREATE INDEX audit_log_patient ON audit_log (patient_id, at);
CREATE INDEX audit_log_user ON audit_log (user_id, at);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
