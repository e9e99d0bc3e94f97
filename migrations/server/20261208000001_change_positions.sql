-- A change's position is its transaction's id (plus a fixed offset), taken without any
-- lock, so writers commit side by side; a listing reads only below the watermark, the
-- oldest transaction of this database still running (see store::documents::watermark).
-- The offset keeps positions above every number the old sequence handed out, and is
-- raised at start-up if a logical restore ever put the transaction ids behind them.
CREATE TABLE change_clock (
    one        boolean PRIMARY KEY DEFAULT true CHECK (one),
    xid_offset bigint  NOT NULL
);

INSERT INTO change_clock (xid_offset)
SELECT greatest(0, s.last_value + 1 - pg_current_xact_id()::text::bigint)
  FROM change_seq s;

DROP SEQUENCE change_seq;
