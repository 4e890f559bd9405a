/**
 * Two images side by side (two tags of one repository, an image before and
 * after an update): which layers they share (a layer is shared only with
 * every layer below it, as the engine stores them), which differ, and which
 * files of the images as they run were added, removed or changed. Pure.
 */
import { COMPARED_FILES, type FileChange, type ImageComparison } from '#shared/images';
import type { FinalFile } from './layer-analysis';

export interface ComparedImage {
  readonly id: string;
  /** The engine's size of the image. */
  readonly size: number;
  /** Diff ids, bottom first. */
  readonly layers: readonly string[];
  readonly files: ReadonlyMap<string, FinalFile>;
}

function differs(a: FinalFile, b: FinalFile): boolean {
  return a.type !== b.type || a.size !== b.size || a.hash !== b.hash;
}

export function compareImages(base: ComparedImage, other: ComparedImage): ImageComparison {
  let shared = 0;
  while (shared < base.layers.length && shared < other.layers.length && base.layers[shared] === other.layers[shared]) shared += 1;
  const totals: Record<FileChange, { count: number; bytes: number }> = {
    added: { count: 0, bytes: 0 },
    removed: { count: 0, bytes: 0 },
    changed: { count: 0, bytes: 0 },
  };
  const list: ImageComparison['files']['list'] = [];
  const note = (path: string, change: FileChange, before: number | null, after: number | null): void => {
    totals[change].count += 1;
    totals[change].bytes += change === 'removed' ? (before ?? 0) : (after ?? 0);
    list.push({ path, change, before, after });
  };
  for (const [path, was] of base.files) {
    if (was.type === 'dir') continue;
    const now = other.files.get(path);
    if (now === undefined || now.type === 'dir') note(path, 'removed', was.size, null);
    // A file from a layer both images share is the same file.
    else if (!(was.layer < shared && now.layer < shared) && differs(was, now)) note(path, 'changed', was.size, now.size);
  }
  for (const [path, now] of other.files) {
    if (now.type === 'dir') continue;
    const was = base.files.get(path);
    if (was === undefined || was.type === 'dir') note(path, 'added', null, now.size);
  }
  const weight = (f: { before: number | null; after: number | null }): number => Math.max(f.before ?? 0, f.after ?? 0);
  return {
    base: base.id,
    other: other.id,
    sharedLayers: base.layers.slice(0, shared),
    baseOnlyLayers: base.layers.slice(shared),
    otherOnlyLayers: other.layers.slice(shared),
    files: { ...totals, list: list.sort((a, b) => weight(b) - weight(a)).slice(0, COMPARED_FILES) },
    sizeDelta: other.size - base.size,
  };
}
