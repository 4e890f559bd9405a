/**
 * The ssh command line that reaches an engine exactly as the docker CLI's
 * ssh helper does: the system's `ssh` (its config, agent, known_hosts, any
 * key type OpenSSH takes) running `docker system dial-stdio` on the far
 * side, whose stdin and stdout then carry the engine's HTTP API. Pure, so
 * the arguments are unit-tested.
 */
import { shellSplit } from '#shared/run-cli';
import { EndpointError, type SshTarget } from './endpoint';

export interface SshCommand {
  command: string;
  args: string[];
}

/**
 * Splits BERTH_SSH_COMMAND as a POSIX shell would split words (quotes and
 * backslashes; shared/run-cli.ts's one splitter), without running a shell:
 * the setting names a program and its options, nothing more.
 */
export function splitCommandLine(text: string): string[] {
  const split = shellSplit(text);
  if ('error' in split) throw new EndpointError(`BERTH_SSH_COMMAND has an unclosed quote: ${split.error}`);
  return split.words;
}

/**
 * `ssh -o BatchMode=yes [BERTH_SSH_COMMAND's options] -T [-l user] [-p port]
 * -- host docker system dial-stdio`. BatchMode because Berth has no terminal
 * to prompt on: a key with a passphrase must be in the agent, an unknown host
 * key must be in known_hosts first (the error says so). `--` keeps a host
 * that starts with "-" from being read as an option.
 */
export function sshCommand(target: SshTarget, commandSetting: string | undefined): SshCommand {
  const [command = 'ssh', ...options] = commandSetting?.trim() ? splitCommandLine(commandSetting) : ['ssh'];
  // BatchMode first (ssh keeps an option's first value), so no setting can make it prompt; ConnectTimeout after, so a setting can change it.
  const args = ['-o', 'BatchMode=yes', ...options, '-o', 'ConnectTimeout=30', '-T'];
  if (target.user) args.push('-l', target.user);
  if (target.port) args.push('-p', String(target.port));
  args.push('--', target.host, 'docker', 'system', 'dial-stdio');
  return { command, args };
}
