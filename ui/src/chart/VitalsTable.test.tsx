import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { VitalsTable } from './VitalsTable';
import { renderUI } from '../test/render';
import { deteriorating } from '../test/fixtures';

describe('VitalsTable', () => {
  it('shows the score and marks each abnormal measurement by its points', () => {
    renderUI(<VitalsTable vitals={[deteriorating]} />);
    const row = screen.getByTestId('vitals-row');
    expect(within(row).getByTestId('news2-badge')).toHaveTextContent('NEWS2 14');
    expect(within(row).getByTestId('vitals-cell-pulse')).toHaveAttribute('data-points', '3');
    expect(within(row).getByTestId('vitals-cell-temperature')).toHaveAttribute('data-points', '2');
    expect(within(row).getByTestId('vitals-cell-consciousness')).toHaveTextContent('Alert');
    expect(within(row).getByTestId('vitals-cell-consciousness')).toHaveAttribute('data-points', '0');
    expect(within(row).getByTestId('vitals-cell-air_or_oxygen')).toHaveTextContent('Air');
  });

  it('says an incomplete set is incomplete rather than showing a low score as a NEWS2', () => {
    const partial = {
      ...deteriorating,
      consciousness: null,
      on_oxygen: null,
      news2: { ...deteriorating.news2!, total: 14, complete: false },
    };
    renderUI(<VitalsTable vitals={[partial]} />);
    expect(screen.getByTestId('news2-badge')).toHaveTextContent('NEWS2 ≥14 incomplete');
  });
});
