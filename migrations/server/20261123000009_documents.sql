-- Patient documents: which blobs the store holds, which chart references point at them,
-- and uploads in parts under way. Blobs are named by content (sha256/<hex>) only.

CREATE TABLE blobs (
    sha256     text PRIMARY KEY,
    size       bigint NOT NULL,
    stored_at  timestamptz NOT NULL DEFAULT now()
);

-- Kept from each clinical document's `documents` collection whenever it is saved.
CREATE TABLE document_refs (
    patient_id       uuid NOT NULL,
    ref_id           text NOT NULL,
    category         text NOT NULL,
    mime_type        text NOT NULL,
    size             bigint NOT NULL,
    sha256           text NOT NULL,
    thumbnail_sha256 text,
    live             boolean NOT NULL,
    PRIMARY KEY (patient_id, ref_id)
);
CREATE INDEX document_refs_live_blob ON document_refs (sha256) WHERE live;
CREATE INDEX document_refs_live_thumbnail ON document_refs (thumbnail_sha256) WHERE live;

CREATE TABLE blob_uploads (
    upload_id  text PRIMARY KEY,
    sha256     text NOT NULL,
    size       bigint NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now()
);
