-- The audit log sealed off the request path. A request only inserts its events into
-- `audit_log` (a trigger queues each new row in `audit_unsealed`); one sealer at a time
-- (an advisory lock, so replicas take turns) gives the queued rows their places in the
-- hash chain, `audit_chain`, and takes them off the queue. The chain runs in the order
-- rows were sealed: a row whose transaction commits late is sealed in a later pass,
-- never lost. `audit_log` and `audit_chain` refuse UPDATE, DELETE and TRUNCATE.
CREATE TABLE audit_chain (
    pos       bigint PRIMARY KEY,      -- the row's place in the chain, from 1
    seq       bigint NOT NULL UNIQUE,  -- the audit_log row
    prev_hash bytea  NOT NULL,         -- the hash of the row at pos - 1 (zeros for the first)
    hash      bytea  NOT NULL          -- SHA-256 of prev_hash and the row's content
);
INSERT INTO audit_chain (pos, seq, prev_hash, hash)
    SELECT seq, seq, prev_hash, hash FROM audit_log;
ALTER TABLE audit_log DROP COLUMN prev_hash;
ALTER TABLE audit_log DROP COLUMN hash;

CREATE TRIGGER audit_chain_no_update BEFORE UPDATE OR DELETE ON audit_chain
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_chain FROM PUBLIC;

CREATE TABLE audit_unsealed (
    seq bigint PRIMARY KEY
);
CREATE FUNCTION audit_log_queue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_unsealed (seq) VALUES (NEW.seq);
    RETURN NULL;
END;
$$;
CREATE TRIGGER audit_log_queued AFTER INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_queue();
