-- An order's schedule (JSON, as in its document) and its number of doses: the chart's
-- dose grid and the ward's medication round are worked out from them.
ALTER TABLE prescriptions ADD COLUMN schedule TEXT;
ALTER TABLE prescriptions ADD COLUMN doses INTEGER;
