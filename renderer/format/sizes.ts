import prettyBytes from 'pretty-bytes';

/** Decimal units, like the Docker CLI ("1.2 GB"). */
export function formatSize(bytes: number): string {
  return prettyBytes(bytes);
}
