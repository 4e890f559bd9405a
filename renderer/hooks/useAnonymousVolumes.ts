/**
 * Each container's anonymous volumes, read from one inspect per container:
 * what removing it "with its volumes" deletes, so a removal dialog can name
 * them and its confirmation can carry them (main refuses a removal that
 * would delete volumes the confirmation did not name).
 */
import { containerFacts, isAnonymousVolume, type MountFact } from '../format/inspect';
import { useClient } from './useClient';
import { useLoad } from './useRequest';

/** A container's anonymous volumes, or 'unknown' when its inspect failed (then none are offered for deletion). */
export type AnonymousVolumes = readonly MountFact[] | 'unknown';

/** By container id; null until every inspect has answered. */
export function useAnonymousVolumes(ids: readonly string[]): ReadonlyMap<string, AnonymousVolumes> | null {
  const client = useClient();
  // The ids by value, so a new array of the same ids does not inspect again.
  const found = useLoad(ids.join(' '), () =>
    Promise.all(
      ids.map((id) =>
        client.call('container.inspect', { id }).then(
          (json): [string, AnonymousVolumes] => [id, containerFacts(json).mounts.filter(isAnonymousVolume)],
          (): [string, AnonymousVolumes] => [id, 'unknown'],
        ),
      ),
    ).then((entries): ReadonlyMap<string, AnonymousVolumes> => new Map(entries)),
  );
  // Never a map of other ids: a dialog must not offer volumes of containers it does not name.
  return found.pending ? null : (found.value ?? null);
}

/** The full names of the anonymous volumes a removal with `volumes` deletes, for its confirmation. */
export function namedVolumes(volumes: AnonymousVolumes | null | undefined): string[] {
  return volumes === null || volumes === undefined || volumes === 'unknown' ? [] : volumes.map((m) => m.source);
}
