/**
 * Where Update is offered besides the Updates panel: on a container's page
 * (shown only when its tag's registry has another image: one HEAD when the
 * page opens, keyed by the image it runs, so it asks again after an update),
 * for the ticked containers, and on a Compose project's header. Each opens
 * the one UpdateDialog.
 */
import { useState, type ReactNode } from 'react';
import type { Container } from '#shared/model';
import { namesATag } from '#shared/registries';
import { EngineScope } from '../../engines/scope';
import { useClient } from '../../hooks/useClient';
import { useLoad } from '../../hooks/useRequest';
import { UpdateDialog, type UpdateSubject } from './UpdateDialog';

const subjectOf = (c: Container): UpdateSubject => ({ id: c.id, name: c.name, image: c.image });

export function ContainerUpdateButton({ container }: { container: Container }): ReactNode {
  const client = useClient();
  const [open, setOpen] = useState(false);
  const key = namesATag(container.image) ? `${container.image} ${container.imageId}` : null;
  const checked = useLoad(key, () => client.call('updates.check', { references: [container.image] }));
  const update = checked.value?.images.find((u) => u.containers.includes(container.id));
  if (update?.state !== 'available' && !open) return null;
  return (
    <>
      <button type="button" className="action" aria-label={`Update ${container.name}`} title={`${update?.reference ?? container.image}: the registry has another image`} onClick={() => setOpen(true)}>
        Update…
      </button>
      {open && <UpdateDialog subjects={[subjectOf(container)]} what={container.name} onClose={() => setOpen(false)} onDone={checked.reload} />}
    </>
  );
}

/**
 * The Update dialog for several containers of one engine (the ticked ones, a
 * project's), with what it names fixed when it opens. The caller renders
 * `dialog` where it stays mounted while the containers are replaced: the
 * selection empties as the old containers go, and the bar with it.
 */
export function useUpdateMany(): { open(engine: string, containers: readonly Container[], what: string): void; dialog: ReactNode } {
  const [opened, setOpened] = useState<{ engine: string; subjects: UpdateSubject[]; what: string } | null>(null);
  return {
    open: (engine, containers, what) => setOpened({ engine, subjects: containers.map(subjectOf), what }),
    dialog: opened !== null && (
      <EngineScope.Provider value={opened.engine}>
        <UpdateDialog subjects={opened.subjects} what={opened.what} onClose={() => setOpened(null)} />
      </EngineScope.Provider>
    ),
  };
}
