/**
 * The Add engine form: each field gets main's own words for what is wrong
 * with it (the schemas of shared/engines.ts), and TLS goes only with a
 * tcp:// address.
 */
import { describe, expect, it } from 'vitest';
import { addEngineArgs, emptyAddEngineForm, testConnectionArgs, type AddEngineForm } from '../../renderer/engines/addForm';

const form = (patch: Partial<AddEngineForm>): AddEngineForm => ({ ...emptyAddEngineForm, ...patch });

describe('the Add engine form', () => {
  it('marks each bad field with the schema’s message', () => {
    expect(addEngineArgs(form({ url: 'http://host:2375' }))).toEqual({
      ok: false,
      errors: { name: 'an engine needs a name', url: 'an engine address starts with ssh://, tcp://, unix:// or npipe://' },
    });
    expect(addEngineArgs(form({ name: 'ci', url: 'tcp://ci:2376', key: 'key.pem' }))).toEqual({ ok: false, errors: { key: 'must be an absolute path' } });
  });

  it('sends TLS only for tcp://, and only what was given', () => {
    expect(addEngineArgs(form({ name: ' ci ', url: 'tcp://ci:2376' }))).toEqual({ ok: true, value: { name: 'ci', connection: { url: 'tcp://ci:2376' } } });
    expect(addEngineArgs(form({ name: 'ci', url: 'tcp://ci:2376', ca: '/c/ca.pem', skipVerify: false }))).toEqual({
      ok: true,
      value: { name: 'ci', connection: { url: 'tcp://ci:2376', tls: { ca: '/c/ca.pem', skipVerify: false } } },
    });
    expect(testConnectionArgs(form({ url: 'tcp://ci:2376', skipVerify: true }))).toEqual({
      ok: true,
      value: { connection: { url: 'tcp://ci:2376', tls: { skipVerify: true } } },
    });
    // Typed while the address was tcp://, then the address changed: the hidden files do not go.
    expect(addEngineArgs(form({ name: 'b', url: 'unix:///run/b.sock', ca: '/c/ca.pem', skipVerify: true }))).toEqual({
      ok: true,
      value: { name: 'b', connection: { url: 'unix:///run/b.sock' } },
    });
  });

  it('tests a connection without a name', () => {
    expect(testConnectionArgs(form({ url: 'ssh://me@host' }))).toEqual({ ok: true, value: { connection: { url: 'ssh://me@host' } } });
    expect(testConnectionArgs(form({ url: '' }))).toMatchObject({ ok: false, errors: { url: expect.any(String) } });
  });
});
