/**
 * The Images part of the contract: an image's page (config and layer
 * history), what makes it big (the layer analysis, computed in main from the
 * image's own layer tars), comparing two images, tag, remove, save and load
 * (one-time transfer addresses, as the Files tab's). Prune is a Cleanup
 * preview of one scope (shared/cleanup.ts); pull, push and build are jobs
 * (shared/jobs.ts).
 */
import { z } from 'zod';
import { ConfirmedSchema } from './confirm';

/**
 * An image as the engine accepts one in a path: its id (with or without
 * `sha256:`, full or short) or a reference (`repo/name:tag`, `name@sha256:…`).
 */
export const ImageRefSchema = z.lazy(() =>
  z
    .string()
    .min(1)
    .max(512)
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.:/@-]*$/, 'must be an image id or a reference such as name:tag'),
);

/**
 * A repository as `docker tag` takes it: lower-case path components
 * separated by "/", optionally after a registry host (with a port).
 */
export const RepositorySchema = z.lazy(() =>
  z
    .string()
    .min(1)
    .max(255)
    .regex(
      /^(?:(?:[a-zA-Z0-9-]+\.)*[a-zA-Z0-9-]+(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/,
      'a repository is lower-case letters, digits and . _ - separated by "/", optionally after a registry host',
    ),
);

/** A tag: up to 128 letters, digits, "_", "." and "-", not starting with "." or "-". */
export const TagSchema = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'a tag is up to 128 letters, digits, "_", "." or "-", and starts with a letter, digit or "_"');

export const ImageHistoryEntrySchema = z.lazy(() =>
  z.object({
    /** The instruction that made it ("RUN …", "COPY …"), as the engine recorded it. */
    createdBy: z.string(),
    /** Epoch milliseconds, null when the engine does not say. */
    created: z.number().nullable(),
    /** Bytes the layer adds. */
    size: z.number(),
    /** A step that changed only the config (ENV, CMD, …): no layer of its own. */
    empty: z.boolean(),
    comment: z.string(),
  }),
);
export type ImageHistoryEntry = z.infer<typeof ImageHistoryEntrySchema>;

/** What an image's page shows before any analysis: its config and history, oldest step first. */
export const ImageDetailsSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    tags: z.array(z.string()),
    repoDigests: z.array(z.string()),
    size: z.number(),
    created: z.number().nullable(),
    os: z.string(),
    architecture: z.string(),
    variant: z.string().nullable(),
    author: z.string(),
    entrypoint: z.array(z.string()).nullable(),
    cmd: z.array(z.string()).nullable(),
    env: z.array(z.string()),
    exposedPorts: z.array(z.string()),
    volumes: z.array(z.string()),
    user: z.string(),
    workingDir: z.string(),
    labels: z.record(z.string(), z.string()),
    /** The layers' content digests (diff ids), bottom first. */
    layers: z.array(z.string()),
    history: z.array(ImageHistoryEntrySchema),
  }),
);
export type ImageDetails = z.infer<typeof ImageDetailsSchema>;

export const FileChangeSchema = z.enum(['added', 'changed', 'removed']);
export type FileChange = z.infer<typeof FileChangeSchema>;

export const LayerFileSchema = z.lazy(() =>
  z.object({
    path: z.string(),
    /** Bytes: the file's size; for a removal, what the removal took away (a folder's whole contents). */
    size: z.number(),
    change: FileChangeSchema,
    /** A removal made by an opaque folder (`.wh..wh..opq`): everything below the folder went. */
    opaque: z.boolean(),
  }),
);
export type LayerFile = z.infer<typeof LayerFileSchema>;

const ChangeTotalSchema = z.lazy(() => z.object({ count: z.number().int(), bytes: z.number() }));

export const LayerAnalysisSchema = z.lazy(() =>
  z.object({
    /** The layer's content digest (its diff id). */
    digest: z.string(),
    createdBy: z.string(),
    /** Bytes of the files in the layer, as dive counts a layer's size. */
    size: z.number(),
    added: ChangeTotalSchema,
    changed: ChangeTotalSchema,
    removed: ChangeTotalSchema,
    /** The largest changes of the layer (up to FILES_PER_LAYER); the totals count them all. */
    files: z.array(LayerFileSchema),
  }),
);
export type LayerAnalysis = z.infer<typeof LayerAnalysisSchema>;

export const WastedPathSchema = z.lazy(() =>
  z.object({
    path: z.string(),
    /** How many layers hold a version of it (or remove it). */
    layers: z.number().int(),
    /** Bytes of every version together, as dive's "wasted" lists them. */
    bytes: z.number(),
  }),
);

export const LargestFileSchema = z.lazy(() => z.object({ path: z.string(), size: z.number(), layer: z.number().int() }));

export const ImageAnalysisSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    /** Bytes of every layer's files, and of every layer but the first (what the image's own steps added). */
    size: z.number(),
    userSize: z.number(),
    /** Bytes of files that a later layer overwrites or removes, as dive computes it. */
    wastedBytes: z.number(),
    /** wastedBytes over userSize (0 when the image is one layer). */
    wastedUserPercent: z.number(),
    /** dive's efficiency score, 0 to 1: the smallest version of every path over all versions of it. */
    efficiency: z.number(),
    layers: z.array(LayerAnalysisSchema),
    /** The largest files of the image as it runs (after every layer), up to LARGEST_FILES. */
    largest: z.array(LargestFileSchema),
    /** The paths that waste most, up to WASTED_PATHS. */
    wasted: z.array(WastedPathSchema),
    /** What reading the image cost, for the page to say. */
    archiveBytes: z.number(),
    elapsedMs: z.number(),
  }),
);
export type ImageAnalysis = z.infer<typeof ImageAnalysisSchema>;

export const FILES_PER_LAYER = 200;
export const LARGEST_FILES = 50;
export const WASTED_PATHS = 100;
export const COMPARED_FILES = 500;

const ComparedFileSchema = z.object({ path: z.string(), before: z.number().nullable(), after: z.number().nullable() });

export const ImageComparisonSchema = z.lazy(() =>
  z.object({
    base: z.string(),
    other: z.string(),
    /** The layers both start with, bottom first (a layer is shared only with everything below it). */
    sharedLayers: z.array(z.string()),
    /** The layers only the base, and only the other, has after those. */
    baseOnlyLayers: z.array(z.string()),
    otherOnlyLayers: z.array(z.string()),
    files: z.object({
      added: ChangeTotalSchema,
      removed: ChangeTotalSchema,
      changed: ChangeTotalSchema,
      /** The largest differences (up to COMPARED_FILES): `before` is the size in the base, `after` in the other. */
      list: z.array(ComparedFileSchema.extend({ change: FileChangeSchema })),
    }),
    /** The other's size minus the base's, in bytes, as the engine sizes them. */
    sizeDelta: z.number(),
  }),
);
export type ImageComparison = z.infer<typeof ImageComparisonSchema>;

export const imagesRequests = {
  'image.details': { args: z.lazy(() => z.object({ id: ImageRefSchema }).strict()), result: ImageDetailsSchema },
  /** Reads the image's layers from the engine (or the cache, by image id) and says what makes it big. */
  'image.analyse': { args: z.lazy(() => z.object({ id: ImageRefSchema }).strict()), result: ImageAnalysisSchema },
  'image.compare': { args: z.lazy(() => z.object({ base: ImageRefSchema, other: ImageRefSchema }).strict()), result: ImageComparisonSchema },
  'image.tag': {
    args: z.lazy(() => z.object({ id: ImageRefSchema, repository: RepositorySchema, tag: TagSchema.default('latest') }).strict()),
    result: z.null(),
  },
  /**
   * Removes a tag (`ref` names one: the image goes too when it was its last)
   * or, by id, the image with every tag. `confirmed.name` is the tag or id the
   * dialog showed, `confirmed.also` the name of every container that uses the
   * image, which `force` removes it from under.
   */
  'image.remove': {
    args: z.lazy(() => z.object({ ref: ImageRefSchema, force: z.boolean().default(false), confirmed: ConfirmedSchema }).strict()),
    result: z.lazy(() => z.object({ untagged: z.array(z.string()), deleted: z.array(z.string()) })),
  },
  /** A one-time address that streams the image as `docker save` writes it. */
  'image.save': { args: z.lazy(() => z.object({ id: ImageRefSchema }).strict()), result: z.lazy(() => z.object({ url: z.string(), name: z.string() })) },
  /** A one-time address that takes a tar (`docker save`'s) in a POST and loads it; it answers with what it loaded. */
  'image.load': { args: z.lazy(() => z.object({}).strict()), result: z.lazy(() => z.object({ url: z.string() })) },
} as const;

/** What `docker load` answered, line by line, as the upload's response body. */
export const LoadResultSchema = z.lazy(() => z.object({ loaded: z.array(z.string()) }));
export type LoadResult = z.infer<typeof LoadResultSchema>;
