import { createContext, useContext } from 'react';
import type { BerthClient } from '#shared/client';

export const ClientContext = createContext<BerthClient | null>(null);

export function useClient(): BerthClient {
  const client = useContext(ClientContext);
  if (client === null) throw new Error('useClient outside ClientContext');
  return client;
}
