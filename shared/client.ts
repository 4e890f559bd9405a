/**
 * The typed client both front ends use: built over any ClientPort (Electron's
 * preload wraps ipcRenderer, the browser wraps a WebSocket), so the renderer
 * cannot tell the transports apart. Results and stream messages are checked
 * against the contract before they reach the caller.
 */
import {
  requests,
  streams,
  type RequestArgs,
  type RequestName,
  type RequestResult,
  type StreamArgs,
  type StreamMessage,
  type StreamName,
} from './contract';
import { RemoteError, ServerMessageSchema, type ClientPort } from './protocol';

export interface StreamHandlers<T> {
  onData(data: T): void;
  /** Called once: with no error when the server ended the stream, else why it broke. */
  onEnd?(error?: RemoteError): void;
}

export interface BerthClient {
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

interface PendingCall {
  name: RequestName;
  resolve(value: unknown): void;
  reject(error: RemoteError): void;
}

interface OpenStream {
  name: StreamName;
  handlers: StreamHandlers<unknown>;
}

export interface ClosablePort extends ClientPort {
  /** Called when the transport drops; everything in flight fails with `unavailable`. */
  onClose?(listener: (reason: string) => void): void;
}

export function createClient(port: ClosablePort): BerthClient {
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
      const value = requests[call.name].result.safeParse(msg.value);
      if (value.success) call.resolve(value.data);
      else call.reject(new RemoteError({ code: 'internal', message: `Malformed result for ${call.name}` }));
      return;
    }
    const stream = open.get(msg.id);
    if (!stream) return;
    if (msg.type === 'data') {
      const data = streams[stream.name].message.safeParse(msg.data);
      if (data.success) stream.handlers.onData(data.data);
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

  return {
    call(name, args) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        calls.set(id, { name, resolve: resolve as (value: unknown) => void, reject });
        port.send({ type: 'call', id, name, args });
      });
    },
    post(name, args) {
      port.send({ type: 'post', name, args });
    },
    listen(name, args, handlers) {
      const id = nextId++;
      open.set(id, { name, handlers: handlers as StreamHandlers<unknown> });
      port.send({ type: 'listen', id, name, args });
      return () => {
        if (!open.delete(id)) return;
        port.send({ type: 'dispose', id });
      };
    },
  };
}
