/**
 * The layer diff of two images in a few lines: shared layers, the layers
 * each has alone, files added, removed and changed, the size delta. The
 * Compare tab and the Update dialog both show a comparison this way.
 */
import type { ReactNode } from 'react';
import type { ImageComparison } from '#shared/images';
import { formatSize } from '../../format/sizes';

const signedSize = (bytes: number): string => (bytes === 0 ? 'the same size' : bytes > 0 ? `+${formatSize(bytes)}` : `−${formatSize(-bytes)}`);
const counted = (t: { count: number; bytes: number }): string => `${t.count} (${formatSize(t.bytes)})`;
const layers = (n: number): string => (n === 1 ? '1 layer' : `${n} layers`);

export function ComparisonFacts({ result, label, baseName, otherName }: { result: ImageComparison; label: string; baseName: string; otherName: string }): ReactNode {
  return (
    <dl className="facts" aria-label={label}>
      <dt>Shared layers</dt>
      <dd>{result.sharedLayers.length}</dd>
      <dt>Only in {baseName}</dt>
      <dd>{layers(result.baseOnlyLayers.length)}</dd>
      <dt>Only in {otherName}</dt>
      <dd>{layers(result.otherOnlyLayers.length)}</dd>
      <dt>Files added</dt>
      <dd>{counted(result.files.added)}</dd>
      <dt>Files removed</dt>
      <dd>{counted(result.files.removed)}</dd>
      <dt>Files changed</dt>
      <dd>{counted(result.files.changed)}</dd>
      <dt>Size</dt>
      <dd>{signedSize(result.sizeDelta)}</dd>
    </dl>
  );
}
