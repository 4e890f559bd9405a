/** Summaries and the printed table. Pure. */

export interface Summary {
  min: number;
  median: number;
  p99: number;
  max: number;
  n: number;
}

export interface Row {
  figure: string;
  berth: Summary;
  raw?: Summary;
  rawLabel?: string;
  target: string;
  /** Undefined when the figure is only reported. */
  ok?: boolean;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? NaN;
}

export function summarise(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    min: sorted[0] ?? NaN,
    median: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? NaN,
    n: sorted.length,
  };
}

function fmt(value: number): string {
  if (Number.isNaN(value)) return '–';
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function cell(summary: Summary | undefined): string {
  if (!summary) return '—';
  if (summary.n === 1) return fmt(summary.median);
  const p99 = summary.n >= 20 ? ` · p99 ${fmt(summary.p99)}` : '';
  return `${fmt(summary.min)} / ${fmt(summary.median)} / ${fmt(summary.max)}${p99}`;
}

/** A Markdown table: figure | Berth (min / median / max) | raw baseline | target | verdict. */
export function formatTable(rows: Row[]): string {
  const lines = [
    '| figure | Berth (min / median / max) | raw baseline, same run | target | |',
    '|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const raw = row.raw ? `${cell(row.raw)} (${row.rawLabel ?? 'raw'})` : '—';
    const verdict = row.ok === undefined ? '' : row.ok ? 'met' : '**missed**';
    lines.push(`| ${row.figure} | ${cell(row.berth)} | ${raw} | ${row.target} | ${verdict} |`);
  }
  return lines.join('\n');
}
