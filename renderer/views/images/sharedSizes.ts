/**
 * Shared sizes the user asked for. Engines before API 1.42 leave SharedSize
 * out of the image list (`shared-size=1` is 1.42's), but their disk usage
 * (`system.df`, GET /system/df) gives it per image. That call also measures
 * every container and volume, so it runs only when the user asks, never on
 * the list's refresh; the figures are kept per engine with the time they
 * were taken, and a size the engine's list gives always wins.
 */
import { create } from 'zustand';
import type { DiskUsage } from '#shared/system';
import type { Image } from '#shared/model';

interface Computed {
  /** Image id → bytes it shares with other images, as the engine counted at `at`. */
  readonly sizes: ReadonlyMap<string, number>;
  readonly at: number;
}

interface SharedSizes {
  readonly byEngine: ReadonlyMap<string, Computed>;
  keep(engine: string, usage: DiskUsage, at: number): void;
}

export const useSharedSizes = create<SharedSizes>()((set) => ({
  byEngine: new Map(),
  keep: (engine, usage, at) =>
    set((store) => {
      const byEngine = new Map(store.byEngine);
      byEngine.set(engine, { sizes: new Map(usage.images.items.map((item) => [item.id, item.sharedSize])), at });
      return { byEngine };
    }),
}));

/** The image's shared size: the list's own, else the one computed on demand, else undefined (not known). */
export function sharedSizeOf(image: Image, computed: Computed | undefined): number | undefined {
  return image.sharedSize ?? computed?.sizes.get(image.id);
}
