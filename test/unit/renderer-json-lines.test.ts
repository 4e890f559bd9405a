import { describe, expect, it } from 'vitest';
import { findLines, isLineFolded, jsonLines, matchesOf, shownLines, type JsonLine } from '../../renderer/format/jsonLines';

const doc = { Id: 'abc', Config: { Env: ['A=1', 'SECRET=x'], Labels: {} }, State: { Running: true, Pid: 42 } };

/** The lines as the viewer prints them, for readable expectations. */
function print(lines: readonly JsonLine[], indexes: readonly number[]): string[] {
  return indexes.map((index) => {
    const line = lines[index]!;
    const pad = '  '.repeat(line.depth);
    const key = line.kind !== 'close' && line.key !== null ? `${JSON.stringify(line.key)}: ` : '';
    if (line.kind === 'open') return `${pad}${key}${line.bracket}`;
    if (line.kind === 'close') return `${pad}${line.bracket}${line.comma ? ',' : ''}`;
    return `${pad}${key}${line.text}${line.comma ? ',' : ''}`;
  });
}

describe('jsonLines', () => {
  it('prints the document as JSON.stringify with two spaces would', () => {
    const lines = jsonLines(doc);
    const all = lines.map((_, index) => index);
    expect(print(lines, all).join('\n')).toBe(JSON.stringify(doc, null, 2));
  });

  it('folds a block to its open line, and unfolds it', () => {
    const lines = jsonLines(doc);
    const config = lines.find((l) => l.kind === 'open' && l.key === 'Config')!;
    const shown = shownLines(lines, new Set([config.id]), []);
    expect(print(lines, shown)).toEqual(['{', '  "Id": "abc",', '  "Config": {', '  "State": {', '    "Running": true,', '    "Pid": 42', '  }', '}']);
    expect(isLineFolded(config, new Set([config.id]), [], lines)).toBe(true);
  });

  it('finds keys and values without regard to case, and opens the folds that hold a match', () => {
    const lines = jsonLines(doc);
    const matches = findLines(lines, 'secret');
    expect(print(lines, matches)).toEqual(['      "SECRET=x"']);
    const config = lines.find((l) => l.kind === 'open' && l.key === 'Config')!;
    const shown = shownLines(lines, new Set([config.id]), matches);
    expect(print(lines, shown)).toContain('      "SECRET=x"');
    expect(isLineFolded(config, new Set([config.id]), matches, lines)).toBe(false);
    expect(findLines(lines, 'pid').length).toBe(1);
    expect(findLines(lines, '  ')).toEqual([]);
  });

  it('keeps ids unique when keys hold slashes', () => {
    const lines = jsonLines({ 'a/b': { c: 1 }, a: { 'b/c': 2 } });
    expect(new Set(lines.map((l) => l.id)).size).toBe(lines.length);
  });
});

describe('matchesOf', () => {
  it('lists each match by its JSON Pointer and its text, in document order', () => {
    const lines = jsonLines({ ...doc, 'a/b': { 'x~y': 'SECRET too' } });
    expect(matchesOf(lines, findLines(lines, 'secret'))).toEqual([
      { position: 0, path: '/Config/Env/1', text: '"SECRET=x"' },
      { position: 1, path: '/a~1b/x~0y', text: '"x~y" "SECRET too"' },
    ]);
  });
});
