/**
 * The browser-mode session token. It arrives once in the address Berth
 * printed (`?token=…`); we take it out of the address bar at once (it must
 * not linger in history, screenshots or a Referer) and keep it for this tab
 * only, so a reload still works.
 */
const STORAGE_KEY = 'berth-token';

export function takeSessionToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl !== null) {
    url.searchParams.delete('token');
    // Keep the path and hash (the route) as they were.
    window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
    if (fromUrl !== '') {
      sessionStorage.setItem(STORAGE_KEY, fromUrl);
      return fromUrl;
    }
  }
  const stored = sessionStorage.getItem(STORAGE_KEY);
  return stored === null || stored === '' ? null : stored;
}
