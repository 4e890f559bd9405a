/**
 * What the benchmark runs against: many labelled containers (mostly created,
 * not running, as on a busy developer machine), image tags, volumes and
 * networks, made through the engine API with bounded concurrency.
 */
import type Docker from 'dockerode';

export const BENCH_LABEL = 'berth.bench';
/** The label's value: one per run (BERTH_BENCH_RUN), so two runs on one engine never clean up each other's objects. */
export const BENCH_RUN = process.env.BERTH_BENCH_RUN ?? '1';
/** Labels for everything a benchmark makes. */
export const BENCH_LABELS = { [BENCH_LABEL]: BENCH_RUN };
const IMAGE = 'berth-test/busybox:latest';
const IDLE = ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1; done'];

export interface Population {
  /** Every container the engine lists, bench or not. */
  totalContainers: number;
  eventContainer: string;
  eventContainerName: string;
  storm: string[];
  stormPrefix: string;
}

async function inBatches<T>(count: number, width: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += width) {
    const batch = Array.from({ length: Math.min(width, count - start) }, (_, k) => make(start + k));
    results.push(...(await Promise.all(batch)));
  }
  return results;
}

export async function populate(
  docker: Docker,
  n: { containers: number; images: number; volumes: number; networks: number; storm: number },
): Promise<Population> {
  await cleanup(docker);
  const labels = BENCH_LABELS;
  const pad = (i: number) => String(i).padStart(4, '0');
  const create = (name: string) =>
    docker.createContainer({ name, Image: IMAGE, Cmd: IDLE, Labels: labels, HostConfig: { Init: true } }).then((c) => c.id);

  const idle = Math.max(0, n.containers - n.storm - 1);
  await inBatches(idle, 16, (i) => create(`bench-idle-${pad(i)}`));
  const storm = await inBatches(n.storm, 16, (i) => create(`bench-storm-${pad(i)}`));
  const eventContainerName = 'bench-one-event';
  const eventContainer = await create(eventContainerName);

  const image = docker.getImage(IMAGE);
  await inBatches(n.images, 16, (i) => image.tag({ repo: `berth-bench/tag-${pad(i)}`, tag: 'latest' }));
  await inBatches(n.volumes, 16, (i) => docker.createVolume({ Name: `bench-volume-${pad(i)}`, Labels: labels }));
  // Explicit small subnets: the engine's default pools hold only ~30 networks.
  await inBatches(n.networks, 8, (i) =>
    docker.createNetwork({
      Name: `bench-network-${pad(i)}`,
      Labels: labels,
      IPAM: { Config: [{ Subnet: `10.213.${i}.0/24` }] },
    }),
  );
  const totalContainers = (await docker.listContainers({ all: true })).length;
  return { totalContainers, eventContainer, eventContainerName, storm, stormPrefix: 'bench-storm-' };
}

/** Already gone (another cleanup got there first) is as good as removed. */
const gone = (error: { statusCode?: number }) => {
  if (error.statusCode !== 404) throw error;
};

export async function cleanup(docker: Docker): Promise<void> {
  const filters = JSON.stringify({ label: [`${BENCH_LABEL}=${BENCH_RUN}`] });
  const containers = await docker.listContainers({ all: true, filters });
  await inBatches(containers.length, 16, (i) => docker.getContainer(containers[i]!.Id).remove({ force: true }).catch(gone));
  const images = await docker.listImages({ filters: JSON.stringify({ reference: ['berth-bench/*'] }) });
  for (const image of images) {
    for (const tag of image.RepoTags ?? []) await docker.getImage(tag).remove().catch(() => undefined);
  }
  const volumes = (await docker.listVolumes({ filters })).Volumes ?? [];
  await inBatches(volumes.length, 16, (i) => docker.getVolume(volumes[i]!.Name).remove().catch(gone));
  const networks = await docker.listNetworks({ filters });
  await inBatches(networks.length, 8, (i) => docker.getNetwork(networks[i]!.Id).remove().catch(gone));
}
