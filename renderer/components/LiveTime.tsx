/** Text that depends on the clock, re-rendered by the shared ticker so it never goes stale. */
import type { ReactNode } from 'react';
import type { Container } from '#shared/model';
import { containerStatus } from '../format/status';
import { absoluteTime, relativeTime } from '../format/time';
import { useNow } from '../hooks/useNow';

export function RelativeTime({ at }: { at: number | null }): ReactNode {
  const now = useNow();
  if (at === null) return <span className="muted">—</span>;
  return (
    <time dateTime={new Date(at).toISOString()} title={absoluteTime(at)}>
      {relativeTime(at, now)}
    </time>
  );
}

export function ContainerStatusText({ container }: { container: Container }): ReactNode {
  const now = useNow();
  return <>{containerStatus(container, now)}</>;
}
