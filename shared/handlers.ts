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

export interface StreamSink<T> {
  data(message: T): void;
  end(error?: unknown): void;
  /** How much is queued on the transport and not yet sent; producers coalesce while it is high. */
  backlog(): number;
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
