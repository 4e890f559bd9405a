/**
 * A build as a job: the context tarred in main and streamed to the engine's
 * /build, its log streamed into the job, the current step shown. A failure
 * names the step that failed ("Step 3/5 : RUN make") and carries that step's
 * output. The engine tags only a build that succeeded, so a failed or
 * cancelled one leaves no tag.
 */
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { BuildSpecSchema } from '#shared/jobs';
import type { z } from 'zod';
import { engineMessage } from '../errors';
import type { Credentials } from './auth';
import { contextTar, dockerfileProblem } from './context';
import { readJsonLines } from './json-lines';
import type { JobHandle, JobOutcome } from './manager';

type Spec = z.output<typeof BuildSpecSchema>;

/** The most lines of a failing step's output the error itself repeats (the log has them all). */
const FAILED_OUTPUT_LINES = 30;

/** What the build's log says, read line by line: the step under way and its output so far. */
export class BuildLog {
  step: string | null = null;
  output: string[] = [];
  imageId: string | null = null;

  /** Takes one chunk of the engine's `stream` text; returns its lines for the job's log. */
  take(text: string): string[] {
    const lines = text.replace(/\n$/, '').split('\n');
    for (const line of lines) {
      if (/^Step \d+\/\d+ : /.test(line)) {
        this.step = line;
        this.output = [];
      } else if (!/^ ---> /.test(line) && !/^Removing intermediate container /.test(line)) {
        this.output.push(line);
        if (this.output.length > FAILED_OUTPUT_LINES) this.output.shift();
      }
    }
    return lines;
  }

  /** The failure in words: which step, the engine's reason, the step's output. */
  failure(reason: string): string {
    const step = this.step === null ? 'The build failed before its first step' : `${this.step.replace(/^Step (\d+\/\d+) : /, 'Step $1 failed: ')}`;
    const output = this.output.filter((line) => line.trim() !== '');
    return `${step}\n${reason}${output.length > 0 ? `\nIts output:\n${output.join('\n')}` : ''}`;
  }
}

export async function buildJob(docker: Docker, spec: Spec, credentials: Credentials | undefined, job: JobHandle): Promise<JobOutcome> {
  const missing = await dockerfileProblem(spec.context, spec.dockerfile);
  if (missing !== null) throw new Error(missing);
  const context = await contextTar(spec.context, spec.dockerfile);
  // A walk that fails after the upload began fails the request too; its reason is the one to tell.
  let walkError: unknown = null;
  context.done.catch((error: unknown) => {
    walkError = error;
  });
  const registryconfig = credentials ? await credentials.all() : {};
  const options = {
    t: spec.tags,
    dockerfile: spec.dockerfile.replace(/\\/g, '/'),
    buildargs: spec.buildArgs,
    labels: spec.labels,
    ...(spec.target ? { target: spec.target } : {}),
    ...(spec.platform ? { platform: spec.platform } : {}),
    nocache: spec.noCache,
    pull: spec.pull,
    rm: true,
    // Intermediate containers go even when a step fails (the CLI's --force-rm).
    forcerm: true,
    registryconfig,
    abortSignal: job.signal,
  };
  let stream: Readable;
  try {
    stream = (await docker.buildImage(context.tar as unknown as NodeJS.ReadableStream, options as unknown as Docker.ImageBuildOptions)) as unknown as Readable;
  } catch (error) {
    context.tar.destroy();
    if (job.signal.aborted) throw error;
    throw new Error(walkError !== null ? `Could not read the context: ${(walkError as Error).message}` : `Could not build: ${engineMessage(error)}`);
  }
  const log = new BuildLog();
  let failed: string | null = null;
  await readJsonLines(stream, job.signal, (line) => {
    const error = line.errorDetail?.message ?? line.error;
    if (error !== undefined) {
      failed ??= error;
      job.log(error);
      return;
    }
    if (line.aux?.ID) log.imageId = line.aux.ID;
    if (line.stream !== undefined) {
      const stepBefore = log.step;
      for (const text of log.take(line.stream)) job.log(text);
      if (log.step !== stepBefore) job.progress({ step: log.step });
    } else if (line.status !== undefined) {
      job.log(line.id === undefined ? line.status : `${line.id}: ${line.status}`);
    }
  });
  if (walkError !== null) throw new Error(`Could not read the context: ${(walkError as Error).message}`);
  if (failed !== null) throw new Error(log.failure(failed));
  return { imageId: log.imageId };
}
