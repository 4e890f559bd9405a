/**
 * The "Add engine" form as typed, and the request it makes. Checked with the
 * very schemas main checks `engines.add` and `engines.test` with
 * (shared/engines.ts), so each field shows main's own words, on that field.
 */
import { engineListRequests, type EngineConnection } from '#shared/engines';
import type { z } from 'zod';

export interface AddEngineForm {
  name: string;
  url: string;
  ca: string;
  cert: string;
  key: string;
  skipVerify: boolean;
}

export type AddEngineField = keyof AddEngineForm;
export type AddEngineErrors = Partial<Record<AddEngineField, string>>;

export const emptyAddEngineForm: AddEngineForm = { name: '', url: '', ca: '', cert: '', key: '', skipVerify: false };

/** TLS files and verification are a tcp:// address's only; the form shows them for one. */
export function usesTls(url: string): boolean {
  return url.trim().startsWith('tcp://');
}

function connectionOf(form: AddEngineForm): unknown {
  if (!usesTls(form.url)) return { url: form.url };
  const file = (path: string) => (path.trim() === '' ? undefined : path.trim());
  const tls = { ca: file(form.ca), cert: file(form.cert), key: file(form.key), skipVerify: form.skipVerify };
  const any = tls.ca !== undefined || tls.cert !== undefined || tls.key !== undefined || tls.skipVerify;
  return any ? { url: form.url, tls } : { url: form.url };
}

/** The field an issue of either schema is about: its last named step (connection.tls.ca → ca). */
function fieldOf(issue: z.ZodError['issues'][number]): AddEngineField | null {
  const [head, second, third] = issue.path;
  if (head === 'name') return 'name';
  if (head !== 'connection') return null;
  if (second === 'url') return 'url';
  if (second === 'tls' && (third === 'ca' || third === 'cert' || third === 'key')) return third;
  if (second === 'tls' && third === 'skipVerify') return 'skipVerify';
  return 'url';
}

function errorsOf(error: z.ZodError): AddEngineErrors {
  const errors: AddEngineErrors = {};
  for (const issue of error.issues) {
    const field = fieldOf(issue);
    if (field !== null) errors[field] ??= issue.message;
  }
  return errors;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: AddEngineErrors };

/** The arguments of `engines.add`, or what is wrong with each field. */
export function addEngineArgs(form: AddEngineForm): Checked<z.output<(typeof engineListRequests)['engines.add']['args']>> {
  const parsed = engineListRequests['engines.add'].args.safeParse({ name: form.name, connection: connectionOf(form) });
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: errorsOf(parsed.error) };
}

/** The connection `engines.test` tries (the name is not needed for a test). */
export function testConnectionArgs(form: AddEngineForm): Checked<{ connection: EngineConnection }> {
  const parsed = engineListRequests['engines.test'].args.safeParse({ connection: connectionOf(form) });
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: errorsOf(parsed.error) };
}
