-- Who logged in on a workstation lately: the people whose names its records may carry.
CREATE INDEX auth_events_device ON auth_events (device_id, at);
