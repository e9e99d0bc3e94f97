-- Which life of this database the workstations' cursors belong to. The restore
-- procedure renews it (`bedside-server epoch renew`): a workstation whose epoch differs,
-- or whose cursor lies beyond anything this database has handed out, starts over and
-- gives back what the restore lost.
CREATE TABLE server_epoch (
    one      boolean     PRIMARY KEY DEFAULT true CHECK (one),
    epoch    uuid        NOT NULL,
    began_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO server_epoch (epoch) VALUES (gen_random_uuid());

-- Since when no live document refers to a blob: the blob is deleted only once that is
-- longer ago than the grace period, which covers the backups' retention, so a chart
-- restored from any backup still finds every file it refers to.
ALTER TABLE blobs ADD COLUMN unreferenced_since timestamptz;
