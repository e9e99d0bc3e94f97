-- Chart documents as append-only Automerge changes, compacted into snapshots.
-- Every table is keyed by patient_id first so it can be distributed by patient
-- (Citus) and joined co-located.

-- One number per accepted batch of one document; a workstation's cursor is a value of it.
CREATE SEQUENCE change_seq AS bigint;

CREATE TABLE documents (
    patient_id   uuid        NOT NULL,
    doc_id       text        NOT NULL,
    kind         text        NOT NULL,
    created_seq  bigint      NOT NULL,
    changed_seq  bigint      NOT NULL,
    heads        bytea       NOT NULL,          -- concatenated 32-byte change hashes
    unsnapshotted integer    NOT NULL DEFAULT 0, -- changes stored after the snapshot
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (patient_id, doc_id)
);
CREATE INDEX documents_changed ON documents (changed_seq);

CREATE TABLE changes (
    patient_id  uuid        NOT NULL,
    doc_id      text        NOT NULL,
    hash        bytea       NOT NULL,
    seq         bigint      NOT NULL,
    data        bytea       NOT NULL,
    device_id   uuid        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (patient_id, doc_id, hash)
);
CREATE INDEX changes_by_seq ON changes (patient_id, doc_id, seq);

CREATE TABLE snapshots (
    patient_id uuid        NOT NULL,
    doc_id     text        NOT NULL,
    seq        bigint      NOT NULL,    -- covers every change with seq <= this
    data       bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (patient_id, doc_id)
);

-- Server-side projection of registration documents: where each patient is.
CREATE TABLE patients (
    patient_id  uuid        NOT NULL PRIMARY KEY,
    ward        text        NOT NULL,
    changed_seq bigint      NOT NULL
);
CREATE INDEX patients_ward ON patients (ward);
