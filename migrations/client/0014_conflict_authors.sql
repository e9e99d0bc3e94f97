-- Who wrote each value of a conflicting field and when (JSON array in the order of
-- field_values; NULL for conflicts found before this was kept).
ALTER TABLE conflicts ADD COLUMN written TEXT;
