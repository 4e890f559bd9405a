/**
 * Labels and driver options as the user types them: one `key=value` per
 * line (the docker CLI's `--label k=v`, `--opt k=v`). Pure, for the forms.
 */

export type Parsed = { ok: true; value: Record<string, string> } | { ok: false; error: string };

/** Blank lines are skipped; a line without "=" is a key with an empty value, as the CLI takes `--label k`. */
export function parseKeyValues(text: string, what: string): Parsed {
  const value: Record<string, string> = {};
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const cut = line.indexOf('=');
    const key = (cut === -1 ? line : line.slice(0, cut)).trim();
    if (key === '') return { ok: false, error: `Line ${index + 1}: a ${what} needs a name before "=".` };
    if (Object.hasOwn(value, key)) return { ok: false, error: `Line ${index + 1}: ${what} ${key} is given twice.` };
    value[key] = cut === -1 ? '' : line.slice(cut + 1).trim();
  }
  return { ok: true, value };
}
