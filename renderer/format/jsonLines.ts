/**
 * A JSON document as the lines a viewer shows (pretty-printed, two spaces),
 * each knowing the folds that contain it, so folding and searching are list
 * operations. Pure, for the Inspect tab.
 */

export type JsonLine =
  | { kind: 'open'; id: string; depth: number; key: string | null; bracket: '{' | '['; size: number; folds: readonly string[] }
  | { kind: 'close'; id: string; depth: number; bracket: '}' | ']'; comma: boolean; folds: readonly string[] }
  | { kind: 'leaf'; id: string; depth: number; key: string | null; text: string; comma: boolean; folds: readonly string[] };

/** `folds` of a line: the ids of the open lines around it, outermost first. */
export function jsonLines(value: unknown): JsonLine[] {
  const lines: JsonLine[] = [];
  const walk = (node: unknown, key: string | null, path: string, depth: number, comma: boolean, folds: readonly string[]): void => {
    if (node !== null && typeof node === 'object') {
      const isArray = Array.isArray(node);
      const entries: [string, unknown][] = isArray ? node.map((item, index) => [String(index), item]) : Object.entries(node);
      if (entries.length === 0) {
        lines.push({ kind: 'leaf', id: path, depth, key, text: isArray ? '[]' : '{}', comma, folds });
        return;
      }
      lines.push({ kind: 'open', id: path, depth, key, bracket: isArray ? '[' : '{', size: entries.length, folds });
      const inner = [...folds, path];
      entries.forEach(([childKey, child], index) =>
        walk(child, isArray ? null : childKey, `${path}/${childKey.replaceAll('~', '~0').replaceAll('/', '~1')}`, depth + 1, index < entries.length - 1, inner),
      );
      lines.push({ kind: 'close', id: `${path}$`, depth, bracket: isArray ? ']' : '}', comma, folds });
      return;
    }
    lines.push({ kind: 'leaf', id: path, depth, key, text: JSON.stringify(node) ?? 'null', comma, folds });
  };
  walk(value, null, '', 0, false, []);
  return lines;
}

/** The text a search matches a line against: its key and its value as shown. */
export function lineText(line: JsonLine): string {
  const key = line.kind === 'close' || line.key === null ? '' : JSON.stringify(line.key);
  return line.kind === 'leaf' ? `${key} ${line.text}` : key;
}

/** Indexes of the lines whose key or value contains the query (case-insensitive). */
export function findLines(lines: readonly JsonLine[], query: string): number[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [];
  const found: number[] = [];
  lines.forEach((line, index) => {
    if (lineText(line).toLowerCase().includes(needle)) found.push(index);
  });
  return found;
}

/**
 * The lines to show: those inside no folded block. A fold that holds a
 * search match is opened, so every match can be seen.
 */
export function shownLines(lines: readonly JsonLine[], folded: ReadonlySet<string>, matches: readonly number[]): number[] {
  const forcedOpen = new Set<string>();
  for (const index of matches) for (const fold of lines[index]?.folds ?? []) forcedOpen.add(fold);
  const isFolded = (id: string) => folded.has(id) && !forcedOpen.has(id);
  const shown: number[] = [];
  lines.forEach((line, index) => {
    if (line.folds.some(isFolded)) return;
    // A folded block shows as its open line alone ("{ … 12 keys }"), without its close.
    if (line.kind === 'close' && isFolded(line.id.slice(0, -1))) return;
    shown.push(index);
  });
  return shown;
}

export function isLineFolded(line: JsonLine, folded: ReadonlySet<string>, matches: readonly number[], lines: readonly JsonLine[]): boolean {
  if (line.kind !== 'open' || !folded.has(line.id)) return false;
  return !matches.some((index) => lines[index]?.folds.includes(line.id));
}

export interface InspectMatch {
  /** Its place among the matches (the order of the document). */
  readonly position: number;
  readonly path: string;
  readonly text: string;
}

/** The search's matches as the Matches table lists them. */
export function matchesOf(lines: readonly JsonLine[], matches: readonly number[]): InspectMatch[] {
  return matches.map((index, position) => {
    const line = lines[index]!;
    return { position, path: line.id === '' ? '/' : line.id, text: lineText(line).trim() };
  });
}
