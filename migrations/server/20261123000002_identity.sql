-- Users, their sessions (rotating refresh tokens bound to a device), and the outcome of
-- every authentication attempt.

CREATE TABLE users (
    user_id       uuid        PRIMARY KEY,
    username      text        NOT NULL UNIQUE,
    display_name  text        NOT NULL,
    password_hash text        NOT NULL,          -- Argon2id, PHC string
    roles         text[]      NOT NULL,
    disabled      boolean     NOT NULL DEFAULT false,
    failed_logins integer     NOT NULL DEFAULT 0,
    locked_until  timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- A login starts a family; each refresh uses one token and issues the next. Presenting a
-- used token again revokes the whole family.
CREATE TABLE refresh_tokens (
    token_hash  bytea       PRIMARY KEY,         -- SHA-256 of the token
    family      uuid        NOT NULL,
    user_id     uuid        NOT NULL REFERENCES users (user_id),
    device_id   uuid        NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    revoked_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

CREATE TABLE auth_events (
    event_id   bigserial   PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    user_id    uuid,
    device_id  uuid,
    outcome    text        NOT NULL
);
CREATE INDEX auth_events_user ON auth_events (user_id, at);

-- Secrets shared by every server replica (the access-token signing key).
CREATE TABLE server_keys (
    name   text  PRIMARY KEY,
    secret bytea NOT NULL
);
