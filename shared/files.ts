/**
 * The Files tab's part of the contract: list a folder of a container (running
 * or not: the engine's archive API needs no process in it), and one-time
 * addresses for streaming a download (a tar) or uploads into a folder. The
 * bytes themselves travel over plain HTTP on the app's own origin, not over
 * the message channel.
 */
import { z } from 'zod';
import { ContainerRefSchema } from './refs';

/** Where transfers live on the app's origin (berth://app in Electron, the loopback server in browser mode). */
export const TRANSFER_PREFIX = '/files/';

/** An absolute path in the container. */
export const ContainerPathSchema = z.lazy(() =>
  z
    .string()
    .min(1)
    .max(4096)
    .regex(/^\/[^\0]*$/, 'a path in the container is absolute: it starts with "/"'),
);

/** One file name (no folders): what an upload may create. */
export const FileNameSchema = z.lazy(() =>
  z
    .string()
    .min(1)
    .max(255)
    .refine((name) => !name.includes('/') && !name.includes('\0') && name !== '.' && name !== '..', 'a file name has no "/" and is not "." or ".."'),
);

export const FileTypeSchema = z.enum(['file', 'directory', 'symlink', 'other']);
export type FileType = z.infer<typeof FileTypeSchema>;

export const FileEntrySchema = z.lazy(() =>
  z.object({
    name: z.string(),
    type: FileTypeSchema,
    /** Bytes; null when the archive does not say (a hard link to a file listed elsewhere). */
    size: z.number().nullable(),
    /** Permission bits (with setuid, setgid, sticky). */
    mode: z.number().int(),
    uid: z.number().int(),
    gid: z.number().int(),
    owner: z.string(),
    group: z.string(),
    /** Milliseconds since the epoch. */
    modified: z.number().nullable(),
    linkTarget: z.string().nullable(),
  }),
);
export type FileEntry = z.infer<typeof FileEntrySchema>;

export const FolderListingSchema = z.lazy(() =>
  z.object({
    path: z.string(),
    entries: z.array(FileEntrySchema),
    /** Why the listing is incomplete (a time or size budget ran out), or null when it is whole. */
    truncated: z.string().nullable(),
  }),
);
export type FolderListing = z.infer<typeof FolderListingSchema>;

export const filesRequests = {
  'files.list': {
    args: z.lazy(() => z.object({ id: ContainerRefSchema, path: ContainerPathSchema }).strict()),
    result: FolderListingSchema,
  },
  /** A one-time address (relative to the app) that streams `path` as a tar. */
  'files.download': {
    args: z.lazy(() => z.object({ id: ContainerRefSchema, path: ContainerPathSchema }).strict()),
    result: z.lazy(() => z.object({ url: z.string(), name: z.string() })),
  },
  /**
   * One one-time address per file, each taking that file's bytes in a POST,
   * into the folder `path`. Refused (code `unconfirmed`) when a file of that
   * name exists there and `replace` (what the confirmation named) lacks its path.
   */
  'files.upload': {
    args: z.lazy(() =>
      z
        .object({
          id: ContainerRefSchema,
          path: ContainerPathSchema,
          names: z.array(FileNameSchema).min(1).max(100),
          replace: z.array(ContainerPathSchema).max(100).default([]),
        })
        .strict(),
    ),
    result: z.lazy(() => z.object({ urls: z.array(z.string()) })),
  },
} as const;

/** `drwxr-xr-x`, as ls shows it. */
export function modeString(type: FileType, mode: number): string {
  const kind = type === 'directory' ? 'd' : type === 'symlink' ? 'l' : type === 'other' ? '?' : '-';
  const bit = (mask: number, char: string) => (mode & mask ? char : '-');
  const exec = (mask: number, special: number, on: string, off: string) =>
    mode & special ? (mode & mask ? on : off) : mode & mask ? 'x' : '-';
  return (
    kind +
    bit(0o400, 'r') + bit(0o200, 'w') + exec(0o100, 0o4000, 's', 'S') +
    bit(0o040, 'r') + bit(0o020, 'w') + exec(0o010, 0o2000, 's', 'S') +
    bit(0o004, 'r') + bit(0o002, 'w') + exec(0o001, 0o1000, 't', 'T')
  );
}

/** The parent of an absolute path ("/" stays "/"). */
export function parentPath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  const cut = trimmed.lastIndexOf('/');
  return cut <= 0 ? '/' : trimmed.slice(0, cut);
}

export function joinPath(folder: string, name: string): string {
  return folder.endsWith('/') ? `${folder}${name}` : `${folder}/${name}`;
}
