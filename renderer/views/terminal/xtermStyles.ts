/**
 * xterm.js styles its rows with <style> elements it writes at run time; the
 * app's CSP (style-src 'self', no 'unsafe-inline') rightly blocks those. The
 * same rules are applied instead through a constructed stylesheet (CSSOM,
 * which the CSP does not govern), kept in step with xterm's elements as it
 * rewrites them (theme, font size, resize). Only xterm's own generated text
 * is copied: nothing from the terminal's output ever reaches a stylesheet.
 */
export function mirrorXtermStyles(root: HTMLElement): () => void {
  const sheet = new CSSStyleSheet();
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  let current = '';
  const sync = (): void => {
    const text = [...root.querySelectorAll('style')].map((style) => style.textContent ?? '').join('\n');
    if (text === current) return;
    current = text;
    sheet.replaceSync(text);
  };
  sync();
  // Rows change on every keystroke; only a change to a <style> is worth a look (re-parsing restyles the page).
  const isStyle = (node: Node | null): boolean => node?.nodeName === 'STYLE' || node?.parentNode?.nodeName === 'STYLE';
  const observer = new MutationObserver((records) => {
    if (records.some((r) => isStyle(r.target) || [...r.addedNodes].some(isStyle) || [...r.removedNodes].some((n) => n.nodeName === 'STYLE'))) sync();
  });
  observer.observe(root, { subtree: true, childList: true, characterData: true });
  return () => {
    observer.disconnect();
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
  };
}
