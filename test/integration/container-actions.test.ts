/**
 * Every lifecycle action of the contract, through the main process's own
 * handlers (arguments parsed by the contract as the dispatcher would), each
 * checked in the engine with the docker CLI rather than in Berth's state;
 * and removal, which main refuses unless the confirmation named what it deletes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineService, type EngineService } from '../../electron/engine/handlers';
import { createDispatcher } from '../../electron/transport/dispatcher';
import { oneEngine, TEST_ENGINE } from '../support/service';
import type { RequestArgs, RequestName, RequestResult } from '#shared/contract';
import type { ServerMessage } from '#shared/protocol';
import { TEST_LABEL_ARG, callHandler, containerEvents, createContainer, docker, graceSeconds, logEndsWith, sweep, uniqueName, waitConnected } from './helpers';

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
    const id = await createContainer(uniqueName('trap'), [], ['sh', '-c', 'trap "exit 7" HUP; echo trapping; while :; do sleep 0.1; done']);
    await docker('start', id);
    // Only once the trap is set: as the container's PID 1, the shell ignores a HUP that comes before it.
    await logEndsWith(id, 'trapping');
    await call('container.kill', { id, signal: 'SIGHUP' });
    expect(await docker('wait', id)).toBe('7');
  });

  it('remove refuses a running container without force, and removes it with force', async () => {
    const name = uniqueName('rm-force');
    const id = await createContainer(name);
    await docker('start', id);
    await expect(call('container.remove', { id, confirmed: { name } })).rejects.toThrow(/stop the container before removing|cannot remove a running container/i);
    expect(await status(id)).toBe('running');
    await call('container.remove', { id, force: true, confirmed: { name } });
    await expect(docker('inspect', id)).rejects.toThrow(/No such/);
  });

  it('remove keeps anonymous volumes unless asked, and never removes named ones', async () => {
    const named = uniqueName('named-vol');
    await docker('volume', 'create', '--label', TEST_LABEL_ARG, named);
    const keepName = uniqueName('rm-keep');
    const keep = await createContainer(keepName, ['-v', '/data', '-v', `${named}:/named`]);
    const keptVolume = await anonymousVolume(keep);
    await call('container.remove', { id: keep, confirmed: { name: keepName } });
    expect(await docker('volume', 'inspect', '--format', '{{.Name}}', keptVolume)).toBe(keptVolume);

    const dropName = uniqueName('rm-drop');
    const drop = await createContainer(dropName, ['-v', '/data', '-v', `${named}:/named`]);
    const droppedVolume = await anonymousVolume(drop);
    await call('container.remove', { id: drop, volumes: true, confirmed: { name: dropName, also: [droppedVolume] } });
    await expect(docker('volume', 'inspect', droppedVolume)).rejects.toThrow(/no such volume/i);
    expect(await docker('volume', 'inspect', '--format', '{{.Name}}', named)).toBe(named);
    await docker('volume', 'rm', keptVolume);
  });
});

/** The name of the anonymous volume a container mounts at /data. */
const anonymousVolume = (id: string) =>
  docker('inspect', '--format', '{{range .Mounts}}{{if eq .Destination "/data"}}{{.Name}}{{end}}{{end}}', id);

/** One call through the real dispatcher (the contract's validation included), as a transport would send it. */
function dispatch(name: string, args: unknown): Promise<ServerMessage> {
  return new Promise((resolve) => {
    const dispatcher = createDispatcher(oneEngine(berth.service), { send: resolve });
    dispatcher.receive({ type: 'call', id: 1, engine: TEST_ENGINE, name, args });
  });
}

const exists = (id: string) => docker('inspect', '--format', '{{.Id}}', id).then(() => true, () => false);

describe('main removes a container only when the confirmation named it', () => {
  it('refuses a removal that carries no confirmation, with or without force and volumes, and the container stays', async () => {
    const id = await createContainer(uniqueName('rm-bare'), ['-v', '/data']);
    for (const args of [{ id }, { id, force: true }, { id, volumes: true }, { id, force: true, volumes: true, confirmed: {} }]) {
      expect(await dispatch('container.remove', args)).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringContaining('confirmed') } });
    }
    expect(await exists(id)).toBe(true);
  });

  it('refuses a confirmation that names another container, by name or by id, and removes neither', async () => {
    const name = uniqueName('rm-target');
    const id = await createContainer(name);
    const otherName = uniqueName('rm-other');
    const other = await createContainer(otherName);
    await docker('start', id);
    for (const named of [otherName, `/${otherName}`, other, other.slice(0, 12), id.slice(0, 11), `${name}x`]) {
      const answer = await dispatch('container.remove', { id, force: true, volumes: true, confirmed: { name: named } });
      expect(answer).toMatchObject({ ok: false, error: { code: 'unconfirmed', message: expect.stringContaining(name) } });
    }
    // Asked by the other's name but confirmed as this one: still the wrong object.
    expect(await dispatch('container.remove', { id: otherName, confirmed: { name } })).toMatchObject({ ok: false, error: { code: 'unconfirmed' } });
    expect(await status(id)).toBe('running');
    expect(await exists(other)).toBe(true);
  });

  it('removes what the confirmation named: by name (with or without "/"), full id or short id, asked by id or by name', async () => {
    const cases: Array<(name: string, id: string) => { ref: string; named: string }> = [
      (name, id) => ({ ref: id, named: name }),
      (name, id) => ({ ref: id, named: `/${name}` }),
      (name, id) => ({ ref: name, named: id }),
      (name, id) => ({ ref: name, named: id.slice(0, 12) }),
    ];
    for (const make of cases) {
      const name = uniqueName('rm-named');
      const id = await createContainer(name);
      const { ref, named } = make(name, id);
      expect(await dispatch('container.remove', { id: ref, confirmed: { name: named } })).toMatchObject({ ok: true, value: null });
      expect(await exists(id)).toBe(false);
    }
  });

  it('with its volumes, refuses unless the confirmation names each anonymous volume it would delete', async () => {
    const name = uniqueName('rm-vols');
    const id = await createContainer(name, ['-v', '/data', '-v', '/more']);
    const data = await anonymousVolume(id);
    const more = await docker('inspect', '--format', '{{range .Mounts}}{{if eq .Destination "/more"}}{{.Name}}{{end}}{{end}}', id);
    for (const also of [[], [data], [data.slice(0, 12), more.slice(0, 12)]]) {
      const answer = await dispatch('container.remove', { id, volumes: true, confirmed: { name, also } });
      expect(answer).toMatchObject({ ok: false, error: { code: 'unconfirmed', message: expect.stringContaining(more.slice(0, 12)) } });
    }
    expect(await exists(id)).toBe(true);
    expect(await docker('volume', 'inspect', '--format', '{{.Name}}', data)).toBe(data);
    expect(await dispatch('container.remove', { id, volumes: true, confirmed: { name, also: [more, data] } })).toMatchObject({ ok: true });
    expect(await exists(id)).toBe(false);
    await expect(docker('volume', 'inspect', data)).rejects.toThrow(/no such volume/i);
    await expect(docker('volume', 'inspect', more)).rejects.toThrow(/no such volume/i);
  });

  it('a removal that keeps the volumes needs only the container named', async () => {
    const name = uniqueName('rm-keep-vols');
    const id = await createContainer(name, ['-v', '/data']);
    const data = await anonymousVolume(id);
    expect(await dispatch('container.remove', { id, confirmed: { name } })).toMatchObject({ ok: true });
    expect(await exists(id)).toBe(false);
    expect(await docker('volume', 'inspect', '--format', '{{.Name}}', data)).toBe(data);
    await docker('volume', 'rm', data);
  });
});
