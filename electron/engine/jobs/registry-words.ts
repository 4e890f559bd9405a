/**
 * A registry's refusal in the user's words, with the engine's own at the end:
 * a tag that does not exist, access refused (log in), a registry that does
 * not answer.
 */
import { DOCKER_HUB, registryOfReference } from '#shared/registries';

export function registryProblem(action: string, reference: string, engineWords: string): string {
  const registry = registryOfReference(reference);
  const where = registry === DOCKER_HUB ? 'Docker Hub' : registry;
  const words = engineWords.trim();
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
