/** Which steps of an image's history made no layer, as both builders record them. */
import { describe, expect, it } from 'vitest';
import { isEmptyStep } from '../../electron/engine/images/actions';
import { loadOutcome, savedName } from '../../electron/engine/images/handlers';

describe('isEmptyStep', () => {
  it('folds config-only steps of the legacy builder and of BuildKit', () => {
    expect(isEmptyStep('/bin/sh -c #(nop)  ENV MARK=1', 0)).toBe(true);
    expect(isEmptyStep('/bin/sh -c #(nop)  CMD ["sh"]', 0)).toBe(true);
    expect(isEmptyStep('LABEL a=b', 0)).toBe(true);
    expect(isEmptyStep('EXPOSE map[80/tcp:{}]', 0)).toBe(true);
  });

  it('keeps a step that made a layer, even of 0 bytes', () => {
    expect(isEmptyStep('/bin/sh -c rm /data/big', 0)).toBe(false);
    expect(isEmptyStep('RUN /bin/sh -c rm /x # buildkit', 0)).toBe(false);
    expect(isEmptyStep('/bin/sh -c #(nop) COPY file:abc in /data ', 0)).toBe(false);
    expect(isEmptyStep('/bin/sh -c #(nop)  ENV X=1', 10)).toBe(false);
  });
});

describe('loadOutcome', () => {
  it('reads the images the engine loaded, or its error', () => {
    expect(loadOutcome('{"stream":"Loaded image: a/b:1\\n"}\n{"stream":"Loaded image ID: sha256:abc\\n"}\n')).toEqual({ loaded: ['a/b:1', 'sha256:abc'] });
    expect(loadOutcome('{"errorDetail":{"message":"unexpected EOF"},"error":"unexpected EOF"}\n')).toEqual({ error: 'unexpected EOF' });
  });
});

describe('savedName', () => {
  it('names the file by its tag, or its short id', () => {
    expect(savedName(['registry:5000/a/b:1'], 'sha256:0123456789abcdef')).toBe('registry_5000_a_b_1.tar');
    expect(savedName([], 'sha256:0123456789abcdef')).toBe('0123456789ab.tar');
  });
});
