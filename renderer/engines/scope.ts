/**
 * The engine a part of the page is about. A page for one engine's objects
 * (its lists, a container) sits inside an EngineScope taken from its address,
 * and everything in it (the store it reads, the client it calls) is that
 * engine's; in "All engines" each row provides its own.
 */
import { createContext, useContext } from 'react';

export const EngineScope = createContext<string | null>(null);

export function useEngineId(): string {
  const engine = useContext(EngineScope);
  if (engine === null) throw new Error('useEngineId outside an EngineScope');
  return engine;
}
