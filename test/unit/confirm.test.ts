import { describe, expect, it } from 'vitest';
import { ConfirmedSchema, confirmationMatches, confirmationProblem, requireConfirmed, type Deletion } from '#shared/confirm';
import { RemoteError } from '#shared/protocol';

const ID = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
const container = { id: ID, names: ['/web-1'] };
const VOLUME = 'f'.repeat(64);
const deletion = (also: string[] = []): Deletion => ({ kind: 'container', ...container, also, alsoKind: 'anonymous volume' });
const confirmed = (name: string, also?: string[]) => ConfirmedSchema.parse({ name, also });

describe('confirmationMatches', () => {
  it('accepts the name with or without "/", the full id and the 12-digit short id', () => {
    for (const named of ['web-1', '/web-1', ID, ID.slice(0, 12)]) expect(confirmationMatches(named, container)).toBe(true);
  });

  it('refuses another name, a case change, another prefix of the id, and the empty name', () => {
    for (const named of ['web-2', 'Web-1', 'web', '//web-1', ID.slice(0, 11), ID.slice(0, 13), ID.slice(1, 13), `${ID}0`, '', '/']) {
      expect(confirmationMatches(named, container), named).toBe(false);
    }
  });

  it('takes an image id with or without its sha256: prefix, and any of its names', () => {
    const image = { id: `sha256:${ID}`, names: ['berth-test/busybox:latest', 'busybox:1'] };
    for (const named of [`sha256:${ID}`, ID, ID.slice(0, 12), 'busybox:1']) expect(confirmationMatches(named, image)).toBe(true);
    expect(confirmationMatches('sha256:0123456789ab', image)).toBe(false);
  });
});

describe('confirmationProblem', () => {
  it('says what was named and what the object is', () => {
    expect(confirmationProblem(confirmed('db-1'), deletion())).toBe(
      'Berth did not delete container web-1 (0123456789ab): the confirmation named "db-1", which is not it.',
    );
  });

  it('wants every thing that goes with the object named in full, and ignores names of things that do not go', () => {
    expect(confirmationProblem(confirmed('web-1'), deletion([VOLUME]))).toMatch(/also delete anonymous volume ffffffffffff, which the confirmation did not name/);
    expect(confirmationProblem(confirmed('web-1', [VOLUME.slice(0, 12)]), deletion([VOLUME]))).not.toBeNull();
    expect(confirmationProblem(confirmed('web-1', [VOLUME]), deletion([VOLUME]))).toBeNull();
    expect(confirmationProblem(confirmed('web-1', [VOLUME]), deletion())).toBeNull();
  });

  it('throws an unconfirmed RemoteError', () => {
    expect(() => requireConfirmed(confirmed('web-2'), deletion())).toThrow(RemoteError);
    expect(() => requireConfirmed(confirmed('web-2'), deletion())).toThrow(expect.objectContaining({ code: 'unconfirmed' }));
    expect(() => requireConfirmed(confirmed(ID), deletion())).not.toThrow();
  });

  it('has a confirmation name at all: empty and absent are schema errors', () => {
    expect(ConfirmedSchema.safeParse({ name: '' }).success).toBe(false);
    expect(ConfirmedSchema.safeParse({}).success).toBe(false);
    expect(ConfirmedSchema.safeParse({ name: 'web-1', extra: true }).success).toBe(false);
  });
});
