/**
 * One object's key across every engine: ids are only unique within an engine
 * (an image's id is its content digest, so the same image on two engines has
 * the same id). Everything the renderer keeps per object across engines
 * (actions in flight, ticked rows, rows of "All engines") is keyed by this.
 */
export function objectKey(engine: string, id: string): string {
  return `${engine}/${id}`;
}

/** An object on an engine. */
export interface ObjectRef {
  readonly engine: string;
  readonly id: string;
}

/** The engine and id of a key made by objectKey (an engine id has no "/"). */
export function splitKey(key: string): ObjectRef {
  const slash = key.indexOf('/');
  return { engine: key.slice(0, slash), id: key.slice(slash + 1) };
}
