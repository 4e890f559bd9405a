import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { connectionOptions, resolveEndpoint, sshTarget, type EndpointInputs } from '../../electron/engine/endpoint';

function inputs(env: Record<string, string>, files: Record<string, string> = {}, platform: NodeJS.Platform = 'linux'): EndpointInputs {
  return { env, platform, homedir: '/home/u', readFile: (p) => files[p] };
}

const sha = (name: string) => createHash('sha256').update(name).digest('hex');
const meta = (name: string, host: string, dir = '/home/u/.docker') => ({
  [`${dir}/contexts/meta/${sha(name)}/meta.json`]: JSON.stringify({ Name: name, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }),
});

describe('resolveEndpoint, as the docker CLI chooses', () => {
  it('defaults to the platform socket', () => {
    expect(resolveEndpoint(inputs({}))).toEqual({ url: 'unix:///var/run/docker.sock', source: 'default' });
    expect(resolveEndpoint(inputs({}, {}, 'win32')).url).toBe('npipe:////./pipe/docker_engine');
  });

  it('prefers DOCKER_HOST over any context', () => {
    const files = { '/home/u/.docker/config.json': '{"currentContext":"remote"}', ...meta('remote', 'tcp://10.0.0.1:2375') };
    expect(resolveEndpoint(inputs({ DOCKER_HOST: 'unix:///tmp/d.sock', DOCKER_CONTEXT: 'remote' }, files))).toEqual({
      url: 'unix:///tmp/d.sock',
      source: 'DOCKER_HOST',
    });
  });

  it('uses DOCKER_CONTEXT before config.json', () => {
    const files = {
      '/home/u/.docker/config.json': '{"currentContext":"one"}',
      ...meta('one', 'unix:///one.sock'),
      ...meta('two', 'unix:///two.sock'),
    };
    expect(resolveEndpoint(inputs({ DOCKER_CONTEXT: 'two' }, files))).toEqual({ url: 'unix:///two.sock', source: 'context "two"' });
    expect(resolveEndpoint(inputs({}, files))).toEqual({ url: 'unix:///one.sock', source: 'context "one"' });
  });

  it('treats the "default" context as no context', () => {
    const files = { '/home/u/.docker/config.json': '{"currentContext":"default"}' };
    expect(resolveEndpoint(inputs({}, files)).source).toBe('default');
    expect(resolveEndpoint(inputs({ DOCKER_CONTEXT: 'default' }, meta('x', 'unix:///x'))).source).toBe('default');
  });

  it('honours DOCKER_CONFIG for config.json and the context store', () => {
    const files = { '/cfg/config.json': '{"currentContext":"c"}', ...meta('c', 'ssh://me@box', '/cfg') };
    expect(resolveEndpoint(inputs({ DOCKER_CONFIG: '/cfg' }, files)).url).toBe('ssh://me@box');
  });

  it('reads a context\'s TLS files', () => {
    const dir = `/home/u/.docker/contexts/tls/${sha('secure')}/docker`;
    const files = { ...meta('secure', 'tcp://h:2376'), [`${dir}/ca.pem`]: 'CA', [`${dir}/cert.pem`]: 'CERT', [`${dir}/key.pem`]: 'KEY' };
    const endpoint = resolveEndpoint(inputs({ DOCKER_CONTEXT: 'secure' }, files));
    expect(endpoint.tls).toEqual({ ca: 'CA', cert: 'CERT', key: 'KEY', verify: true });
    expect(connectionOptions(endpoint)).toEqual({ protocol: 'https', host: 'h', port: 2376, ca: 'CA', cert: 'CERT', key: 'KEY', verify: true });
  });

  it('says which context is missing or broken', () => {
    expect(() => resolveEndpoint(inputs({ DOCKER_CONTEXT: 'nope' }))).toThrow(/Docker context "nope" not found/);
    expect(() => resolveEndpoint(inputs({}, { '/home/u/.docker/config.json': '{oops' }))).toThrow(/not valid JSON/);
  });
});

describe('connectionOptions', () => {
  it('maps each scheme to what dockerode takes', () => {
    expect(connectionOptions({ url: 'unix:///var/run/docker.sock', source: '' })).toEqual({ socketPath: '/var/run/docker.sock' });
    expect(connectionOptions({ url: 'npipe:////./pipe/docker_engine', source: '' })).toEqual({ socketPath: '\\\\.\\pipe\\docker_engine' });
    expect(connectionOptions({ url: 'tcp://127.0.0.1:2375', source: '' })).toEqual({ protocol: 'http', host: '127.0.0.1', port: 2375 });
    expect(connectionOptions({ url: 'ssh://me@box:2222', source: '' })).toEqual({ protocol: 'ssh', target: { host: 'box', port: 2222, user: 'me' } });
    expect(connectionOptions({ url: 'ssh://box', source: '' })).toEqual({ protocol: 'ssh', target: { host: 'box' } });
    expect(() => connectionOptions({ url: 'fd://', source: '' })).toThrow(/Unsupported/);
  });
});

describe('TLS verification, as the CLI does it', () => {
  it("skips verification for a context's SkipTLSVerify, and only then", () => {
    const dir = `/home/u/.docker/contexts/tls/${sha('lax')}/docker`;
    const files = {
      [`/home/u/.docker/contexts/meta/${sha('lax')}/meta.json`]: JSON.stringify({ Name: 'lax', Endpoints: { docker: { Host: 'tcp://h:2376', SkipTLSVerify: true } } }),
      [`${dir}/ca.pem`]: 'CA',
    };
    expect(connectionOptions(resolveEndpoint(inputs({ DOCKER_CONTEXT: 'lax' }, files)))).toMatchObject({ protocol: 'https', verify: false });
  });

  it('verifies with DOCKER_TLS_VERIFY, and encrypts without verifying when only DOCKER_CERT_PATH is set', () => {
    const files = { '/certs/ca.pem': 'CA', '/certs/cert.pem': 'CERT', '/certs/key.pem': 'KEY' };
    const verified = resolveEndpoint(inputs({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }, files));
    expect(connectionOptions(verified)).toEqual({ protocol: 'https', host: 'h', port: 2376, ca: 'CA', cert: 'CERT', key: 'KEY', verify: true });
    const unverified = resolveEndpoint(inputs({ DOCKER_HOST: 'tcp://h:2376', DOCKER_CERT_PATH: '/certs' }, files));
    expect(connectionOptions(unverified)).toMatchObject({ protocol: 'https', verify: false });
  });

  it('an https:// address with no files verifies against the system roots', () => {
    expect(connectionOptions({ url: 'https://h:2376', source: '' })).toEqual({ protocol: 'https', host: 'h', port: 2376, verify: true });
  });
});

describe('sshTarget', () => {
  it('reads user, host and port, and an IPv6 host without its brackets', () => {
    expect(sshTarget('ssh://me@box:2222')).toEqual({ user: 'me', host: 'box', port: 2222 });
    expect(sshTarget('ssh://[::1]:22')).toEqual({ host: '::1', port: 22 });
  });

  it('refuses what the CLI refuses: a password, a path, no host', () => {
    expect(() => sshTarget('ssh://me:secret@box')).toThrow(/password/);
    expect(() => sshTarget('ssh://box/var/run/docker.sock')).toThrow(/no path/);
    expect(() => sshTarget('ssh://')).toThrow();
  });
});
