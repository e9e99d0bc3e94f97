import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { EducationTab } from './EducationTab';
import { callsTo, mockCommands, renderUI } from '../test/render';

const video = {
  video_id: 'cat-7',
  title: 'Caring for your wound at home',
  url: 'https://videos.example.org/wound-care',
  channel: 'Clinic education',
};

describe('EducationTab', () => {
  it('loads the videos and sends the whole video when marked as shared', async () => {
    const calls = mockCommands({
      education_videos: () => ({
        source: 'catalog',
        videos: [video],
        fallback_reason: 'quota exceeded',
        fetched_at: '2026-11-23T10:00:00Z',
        offline: true,
      }),
      share_video: () => 'share-1',
    });
    const reload = vi.fn(async () => {});
    const { user } = renderUI(<EducationTab patientId="p1" reload={reload} />);
    expect(await screen.findByTestId('video-item')).toHaveTextContent(video.title);
    expect(screen.getByTestId('video-url')).toHaveTextContent(video.url);
    expect(screen.getByTestId('video-source')).toHaveTextContent('catalog');
    expect(screen.getByTestId('video-offline')).toBeInTheDocument();
    expect(screen.getByTestId('video-fallback')).toHaveTextContent('quota exceeded');
    expect(callsTo(calls, 'education_videos')).toEqual([{ patientId: 'p1' }]);

    await user.click(screen.getByTestId('video-share'));
    expect(await screen.findByTestId('video-confirmation')).toBeInTheDocument();
    expect(callsTo(calls, 'share_video')).toEqual([{ patientId: 'p1', video }]);
    await waitFor(() => expect(reload).toHaveBeenCalled());
    expect(screen.queryByTestId('video-share')).toBeNull();
  });

  it('shows why the list could not be loaded', async () => {
    mockCommands({
      education_videos: () => {
        throw { code: 'INVALID', message: 'not enrolled' };
      },
    });
    renderUI(<EducationTab patientId="p1" reload={async () => {}} />);
    expect(await screen.findByTestId('error-message')).toHaveTextContent('not enrolled');
  });

  it('opens a video in the system browser by its id, keeping the address visible', async () => {
    const calls = mockCommands({
      education_videos: () => ({ source: 'catalog', videos: [video], fallback_reason: null, fetched_at: '', offline: false }),
      open_video: () => null,
    });
    const { user } = renderUI(<EducationTab patientId="p1" reload={async () => {}} />);
    await user.click(await screen.findByTestId('video-open'));
    await waitFor(() => expect(callsTo(calls, 'open_video')).toEqual([{ patientId: 'p1', videoId: 'cat-7' }]));
    expect(screen.getByTestId('video-url')).toHaveTextContent(video.url);
    expect(screen.queryByTestId('error-message')).toBeNull();
    expect(callsTo(calls, 'share_video')).toHaveLength(0);
  });

  it('says so when the browser cannot be opened', async () => {
    mockCommands({
      education_videos: () => ({ source: 'catalog', videos: [video], fallback_reason: null, fetched_at: '', offline: false }),
      open_video: () => {
        throw { code: 'INVALID', message: 'the system browser could not be opened' };
      },
    });
    const { user } = renderUI(<EducationTab patientId="p1" reload={async () => {}} />);
    await user.click(await screen.findByTestId('video-open'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent('the system browser could not be opened');
  });
});
