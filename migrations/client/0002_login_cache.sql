-- Clinicians who logged in online on this workstation: an Argon2id verifier of their
-- password lets them log in (and unlock) while the server is out of reach, for a while.
CREATE TABLE login_cache (
    username     TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL,
    display_name TEXT NOT NULL,
    roles        TEXT NOT NULL,      -- comma-separated role names
    verifier     TEXT NOT NULL,      -- Argon2id PHC string
    cached_at    TEXT NOT NULL       -- RFC 3339, last online login
);
