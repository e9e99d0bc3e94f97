-- Wards, the workstations enrolled to them, and the one-time codes IT hands out.

CREATE TABLE wards (
    code       text        PRIMARY KEY,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE enrollment_codes (
    code_hash  bytea       PRIMARY KEY,          -- SHA-256 of the code
    wards      text[]      NOT NULL,
    profile    text        NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    device_id  uuid,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE devices (
    device_id   uuid        PRIMARY KEY,
    public_key  bytea       NOT NULL,            -- Ed25519
    profile     text        NOT NULL,
    wards       text[]      NOT NULL,
    enrolled_at timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
