/**
 * tar-stream, loaded when the Files tab first lists or uploads rather than
 * with the engine's side: its dozen CommonJS modules took ~5 ms of every
 * start, while browser mode's server was meant to be answering the page.
 */
import type tarStream from 'tar-stream';

export async function loadTar(): Promise<typeof tarStream> {
  return (await import('tar-stream')).default;
}
