/**
 * Integration tests need a real engine and the busybox test image, both of
 * which `scripts/test-env.sh` (run by `npm test`) provides. Say so plainly
 * when they are missing rather than failing test by test.
 */
import { execFileSync } from 'node:child_process';
import { TEST_IMAGE } from './helpers';

export default function setup(): void {
  try {
    execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], { stdio: 'pipe' });
  } catch {
    throw new Error('No Docker engine answers. Run `bash scripts/test-env.sh` (or `npm test`, which runs it) first.');
  }
  try {
    execFileSync('docker', ['image', 'inspect', TEST_IMAGE], { stdio: 'pipe' });
  } catch {
    throw new Error(`The test image ${TEST_IMAGE} is missing. Run \`bash scripts/test-env.sh\` to build it.`);
  }
}
