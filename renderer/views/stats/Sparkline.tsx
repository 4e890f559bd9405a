/**
 * A tiny line chart of the last few minutes, drawn as SVG by hand (a chart
 * library would weigh more than everything else on the page). It is an
 * image with an accessible name that says what it shows in words.
 */
import type { ReactNode } from 'react';

export interface Series {
  values: readonly (number | null)[];
  /** CSS class for the line's colour. */
  className: string;
}

const WIDTH = 240;
const HEIGHT = 48;

/** An SVG path through the known values; gaps (null) break the line. */
export function linePath(values: readonly (number | null)[], capacity: number, top: number): string {
  if (top <= 0) top = 1;
  const step = WIDTH / Math.max(1, capacity - 1);
  const offset = capacity - values.length;
  let path = '';
  let drawing = false;
  values.forEach((value, i) => {
    if (value === null) {
      drawing = false;
      return;
    }
    const x = (offset + i) * step;
    const y = HEIGHT - (Math.min(value, top) / top) * (HEIGHT - 2) - 1;
    path += `${drawing ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)}`;
    drawing = true;
  });
  return path;
}

export function Sparkline({
  series,
  capacity,
  label,
  floor = 0,
}: {
  series: readonly Series[];
  /** How many samples fill the width: the chart fills from the right as samples come. */
  capacity: number;
  label: string;
  /** The top of the scale is at least this (100 for CPU, so idle does not look busy). */
  floor?: number;
}): ReactNode {
  let top = floor;
  for (const s of series) for (const v of s.values) if (v !== null && v > top) top = v;
  return (
    <svg
      className="sparkline"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      preserveAspectRatio="none"
      width={WIDTH}
      height={HEIGHT}
    >
      {series.map((s) => (
        <path key={s.className} className={s.className} d={linePath(s.values, capacity, top)} fill="none" vectorEffect="non-scaling-stroke" />
      ))}
    </svg>
  );
}
