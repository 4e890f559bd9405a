/**
 * One connection attempt to an engine the user is about to add: who answers,
 * or why nobody does, in the same words the engine's badge would use.
 * Nothing is kept.
 */
import type { AppRequestResult } from '#shared/contract';
import type { EngineConnection } from '#shared/engines';
import { engineInfo, withTimeout, type InfoJson, type VersionJson } from './engine';
import { unavailableMessage } from './errors';
import { dockerClient, endpointOfConnection, type DockerClient } from './connection';

const TEST_TIMEOUT_MS = 20_000;

export async function testConnection(connection: EngineConnection): Promise<AppRequestResult<'engines.test'>> {
  let client: DockerClient | undefined;
  try {
    client = dockerClient(endpointOfConnection(connection, 'test'));
    const { docker } = client;
    const [version, info] = await withTimeout(
      Promise.all([docker.version() as Promise<VersionJson>, docker.info() as Promise<InfoJson>]),
      TEST_TIMEOUT_MS,
      'Connecting',
    );
    return { ok: true, info: engineInfo(version, info) };
  } catch (error) {
    return { ok: false, error: unavailableMessage(connection.url, error) };
  } finally {
    // Nothing is kept: no kept-alive socket, no ssh process.
    client?.close();
  }
}
