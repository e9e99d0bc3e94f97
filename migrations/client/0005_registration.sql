-- Registration gains the surgical pathway stage, the provisional MRN a patient keeps
-- after the server assigned a permanent one, and appointment kinds (procedures).
ALTER TABLE patients ADD COLUMN pathway TEXT;
ALTER TABLE patients ADD COLUMN provisional_mrn TEXT;
ALTER TABLE appointments ADD COLUMN kind TEXT NOT NULL DEFAULT 'appointment';
