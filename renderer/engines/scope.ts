/**
 * The engine a part of the page is about. A page for one engine's objects
 * (its lists, a container) sits inside an EngineScope taken from its address,
 * and everything in it (the store it reads, the client it calls) is that
 * engine's; in "All engines" each row provides its own.
 */
import { createContext, useContext, useMemo } from 'react';
import { objectKey } from './keys';

export const EngineScope = createContext<string | null>(null);

export function useEngineId(): string {
  const engine = useContext(EngineScope);
  if (engine === null) throw new Error('useEngineId outside an EngineScope');
  return engine;
}

/**
 * A Select column's shown ids as keys of its ticked set (engines/keys.ts):
 * one engine's table lists ids (its scope says whose); "All engines" lists
 * rows already keyed by engine.
 */
export function useKeysInScope(ids: readonly string[]): readonly string[] {
  const scope = useContext(EngineScope);
  return useMemo(() => (scope === null ? ids : ids.map((id) => objectKey(scope, id))), [scope, ids]);
}
