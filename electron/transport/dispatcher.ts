/**
 * One dispatcher behind every transport. A transport only moves messages
 * (`receive` in, `port.send` out); everything else happens here: each
 * message from the untrusted renderer is validated against the protocol and
 * the contract before a handler sees it, errors become data, and every
 * stream a connection opened is disposed when the connection closes.
 */
import { z } from 'zod';
import {
  isRequestName,
  isStreamName,
  requests,
  streams,
  type RequestName,
  type RequestParsedArgs,
  type RequestResult,
  type StreamMessage,
  type StreamName,
  type StreamParsedArgs,
} from '#shared/contract';
import {
  ClientMessageSchema,
  RemoteError,
  type RemoteErrorData,
  type ServerMessage,
} from '#shared/protocol';
import { escapeForLog, logUnexpected, warnClientError } from './limited-log';

export interface StreamSink<T> {
  data(message: T): void;
  end(error?: unknown): void;
  /** How much is queued on the transport and not yet sent; producers coalesce while it is high. */
  backlog(): number;
}

export type RequestHandlerTable = {
  [N in RequestName]: (args: RequestParsedArgs<N>) => Promise<RequestResult<N>>;
};
export type StreamHandlerTable = {
  [N in StreamName]: (args: StreamParsedArgs<N>, sink: StreamSink<StreamMessage<N>>) => () => void;
};
export interface Service {
  requests: RequestHandlerTable;
  streams: StreamHandlerTable;
}

export interface ServerPort {
  send(message: ServerMessage): void;
  /** Bytes (or messages) waiting to be written; 0 when the transport cannot tell. */
  backlog(): number;
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

export function createDispatcher(service: Service, port: ServerPort): Dispatcher {
  const disposers = new Map<number, () => void>();
  let closed = false;

  const send = (message: ServerMessage): void => {
    if (!closed) port.send(message);
  };

  async function call(id: number, name: RequestName, rawArgs: unknown): Promise<void> {
    const args = requests[name].args.safeParse(rawArgs ?? {});
    if (!args.success) {
      send({ type: 'result', id, ok: false, error: invalid(`arguments for ${name}`, args.error) });
      return;
    }
    try {
      const handler = service.requests[name] as (a: unknown) => Promise<unknown>;
      const value = await handler(args.data);
      send({ type: 'result', id, ok: true, value });
    } catch (error) {
      send({ type: 'result', id, ok: false, error: toErrorData(error) });
    }
  }

  /** A call nobody waits for: checked and run like any other; a failure is only logged. */
  async function post(name: RequestName, rawArgs: unknown): Promise<void> {
    const args = requests[name].args.safeParse(rawArgs ?? {});
    if (!args.success) {
      warnClientError(`berth: dropped a post of ${name}: ${escapeForLog(z.prettifyError(args.error))}`);
      return;
    }
    try {
      const handler = service.requests[name] as (a: unknown) => Promise<unknown>;
      await handler(args.data);
    } catch (error) {
      warnClientError(`berth: a post of ${name} failed: ${escapeForLog(toErrorData(error).message)}`);
    }
  }

  function listen(id: number, name: StreamName, rawArgs: unknown): void {
    if (disposers.has(id)) {
      send({ type: 'end', id, error: { code: 'bad-request', message: `Stream id ${id} is already open` } });
      return;
    }
    const args = streams[name].args.safeParse(rawArgs ?? {});
    if (!args.success) {
      send({ type: 'end', id, error: invalid(`arguments for stream ${name}`, args.error) });
      return;
    }
    let ended = false;
    const sink: StreamSink<unknown> = {
      data: (data) => {
        if (!ended) send({ type: 'data', id, data });
      },
      end: (error) => {
        if (ended) return;
        ended = true;
        disposers.delete(id);
        send(error === undefined ? { type: 'end', id } : { type: 'end', id, error: toErrorData(error) });
      },
      backlog: () => port.backlog(),
    };
    try {
      const open = service.streams[name] as (a: unknown, s: StreamSink<unknown>) => () => void;
      const dispose = open(args.data, sink);
      if (ended) dispose();
      else disposers.set(id, dispose);
    } catch (error) {
      sink.end(error);
    }
  }

  function dispose(id: number): void {
    const stop = disposers.get(id);
    if (!stop) return;
    disposers.delete(id);
    stop();
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
      if (msg.type === 'post') {
        if (isRequestName(msg.name)) void post(msg.name, msg.args);
        else warnClientError(`berth: dropped a post of an unknown request: ${escapeForLog(msg.name)}`);
        return;
      }
      if (msg.type === 'call') {
        if (!isRequestName(msg.name)) {
          send({ type: 'result', id: msg.id, ok: false, error: { code: 'bad-request', message: `Unknown request: ${msg.name}` } });
          return;
        }
        void call(msg.id, msg.name, msg.args);
        return;
      }
      if (!isStreamName(msg.name)) {
        send({ type: 'end', id: msg.id, error: { code: 'bad-request', message: `Unknown stream: ${msg.name}` } });
        return;
      }
      listen(msg.id, msg.name, msg.args);
    },
    close() {
      if (closed) return;
      closed = true;
      for (const stop of disposers.values()) stop();
      disposers.clear();
    },
    openStreams: () => disposers.size,
  };
}
