/**
 * One xterm.js terminal as Berth wants it: hostile output stays harmless.
 * No clipboard addon (an OSC 52 sequence could read the user's clipboard into
 * the container), window operations left off (xterm's default), links (OSC 8
 * hyperlinks and detected web addresses) handed to `onLink`, which asks the
 * user before anything opens (an OSC 8 link's text need not be its address), and
 * copy/paste with Ctrl+Shift+C / Ctrl+Shift+V (or the browser's own menu).
 */
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { WebLinksAddon } from '@xterm/addon-web-links';

export interface BerthTerminal {
  term: Terminal;
  fit: FitAddon;
}

export function createTerminal(onLink: (uri: string) => void): BerthTerminal {
  const term = new Terminal({
    // A steady cursor, as VS Code's terminal defaults to: xterm's DOM renderer
    // blinks with a CSS animation of colours, which Chromium restyles on the
    // main thread every frame (60 style recalcs a second while the terminal
    // has focus, ~7% of a core at idle) and the WebSocket message carrying
    // each echo waited behind those frames.
    cursorBlink: false,
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace',
    fontSize: 13,
    scrollback: 5000,
    allowProposedApi: false,
    // OSC 8 hyperlinks: `text` is the link's address, not the label it shows.
    linkHandler: { activate: (_event, uri) => onLink(uri), allowNonHttpProtocols: false },
    theme: { background: '#15171c', foreground: '#e6e6e6' },
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.loadAddon(new WebLinksAddon((_event, uri) => onLink(uri)));
  term.attachCustomKeyEventHandler((event) => {
    if (event.type !== 'keydown' || !event.ctrlKey || !event.shiftKey) return true;
    if (event.code === 'KeyC') {
      const selection = term.getSelection();
      if (selection) void navigator.clipboard.writeText(selection).catch(() => undefined);
      event.preventDefault();
      return false;
    }
    // Ctrl+Shift+V: not a key for the shell; the browser's own paste then reaches xterm's input as a paste.
    if (event.code === 'KeyV') return false;
    return true;
  });
  return { term, fit };
}
