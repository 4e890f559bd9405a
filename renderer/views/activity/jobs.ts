/**
 * The Activity list's model: the jobs stream's messages folded into a list
 * (newest first), and each job's words (its title, a layer's state, speed,
 * time left). Pure, for the views and the unit tests.
 */
import type { Job, JobLayer, JobsMessage } from '#shared/jobs';
import { formatSize } from '../../format/sizes';

export function applyJobsMessage(jobs: readonly Job[], message: JobsMessage): Job[] {
  if (message.type === 'snapshot') return [...message.jobs].sort((a, b) => b.startedAt - a.startedAt);
  const byId = new Map(jobs.map((job) => [job.id, job]));
  for (const id of message.removed) byId.delete(id);
  for (const job of message.jobs) byId.set(job.id, job);
  return [...byId.values()].sort((a, b) => b.startedAt - a.startedAt);
}

const VERB = { pull: 'Pull', push: 'Push', build: 'Build' } as const;

export function jobTitle(job: Pick<Job, 'kind' | 'target'>): string {
  return `${VERB[job.kind]} ${job.target}`;
}

export function jobStateText(job: Job): string {
  switch (job.state) {
    case 'running':
      return job.kind === 'build' ? (job.step ?? 'Sending the context…') : 'Running';
    case 'done':
      return 'Done';
    case 'cancelled':
      return 'Cancelled';
    case 'failed':
      return 'Failed';
  }
}

const LAYER_WORDS: Record<JobLayer['state'], string> = {
  waiting: 'waiting',
  downloading: 'downloading',
  verifying: 'verifying',
  extracting: 'extracting',
  done: 'done',
  exists: 'already exists',
  uploading: 'pushing',
};

export function layerText(layer: JobLayer): string {
  const words = LAYER_WORDS[layer.state];
  if ((layer.state === 'downloading' || layer.state === 'extracting' || layer.state === 'uploading') && layer.total > 0) {
    return `${words} ${formatSize(layer.current)} of ${formatSize(layer.total)}`;
  }
  return words;
}

/** "42 s", "3 min 5 s", "1 h 2 min". */
export function formatEta(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** The total line: bytes, speed and time left as far as they are known. */
export function totalText(job: Job): string {
  const parts: string[] = [];
  if (job.bytes.total > 0) parts.push(`${formatSize(job.bytes.current)} of ${formatSize(job.bytes.total)}`);
  if (job.speed !== null && job.state === 'running') parts.push(`${formatSize(job.speed)}/s`);
  if (job.etaSeconds !== null && job.state === 'running') parts.push(`about ${formatEta(job.etaSeconds)} left`);
  return parts.join(' · ');
}
