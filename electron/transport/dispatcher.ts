/**
 * One dispatcher behind every transport. A transport only moves messages
 * (`receive` in, `port.send` out); everything else happens here: each
 * message from the untrusted renderer is validated against the protocol and
 * the contract before a handler sees it, routed to Berth's own handlers or to
 * the engine its envelope names, errors become data, every stream a
 * connection opened is disposed when the connection closes, and each
 * stream's credit is counted (its sink is ready while it has credit and
 * the transport is not backed up).
 */
import { z } from 'zod';
import { appRequests, appStreams, isAppRequestName, isAppStreamName, isRequestName, isStreamName, requests, streams } from '#shared/contract';
import { EngineIdSchema } from '#shared/engines';
import type { Service, StreamSink } from '#shared/handlers';
import {
  ClientMessageSchema,
  MAX_CREDIT,
  RemoteError,
  type RemoteErrorData,
  type ServerMessage,
} from '#shared/protocol';
import { escapeForLog, logUnexpected, warnClientError } from './limited-log';

export type { Service, StreamSink } from '#shared/handlers';

export interface ServerPort {
  send(message: ServerMessage): void;
  /**
   * A transport that buffers bytes on its side (the WebSocket) says when
   * that buffer is full: every stream waits then, credit or not, and is told
   * when it drains. IPC has none: credit alone holds it back.
   */
  buffer?: {
    full(): boolean;
    onDrain(listener: () => void): void;
  };
}

export interface Dispatcher {
  receive(raw: unknown): void;
  /** The connection is gone: end all its streams and the work behind them. */
  close(): void;
  /** Streams open on this connection (for leak checks). */
  openStreams(): number;
}

export function toErrorData(error: unknown): RemoteErrorData {
  if (error instanceof RemoteError) return { code: error.code, message: error.message };
  // Never leak internals (paths, stacks) to the renderer; the log keeps them,
  // escaped (an engine's error can quote what a container wrote) and rate-limited.
  logUnexpected('a request handler failed', error);
  return { code: 'internal', message: 'Internal error in Berth; see the main process log.' };
}

function invalid(what: string, error: z.ZodError): RemoteErrorData {
  return { code: 'bad-request', message: `Invalid ${what}: ${z.prettifyError(error)}` };
}

/** One open stream: its credit and the producers waiting for it. */
interface Flow {
  credit: number;
  readonly waiting: Set<() => void>;
}

export function createDispatcher(service: Service, port: ServerPort): Dispatcher {
  const disposers = new Map<number, () => void>();
  const flows = new Map<number, Flow>();
  let closed = false;

  const wake = (flow: Flow): void => {
    for (const listener of [...flow.waiting]) listener();
  };
  port.buffer?.onDrain(() => {
    for (const flow of [...flows.values()]) if (flow.credit > 0) wake(flow);
  });

  const send = (message: ServerMessage): void => {
    if (!closed) port.send(message);
  };

  type Handler = (args: unknown) => Promise<unknown>;
  type Opener = (args: unknown, sink: StreamSink<unknown>) => () => void;
  interface Route<H> {
    schema: z.ZodType;
    handler: H;
  }

  /**
   * The handler a message names, with the schema of its arguments: Berth's
   * own when the envelope names no engine, else that engine's. A name that
   * belongs to the other side, or an engine that does not exist, is refused.
   */
  function route(kind: 'request', name: string, engine: string | undefined): Route<Handler> | RemoteErrorData;
  function route(kind: 'stream', name: string, engine: string | undefined): Route<Opener> | RemoteErrorData;
  function route(kind: 'request' | 'stream', name: string, engine: string | undefined): Route<Handler | Opener> | RemoteErrorData {
    const what = kind === 'request' ? 'request' : 'stream';
    if (engine === undefined) {
      if (kind === 'request' && isAppRequestName(name)) return { schema: appRequests[name].args, handler: service.requests[name] as Handler };
      if (kind === 'stream' && isAppStreamName(name)) return { schema: appStreams[name].args, handler: service.streams[name] as Opener };
      const forEngine = kind === 'request' ? isRequestName(name) : isStreamName(name);
      return { code: 'bad-request', message: forEngine ? `The ${what} ${name} must name its engine` : `Unknown ${what}: ${name}` };
    }
    if (!EngineIdSchema.safeParse(engine).success) return { code: 'bad-request', message: `Invalid engine id for ${name}` };
    if (kind === 'request' ? !isRequestName(name) : !isStreamName(name)) {
      const forApp = kind === 'request' ? isAppRequestName(name) : isAppStreamName(name);
      return { code: 'bad-request', message: forApp ? `The ${what} ${name} names no engine` : `Unknown ${what}: ${name}` };
    }
    const handlers = service.engine(engine);
    if (!handlers) return { code: 'not-found', message: `Berth has no engine "${engine}"` };
    if (kind === 'request' && isRequestName(name)) return { schema: requests[name].args, handler: handlers.requests[name] as Handler };
    if (kind === 'stream' && isStreamName(name)) return { schema: streams[name].args, handler: handlers.streams[name] as Opener };
    return { code: 'internal', message: 'unreachable' };
  }

  function isRoute<H>(value: Route<H> | RemoteErrorData): value is Route<H> {
    return 'handler' in value;
  }

  async function call(id: number, name: string, engine: string | undefined, rawArgs: unknown): Promise<void> {
    const target = route('request', name, engine);
    if (!isRoute(target)) {
      send({ type: 'result', id, ok: false, error: target });
      return;
    }
    const args = target.schema.safeParse(rawArgs ?? {});
    if (!args.success) {
      send({ type: 'result', id, ok: false, error: invalid(`arguments for ${name}`, args.error) });
      return;
    }
    try {
      const value = await target.handler(args.data);
      send({ type: 'result', id, ok: true, value });
    } catch (error) {
      send({ type: 'result', id, ok: false, error: toErrorData(error) });
    }
  }

  /** A call nobody waits for: checked and run like any other; a failure is only logged. */
  async function post(name: string, engine: string | undefined, rawArgs: unknown): Promise<void> {
    const target = route('request', name, engine);
    if (!isRoute(target)) {
      warnClientError(`berth: dropped a post: ${escapeForLog(target.message)}`);
      return;
    }
    const args = target.schema.safeParse(rawArgs ?? {});
    if (!args.success) {
      warnClientError(`berth: dropped a post of ${name}: ${escapeForLog(z.prettifyError(args.error))}`);
      return;
    }
    try {
      await target.handler(args.data);
    } catch (error) {
      warnClientError(`berth: a post of ${name} failed: ${escapeForLog(toErrorData(error).message)}`);
    }
  }

  function listen(id: number, name: string, engine: string | undefined, rawArgs: unknown): void {
    if (disposers.has(id)) {
      send({ type: 'end', id, error: { code: 'bad-request', message: `Stream id ${id} is already open` } });
      return;
    }
    const target = route('stream', name, engine);
    if (!isRoute(target)) {
      send({ type: 'end', id, error: target });
      return;
    }
    const args = target.schema.safeParse(rawArgs ?? {});
    if (!args.success) {
      send({ type: 'end', id, error: invalid(`arguments for stream ${name}`, args.error) });
      return;
    }
    let ended = false;
    const flow: Flow = { credit: 0, waiting: new Set() };
    flows.set(id, flow);
    const sink: StreamSink<unknown> = {
      data: (data) => {
        if (ended) return;
        // Below zero when a producer sent without credit; the next grant pays it back.
        flow.credit--;
        send({ type: 'data', id, data });
      },
      end: (error) => {
        if (ended) return;
        ended = true;
        disposers.delete(id);
        forget(id);
        send(error === undefined ? { type: 'end', id } : { type: 'end', id, error: toErrorData(error) });
      },
      ready: () => !ended && !closed && flow.credit > 0 && !(port.buffer?.full() ?? false),
      onReady: (listener) => {
        flow.waiting.add(listener);
        return () => flow.waiting.delete(listener);
      },
    };
    try {
      const dispose = target.handler(args.data, sink);
      if (ended) dispose();
      else disposers.set(id, dispose);
    } catch (error) {
      sink.end(error);
    }
  }

  function forget(id: number): void {
    flows.get(id)?.waiting.clear();
    flows.delete(id);
  }

  function dispose(id: number): void {
    const stop = disposers.get(id);
    if (!stop) return;
    disposers.delete(id);
    forget(id);
    stop();
  }

  /** Credit for a stream that has ended meanwhile is nobody's: ignored. */
  function grant(id: number, messages: number): void {
    const flow = flows.get(id);
    if (!flow) return;
    const before = flow.credit;
    flow.credit = Math.min(MAX_CREDIT, flow.credit + messages);
    if (before <= 0 && flow.credit > 0 && !(port.buffer?.full() ?? false)) wake(flow);
  }

  return {
    receive(raw) {
      if (closed) return;
      const parsed = ClientMessageSchema.safeParse(raw);
      if (!parsed.success) {
        // Without a valid id there is nobody to answer; drop it, never crash.
        warnClientError('berth: dropped a malformed message from the renderer');
        return;
      }
      const msg = parsed.data;
      if (msg.type === 'dispose') return dispose(msg.id);
      if (msg.type === 'credit') return grant(msg.id, msg.messages);
      if (msg.type === 'post') return void post(msg.name, msg.engine, msg.args);
      if (msg.type === 'call') return void call(msg.id, msg.name, msg.engine, msg.args);
      listen(msg.id, msg.name, msg.engine, msg.args);
    },
    close() {
      if (closed) return;
      closed = true;
      for (const stop of disposers.values()) stop();
      disposers.clear();
      for (const id of [...flows.keys()]) forget(id);
    },
    openStreams: () => disposers.size,
  };
}
