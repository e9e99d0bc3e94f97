-- NEWS2 alerts acknowledged on this workstation: a medium or high score recorded
-- elsewhere interrupts the window until someone here has seen it.
CREATE TABLE alerts_seen (
    record_id TEXT PRIMARY KEY,   -- the set of vital signs
    seen_by   TEXT NOT NULL,      -- who acknowledged it (display name)
    seen_at   TEXT NOT NULL       -- when (RFC 3339)
);
