import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryPins, pinsFile } from '../../electron/engine/cleanup/pins';

const dirs: string[] = [];
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-pins-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

describe('pins', () => {
  it('are kept per engine, in a private file another process reads back', () => {
    const dir = folder();
    const pins = pinsFile(dir);
    pins.set('engine-a', { kind: 'volume', id: 'data' }, true);
    pins.set('engine-a', { kind: 'container', id: 'abc' }, true);
    pins.set('engine-b', { kind: 'volume', id: 'other' }, true);
    pins.set('engine-a', { kind: 'container', id: 'abc' }, false);
    expect([...pinsFile(dir).pinned('engine-a')]).toEqual(['volume:data']);
    expect([...pinsFile(dir).pinned('engine-b')]).toEqual(['volume:other']);
    expect([...pinsFile(dir).pinned('engine-c')]).toEqual([]);
    expect(statSync(join(dir, 'protected.json')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['protected.json']);
  });

  it('pinning twice keeps one pin', () => {
    const pins = memoryPins();
    pins.set('e', { kind: 'network', id: 'n' }, true);
    pins.set('e', { kind: 'network', id: 'n' }, true);
    expect([...pins.pinned('e')]).toEqual(['network:n']);
  });

  it('sets an unreadable file aside instead of losing it', () => {
    const dir = folder();
    writeFileSync(join(dir, 'protected.json'), '{ not json');
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect([...pinsFile(dir).pinned('e')]).toEqual([]);
    const aside = readdirSync(dir).find((name) => name.startsWith('protected.json.unreadable-'));
    expect(aside).toBeDefined();
    expect(readFileSync(join(dir, aside!), 'utf8')).toBe('{ not json');
  });
});
