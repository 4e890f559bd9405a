import { describe, expect, it } from 'vitest';
import { containerFacts, isSecretKey } from '../../renderer/format/inspect';

describe('containerFacts', () => {
  it('reads restarts, health, mounts, networks and environment', () => {
    const facts = containerFacts({
      RestartCount: 3,
      State: { OOMKilled: true, Error: '', Health: { Status: 'unhealthy', FailingStreak: 2, Log: [{ ExitCode: 0, Output: 'ok\n' }, { ExitCode: 1, Output: 'curl: (7) refused\n' }] } },
      HostConfig: { RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 5 } },
      Mounts: [
        { Type: 'volume', Name: 'data', Source: '/var/lib/docker/volumes/data/_data', Destination: '/data', RW: true },
        { Type: 'bind', Source: '/etc/app', Destination: '/config', RW: false },
      ],
      Config: { Env: ['PATH=/usr/bin', 'DB_PASSWORD=hunter2', 'EMPTY=', 'FLAG'] },
      NetworkSettings: { Networks: { bridge: { IPAddress: '172.17.0.2', GlobalIPv6Address: '', Gateway: '172.17.0.1', Aliases: null } } },
    });
    expect(facts).toEqual({
      restartCount: 3,
      restartPolicy: 'on-failure (at most 5 times)',
      oomKilled: true,
      error: '',
      health: { status: 'unhealthy', failingStreak: 2, lastOutput: 'curl: (7) refused', lastExitCode: 1 },
      mounts: [
        { type: 'volume', source: 'data', destination: '/data', readOnly: false },
        { type: 'bind', source: '/etc/app', destination: '/config', readOnly: true },
      ],
      networks: [{ name: 'bridge', ipv4: '172.17.0.2', ipv6: '', gateway: '172.17.0.1', aliases: [] }],
      env: [
        { key: 'PATH', value: '/usr/bin', secret: false },
        { key: 'DB_PASSWORD', value: 'hunter2', secret: true },
        { key: 'EMPTY', value: '', secret: false },
        { key: 'FLAG', value: '', secret: false },
      ],
    });
  });

  it('turns missing or odd parts into empty ones, never an error', () => {
    const facts = containerFacts({ State: null, Mounts: null, Config: { Env: null }, NetworkSettings: { Networks: null } });
    expect(facts).toMatchObject({ restartCount: 0, restartPolicy: 'no', oomKilled: false, health: null, mounts: [], networks: [], env: [] });
    expect(containerFacts(undefined).env).toEqual([]);
  });

  it('masks what looks like a secret', () => {
    for (const key of ['API_TOKEN', 'password', 'AWS_SECRET_ACCESS_KEY', 'PGPASS', 'PRIVATE_KEY']) expect(isSecretKey(key), key).toBe(true);
    for (const key of ['PATH', 'HOME', 'LANG', 'NODE_ENV']) expect(isSecretKey(key), key).toBe(false);
  });
});
