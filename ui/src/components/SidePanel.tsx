import { useState, type ReactNode } from 'react';
import { Button, Drawer, Group } from '@mantine/core';

interface Props {
  /** The button's words, e.g. "Record vitals". */
  label: string;
  /** The button's test id; the panel's is `${testId}-panel`. */
  testId: string;
  /** Open from outside (e.g. "Edit" on a draft); the panel is then controlled. */
  opened?: boolean;
  onOpenedChange?: (opened: boolean) => void;
  /** Reloads what the form adds to, once it saved. */
  onSaved?: () => Promise<void> | void;
  /** The form, given `saved`: reload, then close the panel. */
  children: (saved: () => Promise<void>) => ReactNode;
}

/**
 * Read first, write on demand: a chart form opens in a panel at the right, over the tab, whose data stays first
 * and in view behind it.
 */
export function SidePanel({ label, testId, opened, onOpenedChange, onSaved, children }: Props) {
  const [own, setOwn] = useState(false);
  const open = opened ?? own;
  const set = (value: boolean) => (onOpenedChange ? onOpenedChange(value) : setOwn(value));
  const saved = async () => {
    await onSaved?.();
    set(false);
  };
  return (
    <>
      <Group justify="flex-end">
        <Button onClick={() => set(true)} data-testid={testId}>
          {label}
        </Button>
      </Group>
      <Drawer
        opened={open}
        onClose={() => set(false)}
        position="right"
        size="lg"
        aria-label={label}
        data-testid={`${testId}-panel`}
      >
        {children(saved)}
      </Drawer>
    </>
  );
}
