import { Button, SimpleGrid, TextInput } from '@mantine/core';
import { api } from '../lib/api';
import { buildProblem, EMPTY_PROBLEM_FORM, PROBLEM_TEXT_MAX, type ProblemForm as Form } from '../lib/problems';
import { useRecordForm } from '../hooks/useRecordForm';
import { FormCard } from '../components/FormCard';

interface Props {
  patientId: string;
  onSaved: () => Promise<void> | void;
}

/** "Add problem": an ICD-10 code, the problem in words and, when known, the onset date. */
export function ProblemForm({ patientId, onSaved }: Props) {
  const { form, set, saved, busy, error, submit } = useRecordForm<Form>(() => EMPTY_PROBLEM_FORM, onSaved);
  const record = submit((f) => {
    const built = buildProblem(f);
    return built.ok ? { ok: true, send: () => api.addProblem(patientId, built.problem) } : built;
  });

  return (
    <FormCard
      title="Add problem"
      savedText={saved ? 'Problem added' : null}
      error={error}
      onSubmit={record}
      actions={
        <Button type="submit" loading={busy} data-testid="problem-save">
          Add problem
        </Button>
      }
    >
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <TextInput
          label="ICD-10 code"
          placeholder="e.g. K35.8"
          value={form.code}
          onChange={(e) => set('code', e.currentTarget.value)}
          data-testid="problem-code"
        />
        <TextInput
          label="Problem"
          placeholder="e.g. Acute appendicitis"
          maxLength={PROBLEM_TEXT_MAX}
          value={form.text}
          onChange={(e) => set('text', e.currentTarget.value)}
          data-testid="problem-text"
        />
        <TextInput
          label="Onset (optional)"
          description="YYYY-MM-DD, as every date in the chart"
          placeholder="2026-11-23"
          inputMode="numeric"
          value={form.onset}
          onChange={(e) => set('onset', e.currentTarget.value)}
          data-testid="problem-onset"
        />
      </SimpleGrid>
    </FormCard>
  );
}
