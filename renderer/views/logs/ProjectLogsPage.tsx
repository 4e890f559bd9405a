/**
 * One merged log for a Compose project: every container of the project
 * (label com.docker.compose.project), each line marked with its service, in
 * time order. New containers of the project join while it is open.
 */
import type { ReactNode } from 'react';
import { ProjectNameSchema } from '#shared/logs';
import { useEngineId } from '../../engines/scope';
import { href, paths } from '../../routes';
import { useEngineStore } from '../../store/engineStore';
import { LogViewer } from './LogViewer';

export function ProjectLogsPage({ name }: { name: string }): ReactNode {
  const engine = useEngineId();
  const services = useEngineStore((store) => {
    const names = new Set<string>();
    for (const c of store.containers.byId.values()) {
      if (c.labels['com.docker.compose.project'] === name) names.add(c.labels['com.docker.compose.service'] ?? c.name);
    }
    return [...names].sort().join(', ');
  });
  const valid = ProjectNameSchema.safeParse(name).success;
  return (
    <section className="view" aria-labelledby="project-logs-heading">
      <p className="breadcrumb">
        <a href={href(paths.containers(engine))}>All containers</a>
      </p>
      <h1 id="project-logs-heading">Logs of project {name}</h1>
      {!valid ? (
        <p role="alert" className="error">
          “{name}” is not a Compose project name.
        </p>
      ) : (
        <>
          <p className="muted">{services ? `Services: ${services}` : 'No containers of this project yet; they appear here when they are created.'}</p>
          <LogViewer source={{ kind: 'project', name }} title={`project ${name}`} fileName={`${name}-project`} />
        </>
      )}
    </section>
  );
}
