-- The entries a ward's lists read (tasks, prescriptions, appointments, and each patient's
-- admission as one entry keyed ''), kept beside chart_json as it is written, so /v1/tasks
-- and /v1/dashboard read a few small rows per patient instead of every chart's whole JSON.
CREATE TABLE chart_entries (
    collection text  NOT NULL,
    patient_id uuid  NOT NULL,
    entry_key  text  NOT NULL,
    kind       text  NOT NULL,
    body       jsonb NOT NULL,
    PRIMARY KEY (collection, patient_id, entry_key)
);

INSERT INTO chart_entries (collection, patient_id, entry_key, kind, body)
SELECT c.collection, j.patient_id, e.key, j.kind, e.value
  FROM chart_json j
  JOIN (VALUES ('clinical', 'tasks'), ('clinical', 'prescriptions'),
               ('registration', 'appointments')) AS c (kind, collection)
    ON c.kind = j.kind
 CROSS JOIN LATERAL jsonb_each(j.body -> c.collection) AS e
 WHERE jsonb_typeof(j.body -> c.collection) = 'object';

INSERT INTO chart_entries (collection, patient_id, entry_key, kind, body)
SELECT 'admission', patient_id, '', kind, body -> 'admission'
  FROM chart_json
 WHERE kind = 'registration' AND jsonb_typeof(body -> 'admission') = 'object';
