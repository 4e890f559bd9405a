/**
 * Registries and the user's credentials for them. Credentials live where the
 * docker CLI keeps them (config.json, its credsStore or credHelpers) or, for
 * new ones with no helper configured, in Electron's safeStorage; main reads
 * them and sends them to the engine, never to the renderer, which sees only
 * which registries have one, under what user name, and where it is kept.
 *
 * Logging in is an engine's request (the engine's /auth checks the password
 * against the registry); the list and logging out are Berth's own.
 */
import { z } from 'zod';
import { ConfirmedSchema } from './confirm';
import { ContainerRefSchema } from './refs';
import { ImageReferenceSchema } from './run';

/** The key config.json files Docker Hub's credential under. */
export const DOCKER_HUB = 'https://index.docker.io/v1/';
const HUB_NAMES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/**
 * A registry as config.json keys it: `host[:port]` (a scheme and path typed
 * with it dropped), Docker Hub under its historical URL.
 */
export function registryKey(input: string): string {
  const host = input
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
  return host === '' || HUB_NAMES.has(host) ? DOCKER_HUB : host;
}

/** The registry an image reference pulls from, as a config.json key: the CLI's rule, the first part is a host when it looks like one. */
export function registryOfReference(reference: string): string {
  const slash = reference.indexOf('/');
  if (slash === -1) return DOCKER_HUB;
  const first = reference.slice(0, slash);
  if (first.includes('.') || first.includes(':') || first === 'localhost') return registryKey(first);
  return DOCKER_HUB;
}

/** Whether a container's image is named by a tag that an update can move (not by an image id or a digest). */
export function namesATag(image: string): boolean {
  return image !== '' && !image.startsWith('sha256:') && !image.includes('@') && !/^[0-9a-f]{12,64}$/.test(image);
}

/** A registry the user names: a host with an optional port (a scheme is allowed and dropped). */
export const RegistryNameSchema = z.lazy(() =>
  z
    .string()
    .max(300)
    .transform((value) => registryKey(value))
    .refine((key) => key === DOCKER_HUB || /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::\d{1,5})?$/.test(key), 'a registry is a host name, optionally with :port (e.g. registry.example.com:5000)'),
);

export const CredentialSchema = z.lazy(() =>
  z.object({
    registry: z.string(),
    username: z.string(),
    /** Where it is kept, in words ("docker-credential-pass", "~/.docker/config.json", "Berth (system keychain)", "this session only"). */
    store: z.string(),
  }),
);
export type Credential = z.infer<typeof CredentialSchema>;

export const SecureStorageSchema = z.lazy(() =>
  z.object({
    /** Whether a new credential can be kept safely (a helper, or safeStorage with a real backend). */
    available: z.boolean(),
    /** Where new credentials go, or why they cannot be kept, in words. */
    note: z.string(),
  }),
);

export const registriesAppRequests = {
  'registries.list': {
    args: z.lazy(() => z.object({}).strict()),
    result: z.lazy(() => z.object({ credentials: z.array(CredentialSchema), storage: SecureStorageSchema })),
  },
  /** Forgets the credential where it is kept (the helper's erase, or config.json's entry); `confirmed.name` is the registry. */
  'registries.logout': {
    args: z.lazy(() => z.object({ registry: RegistryNameSchema, confirmed: ConfirmedSchema }).strict()),
    result: z.null(),
  },
} as const;

export const UpdateStateSchema = z.enum(['current', 'available', 'unknown']);

export const ImageUpdateSchema = z.lazy(() =>
  z.object({
    /** The tag a container uses (repository:tag). */
    reference: z.string(),
    /** The containers that use it, by id. */
    containers: z.array(z.string()),
    /** The local image's digest from that registry, when it has one (a built image has none). */
    localDigest: z.string().nullable(),
    remoteDigest: z.string().nullable(),
    state: UpdateStateSchema,
    /** Why the state is unknown (no such tag, registry did not answer, never pulled), or current though the tag's index moved, in words. */
    reason: z.string().nullable(),
  }),
);
export type ImageUpdate = z.infer<typeof ImageUpdateSchema>;

/** What an image gives a container, as far as an update changes it. */
export const ImageFactsSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    digest: z.string().nullable(),
    created: z.string(),
    env: z.array(z.string()),
    entrypoint: z.array(z.string()).nullable(),
    cmd: z.array(z.string()).nullable(),
    exposedPorts: z.array(z.string()),
  }),
);
export type ImageFacts = z.infer<typeof ImageFactsSchema>;

/** How long a container's new one must keep running before the old one goes: an entrypoint that exits at once is a failed update. */
export const UPDATE_MUST_STAY_UP_MS = 2000;

/** A container to update and the image (by id) the user saw it would move to. */
export const UpdateTargetSchema = z.lazy(() =>
  z.object({
    id: ContainerRefSchema,
    image: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be a full image id (sha256:…)'),
  }),
);
export type UpdateTarget = z.infer<typeof UpdateTargetSchema>;

export const UpdateOutcomeSchema = z.enum(['updated', 'rolled-back', 'skipped', 'failed']);
export type UpdateOutcome = z.infer<typeof UpdateOutcomeSchema>;

export const UpdateResultSchema = z.lazy(() =>
  z.object({
    /** The container as it was asked for. */
    id: z.string(),
    name: z.string(),
    outcome: UpdateOutcomeSchema,
    /** The new container's id when updated. */
    newId: z.string().nullable(),
    /** Why it was skipped, rolled back or failed, in words (the engine's own included). */
    reason: z.string().nullable(),
  }),
);
export type UpdateResult = z.infer<typeof UpdateResultSchema>;

export const registriesRequests = {
  /** Checks the credential against the registry (through the engine's /auth), then keeps it; the password never comes back. */
  'registries.login': {
    args: z.lazy(() =>
      z
        .object({
          registry: RegistryNameSchema,
          username: z.string().min(1, 'the user name is required').max(256),
          /** A password or an access token. */
          password: z.string().min(1, 'the password or token is required').max(8192),
        })
        .strict(),
    ),
    result: z.lazy(() => z.object({ registry: z.string(), store: z.string() })),
  },
  /**
   * For each tag a container of this engine uses (or only `references`): is
   * there a newer image behind it? One HEAD request per tag to its registry
   * (no pull), compared with the local image's repo digest.
   */
  'updates.check': {
    args: z.lazy(() => z.object({ references: z.array(ImageReferenceSchema).max(500).optional() }).strict()),
    result: z.lazy(() => z.object({ images: z.array(ImageUpdateSchema) })),
  },
  /**
   * What recreating a container on the image its tag names here now would
   * change: the image it runs against the tag's (pull first to bring the
   * registry's), each difference in words. `after` is null when the tag is
   * gone from this engine.
   */
  'updates.changes': {
    args: z.lazy(() => z.object({ id: ContainerRefSchema }).strict()),
    result: z.lazy(() => z.object({ reference: z.string(), before: ImageFactsSchema, after: ImageFactsSchema.nullable(), changes: z.array(z.string()) })),
  },
  /**
   * Recreates each container on the image its tag names now, one after the
   * other, with its own settings (main reads them; the renderer sends none),
   * keeping its name; if the new one fails, the old one is put back as it
   * was (run.recreate's rollback). `image` is the image id the user was
   * shown for that container: if its tag names another by now, the container
   * is skipped rather than moved to an image nobody looked at. Every target
   * gets a result: updated, rolled back (with the engine's reason), skipped
   * (with why), or failed (the rollback itself could not finish).
   */
  'updates.apply': {
    args: z.lazy(() =>
      z
        .object({ targets: z.array(UpdateTargetSchema).min(1).max(200) })
        .strict()
        .refine(({ targets }) => new Set(targets.map((t) => t.id)).size === targets.length, 'each container once'),
    ),
    result: z.lazy(() => z.object({ results: z.array(UpdateResultSchema) })),
  },
} as const;
