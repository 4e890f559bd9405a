import { createContext, useContext } from 'react';
import type { BerthClient, EngineClient } from '#shared/client';
import { useEngineId } from '../engines/scope';

export const ClientContext = createContext<BerthClient | null>(null);

/** Berth's own client: the engine list, and each engine's client. */
export function useBerthClient(): BerthClient {
  const client = useContext(ClientContext);
  if (client === null) throw new Error('useBerthClient outside ClientContext');
  return client;
}

/** The client of the engine in scope: every call and stream goes to it. */
export function useClient(): EngineClient {
  return useBerthClient().engine(useEngineId());
}
