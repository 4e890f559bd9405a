/**
 * The engines the user added, kept in Berth's settings file in the user's
 * data folder. Only addresses and paths go there: SSH keys stay in their
 * files and the agent, TLS keys in the files the user chose. Written whole to
 * a temporary file and renamed over the old one, so a crash mid-write never
 * leaves half a file; a file Berth cannot read is set aside, never lost.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { EngineConnectionSchema, EngineIdSchema, EngineNameSchema } from '#shared/engines';

export const AddedEngineSchema = z.object({ id: EngineIdSchema, name: EngineNameSchema, connection: EngineConnectionSchema });
export type AddedEngine = z.output<typeof AddedEngineSchema>;

const SettingsSchema = z.object({
  version: z.literal(1),
  engines: z.array(AddedEngineSchema),
});

export interface EngineSettings {
  load(): AddedEngine[];
  save(engines: readonly AddedEngine[]): void;
}

/**
 * Where Berth keeps its settings when Electron does not say (browser mode):
 * BERTH_CONFIG_DIR, else the platform's usual place.
 */
export function defaultSettingsDir(env: Record<string, string | undefined> = process.env, platform = process.platform): string {
  if (env.BERTH_CONFIG_DIR) return env.BERTH_CONFIG_DIR;
  if (platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'Berth');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Berth');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'Berth');
}

export function settingsFile(dir: string): EngineSettings {
  const path = join(dir, 'settings.json');
  return {
    load() {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        return [];
      }
      let problem: string;
      try {
        const parsed = SettingsSchema.safeParse(JSON.parse(text));
        if (parsed.success) return parsed.data.engines;
        problem = z.prettifyError(parsed.error);
      } catch (error) {
        problem = (error as Error).message;
      }
      const aside = `${path}.unreadable-${Date.now()}`;
      renameSync(path, aside);
      console.error(`berth: ${path} could not be read (${problem}); it was moved to ${aside}`);
      return [];
    },
    save(engines) {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify({ version: 1, engines }, null, 2)}\n`, { mode: 0o600 });
      renameSync(temporary, path);
    },
  };
}
