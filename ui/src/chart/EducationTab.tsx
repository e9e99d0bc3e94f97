import { useState } from 'react';
import { Alert, Loader, Stack, Text } from '@mantine/core';
import { api } from '../lib/api';
import { dateTime } from '../lib/format';
import type { Recommender, Video } from '../lib/types';
import { useAction } from '../hooks/useAction';
import { usePermissions } from '../hooks/usePermissions';
import { usePatientQuery } from '../hooks/usePatientQuery';
import { ErrorMessage } from '../components/ErrorMessage';
import { EducationVideoItem } from './EducationVideoItem';

interface Props {
  patientId: string;
  reload: () => Promise<void>;
}

const SOURCE_WORDS: Record<Recommender, string> = {
  catalog: 'the clinic’s catalog',
  youtube: 'YouTube',
  youtube_cache: 'YouTube (kept from an earlier search)',
  other: 'the server',
};

/** Education videos for the patient's problems; loaded when the tab opens. */
export function EducationTab({ patientId, reload }: Props) {
  const { data, error, loading } = usePatientQuery(patientId, api.educationVideos);
  const [shared, setShared] = useState<string[]>([]);
  const [sharing, setSharing] = useState<string | null>(null);
  const [opening, setOpening] = useState<string | null>(null);
  const action = useAction();
  const may = usePermissions();

  async function share(video: Video) {
    setSharing(video.video_id);
    const ok = await action.run(async () => {
      await api.shareVideo(patientId, video);
      return true;
    });
    setSharing(null);
    if (ok) {
      setShared((s) => [...s, video.video_id]);
      await reload();
    }
  }

  async function open(video: Video) {
    setOpening(video.video_id);
    await action.run(() => api.openVideo(patientId, video.video_id));
    setOpening(null);
  }

  if (loading && !data) return <Loader aria-label="Loading videos" />;
  if (!data) return <ErrorMessage message={error ?? 'The video list could not be loaded.'} />;

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed" data-testid="video-source">
        Suggested by {SOURCE_WORDS[data.source]}
        {data.fetched_at ? ` · ${dateTime(data.fetched_at)}` : ''}
      </Text>
      {data.offline && (
        <Alert color="yellow" variant="light" title="Offline" data-testid="video-offline">
          The server is out of reach; this is the list kept from {dateTime(data.fetched_at) || 'earlier'}.
        </Alert>
      )}
      {data.fallback_reason && (
        <Alert color="yellow" variant="light" title="Video provider unavailable" data-testid="video-fallback">
          {data.fallback_reason}. Showing the clinic’s own catalog instead.
        </Alert>
      )}
      <ErrorMessage message={error ?? action.error} />
      {shared.length > 0 && (
        <Alert color="teal" variant="light" data-testid="video-confirmation">
          Recorded in the chart that the video was shared with the patient.
        </Alert>
      )}
      {data.videos.length === 0 && <Text c="dimmed">No videos for this patient’s problems.</Text>}
      {data.videos.map((v) => (
        <EducationVideoItem
          key={v.video_id}
          video={v}
          shared={shared.includes(v.video_id)}
          busy={sharing === v.video_id}
          opening={opening === v.video_id}
          onShare={may.share_education ? () => void share(v) : undefined}
          onOpen={() => void open(v)}
        />
      ))}
    </Stack>
  );
}
