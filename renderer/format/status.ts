import type { Container } from '#shared/model';
import { humanDuration } from './time';

/**
 * The container's status the way `docker ps` words it, computed from its
 * timestamps at `now` so it never goes stale between engine events. When the
 * timestamps it needs are unknown, the engine's own text is the best we have.
 * (Mirrors moby's container State.String().)
 */
export function containerStatus(container: Container, now: number): string {
  const { state, startedAt, finishedAt, exitCode, health } = container;
  const since = (at: number): string => humanDuration(Math.max(0, now - at));
  switch (state) {
    case 'running':
      if (startedAt === null) return container.status;
      if (health === null) return `Up ${since(startedAt)}`;
      return `Up ${since(startedAt)} (${health === 'starting' ? 'health: starting' : health})`;
    case 'paused':
      return startedAt === null ? container.status : `Up ${since(startedAt)} (Paused)`;
    case 'restarting':
      return finishedAt === null || exitCode === null
        ? container.status
        : `Restarting (${exitCode}) ${since(finishedAt)} ago`;
    case 'exited':
      return finishedAt === null || exitCode === null
        ? container.status
        : `Exited (${exitCode}) ${since(finishedAt)} ago`;
    case 'removing':
      return 'Removal In Progress';
    case 'dead':
      return 'Dead';
    case 'created':
      return 'Created';
  }
}
