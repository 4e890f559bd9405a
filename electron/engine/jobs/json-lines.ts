/**
 * Reads the engine's progress stream (one JSON object a line) until it ends.
 * A job that is cancelled destroys the stream, which ends the engine's
 * request: the engine then stops the pull, push or build.
 */
import type { Readable } from 'node:stream';
import { JobCancelled } from './manager';
import type { ProgressLine } from './progress';

export function readJsonLines(stream: Readable, signal: AbortSignal, onLine: (line: ProgressLine) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let rest = '';
    let settled = false;
    const settle = (error?: unknown): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', abort);
      if (signal.aborted) reject(new JobCancelled());
      else if (error !== undefined) reject(error instanceof Error ? error : new Error(String(error)));
      else resolve();
    };
    const abort = (): void => {
      stream.destroy();
      settle();
    };
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort);
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const text of lines) {
        if (text.trim() === '') continue;
        try {
          onLine(JSON.parse(text) as ProgressLine);
        } catch (error) {
          stream.destroy();
          return settle(error);
        }
      }
    });
    stream.on('end', () => {
      if (rest.trim() !== '') {
        try {
          onLine(JSON.parse(rest) as ProgressLine);
        } catch (error) {
          return settle(error);
        }
      }
      settle();
    });
    stream.on('error', (error) => settle(error));
    stream.on('close', () => settle(signal.aborted ? undefined : new Error('the engine closed the stream before it finished')));
  });
}
