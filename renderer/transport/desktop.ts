/**
 * What only the Electron app offers (shared/desktop.ts): present when the
 * preload exposed `window.berthDesktop`, null in browser mode, where the
 * views keep their typed-in paths instead.
 */
import { PickFolderResultSchema, type DesktopBridge } from '#shared/desktop';

export interface Desktop {
  /** The system's folder dialog: the chosen folder, or null when the user cancelled. */
  pickFolder(title: string): Promise<string | null>;
}

export function desktop(): Desktop | null {
  const bridge = (globalThis as { berthDesktop?: DesktopBridge }).berthDesktop;
  if (!bridge) return null;
  return {
    pickFolder: async (title) => PickFolderResultSchema.parse(await bridge.pickFolder({ title })).path,
  };
}
