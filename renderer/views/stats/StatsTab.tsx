/**
 * A running container's live CPU, memory, network, block I/O and PIDs, each
 * with a chart of the last few minutes. The `stats` stream is open only while
 * this tab is shown (the main process shares one engine stream among all
 * viewers of a container and stops it when the last leaves), and is reopened
 * when the container restarts.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { Container } from '#shared/model';
import type { StatsSample } from '#shared/stats';
import { useClient } from '../../hooks/useClient';
import { useEngineStore } from '../../store/engineStore';
import {
  cpuScopeText,
  formatBytes,
  formatMemory,
  formatPercent,
  formatRate,
  rates,
  summarise,
} from './format';
import { Sparkline } from './Sparkline';
import './stats.css';

/** Three minutes at a sample a second. */
const KEEP = 180;

function isMeasurable(c: Container): boolean {
  return c.state === 'running' || c.state === 'paused';
}

export function StatsTab({ container }: { container: Container }): ReactNode {
  if (!isMeasurable(container)) {
    return (
      <p className="stats-idle" role="status">
        {container.name} is not running ({container.state}): start it to see its live CPU, memory, network, block I/O
        and PIDs.
      </p>
    );
  }
  // A restart is a new run with counters from zero: a fresh chart.
  return <LiveStats key={`${container.id}:${container.startedAt ?? ''}`} container={container} />;
}

function LiveStats({ container }: { container: Container }): ReactNode {
  const client = useClient();
  const [samples, setSamples] = useState<StatsSample[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const hostCpus = useEngineStore((s) => (s.status?.state === 'connected' ? s.status.info.cpus : null));

  useEffect(() => {
    return client.listen(
      'stats',
      { id: container.id },
      {
        onData: (message) => setSamples((before) => [...before, ...message.samples].slice(-KEEP)),
        onEnd: (reason) => {
          // Without a reason the container stopped; its state change redraws this tab.
          if (reason) setError(reason.message);
        },
      },
    );
  }, [client, container.id, attempt]);

  const last = samples.at(-1);
  const span = samples.length > 1 ? last!.at - samples[0]!.at : 0;
  const cpu = samples.map((s) => s.cpuPercent);
  const memory = samples.map((s) => s.memoryUsed);
  const rx = rates(samples, (s) => s.netRx);
  const tx = rates(samples, (s) => s.netTx);
  const read = rates(samples, (s) => s.blockRead);
  const write = rates(samples, (s) => s.blockWrite);
  const pids = samples.map((s) => s.pids);
  const fmtRate = (v: number) => formatRate(v);

  return (
    <div className="stats">
      {error !== null && (
        <p className="stats-error" role="alert">
          Stats stopped: {error}{' '}
          <button type="button" onClick={() => {
              setError(null);
              setAttempt((n) => n + 1);
            }}>
            Try again
          </button>
        </p>
      )}
      {container.state === 'paused' && <p className="muted">Paused: its processes use no CPU until it is unpaused.</p>}
      {last === undefined ? (
        <p className="muted" role="status">
          Waiting for the first reading…
        </p>
      ) : (
        <div className="stats-grid">
          <figure className="stat" aria-labelledby="stat-cpu">
            <figcaption id="stat-cpu">
              <span className="stat-name">CPU</span>{' '}
              <output className="stat-value" aria-label="CPU">{formatPercent(last.cpuPercent)}</output>{' '}
              <span className="stat-note">{cpuScopeText(last, hostCpus)}</span>
            </figcaption>
            <Sparkline
              series={[{ values: cpu, className: 'line-cpu' }]}
              capacity={KEEP}
              floor={100}
              label={`CPU ${summarise(cpu, span, (v) => formatPercent(v))}`}
            />
          </figure>
          <figure className="stat" aria-labelledby="stat-memory">
            <figcaption id="stat-memory">
              <span className="stat-name">Memory</span>{' '}
              <output className="stat-value" aria-label="Memory">
                {formatMemory(last.memoryUsed)}
                {last.memoryLimit > 0 && ` / ${formatMemory(last.memoryLimit)}`}
              </output>{' '}
              <span className="stat-note">
                {last.memoryPercent === null ? 'no limit' : `${formatPercent(last.memoryPercent)} of the limit`}, page
                cache not counted
              </span>
            </figcaption>
            <Sparkline
              series={[{ values: memory, className: 'line-memory' }]}
              capacity={KEEP}
              label={`Memory used ${summarise(memory, span, formatMemory)}`}
            />
          </figure>
          <figure className="stat" aria-labelledby="stat-net">
            <figcaption id="stat-net">
              <span className="stat-name">Network</span>{' '}
              <output className="stat-value" aria-label="Network">
                ↓ {formatBytes(last.netRx)} · ↑ {formatBytes(last.netTx)}
              </output>{' '}
              <span className="stat-note">
                received · sent since start; now <span className="key-a">↓ {formatRate(rx.at(-1) ?? null)}</span>{' '}
                <span className="key-b">↑ {formatRate(tx.at(-1) ?? null)}</span>
              </span>
            </figcaption>
            <Sparkline
              series={[
                { values: rx, className: 'line-a' },
                { values: tx, className: 'line-b' },
              ]}
              capacity={KEEP}
              label={`Network received ${summarise(rx, span, fmtRate)}; sent ${summarise(tx, span, fmtRate)}`}
            />
          </figure>
          <figure className="stat" aria-labelledby="stat-block">
            <figcaption id="stat-block">
              <span className="stat-name">Block I/O</span>{' '}
              <output className="stat-value" aria-label="Block I/O">
                {formatBytes(last.blockRead)} read · {formatBytes(last.blockWrite)} written
              </output>{' '}
              <span className="stat-note">
                now <span className="key-a">{formatRate(read.at(-1) ?? null)} read</span>{' '}
                <span className="key-b">{formatRate(write.at(-1) ?? null)} written</span>
              </span>
            </figcaption>
            <Sparkline
              series={[
                { values: read, className: 'line-a' },
                { values: write, className: 'line-b' },
              ]}
              capacity={KEEP}
              label={`Block read ${summarise(read, span, fmtRate)}; written ${summarise(write, span, fmtRate)}`}
            />
          </figure>
          <figure className="stat" aria-labelledby="stat-pids">
            <figcaption id="stat-pids">
              <span className="stat-name">PIDs</span>{' '}
              <output className="stat-value" aria-label="PIDs">{last.pids ?? '—'}</output>{' '}
              <span className="stat-note">processes and threads</span>
            </figcaption>
            <Sparkline
              series={[{ values: pids, className: 'line-pids' }]}
              capacity={KEEP}
              label={`PIDs ${summarise(pids, span, (v) => String(Math.round(v)))}`}
            />
          </figure>
        </div>
      )}
    </div>
  );
}
