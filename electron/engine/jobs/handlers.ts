/**
 * The `jobs.*` requests and the `jobs` stream, bound to one engine: each
 * request starts its job and answers with the id at once; the job runs on in
 * main whether or not the page that started it stays.
 */
import type Docker from 'dockerode';
import type { RequestHandlerTable, StreamHandlerTable } from '#shared/handlers';
import type { Job } from '#shared/jobs';
import { RemoteError } from '#shared/protocol';
import type { Engine } from '../engine';
import type { Credentials } from './auth';
import { buildJob } from './build';
import { JobManager } from './manager';
import { pullJob } from './pull';
import { pushJob } from './push';
import { openJobsStream } from './stream';

type JobsRequests = Pick<RequestHandlerTable, 'jobs.pull' | 'jobs.push' | 'jobs.build' | 'jobs.cancel' | 'jobs.clear'>;
type JobsStreams = Pick<StreamHandlerTable, 'jobs'>;

export interface EngineJobs {
  manager: JobManager;
  /** Starts a pull job (the run dialog's and the Images page's alike); `done` settles with the job as it ended. */
  pull(reference: string, platform?: string): { job: Job; done: Promise<Job> };
  requests: JobsRequests;
  streams: JobsStreams;
}

function clientOf(engine: Engine): Docker {
  try {
    return engine.client();
  } catch (error) {
    throw new RemoteError({ code: 'unavailable', message: (error as Error).message });
  }
}

export function jobsHandlers(engine: Engine, credentials?: Credentials): EngineJobs {
  const manager = new JobManager();
  const pull = (reference: string, platform = ''): { job: Job; done: Promise<Job> } => {
    const docker = clientOf(engine);
    return manager.start('pull', reference, (job) => pullJob(docker, reference, platform, credentials, job));
  };
  return {
    manager,
    pull,
    requests: {
      'jobs.pull': async ({ reference, platform }) => ({ id: pull(reference, platform).job.id }),
      'jobs.push': async ({ reference }) => {
        const docker = clientOf(engine);
        return { id: manager.start('push', reference, (job) => pushJob(docker, reference, credentials, job)).job.id };
      },
      'jobs.build': async (spec) => {
        const docker = clientOf(engine);
        return { id: manager.start('build', spec.tags[0] ?? spec.context, (job) => buildJob(docker, spec, credentials, job)).job.id };
      },
      'jobs.cancel': async ({ id }) => {
        manager.cancel(id);
        return null;
      },
      'jobs.clear': async () => {
        manager.clear();
        return null;
      },
    },
    streams: {
      jobs: ({ only }, sink) => openJobsStream(manager, only, sink),
    },
  };
}
