/**
 * Which shells a running container has. One exec of `sh` asks for all three
 * at once (`command -v` follows the container's own PATH); an image without
 * `sh` is tried shell by shell.
 */
import type Docker from 'dockerode';
import { PREFERRED_SHELLS } from '#shared/exec';
import { runExec } from './run';

export interface ShellChoice {
  shells: string[];
  preferred: string | null;
}

export async function detectShells(docker: Docker, id: string): Promise<ShellChoice> {
  const script = PREFERRED_SHELLS.map((s) => `command -v ${s} >/dev/null 2>&1 && echo ${s}`).join('; ') + '; true';
  let shells: string[];
  const viaSh = await runExec(docker, id, ['sh', '-c', script]).catch(() => null);
  if (viaSh !== null && viaSh.code === 0) {
    const found = new Set(viaSh.output.split('\n').map((line) => line.trim()));
    shells = PREFERRED_SHELLS.filter((s) => found.has(s));
  } else {
    shells = [];
    for (const shell of PREFERRED_SHELLS) {
      if (shell === 'sh') continue;
      const probe = await runExec(docker, id, [shell, '-c', 'exit 0']).catch(() => null);
      if (probe?.code === 0) shells.push(shell);
    }
  }
  return { shells, preferred: shells[0] ?? null };
}
