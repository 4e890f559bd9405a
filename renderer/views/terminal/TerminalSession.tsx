/**
 * One terminal: an xterm.js instance that lives as long as its tab (hidden,
 * not unmounted, when another tab is shown, so its screen and scrollback
 * stay), connected to an `exec.session` stream. Keystrokes go out at once,
 * one request each; the TTY follows the terminal's size on every resize.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import '@xterm/xterm/css/xterm.css';
import type { ExecOpen } from '#shared/exec';
import { useClient } from '../../hooks/useClient';
import { createTerminal, type BerthTerminal } from './createTerminal';
import { openTerminal } from './xtermStyles';

export interface TerminalSpec {
  mode: 'exec' | 'attach';
  shell?: string;
  user?: string;
  workdir?: string;
}

export type SessionStatus =
  | { kind: 'connecting' }
  | { kind: 'running'; shell: string | null }
  | { kind: 'exited'; code: number | null }
  | { kind: 'ended'; reason: string }
  | { kind: 'failed'; message: string };

export interface TerminalSessionProps {
  containerId: string;
  spec: TerminalSpec;
  active: boolean;
  label: string;
  onStatus(status: SessionStatus): void;
  onTitle(title: string): void;
  /** A link clicked in the terminal: its address, to confirm before anything opens. */
  onLink(uri: string): void;
}

function openArgs(containerId: string, spec: TerminalSpec, cols: number, rows: number): ExecOpen {
  if (spec.mode === 'attach') return { mode: 'attach', id: containerId, cols, rows };
  return {
    mode: 'exec',
    id: containerId,
    cols,
    rows,
    ...(spec.shell ? { shell: spec.shell } : {}),
    ...(spec.user ? { user: spec.user } : {}),
    ...(spec.workdir ? { workdir: spec.workdir } : {}),
  };
}

function describe(status: SessionStatus, mode: TerminalSpec['mode']): string | null {
  switch (status.kind) {
    case 'connecting':
      return 'Connecting…';
    case 'running':
      return null;
    case 'exited':
      if (mode === 'attach') return `The container's process exited${status.code === null ? '' : ` with code ${status.code}`}.`;
      return `The shell exited${status.code === null ? '' : ` with code ${status.code}`}.`;
    case 'ended':
      return status.reason;
    case 'failed':
      return status.message;
  }
}

export function TerminalSession({ containerId, spec, active, label, onStatus, onTitle, onLink }: TerminalSessionProps): ReactNode {
  const client = useClient();
  const hostRef = useRef<HTMLDivElement>(null);
  const terminalRef = useRef<BerthTerminal | null>(null);
  const [status, setStatus] = useState<SessionStatus>({ kind: 'connecting' });
  const [generation, setGeneration] = useState(0);
  // The latest callbacks, without reconnecting when the parent re-renders.
  const callbacks = useRef({ onStatus, onTitle, onLink });
  useEffect(() => {
    callbacks.current = { onStatus, onTitle, onLink };
  });

  useEffect(() => {
    callbacks.current.onStatus(status);
  }, [status]);

  // The terminal itself: made once, disposed with the tab.
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const terminal = createTerminal((uri) => callbacks.current.onLink(uri));
    const unmirror = openTerminal(terminal.term, host);
    const title = terminal.term.onTitleChange((text) => callbacks.current.onTitle(text));
    const fitVisible = (): void => {
      if (host.clientWidth > 0 && host.clientHeight > 0) terminal.fit.fit();
    };
    const observer = new ResizeObserver(fitVisible);
    observer.observe(host);
    fitVisible();
    terminalRef.current = terminal;
    return () => {
      observer.disconnect();
      title.dispose();
      unmirror();
      terminal.term.dispose();
      terminalRef.current = null;
    };
  }, []);

  // The session: opened again on Reconnect, in the same terminal.
  useEffect(() => {
    const terminal = terminalRef.current;
    if (!terminal) return;
    const { term } = terminal;
    let session: string | null = null;
    let queued: string[] = [];
    // Keystrokes are posted, not called: no answer crosses back before the
    // echo. A session that ends says so on its own stream.
    const send = (data: string): void => {
      if (session === null) queued.push(data);
      else client.post('exec.input', { session, data });
    };
    const input = term.onData(send);
    const binary = term.onBinary(send);
    const resize = term.onResize(({ cols, rows }) => {
      if (session !== null) client.call('exec.resize', { session, cols, rows }).catch(() => undefined);
    });
    setStatus({ kind: 'connecting' });
    const opened = { cols: term.cols, rows: term.rows };
    const stop = client.listen('exec.session', openArgs(containerId, spec, opened.cols, opened.rows), {
      onData(message) {
        switch (message.type) {
          case 'started': {
            session = message.session;
            setStatus({ kind: 'running', shell: message.shell });
            if (term.cols !== opened.cols || term.rows !== opened.rows) {
              client.call('exec.resize', { session, cols: term.cols, rows: term.rows }).catch(() => undefined);
            }
            const pending = queued;
            queued = [];
            for (const data of pending) send(data);
            break;
          }
          case 'output':
            term.write(message.data);
            break;
          case 'exited':
            session = null;
            setStatus({ kind: 'exited', code: message.code });
            break;
          case 'ended':
            session = null;
            setStatus({ kind: 'ended', reason: message.reason });
            break;
        }
      },
      onEnd(error) {
        session = null;
        if (error) setStatus((prev) => (prev.kind === 'connecting' || prev.kind === 'running' ? { kind: 'failed', message: error.message } : prev));
        else setStatus((prev) => (prev.kind === 'connecting' || prev.kind === 'running' ? { kind: 'ended', reason: 'The session ended.' } : prev));
      },
    });
    return () => {
      input.dispose();
      binary.dispose();
      resize.dispose();
      stop();
    };
  }, [client, containerId, spec, generation]);

  useEffect(() => {
    const terminal = terminalRef.current;
    const host = hostRef.current;
    if (!active || !terminal || !host) return;
    if (host.clientWidth > 0) terminal.fit.fit();
    terminal.term.focus();
  }, [active]);

  const notice = describe(status, spec.mode);
  const over = status.kind === 'exited' || status.kind === 'ended' || status.kind === 'failed';
  return (
    <div className="terminal-session" hidden={!active}>
      {notice !== null && (
        <div className={over ? 'terminal-notice ended' : 'terminal-notice'} role="status">
          <span>{notice}</span>
          {over && (
            <button
              type="button"
              onClick={() => {
                terminalRef.current?.term.write('\r\n');
                setGeneration((g) => g + 1);
              }}
            >
              Reconnect
            </button>
          )}
        </div>
      )}
      <div className="terminal-host" ref={hostRef} role="group" aria-label={label} />
    </div>
  );
}
