/**
 * The engines the user added, kept in Berth's settings file in the user's
 * data folder. Only addresses and paths go there: SSH keys stay in their
 * files and the agent, TLS keys in the files the user chose.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { EngineConnectionSchema, EngineIdSchema, EngineNameSchema } from '#shared/engines';
import { privateJsonFile } from '../json-file';

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
  const file = privateJsonFile(join(dir, 'settings.json'), SettingsSchema);
  return {
    load: () => file.read()?.engines ?? [],
    save: (engines) => file.write({ version: 1, engines: [...engines] }),
  };
}
