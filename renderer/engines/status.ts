/**
 * An engine's status in the words its badge and the top bar use. An engine
 * whose first snapshot has not arrived is still connecting as far as the
 * user can tell.
 */
import type { EngineOrigin } from '#shared/engines';
import type { EngineStatus } from '#shared/model';

export type BadgeState = EngineStatus['state'];

export interface StatusWords {
  state: BadgeState;
  /** One word for the badge: connected, connecting, unavailable. */
  label: BadgeState;
  /** Why not, for an unavailable engine: the engine's own words. */
  reason: string | null;
}

export function statusWords(status: EngineStatus | null | undefined): StatusWords {
  if (status === null || status === undefined) return { state: 'connecting', label: 'connecting', reason: null };
  return { state: status.state, label: status.state, reason: status.state === 'unavailable' ? status.error : null };
}

/** Where Berth found an engine it did not add, and why it offers no Remove for it. */
export function discoveredWords(origin: Exclude<EngineOrigin, 'added'>): string {
  switch (origin) {
    case 'default':
      return 'The docker CLI’s default (DOCKER_HOST or the platform’s socket): from its setup, so it cannot be removed here.';
    case 'context':
      return 'A docker context: from the docker CLI’s setup, so it cannot be removed here.';
    case 'socket':
      return 'A socket found on this machine: it cannot be removed here.';
  }
}
