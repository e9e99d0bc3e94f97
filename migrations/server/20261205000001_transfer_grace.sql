-- When a patient last moved ward. The ward they left may still deliver edits it made
-- before it heard of the transfer, for a bounded time after this moment, and only from
-- workstations that held the patient by then; it is never sent anything of the chart.
ALTER TABLE patients ADD COLUMN moved_at timestamptz;
