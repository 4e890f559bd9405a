/**
 * The Cleanup page's part of the contract. A preview lists what could go
 * (stopped containers, dangling or unused images, unused volumes and
 * networks, build cache), each with what the page shows and whether Docker's
 * own prune would take it (ticked by default). Main keeps the preview under
 * a random id; a delete names that preview and the ticked items, and main
 * removes only items of that preview, each re-checked at that moment, so a
 * renderer can neither widen the set nor have something that appeared or
 * changed since the preview removed.
 */
import { z } from 'zod';
import { ConfirmedSchema } from './confirm';

export const CleanupKindSchema = z.enum(['container', 'image', 'volume', 'network', 'buildCache']);
export type CleanupKind = z.infer<typeof CleanupKindSchema>;

/** The label that keeps an object out of every cleanup, whatever its value but "false". */
export const PROTECT_LABEL = 'berth.protect';

/** How an object is named for deleting: a container's, image's, network's or cache record's id, a volume's name. */
const ObjectKey = z.lazy(() => z.string().min(1).max(256));

export const CleanupItemRefSchema = z.object({ kind: CleanupKindSchema, id: ObjectKey }).strict();
export type CleanupItemRef = z.infer<typeof CleanupItemRefSchema>;

export const CleanupCandidateSchema = z.lazy(() =>
  z.object({
    kind: CleanupKindSchema,
    id: z.string(),
    /** What the page shows: a container's or volume's name, an image's tags (or short id), a cache record's description. */
    name: z.string(),
    /** Bytes, or null when the engine did not say (networks have none). */
    size: z.number().nullable(),
    /** Epoch milliseconds, or null when the engine did not say. */
    created: z.number().nullable(),
    /** The Compose project it belongs to (its label), or null. */
    project: z.string().nullable(),
    /** Why it is a candidate, in words: "exited (0)", "dangling", "not used by any container". */
    reason: z.string(),
    /** Ticked by default: Docker's own prune (without --all) would take it. */
    ticked: z.boolean(),
  }),
);
export type CleanupCandidate = z.infer<typeof CleanupCandidateSchema>;

/** An object a cleanup would otherwise offer, kept out by a pin in Berth or by its label. */
export const ProtectedItemSchema = z.lazy(() =>
  z.object({
    kind: CleanupKindSchema,
    id: z.string(),
    name: z.string(),
    by: z.enum(['pin', 'label']),
  }),
);
export type ProtectedItem = z.infer<typeof ProtectedItemSchema>;

/**
 * What a preview looks at: everything (the Cleanup page, from the engine's
 * disk usage), or one of the narrower prunes other pages offer (the Images
 * page's dangling or unused images, the Networks page's unused networks),
 * each read with the engine's plain list calls. Every scope is held and
 * deleted the same way.
 */
export const PreviewScopeSchema = z.enum(['everything', 'danglingImages', 'unusedImages', 'unusedNetworks']);
export type PreviewScope = z.infer<typeof PreviewScopeSchema>;

export const CleanupPreviewSchema = z.lazy(() =>
  z.object({
    /** What a delete must name: main holds the preview under it. */
    previewId: z.string(),
    /** Epoch milliseconds at which the engine was read. */
    at: z.number(),
    candidates: z.array(CleanupCandidateSchema),
    protected: z.array(ProtectedItemSchema),
    /** Whether named volumes were offered too (anonymous ones always are). */
    namedVolumes: z.boolean(),
    scope: PreviewScopeSchema,
  }),
);
export type CleanupPreview = z.infer<typeof CleanupPreviewSchema>;

export const CleanupResultItemSchema = z.object({ kind: CleanupKindSchema, id: z.string(), name: z.string() });
export const CleanupSkippedItemSchema = CleanupResultItemSchema.extend({ reason: z.string() });
export type CleanupSkippedItem = z.infer<typeof CleanupSkippedItemSchema>;

export const CleanupResultSchema = z.lazy(() =>
  z.object({
    removed: z.array(CleanupResultItemSchema),
    skipped: z.array(CleanupSkippedItemSchema),
    /** Bytes the removed items held, as the preview measured them. */
    reclaimed: z.number(),
  }),
);
export type CleanupResult = z.infer<typeof CleanupResultSchema>;

/** At most this many items in one delete (a page of 1,000 stopped containers and their images fits). */
export const MAX_CLEANUP_ITEMS = 20_000;

export const cleanupRequests = {
  /** Reads the engine (for everything, its disk usage, which can take seconds) and keeps the result for a delete. */
  'cleanup.preview': {
    args: z.lazy(() => z.object({ namedVolumes: z.boolean().default(false), scope: PreviewScopeSchema.default('everything') }).strict()),
    result: CleanupPreviewSchema,
  },
  /**
   * Removes exactly `items`, each of which must be a candidate of the
   * preview; `confirmed.name` is the preview's id, as the confirmation
   * dialog that listed the items held it. The preview is used up.
   */
  'cleanup.delete': {
    args: z.lazy(() =>
      z
        .object({
          previewId: z.string().min(1).max(64),
          items: z.array(CleanupItemRefSchema).min(1).max(MAX_CLEANUP_ITEMS),
          confirmed: ConfirmedSchema,
        })
        .strict(),
    ),
    result: CleanupResultSchema,
  },
  /** The objects pinned on this engine. */
  'cleanup.pins': { args: z.lazy(() => z.object({}).strict()), result: z.array(CleanupItemRefSchema) },
  /** Pins an object (never offered by a cleanup) or takes the pin away; kept in Berth's settings. */
  'cleanup.protect': {
    args: z.lazy(() => z.object({ kind: CleanupKindSchema, id: ObjectKey, protect: z.boolean() }).strict()),
    result: z.null(),
  },
} as const;

/** The key of an item in a preview: kinds have ids of their own, which may meet (a volume named like a network id). */
export function cleanupItemKey(item: CleanupItemRef): string {
  return `${item.kind}:${item.id}`;
}

/** Whether a label value protects: any value but "false" (so `berth.protect=` or `=1` count too). */
export function labelProtects(labels: Record<string, string> | null | undefined): boolean {
  const value = labels?.[PROTECT_LABEL];
  return value !== undefined && value.trim().toLowerCase() !== 'false';
}
