/**
 * The engine page's requests against the real engine: system.info says what
 * `docker info` and `docker version` say, and system.df adds up disk usage
 * as `docker system df` does, including a volume and a container of known
 * size made here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineService, type EngineService } from '../../electron/engine/handlers';
import type { RequestArgs, RequestName, RequestResult } from '#shared/contract';
import { TEST_IMAGE, TEST_LABEL_ARG, callHandler, docker, sweep, uniqueName, waitConnected } from './helpers';

let berth: EngineService;

beforeAll(async () => {
  await sweep();
  berth = createEngineService();
  await waitConnected(berth.engine);
});

afterAll(async () => {
  await berth?.stop();
  await sweep();
});

const call = <N extends RequestName>(name: N, args: RequestArgs<N>): Promise<RequestResult<N>> => callHandler(berth.service, name, args);

interface CliInfo {
  ServerVersion: string;
  KernelVersion: string;
  OperatingSystem: string;
  NCPU: number;
  MemTotal: number;
  Driver: string;
  LoggingDriver: string;
  CgroupDriver: string;
  CgroupVersion: string;
  DefaultRuntime: string;
  Runtimes: Record<string, unknown>;
  SecurityOptions: string[];
  RegistryConfig: { InsecureRegistryCIDRs: string[]; Mirrors: string[] };
  Swarm: { LocalNodeState: string };
  Warnings: string[] | null;
  DockerRootDir: string;
}

describe('system.info', () => {
  it("says what docker info and docker version say", async () => {
    const cli = JSON.parse(await docker('info', '--format', '{{json .}}')) as CliInfo;
    const apiVersion = await docker('version', '--format', '{{.Server.APIVersion}}');
    const info = await call('system.info', {});
    expect(info).toMatchObject({
      version: cli.ServerVersion,
      apiVersion,
      kernelVersion: cli.KernelVersion,
      operatingSystem: cli.OperatingSystem,
      cpus: cli.NCPU,
      memoryBytes: cli.MemTotal,
      storageDriver: cli.Driver,
      rootDir: cli.DockerRootDir,
      loggingDriver: cli.LoggingDriver,
      cgroupDriver: cli.CgroupDriver,
      cgroupVersion: cli.CgroupVersion,
      defaultRuntime: cli.DefaultRuntime,
      runtimes: Object.keys(cli.Runtimes).sort(),
      registryMirrors: cli.RegistryConfig.Mirrors,
      warnings: cli.Warnings ?? [],
    });
    expect(info.insecureRegistries).toEqual(expect.arrayContaining(cli.RegistryConfig.InsecureRegistryCIDRs));
    expect(info.securityOptions?.map((o) => o.name)).toEqual(cli.SecurityOptions.map((o) => /name=([^,]+)/.exec(o)?.[1] ?? o));
    expect(info.swarm?.state).toBe(cli.Swarm.LocalNodeState);
    expect(info.product).toBe('Docker Engine');
  });
});

describe('system.df', () => {
  it('measures a volume and a container of known size, and adds up as docker system df does', async () => {
    const volume = uniqueName('du-vol');
    await docker('volume', 'create', '--label', TEST_LABEL_ARG, volume);
    // 3 MiB into the volume, 2 MiB into the container's own layer; the container then stops.
    const container = uniqueName('du-box');
    await docker(
      'run', '--label', TEST_LABEL_ARG, '--name', container, '-v', `${volume}:/v`, TEST_IMAGE,
      'sh', '-c', 'dd if=/dev/zero of=/v/blob bs=1024 count=3072 2>/dev/null && dd if=/dev/zero of=/layer bs=1024 count=2048 2>/dev/null',
    );
    const imageCount = async () => {
      const rows = (await docker('system', 'df', '--format', '{{json .}}')).split('\n').map((l) => JSON.parse(l) as { Type: string; TotalCount: string });
      return Number(rows.find((r) => r.Type === 'Images')?.TotalCount);
    };
    // Other runs on this engine may add or remove images meanwhile: Berth's count is the CLI's just before or just after.
    const imagesBefore = await imageCount();
    const usage = await call('system.df', {});
    const imagesAfter = await imageCount();

    const mineVolume = usage.volumes.items.find((v) => v.name === volume);
    expect(mineVolume).toMatchObject({ containers: 1 });
    expect(mineVolume!.size).toBeGreaterThanOrEqual(3 * 1024 * 1024);
    expect(mineVolume!.size).toBeLessThan(3 * 1024 * 1024 + 64 * 1024);
    const mineContainer = usage.containers.items.find((c) => c.name === container);
    expect(mineContainer?.state).toBe('exited');
    expect(mineContainer!.size).toBeGreaterThanOrEqual(2 * 1024 * 1024);

    // The CLI's sums over the same answer: a stopped container's layer is reclaimable, a used volume is not.
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(usage.containers.size).toBe(sum(usage.containers.items.map((c) => c.size)));
    expect(usage.containers.reclaimable).toBeGreaterThanOrEqual(mineContainer!.size);
    expect(usage.volumes.size).toBe(sum(usage.volumes.items.map((v) => v.size ?? 0)));
    expect(usage.volumes.reclaimable).toBe(sum(usage.volumes.items.filter((v) => v.containers === 0).map((v) => v.size ?? 0)));
    expect(usage.images.active).toBe(usage.images.items.filter((i) => i.containers > 0).length);
    expect(usage.images.reclaimable).toBeLessThanOrEqual(usage.images.size);
    expect(usage.buildCache).not.toBeNull();

    expect([imagesBefore, imagesAfter]).toContain(usage.images.count);
    expect(usage.images.items.some((i) => i.tags.includes(TEST_IMAGE))).toBe(true);
    expect(usage.tookMs).toBeGreaterThanOrEqual(0);

    await docker('rm', container);
    const after = await call('system.df', {});
    // With its container gone, the volume's 3 MiB are reclaimable.
    expect(after.volumes.items.find((v) => v.name === volume)?.containers).toBe(0);
    expect(after.volumes.reclaimable).toBeGreaterThanOrEqual(3 * 1024 * 1024);
  });
});
