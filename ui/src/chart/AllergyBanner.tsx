import { Alert } from '@mantine/core';
import { allergyBanner } from '../lib/allergies';
import type { Allergy } from '../lib/types';

/** Always visible on a chart: red when any allergy is active. */
export function AllergyBanner({ allergies }: { allergies: Allergy[] }) {
  const { alert, text } = allergyBanner(allergies);
  return (
    <Alert
      color={alert ? 'red' : 'gray'}
      variant={alert ? 'filled' : 'light'}
      py={6}
      data-testid="allergy-banner"
      data-alert={alert ? 'true' : 'false'}
      role={alert ? 'alert' : undefined}
      styles={{ message: { fontWeight: 600 } }}
    >
      {text}
    </Alert>
  );
}
