/**
 * The previews main made, each under a random id, so a delete can only name
 * items main itself offered. A preview is used up by its delete and expires
 * after a while; only the last few are kept.
 */
import { randomBytes } from 'node:crypto';
import { cleanupItemKey } from '#shared/cleanup';
import type { HeldCandidate } from './candidates';

export interface HeldPreview {
  readonly at: number;
  readonly items: ReadonlyMap<string, HeldCandidate>;
}

const KEPT_PREVIEWS = 8;
/** Longer than anyone reads a page before clicking; short enough that a forgotten preview cannot be used a day later. */
const PREVIEW_LIFETIME_MS = 30 * 60_000;

export class PreviewBook {
  private readonly held = new Map<string, HeldPreview>();

  constructor(private readonly now: () => number = Date.now) {}

  hold(at: number, candidates: readonly HeldCandidate[]): string {
    const id = randomBytes(18).toString('base64url');
    this.held.set(id, { at, items: new Map(candidates.map((candidate) => [cleanupItemKey(candidate), candidate])) });
    // Maps keep insertion order: the first keys are the oldest.
    for (const old of [...this.held.keys()].slice(0, Math.max(0, this.held.size - KEPT_PREVIEWS))) this.held.delete(old);
    return id;
  }

  /** The preview, taken out of the book: a preview serves one delete. */
  take(id: string): HeldPreview | undefined {
    const preview = this.held.get(id);
    this.held.delete(id);
    if (preview === undefined || this.now() - preview.at > PREVIEW_LIFETIME_MS) return undefined;
    return preview;
  }
}
