-- One patient per bed: finding who is in a bed of a ward is served by an index.
CREATE INDEX patients_bed ON patients (ward, lower(bed)) WHERE status = 'admitted';
