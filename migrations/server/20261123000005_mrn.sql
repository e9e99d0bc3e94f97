-- Permanent medical record numbers, assigned by the server to patients registered
-- offline under a provisional number.
CREATE SEQUENCE mrn_seq AS bigint START 1000;
