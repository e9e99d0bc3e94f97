import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { AllergyBanner } from './AllergyBanner';
import { renderUI } from '../test/render';
import { penicillin } from '../test/fixtures';


describe('AllergyBanner', () => {
  it('shows active allergies as an alert', () => {
    renderUI(<AllergyBanner allergies={[penicillin]} />);
    const banner = screen.getByTestId('allergy-banner');
    expect(banner).toHaveTextContent('Allergies: Penicillin (severe)');
    expect(banner).toHaveAttribute('data-alert', 'true');
  });

  it('says "No active allergies" otherwise', () => {
    renderUI(<AllergyBanner allergies={[{ ...penicillin, status: 'inactive' }]} />);
    const banner = screen.getByTestId('allergy-banner');
    expect(banner).toHaveTextContent('No active allergies');
    expect(banner).toHaveAttribute('data-alert', 'false');
  });
});
