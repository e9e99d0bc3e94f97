import { fullName } from './format';
import type { PatientSummary, TaskLine, TaskLineSent } from './types';

/** A `my_tasks` line as sent: the task's fields beside its ids. */
export type { TaskLineSent } from './types';

/** Separates a sent line's ids from its task. */
export function asTaskLine(line: TaskLineSent): TaskLine {
  const { record_id, patient_id, ...task } = line;
  return { record_id, patient_id, task };
}

/** "OKAFOR, Chidi · bed 4" for a patient on the ward list; "Patient" when not there. */
export function patientLabel(patient: PatientSummary | undefined): string {
  if (!patient) return 'Patient';
  return patient.bed ? `${fullName(patient)} · bed ${patient.bed}` : fullName(patient);
}
