/**
 * A registry's refusal in the user's words: a platform the reference has no
 * image of is said as such, whether the engine refused it (a manifest list
 * without that platform) or Berth found it after the pull (a single image).
 */
import { describe, expect, it } from 'vitest';
import { platformMissing, registryProblem } from '../../electron/engine/jobs/registry-words';

describe('registry words', () => {
  it('names the platform a manifest list lacks, with the engine’s words at the end', () => {
    const engine = 'no matching manifest for linux/s390x in the manifest list entries';
    expect(registryProblem('Could not pull', 'localhost:5000/app:1', engine)).toBe(
      `Could not pull localhost:5000/app:1: localhost:5000 has no linux/s390x image under this name (${engine})`,
    );
  });

  it('names the one platform a single image has, and Docker Hub by its name', () => {
    expect(platformMissing('Could not pull', 'busybox:1', 'linux/arm64', 'linux/amd64')).toBe('Could not pull busybox:1: Docker Hub has no linux/arm64 image under this name (only linux/amd64)');
  });
});
