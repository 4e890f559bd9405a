/**
 * Each container's anonymous volumes, read from one inspect per container:
 * what removing it "with its volumes" deletes, so a removal dialog can name
 * them and its confirmation can carry them (main refuses a removal that
 * would delete volumes the confirmation did not name).
 */
import { useEffect, useState } from 'react';
import { containerFacts, isAnonymousVolume, type MountFact } from '../format/inspect';
import { useClient } from './useClient';

/** A container's anonymous volumes, or 'unknown' when its inspect failed (then none are offered for deletion). */
export type AnonymousVolumes = readonly MountFact[] | 'unknown';

/** By container id; null until every inspect has answered. */
export function useAnonymousVolumes(ids: readonly string[]): ReadonlyMap<string, AnonymousVolumes> | null {
  const client = useClient();
  const [found, setFound] = useState<{ key: string; volumes: ReadonlyMap<string, AnonymousVolumes> } | null>(null);
  // The ids by value, so a new array of the same ids does not inspect again.
  const key = ids.join(' ');
  useEffect(() => {
    let current = true;
    const wanted = key === '' ? [] : key.split(' ');
    void Promise.all(
      wanted.map((id) =>
        client.call('container.inspect', { id }).then(
          (json): [string, AnonymousVolumes] => [id, containerFacts(json).mounts.filter(isAnonymousVolume)],
          (): [string, AnonymousVolumes] => [id, 'unknown'],
        ),
      ),
    ).then((entries) => {
      if (current) setFound({ key, volumes: new Map(entries) });
    });
    return () => {
      current = false;
    };
  }, [client, key]);
  return found?.key === key ? found.volumes : null;
}

/** The full names of the anonymous volumes a removal with `volumes` deletes, for its confirmation. */
export function namedVolumes(volumes: AnonymousVolumes | null | undefined): string[] {
  return volumes === null || volumes === undefined || volumes === 'unknown' ? [] : volumes.map((m) => m.source);
}
