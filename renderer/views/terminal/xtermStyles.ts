/**
 * xterm.js styles its rows with <style> elements it writes at run time; the
 * app's CSP (style-src 'self', no 'unsafe-inline') rightly blocks those, and
 * reports each one as a violation in the console. So while xterm opens, a
 * <style> it asks for is an inert <template> holding the same text: nothing
 * the CSP checks or the page applies. The rules are applied instead through
 * a constructed stylesheet (CSSOM, which the CSP does not govern), kept in
 * step with those holders as xterm rewrites them (theme, font size, resize).
 * Only xterm's own generated text is copied: nothing from the terminal's
 * output ever reaches a stylesheet.
 */
import type { Terminal } from '@xterm/xterm';

const HOLDER = 'data-xterm-style';

function styleHolder(): HTMLTemplateElement {
  const holder = document.createElement('template');
  holder.setAttribute(HOLDER, '');
  return holder;
}

/**
 * Opens the terminal in `host` with its styles applied as above; the
 * returned function removes them (call it when the terminal is disposed).
 */
export function openTerminal(term: Terminal, host: HTMLElement): () => void {
  openWithHolders(term, host);
  return mirrorHolders(host);
}

/**
 * Every <style> xterm creates as it opens (it creates them all then) becomes
 * an inert holder. xterm's own `documentOverride` cannot do this: its
 * scrollbar takes the page's document whatever the option says.
 */
function openWithHolders(term: Terminal, host: HTMLElement): void {
  const createElement = document.createElement;
  document.createElement = function (this: Document, name: string, options?: ElementCreationOptions): HTMLElement {
    return name.toLowerCase() === 'style' ? styleHolder() : (Reflect.apply(createElement, this, [name, options]) as HTMLElement);
  } as typeof document.createElement;
  try {
    term.open(host);
  } finally {
    document.createElement = createElement;
  }
}

function mirrorHolders(root: HTMLElement): () => void {
  const sheet = new CSSStyleSheet();
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  let current = '';
  const sync = (): void => {
    const text = [...root.querySelectorAll(`template[${HOLDER}]`)].map((holder) => holder.textContent ?? '').join('\n');
    if (text === current) return;
    current = text;
    sheet.replaceSync(text);
  };
  sync();
  // Rows change on every keystroke; only a change to a holder is worth a look (re-parsing restyles the page).
  const isHolder = (node: Node | null): boolean => node instanceof Element && node.hasAttribute(HOLDER);
  const observer = new MutationObserver((records) => {
    if (records.some((r) => isHolder(r.target) || isHolder(r.target.parentNode) || [...r.addedNodes, ...r.removedNodes].some(isHolder))) sync();
  });
  observer.observe(root, { subtree: true, childList: true, characterData: true });
  return () => {
    observer.disconnect();
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
  };
}
