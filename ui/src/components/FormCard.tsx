import type { FormEvent, ReactNode } from 'react';
import { Group, Paper, Stack, Text, Title } from '@mantine/core';
import { ErrorMessage } from './ErrorMessage';

interface Props {
  title: string;
  /** Shown beside the title once the last submit succeeded. */
  savedText: string | null;
  error: string | null;
  onSubmit: (e: FormEvent) => void;
  /** The submit button (and any other actions), right-aligned under the fields. */
  actions: ReactNode;
  children: ReactNode;
}

/** The frame every chart form shares: a card with a title, a saved mark, the fields, the error and the actions. */
export function FormCard({ title, savedText, error, onSubmit, actions, children }: Props) {
  return (
    <Paper withBorder p="sm">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={4}>{title}</Title>
            {savedText && (
              <Text size="sm" c="teal.8">
                {savedText}
              </Text>
            )}
          </Group>
          {children}
          <ErrorMessage message={error} />
          <Group justify="flex-end">{actions}</Group>
        </Stack>
      </form>
    </Paper>
  );
}
