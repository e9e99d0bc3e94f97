import { describe, expect, it } from 'vitest';
import { asTaskLine, patientLabel } from './tasks';
import type { Task } from './types';
import { okafor } from '../test/fixtures';

const task: Task = {
  title: 'Check drain',
  assignee: 'demo.doctor',
  due: '2026-11-23T14:00:00Z',
  priority: 'urgent',
  status: 'todo',
  created_by: 'Nurse N',
  created_at: '2026-11-23T08:00:00Z',
  completed_at: null,
};

describe('asTaskLine', () => {
  it('gathers the task from fields sent beside the ids', () => {
    expect(asTaskLine({ record_id: 't1', patient_id: 'p1', ...task })).toEqual({ record_id: 't1', patient_id: 'p1', task });
  });
});

describe('patientLabel', () => {
  it('names the patient with the bed', () => {
    expect(patientLabel(okafor)).toBe('OKAFOR, Chidi · bed 4');
    expect(patientLabel({ ...okafor, bed: null })).toBe('OKAFOR, Chidi');
  });

  it('says "Patient" for someone not on the ward list', () => {
    expect(patientLabel(undefined)).toBe('Patient');
  });
});
