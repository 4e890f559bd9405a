/**
 * What makes an image big, from the entries of its layer tars (read by
 * archive.ts): per layer, the files it adds, changes and removes (whiteouts
 * `.wh.<name>` and opaque folders `.wh..wh..opq`, as the OCI image spec
 * defines them); the largest files of the image as it runs; and wasted space
 * and an efficiency score exactly as `dive` computes them (its
 * filetree.Efficiency), so the figures match what users already know:
 *
 * - each layer's tree is visited at its leaves (an entry no other entry of
 *   that layer sits under); a whiteout's leaf counts the size of what it
 *   removes when that was a folder, else nothing; opaque markers are not
 *   visited;
 * - every path seen in two or more layers wastes the sum of all its versions;
 * - efficiency = Σ smallest version of each path / Σ all versions.
 *
 * Pure: no engine, no streams.
 */
import {
  FILES_PER_LAYER,
  LARGEST_FILES,
  WASTED_PATHS,
  type ImageAnalysis,
  type LayerAnalysis,
  type LayerFile,
} from '#shared/images';

export type EntryType = 'file' | 'dir' | 'symlink' | 'link' | 'other';

/** One entry of a layer tar, its path normalised ("usr/bin/env": no leading "./" or "/", no trailing "/"). */
export interface LayerEntry {
  readonly path: string;
  readonly size: number;
  readonly type: EntryType;
  /** A digest of a regular file's bytes (two versions with the same size may still differ); null for anything else. */
  readonly hash: string | null;
}

export interface Layer {
  readonly digest: string;
  readonly createdBy: string;
  readonly entries: readonly LayerEntry[];
}

/** A file of the image as it runs: the version the topmost layer holding it wrote. */
export interface FinalFile extends LayerEntry {
  readonly layer: number;
}

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

/** "./usr/bin/" → "usr/bin"; "" for the root itself. */
export function normalisePath(name: string): string {
  return name.replace(/^(?:\.\/|\/)+/, '').replace(/\/+$/, '').replace(/^\.$/, '');
}

function parentOf(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut === -1 ? '' : path.slice(0, cut);
}

function baseOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function joinPath(folder: string, name: string): string {
  return folder === '' ? name : `${folder}/${name}`;
}

/**
 * The files as the layers below have left them, with an index of each
 * path's children, so removing or sizing a folder costs its own size, not
 * the whole image's.
 */
class Stack {
  readonly files = new Map<string, FinalFile>();
  private readonly children = new Map<string, Set<string>>();

  get(path: string): FinalFile | undefined {
    return this.files.get(path);
  }

  set(file: FinalFile): void {
    this.files.set(file.path, file);
    // Register the path under its parent, and the parent under its own, up to one already known.
    let path = file.path;
    while (path !== '') {
      const parent = parentOf(path);
      let siblings = this.children.get(parent);
      if (siblings === undefined) {
        siblings = new Set();
        this.children.set(parent, siblings);
      }
      if (siblings.has(path)) break;
      siblings.add(path);
      path = parent;
    }
  }

  /** Every file at or below `path`. */
  below(path: string, into: FinalFile[] = []): FinalFile[] {
    const file = this.files.get(path);
    if (file) into.push(file);
    for (const child of this.children.get(path) ?? []) this.below(child, into);
    return into;
  }

  /** Removes `path` and everything below it; `keepSelf` removes only what is below (an opaque folder). */
  remove(path: string, keepSelf = false): void {
    for (const child of this.children.get(path) ?? []) this.remove(child);
    this.children.delete(path);
    if (keepSelf) return;
    this.files.delete(path);
    this.children.get(parentOf(path))?.delete(path);
  }
}

interface PathWaste {
  versions: number;
  cumulative: number;
  smallest: number;
}

function topBy<T>(items: Iterable<T>, size: (item: T) => number, limit: number): T[] {
  return [...items].sort((a, b) => size(b) - size(a)).slice(0, limit);
}

export interface AnalysedLayers {
  readonly analysis: Omit<ImageAnalysis, 'id' | 'archiveBytes' | 'elapsedMs'>;
  /** Every path of the image as it runs (for comparing two images). */
  readonly final: ReadonlyMap<string, FinalFile>;
}

export function analyseLayers(layers: readonly Layer[]): AnalysedLayers {
  const stack = new Stack();
  const waste = new Map<string, PathWaste>();
  const visit = (path: string, size: number): void => {
    const seen = waste.get(path);
    if (seen === undefined) waste.set(path, { versions: 1, cumulative: size, smallest: size });
    else {
      seen.versions += 1;
      seen.cumulative += size;
      seen.smallest = Math.min(seen.smallest, size);
    }
  };

  const analysed: LayerAnalysis[] = layers.map((layer, index) => {
    // A tar may name a path twice; the last one is what the layer holds.
    const byPath = new Map<string, LayerEntry>();
    for (const entry of layer.entries) if (entry.path !== '') byPath.set(entry.path, entry);
    const regular: LayerEntry[] = [];
    const whiteouts: string[] = [];
    const opaque: string[] = [];
    const inner = new Set<string>();
    let size = 0;
    for (const entry of byPath.values()) {
      size += entry.size;
      const base = baseOf(entry.path);
      if (base.startsWith(OPAQUE)) {
        opaque.push(parentOf(entry.path));
        continue;
      }
      for (let up = parentOf(entry.path); up !== '' && !inner.has(up); up = parentOf(up)) inner.add(up);
      if (base.startsWith(WHITEOUT)) whiteouts.push(joinPath(parentOf(entry.path), base.slice(WHITEOUT.length)));
      else regular.push(entry);
    }

    // dive: leaves only; a whiteout counts what it removes only when that was a folder.
    for (const entry of regular) if (!inner.has(entry.path)) visit(entry.path, entry.size);
    for (const path of whiteouts) {
      const below = stack.get(path)?.type === 'dir' ? stack.below(path) : [];
      visit(path, below.reduce((sum, file) => sum + file.size, 0));
    }

    const files: LayerFile[] = [];
    const added = { count: 0, bytes: 0 };
    const changed = { count: 0, bytes: 0 };
    const removed = { count: 0, bytes: 0 };
    // What was there before this layer decides added or changed, whatever the layer removes first.
    for (const entry of regular) {
      if (entry.type === 'dir') continue;
      const change = stack.get(entry.path) === undefined ? 'added' : 'changed';
      const total = change === 'added' ? added : changed;
      total.count += 1;
      total.bytes += entry.size;
      files.push({ path: entry.path, size: entry.size, change, opaque: false });
    }
    // Removals apply to the layers below only (an opaque folder keeps what this same layer puts in it).
    const removal = (path: string, isOpaque: boolean): void => {
      const gone = stack.below(path).filter((file) => !(isOpaque && file.path === path));
      const bytes = gone.reduce((sum, file) => sum + file.size, 0);
      removed.count += 1;
      removed.bytes += bytes;
      files.push({ path: path === '' ? '/' : path, size: bytes, change: 'removed', opaque: isOpaque });
      stack.remove(path, isOpaque);
    };
    for (const path of whiteouts) removal(path, false);
    for (const path of opaque) removal(path, true);
    for (const entry of regular) stack.set({ ...entry, layer: index });

    return {
      digest: layer.digest,
      createdBy: layer.createdBy,
      size,
      added,
      changed,
      removed,
      files: topBy(files, (f) => f.size, FILES_PER_LAYER),
    };
  });

  let wastedBytes = 0;
  let smallestSum = 0;
  let cumulativeSum = 0;
  const wastedPaths: { path: string; layers: number; bytes: number }[] = [];
  for (const [path, data] of waste) {
    smallestSum += data.smallest;
    cumulativeSum += data.cumulative;
    if (data.versions >= 2) {
      wastedBytes += data.cumulative;
      wastedPaths.push({ path, layers: data.versions, bytes: data.cumulative });
    }
  }
  const size = analysed.reduce((sum, layer) => sum + layer.size, 0);
  const userSize = size - (analysed[0]?.size ?? 0);
  const regularFiles = [...stack.files.values()].filter((file) => file.type === 'file');
  return {
    analysis: {
      size,
      userSize,
      wastedBytes,
      wastedUserPercent: userSize > 0 ? wastedBytes / userSize : 0,
      efficiency: cumulativeSum === 0 ? 1 : smallestSum / cumulativeSum,
      layers: analysed,
      largest: topBy(regularFiles, (f) => f.size, LARGEST_FILES).map((f) => ({ path: f.path, size: f.size, layer: f.layer })),
      wasted: topBy(wastedPaths, (p) => p.bytes, WASTED_PATHS),
    },
    final: stack.files,
  };
}
