/**
 * A JSON file of Berth's own in the user's data folder (settings, pins):
 * private to the user (mode 0600, in a 0700 folder), written whole to a
 * temporary file and renamed over the old one so that a crash mid-write never
 * leaves half a file, and read through a schema. A file Berth cannot read is
 * set aside beside it, never lost, and reads as absent. (No library in the
 * tree does this: fs-extra's outputJson writes in place, and only comes with
 * the packager.)
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

export interface JsonFile<T> {
  /** The file's value, or undefined when there is none (or none Berth can read). */
  read(): T | undefined;
  write(value: T): void;
}

export function privateJsonFile<T>(path: string, schema: z.ZodType<T>): JsonFile<T> {
  return {
    read() {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
      let problem: string;
      try {
        const parsed = schema.safeParse(JSON.parse(text));
        if (parsed.success) return parsed.data;
        problem = z.prettifyError(parsed.error);
      } catch (error) {
        problem = (error as Error).message;
      }
      const aside = `${path}.unreadable-${Date.now()}`;
      renameSync(path, aside);
      console.error(`berth: ${path} could not be read (${problem}); it was moved to ${aside}`);
      return undefined;
    },
    write(value) {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
      renameSync(temporary, path);
    },
  };
}
