/**
 * Logging in, checked by the engine's /auth against the registry itself
 * before anything is kept, and the update check of the images this engine's
 * containers use. Credentials come from the app's one store (ServiceHost);
 * none of them is ever in a result.
 */
import type Docker from 'dockerode';
import type { RequestHandlerTable } from '#shared/handlers';
import { RemoteError } from '#shared/protocol';
import { DOCKER_HUB } from '#shared/registries';
import type { Engine } from '../engine';
import { engineMessage, statusCodeOf } from '../errors';
import type { Credentials } from '../jobs/auth';
import type { ImagePuller } from '../run/pull';
import { applyUpdates } from './apply';
import { updateChanges } from './changes';
import type { Platform } from '../../registries/manifest';
import { checkUpdates } from './updates';

/** A local image's platform from its own config (GOOS/GOARCH, as indexes name platforms). */
async function platformOfImage(docker: Docker, id: string): Promise<Platform | null> {
  try {
    const json = (await docker.getImage(id).inspect()) as { Os?: string; Architecture?: string; Variant?: string };
    if (!json.Os || !json.Architecture) return null;
    return { os: json.Os, architecture: json.Architecture, ...(json.Variant ? { variant: json.Variant } : {}) };
  } catch {
    return null;
  }
}

type RegistryRequests = Pick<RequestHandlerTable, 'registries.login' | 'updates.check' | 'updates.changes' | 'updates.apply'>;

function clientOf(engine: Engine): Docker {
  try {
    return engine.client();
  } catch (error) {
    throw new RemoteError({ code: 'unavailable', message: (error as Error).message });
  }
}

/** Why /auth refused, in words, with the engine's own at the end. */
export function loginProblem(registry: string, error: unknown): RemoteError {
  const words = engineMessage(error);
  const where = registry === DOCKER_HUB ? 'Docker Hub' : registry;
  if (statusCodeOf(error) === 401 || /unauthorized|incorrect username or password|authentication required/i.test(words)) {
    return new RemoteError({ code: 'bad-request', message: `Could not log in to ${where}: it refused that user name and password (${words})` });
  }
  if (/connection refused|no such host|i\/o timeout|dial tcp|server gave HTTP response|EOF/i.test(words)) {
    return new RemoteError({ code: 'unavailable', message: `Could not log in to ${where}: the registry did not answer (${words})` });
  }
  return new RemoteError({ code: 'engine', message: `Could not log in to ${where}: ${words}` });
}

export function registryHandlers(engine: Engine, credentials: Credentials | undefined, puller: ImagePuller): { requests: RegistryRequests } {
  const store = (): Credentials => {
    if (!credentials) throw new RemoteError({ code: 'unavailable', message: 'This engine was opened without Berth’s credential store.' });
    return credentials;
  };
  return {
    requests: {
      'registries.login': async ({ registry, username, password }) => {
        const keeper = store();
        let answer: { IdentityToken?: string };
        try {
          answer = (await clientOf(engine).checkAuth({ username, password, serveraddress: registry })) as { IdentityToken?: string };
        } catch (error) {
          throw loginProblem(registry, error);
        }
        const secret = answer.IdentityToken ? { identitytoken: answer.IdentityToken } : { password };
        return { registry, store: await keeper.save(registry, username, secret) };
      },
      'updates.check': async ({ references }) => ({ images: await checkUpdates(engine.store.snapshot(), references, credentials, (id) => platformOfImage(clientOf(engine), id)) }),
      'updates.changes': ({ id }) => updateChanges(clientOf(engine), id),
      'updates.apply': async ({ targets }) => ({ results: await applyUpdates(engine, puller, targets) }),
    },
  };
}
