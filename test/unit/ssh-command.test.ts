import { describe, expect, it } from 'vitest';
import { sshCommand, splitCommandLine } from '../../electron/engine/ssh-command';

const DIAL = ['--', 'box', 'docker', 'system', 'dial-stdio'];

describe('sshCommand, as the docker CLI runs ssh', () => {
  it('runs the system ssh with dial-stdio on the far side, user and port only when the address has them', () => {
    expect(sshCommand({ host: 'box' }, undefined)).toEqual({
      command: 'ssh',
      args: ['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=30', '-T', ...DIAL],
    });
    expect(sshCommand({ host: 'box', user: 'me', port: 2222 }, '')).toEqual({
      command: 'ssh',
      args: ['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=30', '-T', '-l', 'me', '-p', '2222', ...DIAL],
    });
  });

  it("takes BERTH_SSH_COMMAND's program and options, with BatchMode first so no setting can make it prompt", () => {
    const { command, args } = sshCommand({ host: 'box' }, "/opt/ssh -F '/my dir/config' -o BatchMode=no");
    expect(command).toBe('/opt/ssh');
    expect(args.slice(0, 6)).toEqual(['-o', 'BatchMode=yes', '-F', '/my dir/config', '-o', 'BatchMode=no']);
    expect(args.slice(-5)).toEqual(DIAL);
  });

  it('keeps a host that looks like an option after "--"', () => {
    expect(sshCommand({ host: '-oProxyCommand=evil' }, undefined).args.slice(-5)).toEqual(['--', '-oProxyCommand=evil', 'docker', 'system', 'dial-stdio']);
  });
});

describe('splitCommandLine', () => {
  it('splits words as a shell would, quotes and backslashes included, without running one', () => {
    expect(splitCommandLine('ssh  -i "/a b/key" -o \'X=1 2\' a\\ b ""')).toEqual(['ssh', '-i', '/a b/key', '-o', 'X=1 2', 'a b', '']);
    expect(splitCommandLine('ssh $(rm -rf /) ;')).toEqual(['ssh', '$(rm', '-rf', '/)', ';']);
  });

  it('refuses an unclosed quote', () => {
    expect(() => splitCommandLine('ssh -F "oops')).toThrow(/unclosed/);
  });
});
