/**
 * Deep equality for the plain JSON-shaped data the engine sends. Used to keep
 * an unchanged item's identity across deltas and resyncs, so the row showing
 * it does not re-render.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const aRecord = a as Record<string, unknown>;
  const bRecord = b as Record<string, unknown>;
  const keys = Object.keys(aRecord);
  if (keys.length !== Object.keys(bRecord).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(bRecord, key) || !sameJson(aRecord[key], bRecord[key])) return false;
  }
  return true;
}
