import { describe, expect, it } from 'vitest';
import { emptyRunSpec } from '#shared/run';
import { keptEndpoints, networkingConfigOf } from '../../electron/engine/run/endpoints';

const ID = 'abcdef0123456789'.repeat(4);
const old = {
  Id: ID,
  HostConfig: { NetworkMode: 'proj_default' },
  NetworkSettings: {
    Networks: {
      proj_default: { Aliases: ['proj-web-1', 'web', ID.slice(0, 12)], IPAMConfig: { IPv4Address: '10.1.0.9' }, Links: null, DriverOpts: null },
      proj_back: { Aliases: null, IPAMConfig: null },
    },
  },
};
const spec = (network: string) => ({ ...emptyRunSpec('busybox'), network });

describe('keptEndpoints', () => {
  it('keeps the first network’s aliases and address, without the old id, and every further network', () => {
    const kept = keptEndpoints(old, spec('proj_default'));
    expect(networkingConfigOf(kept)).toEqual({ EndpointsConfig: { proj_default: { Aliases: ['proj-web-1', 'web'], IPAMConfig: { IPv4Address: '10.1.0.9' } } } });
    expect(kept.others).toEqual([{ network: 'proj_back', config: {} }]);
  });

  it('drops the first network’s endpoint when the spec moves to another network, and keeps the rest', () => {
    const kept = keptEndpoints(old, spec('other'));
    expect(kept.primary).toBeNull();
    expect(kept.others.map((o) => o.network)).toEqual(['proj_back']);
  });

  it('moving onto a further network makes it the first one, with its endpoint, not a second connect', () => {
    const withAlias = { ...old, NetworkSettings: { Networks: { ...old.NetworkSettings.Networks, proj_back: { Aliases: ['api'] } } } };
    const kept = keptEndpoints(withAlias, spec('proj_back'));
    expect(kept.primary).toEqual({ network: 'proj_back', config: { Aliases: ['api'] } });
    expect(kept.others).toEqual([]);
  });

  it('keeps nothing for modes without networks of their own', () => {
    for (const mode of ['host', 'none', 'container:db']) expect(keptEndpoints(old, spec(mode))).toEqual({ primary: null, others: [] });
  });

  it('reads the default bridge as “bridge”', () => {
    const onBridge = { Id: ID, HostConfig: { NetworkMode: 'default' }, NetworkSettings: { Networks: { bridge: { Aliases: null, IPAMConfig: null } } } };
    expect(keptEndpoints(onBridge, spec(''))).toEqual({ primary: null, others: [] });
  });
});
