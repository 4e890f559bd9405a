/**
 * "Choose folder…" for the build dialog: the system's folder dialog, asked
 * for by the renderer over IPC (transport/ipc.ts bindFolderPicker). Kept
 * apart from Electron (the dialog is passed in) so that it is tested under
 * plain Node.
 */
import { PickFolderArgsSchema, PickFolderResultSchema, type PickFolderResult } from '#shared/desktop';

export interface FolderDialogOptions {
  title: string;
  properties: ['openDirectory'];
}

/** Electron's dialog.showOpenDialog, bound to the asking window. */
export type ShowFolderDialog = (options: FolderDialogOptions) => Promise<{ canceled: boolean; filePaths: string[] }>;

/** Checks what the renderer sent (it is untrusted), shows the dialog, and answers with the chosen folder or null. */
export async function pickFolder(raw: unknown, show: ShowFolderDialog): Promise<PickFolderResult> {
  const { title } = PickFolderArgsSchema.parse(raw);
  const { canceled, filePaths } = await show({ title, properties: ['openDirectory'] });
  return PickFolderResultSchema.parse({ path: canceled ? null : (filePaths[0] ?? null) });
}
