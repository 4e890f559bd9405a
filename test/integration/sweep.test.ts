/**
 * The shared sweep takes this run's throwaway tags and no other run's: two
 * checkouts testing on one engine at once must not untag each other's images
 * mid-test.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_IMAGE, TEST_RUN, docker, sweep, tempTag } from './helpers';

/** What another run's tempTag would be: its run id differs from ours. */
const othersTag = `berth-test/tmp-other${TEST_RUN}-sweep-${Date.now().toString(36)}:1`;
const tagged = (tag: string) => docker('image', 'inspect', '--format', '{{.Id}}', tag).then(() => true, () => false);

afterAll(async () => {
  await docker('rmi', othersTag).catch(() => undefined);
});

describe('sweep', () => {
  it('removes this run’s temporary tags and leaves another run’s', async () => {
    const mine = tempTag('sweep');
    expect(mine.startsWith(`berth-test/tmp-${TEST_RUN}-`)).toBe(true);
    await docker('tag', TEST_IMAGE, mine);
    await docker('tag', TEST_IMAGE, othersTag);
    await sweep();
    expect(await tagged(mine)).toBe(false);
    expect(await tagged(othersTag)).toBe(true);
    expect(await tagged(TEST_IMAGE)).toBe(true);
  });
});
