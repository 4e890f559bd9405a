/**
 * The layer analysis on layers written out by hand: what each layer adds,
 * changes and removes (whiteouts and opaque folders), and wasted space and
 * efficiency as dive computes them, worked out here by hand.
 */
import { describe, expect, it } from 'vitest';
import { analyseLayers, normalisePath, type Layer, type LayerEntry } from '../../electron/engine/images/layer-analysis';
import { compareImages } from '../../electron/engine/images/compare';

const file = (path: string, size: number, hash = `h-${path}-${size}`): LayerEntry => ({ path, size, type: 'file', hash });
const dir = (path: string): LayerEntry => ({ path, size: 0, type: 'dir', hash: null });
const layer = (digest: string, ...entries: LayerEntry[]): Layer => ({ digest, createdBy: `step ${digest}`, entries });

describe('normalisePath', () => {
  it('drops "./", a leading "/" and a trailing "/"', () => {
    expect(normalisePath('./usr/bin/')).toBe('usr/bin');
    expect(normalisePath('/etc/passwd')).toBe('etc/passwd');
    expect(normalisePath('./')).toBe('');
  });
});

describe('analyseLayers', () => {
  it('counts a file added then deleted as wasted, and a file changed as both versions', () => {
    const { analysis } = analyseLayers([
      layer('base', dir('bin'), file('bin/sh', 1000)),
      layer('add', dir('data'), file('data/big', 5000)),
      layer('rm', dir('data'), file('data/.wh.big', 0)),
      layer('conf1', dir('data'), file('data/conf', 10)),
      layer('conf2', dir('data'), file('data/conf', 30)),
    ]);
    expect(analysis.wastedBytes).toBe(5000 + 10 + 30);
    expect(analysis.size).toBe(1000 + 5000 + 10 + 30);
    expect(analysis.userSize).toBe(5000 + 10 + 30);
    // Smallest versions: sh 1000, big 0 (its removal), conf 10; all versions: 1000 + 5000 + 0 + 10 + 30.
    expect(analysis.efficiency).toBeCloseTo((1000 + 0 + 10) / (1000 + 5000 + 10 + 30), 12);
    expect(analysis.layers[2]).toMatchObject({ removed: { count: 1, bytes: 5000 }, files: [{ path: 'data/big', change: 'removed', size: 5000, opaque: false }] });
    expect(analysis.layers[4]).toMatchObject({ changed: { count: 1, bytes: 30 }, added: { count: 0, bytes: 0 } });
    expect(analysis.largest[0]).toEqual({ path: 'bin/sh', size: 1000, layer: 0 });
    expect(analysis.wasted.map((w) => w.path)).toEqual(['data/big', 'data/conf']);
  });

  it('an opaque folder removes what the layers below put in it, and keeps what its own layer adds', () => {
    const { analysis, final } = analyseLayers([
      layer('base', dir('app'), file('app/a', 100), file('app/b', 200), dir('app/sub'), file('app/sub/c', 300)),
      layer('opq', dir('app'), file('app/.wh..wh..opq', 0), file('app/b', 50)),
    ]);
    expect(analysis.layers[1]).toMatchObject({
      removed: { count: 1, bytes: 600 },
      changed: { count: 1, bytes: 50 },
    });
    expect(analysis.layers[1]!.files).toContainEqual({ path: 'app', size: 600, change: 'removed', opaque: true });
    expect([...final.keys()].sort()).toEqual(['app', 'app/b']);
    // dive does not visit opaque markers: only app/b's two versions waste.
    expect(analysis.wastedBytes).toBe(250);
  });

  it('a removed folder wastes what it held only where dive counts it: when the folder was a leaf below', () => {
    const deeper = analyseLayers([
      layer('base', dir('cache'), file('cache/x', 70), file('cache/y', 30)),
      layer('rm', file('.wh.cache', 0)),
    ]);
    // "cache" had children in the base layer, so it was no leaf there: one version only, nothing wasted.
    expect(deeper.analysis.wastedBytes).toBe(0);
    expect(deeper.analysis.layers[1]).toMatchObject({ removed: { count: 1, bytes: 100 } });
    const empty = analyseLayers([layer('base', dir('cache')), layer('add', file('cache/x', 70)), layer('rm', file('.wh.cache', 0))]);
    // "cache" was a leaf in the base (an empty folder) and its removal counts what it held then: 70.
    expect(empty.analysis.wastedBytes).toBe(70);
    expect(empty.final.size).toBe(0);
  });

  it('keeps the last of two entries for one path, and scores an image of nothing as 1', () => {
    const { analysis } = analyseLayers([layer('one', file('a', 5), file('a', 9))]);
    expect(analysis.size).toBe(9);
    expect(analysis.wastedBytes).toBe(0);
    expect(analyseLayers([]).analysis.efficiency).toBe(1);
  });
});

describe('compareImages', () => {
  it('shares the common bottom layers and lists files added, removed and changed', () => {
    const base = analyseLayers([layer('l0', file('a', 1), file('b', 2)), layer('l1', file('c', 3), file('d', 4))]);
    const other = analyseLayers([layer('l0', file('a', 1), file('b', 2)), layer('l2', file('c', 3, 'other'), file('e', 5))]);
    const comparison = compareImages(
      { id: 'A', size: 10, layers: ['l0', 'l1'], files: base.final },
      { id: 'B', size: 11, layers: ['l0', 'l2'], files: other.final },
    );
    expect(comparison.sharedLayers).toEqual(['l0']);
    expect(comparison.baseOnlyLayers).toEqual(['l1']);
    expect(comparison.otherOnlyLayers).toEqual(['l2']);
    expect(comparison.files.added).toEqual({ count: 1, bytes: 5 });
    expect(comparison.files.removed).toEqual({ count: 1, bytes: 4 });
    expect(comparison.files.changed).toEqual({ count: 1, bytes: 3 });
    expect(comparison.files.list.map((f) => `${f.change} ${f.path}`)).toEqual(['added e', 'removed d', 'changed c']);
    expect(comparison.sizeDelta).toBe(1);
  });
});
