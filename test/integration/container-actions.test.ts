/**
 * Every lifecycle action of the contract, through the main process's own
 * handlers (arguments parsed by the contract as the dispatcher would), each
 * checked in the engine with the docker CLI rather than in Berth's state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineService, type EngineService } from '../../electron/service';
import { requests, type RequestArgs, type RequestName, type RequestResult } from '#shared/contract';
import { TEST_LABEL_ARG, containerEvents, createContainer, docker, graceSeconds, sweep, uniqueName, waitConnected } from './helpers';

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

async function call<N extends RequestName>(name: N, args: RequestArgs<N>): Promise<RequestResult<N>> {
  const parsed = requests[name].args.parse(args);
  const handler = berth.service.requests[name] as (a: typeof parsed) => Promise<RequestResult<N>>;
  return handler(parsed);
}

const status = (id: string) => docker('inspect', '--format', '{{.State.Status}}', id);
const TRAPS_TERM = ['sh', '-c', 'trap "" TERM; while :; do sleep 0.1; done'];

describe('lifecycle actions reach the engine', () => {
  it('start, restart (a new start time), stop', async () => {
    const id = await createContainer(uniqueName('life'));
    await call('container.start', { id });
    expect(await status(id)).toBe('running');
    const startedAt = await docker('inspect', '--format', '{{.State.StartedAt}}', id);
    await call('container.restart', { id, timeoutSeconds: 1 });
    expect(await status(id)).toBe('running');
    expect(await docker('inspect', '--format', '{{.State.StartedAt}}', id)).not.toBe(startedAt);
    await call('container.stop', { id });
    expect(await status(id)).toBe('exited');
    // Starting what runs, stopping what is stopped: the engine says "not modified"; Berth treats it as done.
    await expect(call('container.stop', { id })).resolves.toBeNull();
  });

  it('stop waits the grace period asked for, then kills', async () => {
    const id = await createContainer(uniqueName('grace'), [], TRAPS_TERM);
    await docker('start', id);
    const t0 = new Date();
    await call('container.stop', { id, timeoutSeconds: 1 });
    expect(await docker('inspect', '--format', '{{.State.ExitCode}}', id)).toBe('137');
    // The engine's own clock: its SIGTERM, then its SIGKILL once the second ran out.
    expect(graceSeconds(await containerEvents(id, t0))).toBeGreaterThanOrEqual(1);
  });

  it('kill sends a signal the process traps', async () => {
    const id = await createContainer(uniqueName('trap'), [], ['sh', '-c', 'trap "exit 7" HUP; while :; do sleep 0.1; done']);
    await docker('start', id);
    await call('container.kill', { id, signal: 'SIGHUP' });
    expect(await docker('wait', id)).toBe('7');
  });

  it('remove refuses a running container without force, and removes it with force', async () => {
    const id = await createContainer(uniqueName('rm-force'));
    await docker('start', id);
    await expect(call('container.remove', { id })).rejects.toThrow(/stop the container before removing|cannot remove a running container/i);
    expect(await status(id)).toBe('running');
    await call('container.remove', { id, force: true });
    await expect(docker('inspect', id)).rejects.toThrow(/No such/);
  });

  it('remove keeps anonymous volumes unless asked, and never removes named ones', async () => {
    const named = uniqueName('named-vol');
    await docker('volume', 'create', '--label', TEST_LABEL_ARG, named);
    const keep = await createContainer(uniqueName('rm-keep'), ['-v', '/data', '-v', `${named}:/named`]);
    const keptVolume = await docker('inspect', '--format', '{{range .Mounts}}{{if eq .Destination "/data"}}{{.Name}}{{end}}{{end}}', keep);
    await call('container.remove', { id: keep });
    expect(await docker('volume', 'inspect', '--format', '{{.Name}}', keptVolume)).toBe(keptVolume);

    const drop = await createContainer(uniqueName('rm-drop'), ['-v', '/data', '-v', `${named}:/named`]);
    const droppedVolume = await docker('inspect', '--format', '{{range .Mounts}}{{if eq .Destination "/data"}}{{.Name}}{{end}}{{end}}', drop);
    await call('container.remove', { id: drop, volumes: true });
    await expect(docker('volume', 'inspect', droppedVolume)).rejects.toThrow(/no such volume/i);
    expect(await docker('volume', 'inspect', '--format', '{{.Name}}', named)).toBe(named);
    await docker('volume', 'rm', keptVolume);
  });
});
