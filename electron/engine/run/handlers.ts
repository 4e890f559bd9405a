/**
 * The `run.*` requests, bound to the engine; pulls go through its pull jobs.
 */
import { RemoteError } from '#shared/protocol';
import { RunSpecSchema } from '#shared/run';
import type { Engine } from '../engine';
import type { RequestHandlerTable } from '#shared/handlers';
import { clientOf, engineDefaults, runContainer } from './create';
import { hostAccessOf } from './host-access';
import type { ImagePuller } from './pull';
import { inspectForSpec, recreateContainer } from './recreate';

type RunRequests = Pick<RequestHandlerTable, 'run.create' | 'run.hostAccess' | 'run.spec' | 'run.recreate'>;

export function runHandlers(engine: Engine, puller: ImagePuller): { requests: RunRequests } {
  return {
    requests: {
      'run.create': ({ spec, pull, confirmHostAccess }) => runContainer(engine, puller, spec, pull, confirmHostAccess),
      'run.hostAccess': async ({ spec }) => ({ reasons: await hostAccessOf(clientOf(engine), spec, engineDefaults(engine)) }),
      'run.spec': async ({ id }) => {
        const { spec } = await inspectForSpec(clientOf(engine), id, engineDefaults(engine));
        const checked = RunSpecSchema.safeParse(spec);
        if (!checked.success) {
          const issue = checked.error.issues[0];
          throw new RemoteError({
            code: 'bad-request',
            message: `Berth's form cannot hold this container's settings (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'})`,
          });
        }
        return checked.data;
      },
      'run.recreate': (args) => recreateContainer(engine, puller, args),
    },
  };
}
