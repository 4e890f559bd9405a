/** The networks' requests, bound to one engine: create, connect, disconnect, remove (the unused ones go through a Cleanup preview). */
import type { RequestHandlerTable } from '#shared/handlers';
import type { Engine } from '../engine';
import { connectNetwork, createNetwork, disconnectNetwork, removeNetwork } from './actions';

type NetworkRequest = 'network.create' | 'network.connect' | 'network.disconnect' | 'network.remove';

export function networkHandlers(engine: Engine): { requests: Pick<RequestHandlerTable, NetworkRequest> } {
  return {
    requests: {
      'network.create': (args) => createNetwork(engine, args),
      'network.connect': (args) => connectNetwork(engine, args),
      'network.disconnect': (args) => disconnectNetwork(engine, args),
      'network.remove': (args) => removeNetwork(engine, args),
    },
  };
}
