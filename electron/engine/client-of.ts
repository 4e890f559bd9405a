/** The engine's client for a request, or the request's refusal when the engine is not connected. */
import { RemoteError } from '#shared/protocol';
import type { Engine } from './engine';

export function clientOf(engine: Engine): ReturnType<Engine['client']> {
  try {
    return engine.client();
  } catch (error) {
    throw new RemoteError({ code: 'unavailable', message: (error as Error).message });
  }
}
