/**
 * The terminal suite (`--only terminal`): keystroke echo in the page against
 * the same round trip over a raw exec socket, and opening and closing 100
 * terminals, checked in the engine (exec inspect) and in the main process
 * (open file descriptors: sockets and handles).
 *
 * The echo is also taken for the browser's own floor: a WebSocket message
 * from a page of the same browser to a Node echo server and back, the least
 * any page-to-Node transport can cost. The three are taken in turn, key by
 * key, so a burst of machine noise falls on all of them alike.
 */
import { createServer } from 'node:http';
import { readdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { WebSocketServer } from 'ws';
import { startServe } from '../test/support/serve';
import { rawExecEcho, type EchoProbe } from './echo';
import { openPageTerminal } from './page-terminal';
import { now, openPage, type BenchContext } from './context';
import { openClient } from './node-client';
import { BENCH_LABELS } from './population';
import { summarise } from './report';

const IMAGE = 'berth-test/busybox:latest';
const KEYS = 200;

const fdsOf = (pid: number): number => readdirSync(`/proc/${pid}/fd`).length;

async function runningExecs(context: BenchContext, id: string): Promise<number> {
  const info = (await context.docker.getContainer(id).inspect()) as unknown as { ExecIDs: string[] | null };
  let running = 0;
  for (const exec of info.ExecIDs ?? []) {
    const state = await context.docker.getExec(exec).inspect().catch(() => null);
    if (state?.Running) running++;
  }
  return running;
}

/** The browser's floor: a page's WebSocket to a Node server that sends each message straight back. */
async function browserFloor(context: BenchContext): Promise<EchoProbe> {
  // The page comes from the same server: Chromium refuses a blank page's socket to loopback.
  const server = createServer((_req, res) => res.end('<!doctype html><title>floor</title>'));
  const sockets = new WebSocketServer({ server });
  sockets.on('connection', (ws) => ws.on('message', (data) => ws.send(data.toString())));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const page: Page = await openPage(context);
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  await page.evaluate(async () => {
    const ws = new WebSocket(`ws://${location.host}/`);
    await new Promise((resolve, reject) => {
      ws.onopen = resolve;
      ws.onerror = () => reject(new Error('the floor echo socket did not open'));
    });
    (window as unknown as { __echo: WebSocket }).__echo = ws;
  });
  return {
    once: () =>
      page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const ws = (window as unknown as { __echo: WebSocket }).__echo;
            const t0 = performance.now();
            ws.onmessage = () => resolve(performance.now() - t0);
            ws.send('{"type":"call","id":1,"name":"exec.input","args":{"data":"x"}}');
          }),
      ),
    close: async () => {
      await page.close();
      sockets.close();
      server.close();
    },
  };
}

export async function terminalSuite(context: BenchContext): Promise<void> {
  const container = await context.docker.createContainer({
    Image: IMAGE,
    Cmd: ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1; done'],
    Labels: BENCH_LABELS,
    HostConfig: { Init: true },
  });
  await container.start();
  const id = container.id;
  const berth = await startServe();
  const page = await openPage(context);
  try {
    const terminal = await openPageTerminal(page, `${berth.url}#/containers/${id}`);
    const arrived: number[] = [];
    const painted: number[] = [];
    const rawTimes: number[] = [];
    const floorTimes: number[] = [];
    const raw = await rawExecEcho(context.docker, id);
    const floor = await browserFloor(context);
    for (let i = 0; i < KEYS; i++) {
      rawTimes.push(await raw.once(i % 50 === 49 ? '\x15' : 'x'));
      floorTimes.push(await floor.once('x'));
      const result = await terminal.press(i % 50 === 49 ? 'Control+U' : 'x');
      arrived.push(result.ws);
      painted.push(result.dom);
    }
    await raw.close();
    await floor.close();
    const rawSummary = summarise(rawTimes);
    const ws = summarise(arrived);
    context.rows.push({
      figure: `terminal keystroke echo: keydown → echo arrives in the page (ms, ${KEYS} keys)`,
      berth: ws,
      raw: rawSummary,
      rawLabel: 'write → echo on a raw exec socket',
      target: 'p99 ≤ raw + 2 ms',
      ok: ws.p99 <= rawSummary.p99 + 2,
    });
    context.rows.push({
      figure: "… the browser's floor: a page's WebSocket message to a Node echo server and back, no Berth, no engine (ms)",
      berth: summarise(floorTimes),
      target: 'reported (the least a page can get)',
    });
    context.rows.push({ figure: '… keydown → echo painted by xterm.js (ms; includes its next animation frame)', berth: summarise(painted), target: 'reported' });
    await page.close();

    // Open and close 100 terminals over Berth's own client, then ask the engine.
    const client = await openClient(berth);
    const pid = berth.child.pid ?? 0;
    const fdsBefore = fdsOf(pid);
    const openClose: number[] = [];
    for (let i = 0; i < 100; i++) {
      const t0 = now();
      await new Promise<void>((resolve, reject) => {
        const close = client.listen('exec.session', { mode: 'exec', id, cols: 80, rows: 24 }, {
          onData: (m) => {
            if (m.type === 'started') {
              close();
              resolve();
            }
          },
          onEnd: (error) => (error ? reject(error) : resolve()),
        });
      });
      openClose.push(now() - t0);
    }
    let left = await runningExecs(context, id);
    for (let i = 0; i < 100 && left > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      left = await runningExecs(context, id);
    }
    const fdsAfter = fdsOf(pid);
    client.close();
    context.rows.push({ figure: 'open a terminal (shell started) and close it (ms, 100 runs)', berth: summarise(openClose), target: 'reported' });
    context.rows.push({ figure: 'exec sessions still running in the engine after closing 100 terminals', berth: summarise([left]), target: '0', ok: left === 0 });
    context.rows.push({
      figure: 'main-process open file descriptors, after − before 100 terminals',
      berth: summarise([fdsAfter - fdsBefore]),
      target: '≈ 0 (flat)',
      ok: fdsAfter - fdsBefore <= 2,
    });
  } finally {
    await berth.stop();
    await container.remove({ force: true });
  }
}
