/**
 * The build dialog's "Choose folder…" without Electron: main checks what the
 * renderer sends before any dialog shows, asks for a folder (not files), and
 * answers with the chosen path or null; the renderer has the picker only
 * when the preload exposed it (Electron), and checks what comes back.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pickFolder, type ShowFolderDialog } from '../../electron/folder-picker';
import { desktop } from '../../renderer/transport/desktop';

describe('pickFolder (main)', () => {
  it('shows a folder dialog with the title asked for and answers with the chosen folder', async () => {
    const show = vi.fn<ShowFolderDialog>(async () => ({ canceled: false, filePaths: ['/home/me/app'] }));
    expect(await pickFolder({ title: 'Build context folder' }, show)).toEqual({ path: '/home/me/app' });
    expect(show).toHaveBeenCalledWith({ title: 'Build context folder', properties: ['openDirectory'] });
  });

  it('answers null when the user cancels', async () => {
    expect(await pickFolder({ title: 'x' }, async () => ({ canceled: true, filePaths: [] }))).toEqual({ path: null });
    expect(await pickFolder({ title: 'x' }, async () => ({ canceled: false, filePaths: [] }))).toEqual({ path: null });
  });

  it('refuses what the renderer should not send, before any dialog shows', async () => {
    const show = vi.fn<ShowFolderDialog>();
    for (const raw of [undefined, {}, { title: '' }, { title: 'x'.repeat(201) }, { title: 'x', properties: ['openFile', 'multiSelections'] }, { title: 7 }]) {
      await expect(pickFolder(raw, show)).rejects.toThrow();
    }
    expect(show).not.toHaveBeenCalled();
  });
});

describe('desktop (renderer)', () => {
  afterEach(() => {
    delete (globalThis as { berthDesktop?: unknown }).berthDesktop;
  });

  it('is null in browser mode, where no preload exposed it', () => {
    expect(desktop()).toBeNull();
  });

  it('asks the preload’s bridge in Electron and checks its answer', async () => {
    const pick = vi.fn(async (): Promise<{ path: unknown }> => ({ path: '/srv/app' }));
    (globalThis as { berthDesktop?: unknown }).berthDesktop = { pickFolder: pick };
    expect(await desktop()?.pickFolder('Build context folder')).toBe('/srv/app');
    expect(pick).toHaveBeenCalledWith({ title: 'Build context folder' });
    pick.mockResolvedValueOnce({ path: null });
    expect(await desktop()?.pickFolder('t')).toBeNull();
    pick.mockResolvedValueOnce({ path: 42 });
    await expect(desktop()?.pickFolder('t')).rejects.toThrow();
  });
});
