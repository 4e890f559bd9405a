/** The engine page's figures from the engine's own JSON: disk usage as `docker system df` adds it up, and info with what Podman leaves out. */
import { describe, expect, it } from 'vitest';
import { parseSecurityOption } from '#shared/system';
import { diskUsage } from '../../electron/engine/system/disk-usage';
import { systemInfo } from '../../electron/engine/system/info';

describe('disk usage', () => {
  it('adds up as the docker CLI does', () => {
    const usage = diskUsage(
      {
        LayersSize: 1000,
        Images: [
          { Id: 'used', RepoTags: ['a:1'], Size: 600, SharedSize: 100, Containers: 2 },
          { Id: 'unused', RepoTags: ['<none>:<none>'], Size: 500, SharedSize: 100, Containers: 0 },
        ],
        Containers: [
          { Id: 'r', Names: ['/run'], State: 'running', SizeRw: 10 },
          { Id: 's', Names: ['/stopped'], State: 'exited', SizeRw: 30 },
        ],
        Volumes: [
          { Name: 'busy', UsageData: { Size: 200, RefCount: 1 } },
          { Name: 'idle', UsageData: { Size: 50, RefCount: 0 } },
          { Name: 'unmeasured', UsageData: { Size: -1, RefCount: 0 } },
        ],
        BuildCache: [
          { ID: 'b1', Size: 70, InUse: false, Shared: false },
          { ID: 'b2', Size: 20, InUse: true, Shared: false },
          { ID: 'b3', Size: 99, InUse: false, Shared: true },
        ],
      },
      12,
    );
    expect(usage.images).toMatchObject({ count: 2, active: 1, size: 1000, reclaimable: 500 });
    expect(usage.images.items[1]?.tags).toEqual([]);
    expect(usage.containers).toMatchObject({ count: 2, active: 1, size: 40, reclaimable: 30 });
    expect(usage.containers.items[0]?.name).toBe('run');
    expect(usage.volumes).toMatchObject({ count: 3, active: 1, size: 250, reclaimable: 50 });
    expect(usage.volumes.items[2]?.size).toBeNull();
    expect(usage.buildCache).toMatchObject({ count: 3, active: 1, size: 90, reclaimable: 70 });
    expect(usage.tookMs).toBe(12);
  });

  it('an empty cache (null) is none; a cache the engine does not report is unknown; Podman’s zero layer total falls back to the images', () => {
    expect(diskUsage({ BuildCache: null }, 0).buildCache).toMatchObject({ count: 0, size: 0 });
    expect(diskUsage({}, 0).buildCache).toBeNull();
    expect(diskUsage({ LayersSize: 0, Images: [{ Id: 'p', Size: 2131800, SharedSize: 0, Containers: 0 }] }, 0).images.size).toBe(2131800);
  });
});

describe('engine info', () => {
  it('says null for what the engine leaves out, and parses security options', () => {
    const info = systemInfo(
      { Version: '4.3.1', ApiVersion: '1.41', Components: [{ Name: 'Podman Engine' }] },
      { LoggingDriver: '', CgroupDriver: 'cgroupfs', SecurityOptions: ['name=seccomp,profile=default', 'name=rootless'], Warnings: null },
    );
    expect(info).toMatchObject({ product: 'Podman Engine', loggingDriver: null, cgroupDriver: 'cgroupfs', runtimes: null, registryMirrors: null, swarm: null, warnings: [] });
    expect(info.securityOptions).toEqual([
      { name: 'seccomp', settings: { profile: 'default' } },
      { name: 'rootless', settings: {} },
    ]);
    expect(parseSecurityOption('apparmor')).toEqual({ name: 'apparmor', settings: {} });
  });

  it('lists insecure registries by CIDR and by name, and mirrors once', () => {
    const info = systemInfo({}, {
      RegistryConfig: {
        Mirrors: ['https://m.example/'],
        InsecureRegistryCIDRs: ['127.0.0.0/8'],
        IndexConfigs: { 'docker.io': { Name: 'docker.io', Secure: true, Mirrors: ['https://m.example/'] }, 'reg.lan:5000': { Name: 'reg.lan:5000', Secure: false } },
      },
    });
    expect(info.registryMirrors).toEqual(['https://m.example/']);
    expect(info.insecureRegistries).toEqual(['127.0.0.0/8', 'reg.lan:5000']);
  });
});
