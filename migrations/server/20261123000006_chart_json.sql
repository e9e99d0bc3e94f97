-- The read API's projection: each chart document as JSON, rewritten with every accepted
-- batch. Reads are scoped through the patients table (ward) like sync.
CREATE TABLE chart_json (
    patient_id uuid  NOT NULL,
    doc_id     text  NOT NULL,
    kind       text  NOT NULL,
    body       jsonb NOT NULL,
    PRIMARY KEY (patient_id, doc_id)
);
CREATE INDEX chart_json_kind ON chart_json (kind, patient_id);
