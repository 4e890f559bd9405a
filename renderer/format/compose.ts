/** What Docker Compose writes on the containers it makes, read the way `docker compose ps` reads it. */
import type { Container } from '#shared/model';

export const COMPOSE_PROJECT_LABEL = 'com.docker.compose.project';
export const COMPOSE_SERVICE_LABEL = 'com.docker.compose.service';

/** The Compose project a container belongs to, or null when Compose did not make it. */
export function composeProject(container: Container): string | null {
  const project = container.labels[COMPOSE_PROJECT_LABEL];
  return project === undefined || project === '' ? null : project;
}

export function composeService(container: Container): string | null {
  return container.labels[COMPOSE_SERVICE_LABEL] ?? null;
}

/** "3 containers, 2 running" for a project's header. */
export function projectSummary(members: readonly Pick<Container, 'state'>[]): string {
  const running = members.filter((c) => c.state === 'running').length;
  const count = members.length === 1 ? '1 container' : `${members.length} containers`;
  return running === members.length ? `${count}, all running` : running === 0 ? `${count}, none running` : `${count}, ${running} running`;
}
