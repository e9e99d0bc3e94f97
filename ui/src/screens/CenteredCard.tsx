import type { ReactNode } from 'react';
import { Center, Paper, Stack, Text, Title } from '@mantine/core';

export function CenteredCard({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w={420} radius="md">
        <Stack gap="md">
          <div>
            <Text c="dimmed" size="sm" fw={600}>
              Bedside
            </Text>
            <Title order={2}>{title}</Title>
          </div>
          {hint && <Text size="sm">{hint}</Text>}
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}
