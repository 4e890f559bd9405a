import type { Container } from '#shared/model';
import type { Collection } from './reduce';

/**
 * The container an address names: its full id (what Berth's own links use),
 * else its name, else an unambiguous id prefix such as the 12 characters
 * `docker ps` prints, so a hand-typed address works too.
 */
export function findContainer(containers: Collection<Container>, ref: string): Container | undefined {
  const exact = containers.byId.get(ref);
  if (exact !== undefined) return exact;
  let byPrefix: Container | undefined;
  let prefixMatches = 0;
  for (const container of containers.byId.values()) {
    if (container.name === ref) return container;
    if (ref.length >= 4 && container.id.startsWith(ref)) {
      byPrefix = container;
      prefixMatches++;
    }
  }
  return prefixMatches === 1 ? byPrefix : undefined;
}
