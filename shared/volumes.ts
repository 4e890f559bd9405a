/**
 * The Volumes page's part of the contract: create and remove volumes, their
 * sizes on demand, a read-only look at their files, and backup, restore and
 * clone. Main reads and writes a volume through a helper container that it
 * creates and never starts (the engine's archive API works on stopped
 * containers) and removes afterwards. Backups and restores travel as tar
 * streams over one-time transfer addresses, like the Files tab's downloads.
 */
import { z } from 'zod';
import { ConfirmedSchema } from './confirm';
import { ContainerPathSchema, FolderListingSchema } from './files';
import { VolumeSchema } from './kinds';

/** A volume name as the engine accepts it (`[a-zA-Z0-9][a-zA-Z0-9_.-]+`). */
export const VolumeNameSchema = z.lazy(() =>
  z
    .string()
    .max(255)
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]+$/, 'a volume name is two or more letters, digits, "_", "." or "-", starting with a letter or digit'),
);

/** A volume driver's name ("local", a plugin's "vieux/sshfs:latest"). */
export const VolumeDriverSchema = z.lazy(() =>
  z
    .string()
    .max(255)
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.:/@-]*$/, 'a driver is a name such as "local"'),
);

const KeyValues = (what: string) =>
  z
    .record(z.string().min(1, `a ${what} needs a name`).max(1024), z.string().max(4096))
    .refine((record) => Object.keys(record).length <= 100, `at most 100 ${what}s`);

export const VolumeCreateSchema = z.lazy(() =>
  z
    .object({
      /** Absent: the engine names it (64 hex digits), as `docker volume create` with no name does. */
      name: VolumeNameSchema.optional(),
      driver: VolumeDriverSchema.default('local'),
      driverOpts: KeyValues('driver option').default({}),
      labels: KeyValues('label').default({}),
    })
    .strict(),
);

export const VolumeSizesSchema = z.lazy(() =>
  z.object({
    /** Bytes per volume name, for the volumes the engine could measure (it says -1 for others, left out here). */
    sizes: z.record(z.string(), z.number()),
    /** When the engine answered, epoch ms. */
    at: z.number(),
  }),
);
export type VolumeSizes = z.infer<typeof VolumeSizesSchema>;

export const VolumeContentsSchema = z.lazy(() =>
  z.object({
    empty: z.boolean(),
    /** The first few names at the volume's top, to show what a restore would mix with. */
    sample: z.array(z.string()),
  }),
);
export type VolumeContents = z.infer<typeof VolumeContentsSchema>;

const TransferUrl = z.lazy(() => z.object({ url: z.string(), name: z.string() }));

export const volumeRequests = {
  'volume.create': { args: VolumeCreateSchema, result: VolumeSchema },
  /**
   * Removes a volume. Refused while containers use it unless
   * `removeContainers`, in which case the confirmation names each of them
   * (`confirmed.also`, by name) and main removes them first.
   */
  'volume.remove': {
    args: z.lazy(() => z.object({ name: VolumeNameSchema, removeContainers: z.boolean().default(false), confirmed: ConfirmedSchema }).strict()),
    result: z.lazy(() => z.object({ removedContainers: z.array(z.string()) })),
  },
  /** Every volume's size, from the engine's disk usage (`system df`): slow on a big engine, so asked for, never polled. */
  'volume.sizes': { args: z.lazy(() => z.object({}).strict()), result: VolumeSizesSchema },
  /** Whether a volume holds anything (a restore into one that does asks first). */
  'volume.contents': { args: z.lazy(() => z.object({ name: VolumeNameSchema }).strict()), result: VolumeContentsSchema },
  /** One folder of a volume, read-only; `path` is inside the volume ("/" is its top). */
  'volume.list': { args: z.lazy(() => z.object({ name: VolumeNameSchema, path: ContainerPathSchema }).strict()), result: FolderListingSchema },
  /** A one-time address streaming a file or folder of a volume as a tar. */
  'volume.download': { args: z.lazy(() => z.object({ name: VolumeNameSchema, path: ContainerPathSchema }).strict()), result: TransferUrl },
  /** A one-time address streaming the whole volume as a tar (every mode, owner, link and empty folder). */
  'volume.backup': { args: z.lazy(() => z.object({ name: VolumeNameSchema }).strict()), result: TransferUrl },
  /**
   * A one-time address that takes a tar in a POST and restores it into
   * `name`: a new volume (`create`, with `labels`), or an existing one, which
   * must be empty unless `intoNonEmpty` (the user said yes to mixing the tar
   * into what it holds). A bad or truncated tar is refused and leaves the
   * volume as it was (a new one is removed).
   */
  'volume.restore': {
    args: z.lazy(() =>
      z
        .object({
          name: VolumeNameSchema,
          create: z.boolean(),
          intoNonEmpty: z.boolean().default(false),
          labels: KeyValues('label').default({}),
        })
        .strict(),
    ),
    result: z.lazy(() => z.object({ url: z.string() })),
  },
  /** Copies `source` into a new volume `target` (a local volume with the given labels: the source's driver options may name a share or a host folder the clone would then write into). */
  'volume.clone': {
    args: z.lazy(() => z.object({ source: VolumeNameSchema, target: VolumeNameSchema, labels: KeyValues('label').default({}) }).strict()),
    result: VolumeSchema,
  },
} as const;
