/**
 * The `run.*` requests and the `run.pull` stream, bound to the engine.
 */
import { RemoteError } from '#shared/protocol';
import { RunSpecSchema } from '#shared/run';
import type { Engine } from '../engine';
import type { RequestHandlerTable, StreamHandlerTable } from '#shared/handlers';
import { clientOf, engineDefaults, runContainer } from './create';
import { hostAccessOf } from './host-access';
import { pullImage } from './pull';
import { inspectForSpec, recreateContainer } from './recreate';

type RunRequests = Pick<RequestHandlerTable, 'run.create' | 'run.hostAccess' | 'run.spec' | 'run.recreate'>;
type RunStreams = Pick<StreamHandlerTable, 'run.pull'>;

export function runHandlers(engine: Engine): { requests: RunRequests; streams: RunStreams } {
  return {
    requests: {
      'run.create': ({ spec, pull, confirmHostAccess }) => runContainer(engine, spec, pull, confirmHostAccess),
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
      'run.recreate': (args) => recreateContainer(engine, args),
    },
    streams: {
      'run.pull': ({ image }, sink) => {
        let pull: ReturnType<typeof pullImage>;
        try {
          pull = pullImage(clientOf(engine), image, (progress) => sink.data(progress));
        } catch (error) {
          sink.end(error);
          return () => undefined;
        }
        pull.done.then(
          () => sink.end(),
          (error: unknown) => sink.end(error),
        );
        return () => pull.cancel();
      },
    },
  };
}
