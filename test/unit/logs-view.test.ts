/**
 * The log view's pure parts, each job on its own: the read options checked
 * before a session opens, the words of its status and match count, the
 * filter main applies, where the view is (following or at a line) and how
 * the scrollbar maps to lines, which page of matches Next and Previous need,
 * and the window requests of which only the latest runs.
 */
import { describe, expect, it } from 'vitest';
import { changePlace, positionFromScroll, scrollGeometry, type Place } from '../../renderer/views/logs/follow';
import { createLatestOnly } from '../../renderer/views/logs/latestOnly';
import { changeLogSettings, initialLogSettings, logFilter, UNFILTERED } from '../../renderer/views/logs/logSettings';
import { matchCountText, openOptionsFrom, statusText, type LogInfo } from '../../renderer/views/logs/logStatus';
import { matchTarget, SEARCH_PAGE } from '../../renderer/views/logs/useLogSearch';

const info = (patch: Partial<LogInfo>): LogInfo => ({
  type: 'update',
  total: 1234,
  added: 0,
  generation: 1,
  moved: null,
  restarts: 0,
  state: 'following',
  detail: '',
  bytes: 0,
  spilledBytes: 0,
  ...patch,
});

describe('read options', () => {
  it('reads tail, since and until, following always', () => {
    expect(openOptionsFrom({ tail: '', since: '', until: '' })).toEqual({ options: { follow: true } });
    expect(openOptionsFrom({ tail: ' 100 ', since: '', until: '' })).toEqual({ options: { follow: true, tail: 100 } });
    const since = new Date('2025-01-15T12:00:00').getTime() / 1000;
    expect(openOptionsFrom({ tail: '0', since: '2025-01-15T12:00:00', until: '2025-01-15T12:00:01' })).toEqual({ options: { follow: true, tail: 0, since, until: since + 1 } });
  });

  it('says why it cannot read them, and opens nothing', () => {
    expect(openOptionsFrom({ tail: '1.5', since: '', until: '' })).toEqual({ problem: 'Tail must be a whole number of lines, or empty for all.' });
    expect(openOptionsFrom({ tail: '-1', since: '', until: '' })).toHaveProperty('problem');
    expect(openOptionsFrom({ tail: '', since: '2025-01-15T12:00:00', until: '2025-01-15T12:00:00' })).toEqual({ problem: '“Until” must be after “since”.' });
  });
});

describe('status and count', () => {
  it('says the stream opening, its size and state, and its end', () => {
    expect(statusText(null, null)).toBe('Opening…');
    expect(statusText(info({ restarts: 2, spilledBytes: 70e6 }), null)).toBe('1,234 lines · following · restarted 2× · 70 MB on disk');
    expect(statusText(info({ state: 'loading', detail: 'showing the last 1,000 lines while the rest loads' }), null)).toBe(
      '1,234 lines · showing the last 1,000 lines while the rest loads',
    );
    expect(statusText(info({}), 'the engine went away')).toBe('Log stream ended: the engine went away');
  });

  it('counts from one, keeps a match past the end on the last, and says "so far" while loading', () => {
    expect(matchCountText(10_050, 0, false)).toBe('1 of 10,050');
    expect(matchCountText(3, 7, false)).toBe('3 of 3');
    expect(matchCountText(0, 0, true)).toBe('No matches so far');
  });
});

describe('the filter', () => {
  it('keeps every line while marking matches, and filters by the search only when asked', () => {
    expect(JSON.stringify(logFilter(initialLogSettings, 'needle'))).toBe(UNFILTERED);
    const only = changeLogSettings(initialLogSettings, { mode: 'only', regex: true });
    expect(logFilter(only, '')).toEqual({ stream: 'both' });
    expect(logFilter(only, 'a+')).toEqual({ stream: 'both', match: { text: 'a+', regex: true, caseSensitive: false, invert: false } });
    expect(logFilter(changeLogSettings(only, { mode: 'except', streams: 'stderr' }), 'x').match?.invert).toBe(true);
  });
});

describe('place', () => {
  const following: Place = { follow: true, top: 0 };
  it('stops following where the user scrolls to, and follows again at the end', () => {
    const up = changePlace(following, { type: 'scrolled', atEnd: false, top: 40 });
    expect(up).toEqual({ follow: false, top: 40 });
    expect(changePlace(up, { type: 'scrolled', atEnd: true, top: 99 })).toEqual({ follow: true, top: 40 });
    expect(changePlace(following, { type: 'scrolled', atEnd: true, top: 99 })).toBe(following);
  });

  it('shows a line by leaving the end, and keeps the lines in view when they move down as a block', () => {
    expect(changePlace(following, { type: 'show', top: 7 })).toEqual({ follow: false, top: 7 });
    expect(changePlace({ follow: false, top: 7 }, { type: 'shifted', by: 2000 })).toEqual({ follow: false, top: 2007 });
    expect(changePlace({ follow: false, top: 7 }, { type: 'shifted', by: -20 })).toEqual({ follow: false, top: 0 });
    expect(changePlace(following, { type: 'follow', on: true })).toBe(following);
  });

  it('maps the scrollbar onto the lines, scaled past what a browser can hold', () => {
    expect(scrollGeometry(100, 20)).toEqual({ fullHeight: 1800, maxTop: 82 });
    expect(scrollGeometry(1_000_000, 20).fullHeight).toBe(8_000_000);
    expect(scrollGeometry(5, 20).maxTop).toBe(0);
    expect(positionFromScroll(0, 1000, 500)).toBe(0);
    expect(positionFromScroll(500, 1000, 500)).toBe(250);
    expect(positionFromScroll(1000, 1000, 500)).toBe(500);
    expect(positionFromScroll(10, 0, 500)).toBe(0);
  });
});

describe('matches by page', () => {
  const firstPage = { count: 10_050, first: 0, positions: Array.from({ length: SEARCH_PAGE }, (_, i) => i * 2) };
  it('goes to a match on the page at hand', () => {
    expect(matchTarget(firstPage, 3)).toEqual({ index: 3, position: 6 });
  });

  it('wraps round both ends and fetches the page that holds the match', () => {
    // Back from the first: the last match, on the page that ends with it.
    expect(matchTarget(firstPage, -1)).toEqual({ index: 10_049, page: 10_049 });
    const lastPage = { count: 10_050, first: 10_000, positions: Array.from({ length: 50 }, (_, i) => 20_000 + i) };
    expect(matchTarget(lastPage, 9_999)).toEqual({ index: 9_999, page: 0 });
    expect(matchTarget(lastPage, 10_050)).toEqual({ index: 0, page: 0 });
    expect(matchTarget(lastPage, 10_049)).toEqual({ index: 10_049, position: 20_049 });
  });
});

describe('latest only', () => {
  it('runs one request at a time, and of those asked meanwhile only the last', async () => {
    const ran: number[] = [];
    const done: number[] = [];
    const answers: Array<() => void> = [];
    const latest = createLatestOnly<number, number>(
      (ask) => {
        ran.push(ask);
        return new Promise((resolve) => answers.push(() => resolve(ask)));
      },
      (result) => done.push(result),
      () => undefined,
    );
    latest.request(1);
    latest.request(2);
    latest.request(3);
    expect(ran).toEqual([1]);
    answers.shift()?.();
    await expect.poll(() => ran).toEqual([1, 3]);
    answers.shift()?.();
    await expect.poll(() => done).toEqual([1, 3]);
  });

  it('carries on after a failure', async () => {
    const failures: unknown[] = [];
    const results: string[] = [];
    let fail = true;
    const latest = createLatestOnly<string, string>(
      (ask) => (fail ? Promise.reject(new Error(`no ${ask}`)) : Promise.resolve(ask)),
      (result) => results.push(result),
      (error) => failures.push(error),
    );
    latest.request('a');
    fail = false;
    latest.request('b');
    await expect.poll(() => results).toEqual(['b']);
    expect(failures).toEqual([new Error('no a')]);
  });
});
