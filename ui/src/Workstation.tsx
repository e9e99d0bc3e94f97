import { useState } from 'react';
import { AppShell, Badge, Button, Group, Text, Title } from '@mantine/core';
import type { Clinician, Status } from './lib/types';
import { inboxWaiting, isFirstSync } from './lib/sync';
import { useSyncProgress } from './hooks/useSyncProgress';
import { StatusBar } from './components/StatusBar';
import { BreakGlassDialog } from './components/BreakGlassDialog';
import { News2Alerts } from './components/News2Alerts';
import { Census } from './census/Census';
import { PatientChart } from './chart/PatientChart';
import { Inbox } from './inbox/Inbox';
import { MedicationRound } from './round/MedicationRound';
import { WardView } from './board/WardView';
import { PermissionsContext } from './hooks/usePermissions';

type View = { name: 'census' } | { name: 'chart'; patientId: string } | { name: 'inbox' } | { name: 'round' } | { name: 'board' };

interface Props {
  status: Status;
  clinician: Clinician;
  refresh: () => Promise<void>;
  onLogout: () => Promise<void>;
}

/** The logged-in workstation: header, the current view, and the always-visible status bar. */
export function Workstation({ status, clinician, refresh, onLogout }: Props) {
  const [view, setView] = useState<View>({ name: 'census' });
  const [breakGlass, setBreakGlass] = useState(false);
  const progress = useSyncProgress(status.syncing);

  const openChart = (patientId: string) => setView({ name: 'chart', patientId });
  const waiting = status.conflicts + status.set_aside;

  return (
    <PermissionsContext.Provider value={status.may}>
    <AppShell header={{ height: 56 }} footer={{ height: 44 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap={4} wrap="nowrap">
            <Title order={3} mr="sm">
              Bedside
            </Title>
            <Button
              px="sm"
              variant={view.name === 'census' ? 'light' : 'subtle'}
              onClick={() => setView({ name: 'census' })}
              data-testid="nav-census"
            >
              {view.name === 'census' ? 'Ward' : 'Back to ward'}
            </Button>
            {status.may.read_clinical && (
              <Button
                px="sm"
                variant={view.name === 'board' ? 'light' : 'subtle'}
                onClick={() => setView({ name: 'board' })}
                data-testid="nav-board"
              >
                Ward board
              </Button>
            )}
            {(status.may.give_medicines || status.may.prescribe) && (
              <Button
                px="sm"
                variant={view.name === 'round' ? 'light' : 'subtle'}
                onClick={() => setView({ name: 'round' })}
                data-testid="nav-round"
              >
                Medication round
              </Button>
            )}
            <Button
              px="sm"
              variant={view.name === 'inbox' ? 'light' : 'subtle'}
              onClick={() => setView({ name: 'inbox' })}
              data-testid="nav-inbox"
              rightSection={
                waiting > 0 ? (
                  <Badge size="sm" color="orange" circle data-testid="inbox-count" title={inboxWaiting(status)}>
                    {waiting}
                  </Badge>
                ) : null
              }
            >
              Inbox
            </Button>
            {status.may.break_glass && (
              <Button px="sm" variant="subtle" color="red" onClick={() => setBreakGlass(true)} data-testid="break-glass-open">
                Break-glass
              </Button>
            )}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text fw={600} style={{ whiteSpace: 'nowrap' }} data-testid="clinician-name">
              {clinician.display_name}
            </Text>
            {clinician.roles.map((r) => (
              <Badge key={r} variant="outline" size="sm" visibleFrom="xl">
                {r.toLowerCase()}
              </Badge>
            ))}
            {clinician.offline && (
              <Badge color="gray" size="sm">
                offline login
              </Badge>
            )}
            <Button variant="default" onClick={() => void onLogout()} data-testid="logout">
              Log out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Main>
        <News2Alerts onOpen={openChart} />
        {view.name === 'census' && (
          <Census wards={status.wards} onOpen={openChart} arriving={isFirstSync(status)} progress={progress} />
        )}
        {view.name === 'chart' && (
          <PatientChart key={view.patientId} patientId={view.patientId} username={clinician.username} />
        )}
        {view.name === 'inbox' && <Inbox onOpen={openChart} />}
        {view.name === 'round' && <MedicationRound onOpen={openChart} />}
        {view.name === 'board' && <WardView onOpen={openChart} />}
      </AppShell.Main>

      <AppShell.Footer>
        <StatusBar status={status} refresh={refresh} progress={progress} />
      </AppShell.Footer>

      <BreakGlassDialog
        opened={breakGlass}
        onClose={() => setBreakGlass(false)}
        onGranted={(id) => {
          setBreakGlass(false);
          openChart(id);
        }}
      />
    </AppShell>
    </PermissionsContext.Provider>
  );
}
