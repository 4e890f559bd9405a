/**
 * The terminal's part of the contract: one stream per terminal (a shell run
 * with `docker exec` and a TTY, or an attach to a container's own TTY), and
 * the requests that feed it keystrokes and its size. Input is posted (no
 * answer) per keystroke, never batched: typing latency matters more than
 * message count.
 */
import { z } from 'zod';
import { ContainerRefSchema } from './refs';

/** The shells Berth looks for, in the order it prefers them. */
export const PREFERRED_SHELLS = ['bash', 'sh', 'ash'] as const;

/** A shell: one of the usual names, or an absolute path to one. */
export const ShellSchema = z.lazy(() =>
  z
    .string()
    .max(256)
    .regex(/^(?:[A-Za-z0-9_.+-]+|(?:\/[A-Za-z0-9_.+-]+)+)$/, 'a shell is a program name (bash) or an absolute path (/bin/zsh)'),
);

/** As `docker exec --user`: a name or id, optionally with a group. */
export const ExecUserSchema = z.lazy(() =>
  z
    .string()
    .max(128)
    .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*(?::[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/, 'a user is a name or id, optionally ":group"'),
);

/** As `docker exec --workdir`: an absolute path in the container. */
export const WorkdirSchema = z.lazy(() =>
  z
    .string()
    .max(4096)
    .regex(/^\/[^\0]*$/, 'the working directory is an absolute path, starting with "/"'),
);

/** Random per session (a UUID), made by main: knowing it is what lets a caller type into that terminal. */
export const ExecSessionSchema = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

const Cols = z.lazy(() => z.number().int().min(1).max(1000));
const Rows = z.lazy(() => z.number().int().min(1).max(1000));

export const ExecOpenSchema = z.lazy(() =>
  z.discriminatedUnion('mode', [
    z
      .object({
        mode: z.literal('exec'),
        id: ContainerRefSchema,
        /** Absent: the first of bash, sh, ash that the container has. */
        shell: ShellSchema.optional(),
        user: ExecUserSchema.optional(),
        workdir: WorkdirSchema.optional(),
        cols: Cols,
        rows: Rows,
      })
      .strict(),
    /** The container's main process, when it was started with a TTY; closing detaches, never stops it. */
    z.object({ mode: z.literal('attach'), id: ContainerRefSchema, cols: Cols, rows: Rows }).strict(),
  ]),
);
export type ExecOpen = z.infer<typeof ExecOpenSchema>;

export const ExecMessageSchema = z.lazy(() =>
  z.discriminatedUnion('type', [
    /** The session is up; `shell` is null for an attach. */
    z.object({ type: z.literal('started'), session: ExecSessionSchema, shell: z.string().nullable() }),
    /** Terminal output, decoded as UTF-8 across chunk boundaries. */
    z.object({ type: z.literal('output'), data: z.string() }),
    /** The shell exited by itself; its exit code as the engine reports it. */
    z.object({ type: z.literal('exited'), code: z.number().int().nullable() }),
    /** The session ended for another reason (the container stopped or restarted, the attach was cut). */
    z.object({ type: z.literal('ended'), reason: z.string() }),
  ]),
);
export type ExecMessage = z.infer<typeof ExecMessageSchema>;

export const execRequests = {
  /** Which of bash, sh and ash the container has (it must be running). */
  'exec.shells': {
    args: z.lazy(() => z.object({ id: ContainerRefSchema }).strict()),
    result: z.lazy(() => z.object({ shells: z.array(z.string()), preferred: z.string().nullable() })),
  },
  /** Keystrokes and pastes: posted (no answer), see shared/protocol.ts. */
  'exec.input': {
    args: z.lazy(() => z.object({ session: ExecSessionSchema, data: z.string().min(1).max(1 << 16) }).strict()),
    result: z.null(),
  },
  'exec.resize': {
    args: z.lazy(() => z.object({ session: ExecSessionSchema, cols: Cols, rows: Rows }).strict()),
    result: z.null(),
  },
  /**
   * A link a user clicked in a terminal, sent only from the confirmation that
   * showed its full address: `confirmed` is that address as shown (see
   * shared/links.ts). Main refuses it unless it is what `url` normalises to,
   * http(s) and free of user:password@; in Electron it opens it through its
   * one gate, and `opened` false means the page opens it itself (browser
   * mode), with noopener and noreferrer.
   */
  'exec.openLink': {
    args: z.lazy(() => z.object({ url: z.string().max(4096), confirmed: z.string().max(8192) }).strict()),
    result: z.lazy(() => z.object({ url: z.string(), opened: z.boolean() })),
  },
} as const;

export const execStreams = {
  'exec.session': { args: ExecOpenSchema, message: ExecMessageSchema },
} as const;
