/**
 * A Chromium trace of a page's main thread, read for what the Long Tasks API
 * cannot tell: how much of a task was the page's own CPU time, and how much
 * was waiting for a core the rest of the machine held.
 */
import type { Page } from 'playwright-core';

interface TraceEvent {
  name?: string;
  ph?: string;
  pid?: number;
  tid?: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

export interface MainThreadTasks {
  /** The longest task's wall time (ms). */
  longestWall: number;
  /** The most CPU time any one task took (ms). */
  longestCpu: number;
}

const TASK_EVENTS = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);

/** Runs `work` while tracing the page; returns what its renderer's main thread did meanwhile. */
export async function traceMainThread(page: Page, work: () => Promise<void>): Promise<MainThreadTasks> {
  const browser = page.context().browser();
  if (!browser) throw new Error('tracing needs a launched browser');
  await browser.startTracing(page, { categories: ['devtools.timeline', 'toplevel'] });
  let buffer: Buffer;
  try {
    await work();
  } finally {
    buffer = await browser.stopTracing();
  }
  const parsed = JSON.parse(buffer.toString('utf8')) as TraceEvent[] | { traceEvents: TraceEvent[] };
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const mainThreads = new Set(
    events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`),
  );
  let longestWall = 0;
  let longestCpu = 0;
  for (const e of events) {
    if (e.ph !== 'X' || !TASK_EVENTS.has(e.name ?? '') || !mainThreads.has(`${e.pid}:${e.tid}`)) continue;
    longestWall = Math.max(longestWall, (e.dur ?? 0) / 1000);
    longestCpu = Math.max(longestCpu, (e.tdur ?? 0) / 1000);
  }
  return { longestWall, longestCpu };
}
