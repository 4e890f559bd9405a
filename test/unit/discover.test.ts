import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { discoverEngines, discoveryFolders, type DiscoveryInputs } from '../../electron/engines/discover';

const sha = (name: string) => createHash('sha256').update(name).digest('hex');
const META = '/home/u/.docker/contexts/meta';

/** A machine made of the given files (context store included), sockets and environment. */
function machine(
  { env = {}, files = {}, sockets = [], platform = 'linux' }: { env?: Record<string, string>; files?: Record<string, string>; sockets?: string[]; platform?: NodeJS.Platform } = {},
): DiscoveryInputs {
  return {
    env,
    platform,
    homedir: '/home/u',
    readFile: (path) => files[path],
    listDir: (path) => [...new Set(Object.keys(files).filter((f) => f.startsWith(`${path}/`)).map((f) => f.slice(path.length + 1).split('/')[0]!))],
    exists: (path) => sockets.includes(path),
  };
}

const context = (name: string, host: string, extra: object = {}) => ({
  [`${META}/${sha(name)}/meta.json`]: JSON.stringify({ Name: name, Endpoints: { docker: { Host: host, SkipTLSVerify: false } }, ...extra }),
});

const summary = (inputs: DiscoveryInputs) => discoverEngines(inputs).map(({ id, name, origin, current, url }) => ({ id, name, origin, current, url }));

describe('discoverEngines', () => {
  it('lists the default and every context in the store, sorted, and marks the current one', () => {
    const files = {
      '/home/u/.docker/config.json': '{"currentContext":"work"}',
      ...context('work', 'ssh://me@work'),
      ...context('lab', 'tcp://lab:2376'),
    };
    expect(summary(machine({ files }))).toEqual([
      { id: 'default', name: 'default', origin: 'default', current: false, url: 'unix:///var/run/docker.sock' },
      { id: 'lab', name: 'lab', origin: 'context', current: false, url: 'tcp://lab:2376' },
      { id: 'work', name: 'work', origin: 'context', current: true, url: 'ssh://me@work' },
    ]);
  });

  it('DOCKER_CONTEXT chooses the current one over config.json', () => {
    const files = { '/home/u/.docker/config.json': '{"currentContext":"work"}', ...context('work', 'ssh://me@work'), ...context('lab', 'tcp://lab:2376') };
    const current = discoverEngines(machine({ env: { DOCKER_CONTEXT: 'lab' }, files })).filter((e) => e.current).map((e) => e.id);
    expect(current).toEqual(['lab']);
  });

  it('DOCKER_HOST is the default, and current whatever context config.json names', () => {
    const files = { '/home/u/.docker/config.json': '{"currentContext":"work"}', ...context('work', 'ssh://me@work') };
    const [first, ...rest] = discoverEngines(machine({ env: { DOCKER_HOST: 'tcp://10.0.0.5:2375' }, files }));
    expect(first).toMatchObject({ id: 'default', url: 'tcp://10.0.0.5:2375', current: true });
    expect(first!.resolve()).toEqual({ url: 'tcp://10.0.0.5:2375', source: 'DOCKER_HOST' });
    expect(rest.map((e) => [e.id, e.current])).toEqual([['work', false]]);
  });

  it('adds the usual local sockets that exist, and only those', () => {
    const sockets = ['/home/u/.colima/default/docker.sock', '/run/user/1000/podman/podman.sock', '/run/podman/podman.sock'];
    const found = summary(machine({ env: { XDG_RUNTIME_DIR: '/run/user/1000' }, sockets })).filter((e) => e.origin === 'socket');
    expect(found).toEqual([
      { id: 'colima', name: 'Colima', origin: 'socket', current: false, url: 'unix:///home/u/.colima/default/docker.sock' },
      { id: 'podman', name: 'Podman', origin: 'socket', current: false, url: 'unix:///run/user/1000/podman/podman.sock' },
      { id: 'podman-system', name: 'Podman (system)', origin: 'socket', current: false, url: 'unix:///run/podman/podman.sock' },
    ]);
  });

  it('lists a socket once: one a context (or the default) already names is not added again', () => {
    const files = context('desktop-linux', 'unix:///home/u/.docker/desktop/docker.sock');
    const sockets = ['/home/u/.docker/desktop/docker.sock', '/var/run/docker.sock'];
    const urls = discoverEngines(machine({ files, sockets })).map((e) => e.url);
    expect(urls).toEqual(['unix:///var/run/docker.sock', 'unix:///home/u/.docker/desktop/docker.sock']);
  });

  it('still lists a broken context, which says why when Berth connects', () => {
    const files = {
      [`${META}/${sha('broken')}/meta.json`]: JSON.stringify({ Name: 'broken', Endpoints: {} }),
      ...context('ok', 'unix:///ok.sock'),
    };
    const broken = discoverEngines(machine({ files })).find((e) => e.id === 'broken');
    expect(broken).toMatchObject({ name: 'broken', origin: 'context', url: '(context "broken")' });
    expect(() => broken!.resolve()).toThrow(/Docker context "broken" has no docker endpoint/);
  });

  it('lists the current context even when the store lacks it, failing visibly as the CLI does', () => {
    const missing = discoverEngines(machine({ env: { DOCKER_CONTEXT: 'gone' } })).find((e) => e.id === 'gone');
    expect(missing).toMatchObject({ current: true, url: '(context "gone")' });
    expect(() => missing!.resolve()).toThrow(/Docker context "gone" not found/);
  });

  it('gives a context whose name is not a valid id a safe, stable id', () => {
    const files = context('my context/α', 'unix:///x.sock');
    const [, engine] = discoverEngines(machine({ files }));
    expect(engine!.name).toBe('my context/α');
    expect(engine!.id).toMatch(/^my-context-/);
    expect(discoverEngines(machine({ files }))[1]!.id).toBe(engine!.id);
  });

  it('uses the Windows pipes on Windows', () => {
    const found = discoverEngines(machine({ platform: 'win32', sockets: ['\\\\.\\pipe\\dockerDesktopLinuxEngine'] }));
    expect(found.map((e) => e.url)).toEqual(['npipe:////./pipe/docker_engine', 'npipe:////./pipe/dockerDesktopLinuxEngine']);
  });
});

describe('discoveryFolders', () => {
  it('names the config folder, the context store, each context\'s folder and the folders of the known sockets, those that exist', () => {
    const files = { ...context('work', 'ssh://me@work') };
    const folders = ['/home/u/.docker', '/home/u/.docker/contexts', META, `${META}/${sha('work')}`, '/home/u/.colima/default', '/run/user/1000', '/run/podman'];
    const inputs = { ...machine({ env: { XDG_RUNTIME_DIR: '/run/user/1000' }, files }), exists: (path: string) => folders.includes(path) };
    expect(discoveryFolders(inputs).sort()).toEqual([...folders].sort());
  });
});
