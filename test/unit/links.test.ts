import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { execRequests } from '#shared/exec';
import { checkLink } from '#shared/links';
import { RemoteError } from '#shared/protocol';
import { openConfirmedLink } from '../../electron/engine/exec/links';

/** Main's gate as Electron injects it, recording what it would open. */
function recordingGate(): { opened: string[]; openExternal: (url: URL) => Promise<void> } {
  const opened: string[] = [];
  return { opened, openExternal: async (url) => void opened.push(url.href) };
}

describe('checkLink', () => {
  it('accepts http and https, in the form the URL parser gives (what the confirmation shows)', () => {
    const shown = (raw: string): string | null => {
      const checked = checkLink(raw);
      return checked.ok ? checked.url.href : null;
    };
    expect(shown('http://example.invalid/real')).toBe('http://example.invalid/real');
    expect(shown('HTTPS://Example.INVALID:443/a b?q=ü')).toBe('https://example.invalid/a%20b?q=%C3%BC');
    expect(shown('  http://example.invalid/x\n')).toBe('http://example.invalid/x');
    // A Cyrillic look-alike of apple.com shows as punycode, so it cannot pass for the real host.
    expect(shown('https://аррӏе.com/login')).toBe('https://xn--80ak6aa92e.com/login');
  });

  it('refuses other schemes, non-addresses and addresses with a user name or password', () => {
    for (const raw of ['javascript:alert(1)', 'file:///etc/passwd', 'ftp://example.invalid/', 'vscode://x', 'data:text/html,hi', 'example.invalid', '']) {
      expect(checkLink(raw), raw).toMatchObject({ ok: false });
    }
    for (const raw of ['https://bank.example@evil.example/', 'http://user:secret@example.invalid/', 'http://:secret@example.invalid/']) {
      expect(checkLink(raw), raw).toEqual({ ok: false, reason: expect.stringContaining('user name or password') });
    }
  });
});

describe('exec.openLink in main', () => {
  it('needs the confirmed address in the request', () => {
    const args = execRequests['exec.openLink'].args;
    expect(args.safeParse({ url: 'http://example.invalid/' }).success).toBe(false);
    expect(args.safeParse({ url: 'http://example.invalid/', confirmed: 'http://example.invalid/' }).success).toBe(true);
  });

  it('opens through the gate only the address that was confirmed, normalised', async () => {
    const gate = recordingGate();
    await expect(openConfirmedLink({ url: 'HTTP://Example.invalid/real', confirmed: 'http://example.invalid/real' }, gate.openExternal)).resolves.toEqual({
      url: 'http://example.invalid/real',
      opened: true,
    });
    expect(gate.opened).toEqual(['http://example.invalid/real']);
  });

  it('refuses, opening nothing, when the confirmation showed something else', async () => {
    const gate = recordingGate();
    const refused = [
      // The OSC 8 label, or any other text, is not the address.
      { url: 'http://example.invalid/real', confirmed: 'label' },
      { url: 'http://example.invalid/real', confirmed: 'http://example.invalid/other' },
      // What the user saw is the normalised form; the raw text was never shown.
      { url: 'HTTP://Example.invalid/real', confirmed: 'HTTP://Example.invalid/real' },
      { url: 'https://аррӏе.com/', confirmed: 'https://аррӏе.com/' },
      { url: 'http://example.invalid/real', confirmed: '' },
      // Confirmed or not, these never open.
      { url: 'javascript:alert(1)', confirmed: 'javascript:alert(1)' },
      { url: 'file:///etc/passwd', confirmed: 'file:///etc/passwd' },
      { url: 'https://bank.example@evil.example/', confirmed: 'https://bank.example@evil.example/' },
    ];
    for (const request of refused) {
      await expect(openConfirmedLink(request, gate.openExternal), JSON.stringify(request)).rejects.toMatchObject({ code: 'bad-request' });
    }
    expect(gate.opened).toEqual([]);
  });

  it('in browser mode checks the same way and leaves the opening to the page', async () => {
    await expect(openConfirmedLink({ url: 'https://example.invalid/a', confirmed: 'https://example.invalid/a' })).resolves.toEqual({
      url: 'https://example.invalid/a',
      opened: false,
    });
    await expect(openConfirmedLink({ url: 'https://example.invalid/a', confirmed: 'https://example.invalid/b' })).rejects.toBeInstanceOf(RemoteError);
  });

  it('whatever the page sends, opens only an http(s) address without credentials that equals what was confirmed', async () => {
    const text = fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true, authoritySettings: { withUserInfo: true } }), fc.string());
    await fc.assert(
      fc.asyncProperty(text, fc.boolean(), text, async (url, confirmItsForm, other) => {
        const checked = checkLink(url);
        const confirmed = confirmItsForm && checked.ok ? checked.url.href : other;
        const gate = recordingGate();
        const answer = await openConfirmedLink({ url, confirmed }, gate.openExternal).catch((error: unknown) => error);
        if (answer instanceof RemoteError) {
          expect(gate.opened).toEqual([]);
          return;
        }
        expect(gate.opened).toEqual([confirmed]);
        const opened = new URL(confirmed);
        expect(['http:', 'https:']).toContain(opened.protocol);
        expect(opened.username + opened.password).toBe('');
      }),
    );
  });
});
