-- Scope: where each patient is and since when, who left which ward, and break-glass
-- grants that open one chart to one user on one workstation for a while.

-- placed_seq: the change number at which the patient arrived on their current ward
-- (devices of that ward need every document of the patient from then on, even ones
-- older than their cursor). left_ward/moved_seq: the ward they last left, and when.
ALTER TABLE patients
    ADD COLUMN placed_seq bigint,
    ADD COLUMN left_ward  text,
    ADD COLUMN moved_seq  bigint;
UPDATE patients SET placed_seq = changed_seq;
ALTER TABLE patients ALTER COLUMN placed_seq SET NOT NULL;
CREATE INDEX patients_left_ward ON patients (left_ward, moved_seq);

CREATE TABLE break_glass (
    grant_id   uuid        PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (user_id),
    device_id  uuid        NOT NULL,
    patient_id uuid        NOT NULL,
    reason     text        NOT NULL,
    granted_at timestamptz NOT NULL DEFAULT now(),
    device_time timestamptz,
    expires_at timestamptz NOT NULL,
    seq        bigint      NOT NULL           -- change number when granted
);
CREATE INDEX break_glass_holder ON break_glass (user_id, device_id, expires_at);

-- The outcome log gains the patient concerned (break-glass) for the audit.
ALTER TABLE auth_events ADD COLUMN patient_id uuid;
