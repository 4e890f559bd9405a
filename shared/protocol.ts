/**
 * The wire protocol both transports carry (Electron IPC and the WebSocket):
 * two verbs, `call` and `listen`, plus an explicit `dispose` for streams, and
 * `post`: a call that wants no answer, for keystrokes, where the answer would
 * only cross both processes again while the user waits for the echo.
 * Every message is validated on arrival, on both sides.
 *
 * Streams are flow-controlled by credit: the client grants a stream credit
 * for a number of `data` messages (`credit`), and main sends a stream's data
 * only while it has credit, coalescing or pausing while it has none. The
 * client grants again as its handler consumes what arrived, so a renderer
 * whose main thread is busy stops granting, and main stops sending.
 */
import { z } from 'zod';

const Id = z.lazy(() => z.number().int().nonnegative());
/** The engine a call or stream is for (see engines.ts); absent for Berth's own requests. Checked as an id by the dispatcher. */
const Engine = z.lazy(() => z.string().max(64).optional());
/** The most credit one message grants (a stream's total is capped at the same). */
export const MAX_CREDIT = 1 << 16;

export const ErrorCodeSchema = z.enum([
  'bad-request',
  'not-found',
  'conflict',
  /** A deleting request whose confirmation does not name what it would delete (see confirm.ts). */
  'unconfirmed',
  'unavailable',
  'engine',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const RemoteErrorSchema = z.object({ code: ErrorCodeSchema, message: z.string() });
export type RemoteErrorData = z.infer<typeof RemoteErrorSchema>;

export const ClientMessageSchema = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('call'), id: Id, engine: Engine, name: z.string().max(64), args: z.unknown() }),
    z.object({ type: z.literal('listen'), id: Id, engine: Engine, name: z.string().max(64), args: z.unknown() }),
    z.object({ type: z.literal('dispose'), id: Id }),
    /** The client can take `messages` more data messages of stream `id`. */
    z.object({ type: z.literal('credit'), id: Id, messages: z.number().int().positive().max(MAX_CREDIT) }),
    z.object({ type: z.literal('post'), engine: Engine, name: z.string().max(64), args: z.unknown() }),
  ]),
);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

// A plain union: the two kinds of `result` share their discriminator value.
export const ServerMessageSchema = z.lazy(() =>
  z.union([
    z.object({ type: z.literal('result'), id: Id, ok: z.literal(true), value: z.unknown() }),
    z.object({ type: z.literal('result'), id: Id, ok: z.literal(false), error: RemoteErrorSchema }),
    z.object({ type: z.literal('data'), id: Id, data: z.unknown() }),
    z.object({ type: z.literal('end'), id: Id, error: RemoteErrorSchema.optional() }),
  ]),
);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;

/** An error that crossed the boundary: its code says what kind, its message is for people. */
export class RemoteError extends Error {
  readonly code: ErrorCode;
  constructor(data: RemoteErrorData) {
    super(data.message);
    this.name = 'RemoteError';
    this.code = data.code;
  }
}

/** A transport as the client sees it: send a message, receive messages. */
export interface ClientPort {
  send(message: ClientMessage): void;
  onMessage(listener: (message: unknown) => void): void;
}
