/**
 * Tells the registry when discovery may find something else: a context made,
 * edited or removed with `docker context`, another current context, or an
 * engine's socket appearing or going. The folders are watched (never polled,
 * so an idle Berth costs nothing), changes in a burst are told once, and the
 * folders are watched anew after each (a new context brings a new folder).
 */
import { watch, type FSWatcher } from 'node:fs';

/** A burst of writes (`docker context create` writes several files) is told once, this long after its last. */
const SETTLE_MS = 150;

export function watchFolders(folders: () => string[], changed: () => void): () => void {
  let watchers: FSWatcher[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const close = () => {
    for (const watcher of watchers) watcher.close();
    watchers = [];
  };
  const arm = () => {
    close();
    for (const folder of folders()) {
      try {
        const watcher = watch(folder, { persistent: false }, onChange);
        // A folder removed while watched (its context removed): the next arm drops it.
        watcher.on('error', onChange);
        watchers.push(watcher);
      } catch {
        // Gone between the listing and the watch: the change that removed it re-arms.
      }
    }
  };
  function onChange(): void {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      arm();
      changed();
    }, SETTLE_MS);
  }
  arm();
  return () => {
    stopped = true;
    clearTimeout(timer);
    close();
  };
}
