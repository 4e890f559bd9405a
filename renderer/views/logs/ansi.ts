/* eslint-disable no-control-regex -- finding control characters is what this file is for */
/**
 * A log line's text as styled segments, for React to render as text nodes
 * (never HTML). Only colours and text attributes (SGR) survive: every other
 * escape sequence is removed first, so a line cannot set the window title
 * (OSC 0/2), make a link (OSC 8), touch the clipboard (OSC 52), move a
 * cursor or ring a bell. `anser` then reads the colours.
 */
import Anser from 'anser';

export interface Segment {
  text: string;
  /** Class names from a fixed set (ansi-fg-red, ansi-bold, …); never text from the line. */
  classes: string;
  /** Colours outside the 16 named ones, as numbers we formatted ourselves. */
  color?: string;
  background?: string;
}

// String terminators: BEL, ESC \ and the 8-bit ST.
const ST = '(?:\\x07|\\x1b\\\\|\\x9c)';
/** OSC, DCS, SOS, PM, APC (7-bit and 8-bit introducers) up to their terminator, or to the end when unterminated. */
const STRING_SEQUENCE = new RegExp(`(?:\\x1b[\\]PX^_]|[\\x90\\x98\\x9d\\x9e\\x9f])[\\s\\S]*?(?:${ST}|$)`, 'g');
/** CSI sequences; SGR (final "m") is kept for anser, the rest (cursor moves, erase, …) removed. */
const CSI = /(?:\x1b\[|\x9b)([0-?]*[ -/]*)([@-~])/g;

/** The line with only SGR sequences left (as ESC [ … m). */
export function keepOnlyColours(text: string): string {
  if (!/[\x00-\x08\x0b-\x1f\x7f-\x9f]/.test(text)) return text;
  return text
    .replace(STRING_SEQUENCE, '')
    .replace(CSI, (_all, params: string, final: string) => (final === 'm' && /^[0-9;:]*$/.test(params) ? `\x1b[${params}m` : ''))
    .replace(/\x1b(?!\[[0-9;:]*m)(?:[ -/]*[0-~]|$)/g, '')
    .replace(/[\x00-\x08\x0a-\x1a\x1c-\x1f\x7f-\x9f]/g, '');
}

const NAMED = /^ansi-(?:bright-)?(?:black|red|green|yellow|blue|magenta|cyan|white)$/;
const PALETTE = /^ansi-palette-(\d{1,3})$/;

/** xterm's 256-colour palette, for the colours beyond the first 16. */
function paletteColour(n: number): string | undefined {
  if (n < 16 || n > 255) return undefined;
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return `rgb(${v}, ${v}, ${v})`;
  }
  const k = n - 16;
  const level = (x: number) => (x === 0 ? 0 : 55 + x * 40);
  return `rgb(${level(Math.floor(k / 36))}, ${level(Math.floor(k / 6) % 6)}, ${level(k % 6)})`;
}

const NAMES = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];

function colourOf(name: string | null, truecolor: string | null, layer: 'fg' | 'bg'): { cls?: string; css?: string } {
  if (!name) return {};
  if (NAMED.test(name)) return { cls: `${name.replace('ansi-', `ansi-${layer}-`)}` };
  const palette = PALETTE.exec(name);
  if (palette) {
    const n = Number(palette[1]);
    if (n < 16) return { cls: `ansi-${layer}-${n >= 8 ? 'bright-' : ''}${NAMES[n % 8]}` };
    const css = paletteColour(n);
    return css ? { css } : {};
  }
  if (name === 'ansi-truecolor' && truecolor) {
    const parts = truecolor.split(',').map((p) => Number(p.trim()));
    if (parts.length === 3 && parts.every((p) => Number.isInteger(p) && p >= 0 && p <= 255)) return { css: `rgb(${parts.join(', ')})` };
  }
  return {};
}

const DECORATIONS = new Set(['bold', 'dim', 'italic', 'underline', 'blink', 'reverse', 'hidden', 'strikethrough']);

export function toSegments(text: string): Segment[] {
  const clean = keepOnlyColours(text);
  if (!clean.includes('\x1b')) return [{ text: clean, classes: '' }];
  const entries = Anser.ansiToJson(clean, { json: true, use_classes: true, remove_empty: true });
  const segments: Segment[] = [];
  for (const entry of entries) {
    // Anything anser did not understand is dropped, not shown as escape codes.
    const content = entry.content.replace(/\x1b\[[0-9;:]*m/g, '').replace(/\x1b/g, '');
    if (!content) continue;
    const fg = colourOf(entry.fg, entry.fg_truecolor, 'fg');
    const bg = colourOf(entry.bg, entry.bg_truecolor, 'bg');
    const classes = [fg.cls, bg.cls, ...(entry.decorations ?? []).filter((d) => DECORATIONS.has(d)).map((d) => `ansi-${d}`)]
      .filter(Boolean)
      .join(' ');
    segments.push({ text: content, classes, ...(fg.css && { color: fg.css }), ...(bg.css && { background: bg.css }) });
  }
  return segments;
}

/** The line as plain text, as a user would copy it. */
export function plainText(text: string): string {
  return toSegments(text)
    .map((s) => s.text)
    .join('');
}
