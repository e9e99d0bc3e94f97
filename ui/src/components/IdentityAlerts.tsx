import { Badge, Tooltip } from '@mantine/core';
import type { Namesake, PatientSummary } from '../lib/types';

/** "bed 10", or the MRN of a namesake without a bed. */
export function namesakePlace(n: Namesake): string {
  return n.bed ? `bed ${n.bed}` : n.mrn;
}

/** True when the patient's name or bed could be confused with another's. */
export function hasIdentityAlert(patient: PatientSummary): boolean {
  return patient.namesakes.length > 0 || patient.bed_shared;
}

/**
 * The identity alerts a nurse must see before giving anything: another patient of the ward with the same or a near
 * name (where they are), and a bed two workstations gave to two patients at once.
 */
export function IdentityAlerts({ patient, size = 'sm' }: { patient: PatientSummary; size?: 'sm' | 'md' }) {
  const places = patient.namesakes.map(namesakePlace).join(', ');
  return (
    <>
      {patient.namesakes.length > 0 && (
        <Tooltip label={`Check the wristband: a similar name is in ${places}`}>
          <Badge size={size} color="yellow" variant="filled" c="dark" data-testid="name-alert">
            Name alert · {places}
          </Badge>
        </Tooltip>
      )}
      {patient.bed_shared && (
        <Tooltip label="Two workstations placed two patients in this bed: move one of them">
          <Badge size={size} color="red" variant="filled" data-testid="bed-shared">
            Bed {patient.bed} shared
          </Badge>
        </Tooltip>
      )}
    </>
  );
}
