import { Tabs, Title, Stack } from '@mantine/core';
import { WardBoard } from './WardBoard';
import { WardDashboard } from './WardDashboard';

interface Props {
  onOpen: (patientId: string) => void;
}

/** The ward board (its tasks) and the ward's dashboard, side by side as tabs. */
export function WardView({ onOpen }: Props) {
  return (
    <Stack gap="sm">
      <Title order={2}>Ward board</Title>
      <Tabs defaultValue="dashboard" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="dashboard" data-testid="tab-dashboard">
            Dashboard
          </Tabs.Tab>
          <Tabs.Tab value="tasks" data-testid="tab-board">
            Tasks
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="dashboard" pt="md">
          <WardDashboard onOpen={onOpen} />
        </Tabs.Panel>
        <Tabs.Panel value="tasks" pt="md">
          <WardBoard onOpen={onOpen} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
