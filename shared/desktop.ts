/**
 * What only the Electron app can do, outside the contract both transports
 * share: the system's own dialogs. The preload exposes it as
 * `window.berthDesktop`; browser mode has no such object, and the renderer
 * tells the two apart by that (renderer/transport/desktop.ts). Main checks
 * every request against these schemas, as it does the contract's.
 */
import { z } from 'zod';

export const PICK_FOLDER_CHANNEL = 'berth:pick-folder';

export const PickFolderArgsSchema = z.lazy(() => z.object({ title: z.string().min(1).max(200) }).strict());
export type PickFolderArgs = z.infer<typeof PickFolderArgsSchema>;

/** The folder the user chose, or null when they cancelled. */
export const PickFolderResultSchema = z.lazy(() => z.object({ path: z.string().min(1).nullable() }).strict());
export type PickFolderResult = z.infer<typeof PickFolderResultSchema>;

/** `window.berthDesktop` as the preload exposes it; what crosses back is checked again by the renderer. */
export interface DesktopBridge {
  pickFolder(args: PickFolderArgs): Promise<unknown>;
}
