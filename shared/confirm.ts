/**
 * Proof that the user saw what a deleting request deletes. Every request that
 * deletes (containers now; images, volumes, networks and prunes as they come)
 * carries `confirmed`: what its confirmation dialog named. Main looks up the
 * object the request would delete and refuses it (code `unconfirmed`) unless
 * the name matches that object and everything else that would go with it was
 * named too. One shape and one check for every kind of object, so that no
 * deleting request can reach the engine on a renderer's word alone.
 */
import { z } from 'zod';
import { RemoteError } from './protocol';

/** What a confirmation dialog showed: the object, and whatever else goes with it. */
export const ConfirmedSchema = z.lazy(() =>
  z
    .object({
      /** The object's name or id as the dialog named it ("web-1", "/web-1", its full or 12-digit id). */
      name: z.string().min(1).max(512),
      /** Everything else the request deletes along with the object, each by its full name (a container's anonymous volumes). */
      also: z.array(z.string().min(1).max(512)).max(1000).default([]),
    })
    .strict(),
);
export type Confirmed = z.output<typeof ConfirmedSchema>;

/** How the docker CLI shortens an id. */
export const SHORT_ID_LENGTH = 12;

/** The object as the engine describes it (its inspect). */
export interface DeletedObject {
  /** Its full id (for images, with or without the `sha256:` prefix). */
  readonly id: string;
  /** Its names (a container's with the engine's leading "/", an image's tags). */
  readonly names: readonly string[];
}

/** Whether `named` designates the object: its full id, its 12-digit short id, or one of its names (with or without the leading "/"). */
export function confirmationMatches(named: string, object: DeletedObject): boolean {
  const bareId = object.id.replace(/^sha256:/, '');
  if (named === object.id || named === bareId) return true;
  if (named.length === SHORT_ID_LENGTH && bareId.length > SHORT_ID_LENGTH && bareId.startsWith(named)) return true;
  const bare = named.replace(/^\//, '');
  return bare !== '' && object.names.some((name) => name.replace(/^\//, '') === bare);
}

/** What a request would delete: the object and, by kind, what goes with it. */
export interface Deletion extends DeletedObject {
  /** "container", for the refusal's words. */
  readonly kind: string;
  /** What else goes with it, each by its full name, and what those are ("anonymous volume"). */
  readonly also: readonly string[];
  readonly alsoKind: string;
}

function shown(deletion: Deletion): string {
  const name = deletion.names[0]?.replace(/^\//, '');
  const short = deletion.id.replace(/^sha256:/, '').slice(0, SHORT_ID_LENGTH);
  return name ? `${deletion.kind} ${name} (${short})` : `${deletion.kind} ${short}`;
}

/** Why `confirmed` does not cover `deletion`, in words, or null when it does. */
export function confirmationProblem(confirmed: Confirmed, deletion: Deletion): string | null {
  if (!confirmationMatches(confirmed.name, deletion)) {
    return `Berth did not delete ${shown(deletion)}: the confirmation named ${JSON.stringify(confirmed.name)}, which is not it.`;
  }
  const unnamed = deletion.also.filter((item) => !confirmed.also.includes(item));
  if (unnamed.length > 0) {
    const what = unnamed.length === 1 ? deletion.alsoKind : `${deletion.alsoKind}s`;
    return `Berth did not delete ${shown(deletion)}: it would also delete ${what} ${unnamed.map((item) => item.slice(0, SHORT_ID_LENGTH)).join(', ')}, which the confirmation did not name.`;
  }
  return null;
}

/** Throws the refusal when `confirmed` does not cover `deletion`; main calls it before the engine deletes anything. */
export function requireConfirmed(confirmed: Confirmed, deletion: Deletion): void {
  const problem = confirmationProblem(confirmed, deletion);
  if (problem !== null) throw new RemoteError({ code: 'unconfirmed', message: problem });
}

/**
 * An anonymous volume (`-v /data`, an image's VOLUME): the engine names it
 * with 64 hex digits, and `docker rm -v` deletes it with its container. Named
 * volumes are never deleted with a container.
 */
export function isAnonymousVolumeName(name: string): boolean {
  return /^[0-9a-f]{64}$/.test(name);
}
