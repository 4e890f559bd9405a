/**
 * The container's Terminal tab: several terminals in tabs, each keeping its
 * screen while another is shown, and a bar to open another one: a shell
 * (picked automatically from bash, sh, ash, or chosen), as a user and in a
 * folder, or an attach to the container's own TTY. A link clicked in any of
 * them opens only from a dialog that shows its full address.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { Container } from '#shared/model';
import { useClient } from '../../hooks/useClient';
import { useLoad } from '../../hooks/useRequest';
import { OpenLinkDialog } from './OpenLinkDialog';
import { TerminalSession, type SessionStatus, type TerminalSpec } from './TerminalSession';
import './terminal.css';

interface TerminalTab {
  key: number;
  spec: TerminalSpec;
  status: SessionStatus;
  title: string | null;
}

const AUTO = '';
const OTHER = '__other__';

function tabLabel(tab: TerminalTab, index: number): string {
  const what = tab.spec.mode === 'attach' ? 'attached' : tab.status.kind === 'running' && tab.status.shell ? tab.status.shell : (tab.spec.shell ?? 'shell');
  const state = tab.status.kind === 'exited' ? ' (exited)' : tab.status.kind === 'ended' || tab.status.kind === 'failed' ? ' (ended)' : '';
  return `${index + 1}: ${what}${state}`;
}

export function TerminalView({ container, hidden }: { container: Container; hidden: boolean }): ReactNode {
  const client = useClient();
  const running = container.state === 'running';
  const [tabs, setTabs] = useState<TerminalTab[]>([]);
  const [active, setActive] = useState<number | null>(null);
  // Which shells it has, read while it runs.
  const { value: shells, error: shellsError } = useLoad(running ? container.id : null, () => client.call('exec.shells', { id: container.id }));
  const [choice, setChoice] = useState(AUTO);
  const [otherShell, setOtherShell] = useState('');
  const [user, setUser] = useState('');
  const [workdir, setWorkdir] = useState('');
  const [link, setLink] = useState<string | null>(null);
  const nextKey = useRef(1);
  const opened = useRef(false);

  const open = useCallback((spec: TerminalSpec) => {
    const key = nextKey.current++;
    setTabs((all) => [...all, { key, spec, status: { kind: 'connecting' }, title: null }]);
    setActive(key);
  }, []);

  // The first visit opens a shell at once: that is what the user came for.
  useEffect(() => {
    if (hidden || !running || opened.current) return;
    opened.current = true;
    open({ mode: 'exec' });
  }, [hidden, running, open]);

  const update = useCallback((key: number, change: Partial<TerminalTab>) => {
    setTabs((all) => all.map((tab) => (tab.key === key ? { ...tab, ...change } : tab)));
  }, []);

  const close = (key: number): void => {
    const index = tabs.findIndex((tab) => tab.key === key);
    const rest = tabs.filter((tab) => tab.key !== key);
    setTabs(rest);
    if (active === key) setActive(rest[Math.min(index, rest.length - 1)]?.key ?? null);
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const shell = choice === OTHER ? otherShell.trim() : choice;
    open({
      mode: 'exec',
      ...(shell ? { shell } : {}),
      ...(user.trim() ? { user: user.trim() } : {}),
      ...(workdir.trim() ? { workdir: workdir.trim() } : {}),
    });
  };

  const autoLabel = shells?.preferred ? `Automatic (${shells.preferred})` : 'Automatic (bash, sh or ash)';
  return (
    <div className="terminal-view" hidden={hidden}>
      <form className="terminal-bar" onSubmit={submit} aria-label="Open a terminal">
        <label>
          Shell{' '}
          <select value={choice} onChange={(e) => setChoice(e.target.value)}>
            <option value={AUTO}>{autoLabel}</option>
            {(shells?.shells ?? []).map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
            <option value={OTHER}>Other…</option>
          </select>
        </label>
        {choice === OTHER && (
          <label>
            Path <input value={otherShell} onChange={(e) => setOtherShell(e.target.value)} placeholder="/bin/zsh" required />
          </label>
        )}
        <label>
          User <input value={user} onChange={(e) => setUser(e.target.value)} placeholder="default" size={10} />
        </label>
        <label>
          Working directory <input value={workdir} onChange={(e) => setWorkdir(e.target.value)} placeholder="default" size={14} />
        </label>
        <button type="submit" className="primary" disabled={!running}>
          Open shell
        </button>
        <button type="button" disabled={!running} onClick={() => open({ mode: 'attach' })} title="Attach to the container's main process (it needs a TTY: docker run -it). Closing detaches; the container keeps running.">
          Attach
        </button>
        {shells !== undefined && (
          <span className="muted">{shells.shells.length ? `Has: ${shells.shells.join(', ')}` : 'No bash, sh or ash found'}</span>
        )}
        {shellsError !== null && <span className="error">{shellsError}</span>}
      </form>
      {!running && <p className="muted">{container.name} is {container.state}: start it to open a terminal.</p>}
      {tabs.length > 0 && (
        <div className="terminal-tabs" role="tablist" aria-label="Terminals">
          {tabs.map((tab, index) => (
            <span key={tab.key} className={tab.key === active ? 'terminal-tab selected' : 'terminal-tab'}>
              <button type="button" role="tab" aria-selected={tab.key === active} onClick={() => setActive(tab.key)} title={tab.title ?? undefined}>
                {tabLabel(tab, index)}
                {tab.title ? <span className="terminal-title"> — {tab.title}</span> : null}
              </button>
              <button type="button" className="terminal-close" aria-label={`Close terminal ${index + 1}`} onClick={() => close(tab.key)}>
                ×
              </button>
            </span>
          ))}
        </div>
      )}
      {tabs.map((tab, index) => (
        <TerminalSession
          key={tab.key}
          containerId={container.id}
          spec={tab.spec}
          active={!hidden && tab.key === active}
          label={`Terminal ${index + 1}`}
          onStatus={(status) => update(tab.key, { status })}
          onTitle={(title) => update(tab.key, { title: title.slice(0, 200) })}
          onLink={setLink}
        />
      ))}
      {link !== null && <OpenLinkDialog link={link} onClose={() => setLink(null)} />}
    </div>
  );
}
