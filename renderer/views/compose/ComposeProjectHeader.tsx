/**
 * The header row of a Compose project in the Containers table: fold and
 * unfold it, see how many of its containers run, and start, stop, restart or
 * remove the whole project at once (as `docker compose start/stop/restart/rm`
 * would), each container's progress and error shown on its own row.
 */
import { useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Container } from '#shared/model';
import type { GroupHeaderProps } from '../../components/ResourceTable';
import { RemoveContainersDialog } from '../../components/RemoveContainersDialog';
import { composeProject, projectSummary } from '../../format/compose';
import { isActionAvailable, type LifecycleAction } from '../../format/lifecycle';
import { useClient } from '../../hooks/useClient';
import { useActionStore } from '../../store/actionStore';
import { useEngineId } from '../../engines/scope';
import { href, paths } from '../../routes';
import { useUpdateMany } from '../activity/UpdateButtons';
import { useEngineStore } from '../../store/engineStore';

const PROJECT_ACTIONS: readonly { action: Exclude<LifecycleAction, 'remove' | 'pause' | 'unpause'>; label: string }[] = [
  { action: 'start', label: 'Start' },
  { action: 'stop', label: 'Stop' },
  { action: 'restart', label: 'Restart' },
];

/** Every container of the project, in the store's order (not only those the filter shows). */
function useProjectMembers(project: string): Container[] {
  return useEngineStore(
    useShallow((store) => {
      const members: Container[] = [];
      for (const id of store.containers.ids) {
        const container = store.containers.byId.get(id);
        if (container !== undefined && composeProject(container) === project) members.push(container);
      }
      return members;
    }),
  );
}

export function ComposeProjectHeader({ group: project, expanded, onToggle }: GroupHeaderProps): ReactNode {
  const engine = useEngineId();
  const client = useClient();
  const members = useProjectMembers(project);
  const run = useActionStore((store) => store.run);
  const [removing, setRemoving] = useState(false);
  const update = useUpdateMany();
  const runAll = (action: Exclude<LifecycleAction, 'remove'>): void => {
    for (const c of members) if (isActionAvailable(action, c.state)) void run(client, c.id, action);
  };
  return (
    <div className="project-header">
      <button type="button" className="disclosure" aria-expanded={expanded} onClick={onToggle}>
        <span aria-hidden="true">{expanded ? '▾' : '▸'}</span> <span className="visually-hidden">Compose project</span>{' '}
        <strong>{project}</strong>
      </button>
      <span className="muted">{projectSummary(members)}</span>
      <div className="actions">
        {PROJECT_ACTIONS.map(({ action, label }) => (
          <button
            key={action}
            type="button"
            className="action"
            aria-label={`${label} project ${project}`}
            disabled={!members.some((c) => isActionAvailable(action, c.state))}
            onClick={() => runAll(action)}
           
          >
            {label}
          </button>
        ))}
        <button type="button" className="action danger" aria-label={`Remove project ${project}`} onClick={() => setRemoving(true)}>
          Remove
        </button>
        <button type="button" className="action" aria-label={`Update project ${project}`} onClick={() => update.open(engine, members, `project ${project}`)}>
          Update…
        </button>
        <a className="action" href={href(paths.projectLogs(engine, project))} aria-label={`Logs of project ${project}`}>
          Logs
        </a>
      </div>
      {update.dialog}
      {removing && <RemoveContainersDialog containers={members.map((container) => ({ engine, container }))} what={`project ${project}`} onDone={() => setRemoving(false)} />}
    </div>
  );
}
