/** The one rule for a failure's text: the words of whoever failed, never "[object Object]". */
import { describe, expect, it } from 'vitest';
import { RemoteError } from '#shared/protocol';
import { errorText } from '../../renderer/format/errors';

describe('errorText', () => {
  it('gives an error its own message, a remote one included', () => {
    expect(errorText(new Error('port is already allocated'))).toBe('port is already allocated');
    expect(errorText(new RemoteError({ code: 'engine', message: 'No such container: web' }))).toBe('No such container: web');
  });

  it('gives a plain object with a message that message, not "[object Object]"', () => {
    expect(errorText({ code: 'unavailable', message: 'the connection dropped' })).toBe('the connection dropped');
  });

  it('keeps a string as it is and writes anything else out', () => {
    expect(errorText('refused')).toBe('refused');
    expect(errorText(undefined)).toBe('undefined');
    expect(errorText(42)).toBe('42');
    expect(errorText({ message: 7 })).toBe('[object Object]');
    expect(errorText(null)).toBe('null');
  });
});
