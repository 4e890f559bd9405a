/**
 * Opening a link the user clicked in a terminal. A program in the container
 * wrote the link (an OSC 8 hyperlink can show one text and point elsewhere),
 * so main opens one only when the request carries the address the user
 * confirmed and that address is what this link normalises to; the page shows
 * it in full before asking.
 */
import { RemoteError } from '#shared/protocol';
import { checkLink } from '#shared/links';

export interface OpenLinkRequest {
  url: string;
  /** The address the confirmation showed, as `checkLink` normalised it. */
  confirmed: string;
}

/** Electron's one gate to the user's browser; absent in browser mode, where the page opens the address main returns. */
export type OpenExternal = (url: URL) => Promise<void>;

export async function openConfirmedLink({ url, confirmed }: OpenLinkRequest, openExternal?: OpenExternal): Promise<{ url: string; opened: boolean }> {
  const checked = checkLink(url);
  if (!checked.ok) throw new RemoteError({ code: 'bad-request', message: `Berth will not open this link. ${checked.reason}` });
  if (confirmed !== checked.url.href) {
    throw new RemoteError({ code: 'bad-request', message: `Berth opens a link only once its full address was confirmed, and ${checked.url.href} was not.` });
  }
  if (openExternal) await openExternal(checked.url);
  return { url: checked.url.href, opened: Boolean(openExternal) };
}
