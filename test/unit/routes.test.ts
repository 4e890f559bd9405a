/** Addresses (renderer/routes.ts): which sections "All engines" has, and where a section goes from a merged page. */
import { describe, expect, it } from 'vitest';
import { isMergedListSection, isMergedSection, paths, placeOf, sectionPath } from '../../renderer/routes';

describe('merged sections', () => {
  it('has a merged list for each kind and a merged Activity, and nothing merged for one engine\'s facts', () => {
    expect(['containers', 'images', 'volumes', 'networks'].every(isMergedListSection)).toBe(true);
    expect(isMergedListSection('activity')).toBe(false);
    expect(isMergedSection('activity')).toBe(true);
    expect(['engine', 'cleanup', 'events', 'registries'].some(isMergedSection)).toBe(false);
  });

  it('keeps Activity merged on a merged page; a section without a merged page goes to the merged containers', () => {
    expect(placeOf(paths.all('activity'))).toEqual({ engine: null, all: true, section: 'activity' });
    expect(sectionPath('activity', 'all')).toBe('/all/activity');
    expect(sectionPath('events', 'all')).toBe('/all/containers');
    expect(sectionPath('activity', 'b')).toBe('/engines/b/activity');
  });
});
