/**
 * A registry's refusal in the user's words, with the engine's own at the end:
 * a tag that does not exist, no image for the platform asked, access refused
 * (log in), a registry that does not answer.
 */
import { DOCKER_HUB, registryOfReference } from '#shared/registries';

/** The registry a reference names, as the user knows it. */
function registryWords(reference: string): string {
  const registry = registryOfReference(reference);
  return registry === DOCKER_HUB ? 'Docker Hub' : registry;
}

export function registryProblem(action: string, reference: string, engineWords: string): string {
  const where = registryWords(reference);
  const words = engineWords.trim();
  const noPlatform = /no matching manifest for (\S+)/i.exec(words);
  if (noPlatform?.[1]) return `${platformMissing(action, reference, noPlatform[1])} (${words})`;
  if (/manifest unknown|manifest for .* not found|not found: manifest|reference does not exist|tag does not exist/i.test(words)) {
    return `${action} ${reference}: ${where} has no such tag or digest (${words})`;
  }
  if (/unauthorized|authentication required|denied|no basic auth credentials|incorrect username or password/i.test(words)) {
    return `${action} ${reference}: ${where} refused access; log in to it under Registries, or check the name (${words})`;
  }
  if (/connection refused|no such host|i\/o timeout|dial tcp|server misbehaving|EOF$/i.test(words)) {
    return `${action} ${reference}: the registry ${where} did not answer (${words})`;
  }
  if (/invalid reference format/i.test(words)) return `${action} ${reference}: not a valid image reference (${words})`;
  return `${action} ${reference}: ${words}`;
}

/** A pull for a platform the reference has no image of; `only` is the platform of the one image it has, when it has a single one. */
export function platformMissing(action: string, reference: string, platform: string, only?: string): string {
  return `${action} ${reference}: ${registryWords(reference)} has no ${platform} image under this name${only === undefined ? '' : ` (only ${only})`}`;
}
