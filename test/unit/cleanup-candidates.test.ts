import { describe, expect, it } from 'vitest';
import { cleanupItemKey, labelProtects } from '#shared/cleanup';
import { findCandidates, type DiskUsage, type NetworkJson } from '../../electron/engine/cleanup/candidates';
import { PreviewBook } from '../../electron/engine/cleanup/previews';

const hex = (c: string) => c.repeat(64);

const usage: DiskUsage = {
  Containers: [
    { Id: hex('a'), Names: ['/web'], ImageID: 'sha256:used', State: 'running', Status: 'Up 1 minute', Created: 100, Mounts: [{ Type: 'volume', Name: 'data' }], NetworkSettings: { Networks: { appnet: { NetworkID: 'n-app' } } } },
    { Id: hex('b'), Names: ['/old'], ImageID: 'sha256:used', State: 'exited', Status: 'Exited (0) 2 days ago', Created: 200, SizeRw: 12, Labels: { 'com.docker.compose.project': 'shop' } },
    { Id: hex('c'), Names: ['/keep'], ImageID: 'sha256:used', State: 'created', Status: 'Created', Created: 300, Labels: { 'berth.protect': 'true' } },
    { Id: hex('d'), Names: ['/made'], ImageID: 'sha256:used', State: 'created', Status: 'Created', Created: 400, NetworkSettings: { Networks: { stoppednet: {} } } },
  ],
  Images: [
    { Id: 'sha256:used', RepoTags: ['app:1'], Created: 10, Size: 100 },
    { Id: 'sha256:dangling', RepoTags: null, Created: 20, Size: 50 },
    { Id: 'sha256:nonetag', RepoTags: ['<none>:<none>'], Created: 20, Size: 50 },
    { Id: 'sha256:tagged', RepoTags: ['b:2', 'a:1'], Created: 30, Size: 70 },
    { Id: 'sha256:parent', RepoTags: [], Created: 5, Size: 10 },
    { Id: 'sha256:child', ParentId: 'sha256:parent', RepoTags: ['child:1'], Created: 6, Size: 10, Labels: { 'berth.protect': '' } },
  ],
  Volumes: [
    { Name: 'data', CreatedAt: '2026-01-01T00:00:00Z', UsageData: { RefCount: 1, Size: 5 } },
    { Name: hex('e'), CreatedAt: '2026-01-02T00:00:00Z', UsageData: { RefCount: 0, Size: -1 } },
    { Name: 'shop_db', CreatedAt: '2026-01-03T00:00:00Z', Labels: { 'com.docker.compose.project': 'shop' }, UsageData: { RefCount: 0, Size: 9 } },
    { Name: 'marked', CreatedAt: '2026-01-04T00:00:00Z', Labels: { 'com.docker.volume.anonymous': '' }, UsageData: { RefCount: 0, Size: 1 } },
  ],
  BuildCache: [
    { ID: 'cache1', Type: 'regular', Description: 'RUN make', InUse: false, Shared: false, Size: 30, CreatedAt: '2026-01-05T00:00:00Z' },
    { ID: 'cache2', Type: 'regular', InUse: false, Shared: true, Size: 3, CreatedAt: '2026-01-05T00:00:00Z' },
    { ID: 'cache3', Type: 'regular', InUse: true, Size: 3 },
  ],
};
const networks: NetworkJson[] = [
  { Id: 'n-bridge', Name: 'bridge' },
  { Id: 'n-app', Name: 'appnet' },
  { Id: 'n-stopped', Name: 'stoppednet' },
  { Id: 'n-free', Name: 'free', Created: '2026-01-06T00:00:00Z' },
];

const found = (namedVolumes = false, pinned: string[] = []) => findCandidates(usage, networks, { namedVolumes, pinned: new Set(pinned) });
const ticks = (set: ReturnType<typeof found>) => Object.fromEntries(set.candidates.map((c) => [cleanupItemKey(c), c.ticked]));

describe('cleanup candidates', () => {
  it('offers stopped containers, unused images, unused anonymous volumes, unused networks and idle build cache; ticks what Docker prune takes', () => {
    expect(ticks(found())).toEqual({
      [`container:${hex('b')}`]: true,
      [`container:${hex('d')}`]: true,
      'image:sha256:dangling': true,
      'image:sha256:nonetag': true,
      'image:sha256:tagged': false,
      [`volume:${hex('e')}`]: true,
      'volume:marked': true,
      'network:n-free': true,
      'buildCache:cache1': true,
      'buildCache:cache2': false,
    });
  });

  it('says name, size, age and project', () => {
    const old = found().candidates.find((c) => c.id === hex('b'));
    expect(old).toMatchObject({ name: 'old', size: 12, created: 200_000, project: 'shop', reason: 'Exited (0) 2 days ago' });
    expect(found().candidates.find((c) => c.id === 'sha256:tagged')).toMatchObject({ name: 'b:2, a:1', stamp: 'a:1,b:2' });
    expect(found().candidates.find((c) => c.id === hex('e'))).toMatchObject({ size: null, created: Date.parse('2026-01-02T00:00:00Z') });
  });

  it('offers named volumes only when widened, unticked', () => {
    expect(found().candidates.some((c) => c.id === 'shop_db')).toBe(false);
    expect(found(true).candidates.find((c) => c.id === 'shop_db')).toMatchObject({ ticked: false, project: 'shop' });
  });

  it('never offers what a label or a pin protects, and says so', () => {
    const set = found(false, ['network:n-free', `volume:${hex('e')}`]);
    const keys = set.candidates.map(cleanupItemKey);
    expect(keys).not.toContain(`container:${hex('c')}`);
    expect(keys).not.toContain('network:n-free');
    expect(keys).not.toContain(`volume:${hex('e')}`);
    expect(set.protected).toEqual(
      expect.arrayContaining([
        { kind: 'container', id: hex('c'), name: 'keep', by: 'label' },
        { kind: 'network', id: 'n-free', name: 'free', by: 'pin' },
        { kind: 'volume', id: hex('e'), name: hex('e'), by: 'pin' },
      ]),
    );
  });

  it('reads the protect label as on unless it says false', () => {
    expect(labelProtects({ 'berth.protect': 'true' })).toBe(true);
    expect(labelProtects({ 'berth.protect': '' })).toBe(true);
    expect(labelProtects({ 'berth.protect': 'False' })).toBe(false);
    expect(labelProtects({})).toBe(false);
    expect(labelProtects(null)).toBe(false);
  });
});

describe('preview book', () => {
  it('serves a preview once, forgets old ones and refuses an expired one', () => {
    let now = 1_000;
    const book = new PreviewBook(() => now);
    const first = book.hold(now, []);
    expect(book.take(first)).toBeDefined();
    expect(book.take(first)).toBeUndefined();
    const ids = Array.from({ length: 9 }, () => book.hold(now, []));
    expect(book.take(ids[0]!)).toBeUndefined();
    expect(book.take(ids[8]!)).toBeDefined();
    const late = book.hold(now, []);
    now += 31 * 60_000;
    expect(book.take(late)).toBeUndefined();
    expect(ids[1]).not.toEqual(ids[2]);
  });
});

describe('an image’s untagged parents', () => {
  // top ← p1 ← p2 ← base (tagged); p2 also has sibling, so the chain stops there. lone ← q1, q1 used by a container. solo ← r1 (pinned).
  const all = [
    { Id: 'top', ParentId: 'p1', RepoTags: null },
    { Id: 'p1', ParentId: 'p2', RepoTags: ['<none>:<none>'] },
    { Id: 'p2', ParentId: 'base', RepoTags: null },
    { Id: 'sibling', ParentId: 'p2', RepoTags: ['app:2'] },
    { Id: 'base', ParentId: '', RepoTags: ['busybox:latest'] },
    { Id: 'lone', ParentId: 'q1', RepoTags: null },
    { Id: 'q1', ParentId: '', RepoTags: null },
    { Id: 'solo', ParentId: 'r1', RepoTags: null },
    { Id: 'r1', ParentId: '', RepoTags: null },
  ];
  const images: DiskUsage = {
    Containers: [{ Id: 'c', ImageID: 'q1', State: 'running' }],
    Images: all.filter((image) => ['top', 'sibling', 'base', 'lone', 'solo'].includes(image.Id)),
    AllImages: all,
  };
  const reasons = new Map(
    findCandidates(images, [], { namedVolumes: false, pinned: new Set([cleanupItemKey({ kind: 'image', id: 'r1' })]) }).candidates.map((c) => [c.id, c.reason]),
  );

  it('go with it while each has no tag, no other child, no container and no pin', () => {
    expect(reasons.get('top')).toBe('dangling: no tag, no container, with 1 untagged parent layer from its build');
    expect(reasons.get('lone')).toBe('dangling: no tag, no container');
    expect(reasons.get('solo')).toBe('dangling: no tag, no container');
  });
});

describe('Berth’s own volume helpers', () => {
  it('are never offered: a live transfer’s container or a restore’s staging volume would be cut short', () => {
    const usage: DiskUsage = {
      Containers: [{ Id: 'helper', Names: ['/busy_helper'], State: 'created', Created: 1, Labels: { 'berth.helper': 'volume', 'berth.helper.volume': 'data' } }],
      Volumes: [{ Name: 'berth-restore-0a1b2c3d4e5f', Labels: { 'berth.helper': 'restore' }, UsageData: { Size: 10, RefCount: 0 } }],
    };
    const set = findCandidates(usage, [], { namedVolumes: true, pinned: new Set() });
    expect(set.candidates).toEqual([]);
    expect(set.protected.map((p) => `${p.kind}:${p.id}:${p.by}`)).toEqual(['container:helper:label', 'volume:berth-restore-0a1b2c3d4e5f:label']);
  });
});
