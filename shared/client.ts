/**
 * The typed client both front ends use: built over any ClientPort (Electron's
 * preload wraps ipcRenderer, the browser wraps a WebSocket), so the renderer
 * cannot tell the transports apart. Results and stream messages are checked
 * against the contract before they reach the caller.
 */
import {
  appRequests,
  appStreams,
  requests,
  streams,
  type AppRequestArgs,
  type AppRequestName,
  type AppRequestResult,
  type AppStreamArgs,
  type AppStreamMessage,
  type AppStreamName,
  type RequestArgs,
  type RequestName,
  type RequestResult,
  type StreamArgs,
  type StreamMessage,
  type StreamName,
} from './contract';
import type { z } from 'zod';
import { RemoteError, ServerMessageSchema, type ClientPort } from './protocol';

export interface StreamHandlers<T> {
  onData(data: T): void;
  /** Called once: with no error when the server ended the stream, else why it broke. */
  onEnd?(error?: RemoteError): void;
}

/** One engine's side of the contract: every call and stream goes to that engine. */
export interface EngineClient {
  readonly engine: string;
  call<N extends RequestName>(name: N, args: RequestArgs<N>): Promise<RequestResult<N>>;
  /**
   * A call that gets no answer: main checks and runs it, and only logs a
   * failure. For input that must not wait (keystrokes); anything whose
   * failure the user must see is a `call`.
   */
  post<N extends RequestName>(name: N, args: RequestArgs<N>): void;
  /** Opens a stream; the returned function closes it (and the work behind it). */
  listen<N extends StreamName>(
    name: N,
    args: StreamArgs<N>,
    handlers: StreamHandlers<StreamMessage<N>>,
  ): () => void;
}

/** Berth's own requests and streams, and a client for each engine. */
export interface BerthClient {
  call<N extends AppRequestName>(name: N, args: AppRequestArgs<N>): Promise<AppRequestResult<N>>;
  listen<N extends AppStreamName>(
    name: N,
    args: AppStreamArgs<N>,
    handlers: StreamHandlers<AppStreamMessage<N>>,
  ): () => void;
  /** The client of one engine (by its id in the engine list). */
  engine(id: string): EngineClient;
}

/** A stream message that failed validation: reported, never silently dropped. */
export interface InvalidMessage {
  stream: string;
  engine: string | undefined;
  error: z.ZodError;
}

interface PendingCall {
  result: z.ZodType;
  name: string;
  resolve(value: unknown): void;
  reject(error: RemoteError): void;
}

interface OpenStream {
  message: z.ZodType;
  name: string;
  engine: string | undefined;
  handlers: StreamHandlers<unknown>;
  /** Data messages handled since credit was last granted for them. */
  consumed: number;
}

/**
 * The credit a stream starts with: how many data messages main may send
 * ahead of the handler. Every producer sends at most one message per turn
 * of its event loop (state, exec) or per batch (logs every 33 ms, stats
 * every second), so 32 in flight is far more than a handler that keeps up
 * ever sees queued, while it bounds what waits for a stalled renderer to
 * 32 messages per stream, after which main coalesces (state, logs, stats)
 * or stops reading the engine (exec).
 */
export const STREAM_WINDOW = 32;
/** Credit goes back in batches of half the window: one credit message per 16 data messages, and main never runs dry while the handler keeps up. */
const REGRANT = STREAM_WINDOW / 2;

export interface ClosablePort extends ClientPort {
  /** Called when the transport drops; everything in flight fails with `unavailable`. */
  onClose?(listener: (reason: string) => void): void;
}

export interface ClientOptions {
  /** Told of every stream message that failed validation (the default logs it). */
  onInvalid?(invalid: InvalidMessage): void;
}

function logInvalid({ stream, engine, error }: InvalidMessage): void {
  console.error(`berth: a ${stream} message${engine ? ` from engine ${engine}` : ''} failed validation`, error.issues);
}

export function createClient(port: ClosablePort, { onInvalid = logInvalid }: ClientOptions = {}): BerthClient {
  let nextId = 1;
  const calls = new Map<number, PendingCall>();
  const open = new Map<number, OpenStream>();

  port.onMessage((raw) => {
    const parsed = ServerMessageSchema.safeParse(raw);
    if (!parsed.success) return; // not ours to interpret; the server never sends these
    const msg = parsed.data;
    if (msg.type === 'result') {
      const call = calls.get(msg.id);
      if (!call) return;
      calls.delete(msg.id);
      if (!msg.ok) return call.reject(new RemoteError(msg.error));
      const value = call.result.safeParse(msg.value);
      if (value.success) call.resolve(value.data);
      else call.reject(new RemoteError({ code: 'internal', message: `Malformed result for ${call.name}` }));
      return;
    }
    const stream = open.get(msg.id);
    if (!stream) return;
    if (msg.type === 'data') {
      const data = stream.message.safeParse(msg.data);
      if (data.success) stream.handlers.onData(data.data);
      else onInvalid({ stream: stream.name, engine: stream.engine, error: data.error });
      // Granted after the handler returns: a handler that falls behind holds main back.
      stream.consumed++;
      if (stream.consumed >= REGRANT && open.has(msg.id)) {
        port.send({ type: 'credit', id: msg.id, messages: stream.consumed });
        stream.consumed = 0;
      }
      return;
    }
    open.delete(msg.id);
    stream.handlers.onEnd?.(msg.error ? new RemoteError(msg.error) : undefined);
  });

  port.onClose?.((reason) => {
    const error = new RemoteError({ code: 'unavailable', message: reason });
    for (const call of calls.values()) call.reject(error);
    calls.clear();
    const ended = [...open.values()];
    open.clear();
    for (const stream of ended) stream.handlers.onEnd?.(error);
  });

  function call(engine: string | undefined, name: string, result: z.ZodType, args: unknown): Promise<unknown> {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      calls.set(id, { name, result, resolve, reject });
      port.send({ type: 'call', id, engine, name, args });
    });
  }

  function listen(engine: string | undefined, name: string, message: z.ZodType, args: unknown, handlers: StreamHandlers<unknown>): () => void {
    const id = nextId++;
    open.set(id, { name, message, engine, handlers, consumed: 0 });
    port.send({ type: 'listen', id, engine, name, args });
    port.send({ type: 'credit', id, messages: STREAM_WINDOW });
    return () => {
      if (!open.delete(id)) return;
      port.send({ type: 'dispose', id });
    };
  }

  const engines = new Map<string, EngineClient>();
  return {
    call: (name, args) => call(undefined, name, appRequests[name].result, args) as never,
    listen: (name, args, handlers) => listen(undefined, name, appStreams[name].message, args, handlers as StreamHandlers<unknown>),
    engine(engine) {
      let client = engines.get(engine);
      if (!client) {
        client = {
          engine,
          call: (name, args) => call(engine, name, requests[name].result, args) as never,
          post: (name, args) => port.send({ type: 'post', engine, name, args }),
          listen: (name, args, handlers) => listen(engine, name, streams[name].message, args, handlers as StreamHandlers<unknown>),
        };
        engines.set(engine, client);
      }
      return client;
    },
  };
}
