/**
 * The IPC binding's logic without Electron: one dispatcher per sender (a
 * page), created on its first message and closed, with every stream it
 * opened, when the page goes away. ipc.ts supplies what a sender is for
 * Electron (a WebContents); tests supply a MessagePort.
 */
import type { ServerMessage } from '#shared/protocol';
import { createDispatcher, type Dispatcher, type Service } from './dispatcher';

/** What the dispatchers need of a sender. */
export interface Sender {
  send(message: ServerMessage): void;
  /** Runs `gone` when the sender's page is gone (navigated away, crashed, destroyed); called once per sender. */
  watch(gone: () => void): void;
}

export interface SenderDispatchers<K extends object> {
  /** A message from `key`, already known to come from one of Berth's own pages. */
  receive(key: K, raw: unknown): void;
  /** The sender's page is gone: end all its streams. */
  close(key: K): void;
  closeAll(): void;
  /** Senders with a dispatcher now (for leak checks). */
  count(): number;
}

export function createSenderDispatchers<K extends object>(service: Service, senderOf: (key: K) => Sender): SenderDispatchers<K> {
  const dispatchers = new Map<K, Dispatcher>();
  // A page that navigates keeps its sender: watch it once, however many dispatchers it has had.
  const watched = new WeakSet<K>();

  const close = (key: K): void => {
    dispatchers.get(key)?.close();
    dispatchers.delete(key);
  };

  function dispatcherFor(key: K): Dispatcher {
    let dispatcher = dispatchers.get(key);
    if (dispatcher) return dispatcher;
    const sender = senderOf(key);
    // No buffer to watch: IPC gives no measure of what waits, so credit alone holds a stream back.
    dispatcher = createDispatcher(service, { send: (message) => sender.send(message) });
    dispatchers.set(key, dispatcher);
    if (!watched.has(key)) {
      watched.add(key);
      sender.watch(() => close(key));
    }
    return dispatcher;
  }

  return {
    receive: (key, raw) => dispatcherFor(key).receive(raw),
    close,
    closeAll: () => {
      for (const key of [...dispatchers.keys()]) close(key);
    },
    count: () => dispatchers.size,
  };
}
