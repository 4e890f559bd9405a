/**
 * Each container's anonymous volumes, read from one inspect per container:
 * what removing it "with its volumes" deletes, so a removal dialog can name
 * them and its confirmation can carry them (main refuses a removal that
 * would delete volumes the confirmation did not name).
 */
import { objectKey, type ObjectRef } from '../engines/keys';
import { containerFacts, isAnonymousVolume, type MountFact } from '../format/inspect';
import { useBerthClient } from './useClient';
import { useLoad } from './useRequest';

/** A container's anonymous volumes, or 'unknown' when its inspect failed (then none are offered for deletion). */
export type AnonymousVolumes = readonly MountFact[] | 'unknown';

/** By objectKey(engine, id), each asked of its own engine; null until every inspect has answered. */
export function useAnonymousVolumes(containers: readonly ObjectRef[]): ReadonlyMap<string, AnonymousVolumes> | null {
  const berth = useBerthClient();
  const keys = containers.map((c) => objectKey(c.engine, c.id));
  // The containers by value, so a new array of the same ones does not inspect again.
  const found = useLoad(keys.join(' '), () =>
    Promise.all(
      containers.map(({ engine, id }, i) =>
        berth.engine(engine).call('container.inspect', { id }).then(
          (json): [string, AnonymousVolumes] => [keys[i]!, containerFacts(json).mounts.filter(isAnonymousVolume)],
          (): [string, AnonymousVolumes] => [keys[i]!, 'unknown'],
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
