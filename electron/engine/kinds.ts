/**
 * The engine half of each kind's declaration (the pure half is
 * shared/kinds.ts, keyed by the same names): how to list every object of
 * the kind and how to read one, each through its normaliser. The engine's
 * resync and its per-event re-reads go through this table only, so a new
 * kind is one entry here. Typed so that a kind without an entry fails to
 * compile.
 */
import type Docker from 'dockerode';
import type { ResourceKind, ResourceOf } from '#shared/kinds';
import {
  containerFromInspect,
  containerFromSummary,
  imageFromInspect,
  imageFromSummary,
  networkFromJson,
  volumeFromJson,
  type ContainerInspectJson,
  type ContainerSummaryJson,
  type ImageInspectJson,
  type ImageSummaryJson,
  type NetworkJson,
  type VolumeJson,
} from './normalise';

export interface EngineKind<K extends ResourceKind> {
  /** Every object of the kind, as one list call gives them. */
  list(docker: Docker): Promise<ResourceOf[K][]>;
  /** One object, read afresh (an event named it); rejects with the engine's 404 when it is gone. */
  inspect(docker: Docker, ref: string): Promise<ResourceOf[K]>;
}

// The casts say what the engine sends (normalise.ts lists the fields read), not what dockerode's typings claim.
export const ENGINE_KINDS: { [K in ResourceKind]: EngineKind<K> } = {
  container: {
    list: async (docker) => ((await docker.listContainers({ all: true })) as ContainerSummaryJson[]).map(containerFromSummary),
    inspect: async (docker, ref) => containerFromInspect((await docker.getContainer(ref).inspect()) as unknown as ContainerInspectJson),
  },
  image: {
    // shared-size: engines of API 1.42 on then fill SharedSize (older ones ignore it).
    list: async (docker) => ((await docker.listImages({ 'shared-size': true } as Docker.ListImagesOptions)) as ImageSummaryJson[]).map(imageFromSummary),
    inspect: async (docker, ref) => imageFromInspect((await docker.getImage(ref).inspect()) as unknown as ImageInspectJson),
  },
  volume: {
    list: async (docker) => (((await docker.listVolumes()) as { Volumes?: VolumeJson[] | null }).Volumes ?? []).map(volumeFromJson),
    inspect: async (docker, ref) => volumeFromJson((await docker.getVolume(ref).inspect()) as unknown as VolumeJson),
  },
  network: {
    list: async (docker) => ((await docker.listNetworks()) as NetworkJson[]).map(networkFromJson),
    inspect: async (docker, ref) => networkFromJson((await docker.getNetwork(ref).inspect()) as unknown as NetworkJson),
  },
};
