/**
 * A volume's files on engines with little on them: browse and download a
 * file and a folder from a volume no container uses, on an engine that has
 * exactly one image (engine B: the helper has one image to be made from,
 * and is gone afterwards), and what Berth says on an engine with no image at
 * all: a throwaway Podman API service with storage of its own, empty,
 * started and stopped (by its pid) here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import tar from 'tar-stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngineService, type EngineService } from '../../electron/engine/handlers';
import { HELPER_VOLUME_LABEL, NO_IMAGE_MESSAGE } from '../../electron/engine/volumes/helper';
import { ENGINE_B_CONTEXT, ENGINE_B_SOCKET, engineCli, engineMissing, sweepEngine } from '../support/engines';
import { callHandler, TEST_IMAGE, TEST_LABEL_ARG, uniqueName, waitConnected, waitFor } from './helpers';

async function untar(response: Response): Promise<Map<string, { type: string; data: string }>> {
  const files = new Map<string, { type: string; data: string }>();
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => chunks.push(c as Buffer));
    stream.on('end', () => {
      files.set(header.name, { type: header.type ?? '', data: Buffer.concat(chunks).toString() });
      next();
    });
  });
  Readable.fromWeb(response.body as NodeReadableStream).pipe(extract);
  await new Promise<void>((resolve, reject) => extract.on('finish', () => resolve()).on('error', reject));
  return files;
}

function engineService(url: string): EngineService {
  return createEngineService({ resolveEndpoint: () => ({ url, source: 'the test' }), minRetryMs: 200, maxRetryMs: 1_000 });
}

describe.skipIf(engineMissing('b'))(`a volume no container uses, on an engine with exactly one image (${engineMissing('b') ?? ENGINE_B_SOCKET})`, () => {
  const cli = engineCli('docker', ['--context', ENGINE_B_CONTEXT]);
  const volumes: string[] = [];
  let berth: EngineService | undefined;
  function call<N extends Parameters<typeof callHandler>[1]>(name: N, args: Parameters<typeof callHandler<N>>[2]) {
    return callHandler(berth!.service, name, args);
  }

  afterAll(async () => {
    await berth?.stop();
    await sweepEngine(cli);
    for (const volume of volumes) await cli('volume', 'rm', '-f', volume);
  });

  it('browses it and downloads a file and a folder through a helper made from that image, leaving no helper', async (context) => {
    const images = (await cli('images', '-q', '--no-trunc')).split('\n').filter(Boolean);
    // Engine B is shared with other runs; the figure this test is about is "one image", so it says so when that is not the case.
    if (new Set(images).size !== 1) context.skip(`engine B holds ${new Set(images).size} images now, not exactly one`);
    const name = uniqueName('vol-one-image');
    volumes.push(name);
    await cli('volume', 'create', '--label', TEST_LABEL_ARG, name);
    await cli('run', '--rm', '--network', 'none', '--label', TEST_LABEL_ARG, '-v', `${name}:/v`, TEST_IMAGE, 'sh', '-c', 'mkdir -p /v/docs/deep && echo hello > /v/docs/a.txt && echo x > /v/docs/deep/b');
    expect(await cli('ps', '-aq', '--filter', `volume=${name}`)).toBe('');

    berth = engineService(ENGINE_B_SOCKET);
    await waitConnected(berth.engine);
    const top = await call('volume.list', { name, path: '/' });
    expect(top.entries.map((e) => [e.name, e.type])).toEqual([['docs', 'directory']]);
    const docs = await call('volume.list', { name, path: '/docs' });
    expect(docs.entries.map((e) => [e.name, e.type, e.size])).toEqual([
      ['a.txt', 'file', 6],
      ['deep', 'directory', 0],
    ]);

    const file = await call('volume.download', { name, path: '/docs/a.txt' });
    const fileResponse = (await berth.files.transfers.handle(new Request(`http://127.0.0.1${file.url}`)))!;
    expect(fileResponse.status).toBe(200);
    expect((await untar(fileResponse)).get('a.txt')?.data).toBe('hello\n');
    const folder = await call('volume.download', { name, path: '/docs' });
    const folderFiles = await untar((await berth.files.transfers.handle(new Request(`http://127.0.0.1${folder.url}`)))!);
    expect(folderFiles.get('docs/a.txt')?.data).toBe('hello\n');
    expect(folderFiles.get('docs/deep/b')?.data).toBe('x\n');
    await waitFor('the helpers to go', async () => (await cli('ps', '-aq', '--filter', `label=${HELPER_VOLUME_LABEL}=${name}`)) === '');
  });
});

/** A Podman API service on storage of its own: an engine with no image. vfs storage, so that nothing is left mounted when it stops. */
async function emptyPodman(): Promise<{ url: string; child: ChildProcess; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-empty-podman-'));
  const socket = join(dir, 'podman.sock');
  const child = spawn(
    'podman',
    ['--root', join(dir, 'root'), '--runroot', join(dir, 'run'), '--tmpdir', join(dir, 'tmp'), '--storage-driver', 'vfs', 'system', 'service', '--time=0', `unix://${socket}`],
    { stdio: 'ignore' },
  );
  const url = `unix://${socket}`;
  const probe = engineCli('docker', ['-H', url]);
  await waitFor('the empty Podman service to answer', () => probe('version', '--format', '{{.Server.Version}}').then(Boolean, () => false), 20_000);
  return { url, child, dir };
}

describe.skipIf(engineMissing('podman'))('a volume on an engine with no image at all', () => {
  let podman: Awaited<ReturnType<typeof emptyPodman>> | undefined;
  let berth: EngineService | undefined;

  afterAll(async () => {
    await berth?.stop();
    if (podman) {
      const { child, dir } = podman;
      if (child.exitCode === null) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // A fresh Podman answers version and info in seconds on a busy machine; the engine's connect budget doubles per attempt (engine.ts) until it is reached.
  it('says the engine has no image and what to do, for a browse and for a download', { timeout: 150_000 }, async () => {
    podman = await emptyPodman();
    const cli = engineCli('docker', ['-H', podman.url]);
    expect(await cli('images', '-q')).toBe('');
    const name = uniqueName('vol-no-image');
    await cli('volume', 'create', name);
    berth = engineService(podman.url);
    await waitConnected(berth.engine, 120_000);
    await expect(callHandler(berth.service, 'volume.list', { name, path: '/' })).rejects.toMatchObject({ code: 'conflict', message: NO_IMAGE_MESSAGE });
    const download = await callHandler(berth.service, 'volume.download', { name, path: '/' });
    const response = (await berth.files.transfers.handle(new Request(`http://127.0.0.1${download.url}`)))!;
    expect(response.status).toBe(502);
    expect(await response.text()).toBe(`${NO_IMAGE_MESSAGE}\n`);
    // Nothing was made meanwhile: no helper, and no image pulled behind the user's back.
    expect(await cli('ps', '-aq')).toBe('');
    expect(await cli('images', '-q')).toBe('');
  });
});
