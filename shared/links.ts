/**
 * Which links from a terminal Berth opens, and the address it shows for one.
 * The page runs this to show the user the exact address that would open (the
 * URL parser's own form: IDN hosts as punycode, so a look-alike host shows as
 * `xn--…`; paths percent-encoded), and main runs it again on what the page
 * sends, because a program in the container wrote the link and the page is
 * not trusted to have checked it.
 */

export type LinkCheck = { ok: true; url: URL } | { ok: false; reason: string };

export function checkLink(raw: string): LinkCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'It is not a web address.' };
  }
  // javascript:, file: and custom schemes run or open things on this machine: not links for us.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `Berth opens only http and https links, not ${url.protocol}` };
  }
  // "https://bank.example@evil.example/" reads as the bank and goes to evil.example.
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: 'It carries a user name or password (user:password@), which can disguise where it goes.' };
  }
  return { ok: true, url };
}
