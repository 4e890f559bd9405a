import { describe, expect, it, vi } from 'vitest';
import { createLimitedLog, escapeForLog } from '../../electron/transport/limited-log';
import { createDispatcher } from '../../electron/transport/dispatcher';
import type { EngineHandlers } from '#shared/handlers';
import { oneEngine, TEST_ENGINE } from '../support/service';

// eslint-disable-next-line no-control-regex -- what must never reach a terminal raw
const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('escapeForLog', () => {
  it('turns escape sequences and control characters into inert text', () => {
    expect(escapeForLog('\x1b[31mred\x1b[0m')).toBe('\\x1b[31mred\\x1b[0m');
    expect(escapeForLog('a\r\nb\tc\0')).toBe('a\\x0d\\x0ab\\x09c\\x00');
    expect(escapeForLog('\x1b]0;owned\x07')).toBe('\\x1b]0;owned\\x07');
    expect(escapeForLog('\x9b31m \x7f')).toBe('\\x9b31m \\x7f');
    expect(escapeForLog('abc\u202egnp.exe \u2028')).toBe('abc\\u202egnp.exe \\u2028');
    // A backslash is doubled, so an escaped text can never pass for one that was escaped already.
    expect(escapeForLog('\\x1b')).toBe('\\\\x1b');
    expect(escapeForLog('container.start ü ✓')).toBe('container.start ü ✓');
  });

  it('never lets a control character through, whatever it is given', () => {
    let all = '';
    for (let code = 0; code < 0x3000; code++) all += String.fromCharCode(code);
    expect(escapeForLog(all, Infinity)).not.toMatch(RAW_CONTROL);
  });

  it('cuts a long value and says how long it was', () => {
    expect(escapeForLog('x'.repeat(500))).toBe(`${'x'.repeat(200)}… (500 characters)`);
    expect(escapeForLog('y'.repeat(10), 4)).toBe('yyyy… (10 characters)');
  });
});

describe('createLimitedLog', () => {
  function setup() {
    let clock = 1_000;
    const lines: string[] = [];
    const log = createLimitedLog({ max: 3, intervalMs: 10_000, write: (line) => lines.push(line), now: () => clock });
    return { log, lines, advance: (ms: number) => (clock += ms) };
  }

  it('shows at most max lines per interval, then one notice, then how many it held back', () => {
    const { log, lines, advance } = setup();
    for (let i = 0; i < 100; i++) log(`line ${i}`);
    expect(lines).toEqual(['line 0', 'line 1', 'line 2', 'berth: too many such lines; holding back the rest for up to 10 s']);
    advance(9_999);
    log('still held');
    expect(lines).toHaveLength(4);
    advance(1);
    log('next interval');
    expect(lines.slice(4)).toEqual(['berth: 98 more such lines not shown', 'next interval']);
  });

  it('says nothing extra while under its budget', () => {
    const { log, lines, advance } = setup();
    for (let i = 0; i < 6; i++) {
      log(`line ${i}`);
      advance(5_000);
    }
    expect(lines).toEqual(['line 0', 'line 1', 'line 2', 'line 3', 'line 4', 'line 5']);
  });

  it('names a single held-back line in the singular', () => {
    const { log, lines, advance } = setup();
    for (let i = 0; i < 4; i++) log(`line ${i}`);
    advance(10_000);
    log('after');
    expect(lines.slice(-2)).toEqual(['berth: 1 more such line not shown', 'after']);
  });
});

describe('the dispatcher\'s log of what a client got wrong', () => {
  it('escapes a request name with escape sequences before it reaches the terminal', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const dispatcher = createDispatcher(oneEngine({ requests: {}, streams: {} } as unknown as EngineHandlers), { send: () => undefined });
      dispatcher.receive({ type: 'post', name: '\x1b]0;pwned\x07\x1b[2J\r\nberth: fake line', args: {} });
      const logged = warn.mock.calls.map((call) => call.join(' '));
      expect(logged).toEqual(['berth: dropped a post: Unknown request: \\x1b]0;pwned\\x07\\x1b[2J\\x0d\\x0aberth: fake line']);
      for (const line of logged) expect(line).not.toMatch(RAW_CONTROL);
    } finally {
      warn.mockRestore();
    }
  });

  it('logs an unexpected handler error escaped, and tells the client only that it failed', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const sent: unknown[] = [];
      const service = oneEngine({
        requests: {
          'engine.info': () => Promise.reject(new Error('the engine said: \x1b]0;pwned\x07\r\nberth: fake line')),
        },
        streams: {},
      } as unknown as EngineHandlers);
      const dispatcher = createDispatcher(service, { send: (m) => void sent.push(m) });
      dispatcher.receive({ type: 'call', id: 1, engine: TEST_ENGINE, name: 'engine.info', args: {} });
      await vi.waitFor(() => expect(sent).toHaveLength(1));
      expect(sent[0]).toMatchObject({ ok: false, error: { code: 'internal', message: 'Internal error in Berth; see the main process log.' } });
      const logged = error.mock.calls.map((call) => call.join(' '));
      expect(logged).toHaveLength(1);
      expect(logged[0]).toContain('the engine said: \\x1b]0;pwned\\x07\\x0d\\x0aberth: fake line');
      expect(logged[0]).not.toMatch(RAW_CONTROL);
    } finally {
      error.mockRestore();
    }
  });
});
