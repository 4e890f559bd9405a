/**
 * The shape of main's side of the contract: what a handler of each request
 * and stream is. Feature code (electron/engine/*) implements these; the
 * dispatcher (electron/transport) calls them. Both import them from here, so
 * no feature imports the transport.
 */
import type {
  AppRequestName,
  AppRequestParsedArgs,
  AppRequestResult,
  AppStreamMessage,
  AppStreamName,
  AppStreamParsedArgs,
  RequestName,
  RequestParsedArgs,
  RequestResult,
  StreamMessage,
  StreamName,
  StreamParsedArgs,
} from './contract';

/**
 * Where a stream handler sends. The receiver grants credit for messages
 * (shared/protocol.ts); a producer sends while `ready()` and, when it is
 * not, keeps only what the next message must say (the latest state of each
 * object, the latest rows) or stops reading its source (exec output), and
 * sends again when `onReady` calls it. `data` itself always sends: a
 * stream's first message and its last words need no credit.
 */
export interface StreamSink<T> {
  data(message: T): void;
  end(error?: unknown): void;
  /** Whether the receiver has credit for another message and the transport is not backed up. */
  ready(): boolean;
  /** Runs `listener` whenever the sink may have become ready again; returns its removal. */
  onReady(listener: () => void): () => void;
}

/** One engine's handlers: every request and stream of `requests` and `streams`. */
export type RequestHandlerTable = {
  [N in RequestName]: (args: RequestParsedArgs<N>) => Promise<RequestResult<N>>;
};
export type StreamHandlerTable = {
  [N in StreamName]: (args: StreamParsedArgs<N>, sink: StreamSink<StreamMessage<N>>) => () => void;
};
export interface EngineHandlers {
  requests: RequestHandlerTable;
  streams: StreamHandlerTable;
}

/** Berth's own handlers: the engine list. */
export type AppRequestHandlerTable = {
  [N in AppRequestName]: (args: AppRequestParsedArgs<N>) => Promise<AppRequestResult<N>>;
};
export type AppStreamHandlerTable = {
  [N in AppStreamName]: (args: AppStreamParsedArgs<N>, sink: StreamSink<AppStreamMessage<N>>) => () => void;
};

/** Everything a transport serves: Berth's own handlers, and each engine's by id. */
export interface Service {
  requests: AppRequestHandlerTable;
  streams: AppStreamHandlerTable;
  /** The handlers of the engine with this id, or undefined when there is none. */
  engine(id: string): EngineHandlers | undefined;
}
