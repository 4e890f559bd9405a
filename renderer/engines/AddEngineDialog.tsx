/**
 * "Add engine": a name and an address (ssh://, tcp:// with its TLS files, or
 * a socket), a test that shows who answers before anything is kept, and the
 * request that keeps it. Each field shows what is wrong with it in main's
 * words (addForm.ts); what the engine says goes under the test button.
 */
import { useId, useRef, useState, type ReactNode } from 'react';
import { useLocation } from 'wouter';
import type { AppRequestResult } from '#shared/contract';
import { FormDialog } from '../components/FormDialog';
import { useBerthClient } from '../hooks/useClient';
import { paths } from '../routes';
import { addEngineArgs, emptyAddEngineForm, testConnectionArgs, usesTls, type AddEngineErrors, type AddEngineField, type AddEngineForm } from './addForm';

type TestResult = AppRequestResult<'engines.test'>;
type Test = { state: 'running' } | { state: 'done'; result: TestResult } | { state: 'failed'; error: string } | null;

const FIELD_ORDER: readonly AddEngineField[] = ['name', 'url', 'ca', 'cert', 'key', 'skipVerify'];

export function AddEngineDialog({ onClose }: { onClose(): void }): ReactNode {
  const client = useBerthClient();
  const [, navigate] = useLocation();
  const prefix = useId();
  const [form, setForm] = useState<AddEngineForm>(emptyAddEngineForm);
  const [errors, setErrors] = useState<AddEngineErrors>({});
  const [test, setTest] = useState<Test>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const fields = useRef<Partial<Record<AddEngineField, HTMLInputElement | null>>>({});
  const tls = usesTls(form.url);

  const id = (field: AddEngineField) => `${prefix}-${field}`;
  const set = <K extends AddEngineField>(field: K, value: AddEngineForm[K]): void => {
    setForm((f) => ({ ...f, [field]: value }));
    // What was said about a field no longer holds once it changes; nor does a test of the old address.
    setErrors((e) => (e[field] === undefined ? e : { ...e, [field]: undefined }));
    setTest(null);
  };
  /** Marks the fields and moves focus to the first, so keyboard and screen reader users land on it. */
  const showErrors = (found: AddEngineErrors): void => {
    setErrors(found);
    const first = FIELD_ORDER.find((field) => found[field] !== undefined);
    if (first !== undefined) fields.current[first]?.focus();
  };
  const input = (field: Exclude<AddEngineField, 'skipVerify'>, label: string, hint?: string, placeholder?: string): ReactNode => {
    const error = errors[field];
    const hintId = hint === undefined ? undefined : `${id(field)}-hint`;
    const describedBy = [error !== undefined ? `${id(field)}-error` : undefined, hintId].filter(Boolean).join(' ') || undefined;
    return (
      <>
        <label htmlFor={id(field)}>{label}</label>
        <input
          id={id(field)}
          ref={(element) => {
            fields.current[field] = element;
            if (field === 'name') nameRef.current = element;
          }}
          value={form[field]}
          placeholder={placeholder}
          onChange={(event) => set(field, event.target.value)}
          aria-invalid={error !== undefined ? true : undefined}
          aria-describedby={describedBy}
          autoComplete="off"
          spellCheck={false}
        />
        {error !== undefined && (
          <span id={`${id(field)}-error`} className="engine-field-error">
            {error}
          </span>
        )}
        {hint !== undefined && (
          <span id={hintId} className="engine-field-hint">
            {hint}
          </span>
        )}
      </>
    );
  };

  const runTest = (): void => {
    const checked = testConnectionArgs(form);
    if (!checked.ok) return showErrors(checked.errors);
    setTest({ state: 'running' });
    client.call('engines.test', checked.value).then(
      (result) => setTest({ state: 'done', result }),
      (error: unknown) => setTest({ state: 'failed', error: error instanceof Error ? error.message : String(error) }),
    );
  };

  return (
    <FormDialog
      title="Add engine"
      submitLabel="Add engine"
      initialFocus={nameRef}
      onClose={onClose}
      onSubmit={async () => {
        const checked = addEngineArgs(form);
        if (!checked.ok) {
          showErrors(checked.errors);
          throw new Error('Correct the marked fields.');
        }
        const added = await client.call('engines.add', checked.value);
        // The engine list reaches the renderer before this answer (one socket, in order): its page knows it.
        navigate(paths.containers(added.id));
      }}
    >
      {input('name', 'Name', undefined, 'build-server')}
      {input('url', 'Address', 'ssh://user@host[:port] (your ssh configuration and agent), tcp://host:port, or unix:///path/to/docker.sock', 'ssh://me@build-server')}
      {tls && (
        <fieldset className="engine-tls">
          <legend>TLS (leave empty for plain HTTP)</legend>
          {input('ca', 'CA certificate file', undefined, '/home/me/.docker/ca.pem')}
          {input('cert', 'Client certificate file', undefined, '/home/me/.docker/cert.pem')}
          {input('key', 'Client key file', undefined, '/home/me/.docker/key.pem')}
          <p className="dialog-check">
            <input
              id={id('skipVerify')}
              type="checkbox"
              ref={(element) => {
                fields.current.skipVerify = element;
              }}
              checked={form.skipVerify}
              onChange={(event) => set('skipVerify', event.target.checked)}
              aria-describedby={form.skipVerify ? `${id('skipVerify')}-warning` : undefined}
            />
            <label htmlFor={id('skipVerify')}>Skip certificate verification</label>
          </p>
          {form.skipVerify && (
            <span id={`${id('skipVerify')}-warning`} className="engine-field-warning">
              Any server can pose as this engine: the connection is encrypted, but not to a server Berth has checked. Whoever answers gets
              root on the host through it.
            </span>
          )}
        </fieldset>
      )}
      <div className="engine-test">
        <button type="button" onClick={runTest} disabled={test?.state === 'running'}>
          Test connection
        </button>
        <div aria-live="polite" className="engine-test-result">
          <TestOutcome test={test} />
        </div>
      </div>
    </FormDialog>
  );
}

function TestOutcome({ test }: { test: Test }): ReactNode {
  if (test === null) return null;
  if (test.state === 'running') return <p className="muted">Connecting…</p>;
  if (test.state === 'failed') return <p className="error">{test.error}</p>;
  const { result } = test;
  if (!result.ok) return <p className="error">{result.error}</p>;
  const { info } = result;
  return (
    <p>
      Answered: Docker {info.version} on {info.operatingSystem} ({info.os}/{info.arch}), named {info.name}
    </p>
  );
}
