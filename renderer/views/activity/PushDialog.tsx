/** "Push an image": one of the engine's tags, pushed to its registry as a job. */
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { navigate } from 'wouter/use-hash-location';
import { jobsRequests } from '#shared/jobs';
import { FormDialog } from '../../components/FormDialog';
import { useClient } from '../../hooks/useClient';
import { paths } from '../../routes';
import { useEngineStore } from '../../store/engineStore';
import { TextField, firstIssue } from './fields';

export function PushDialog({ onClose, initial = '' }: { onClose(): void; initial?: string }): ReactNode {
  const client = useClient();
  const first = useRef<HTMLInputElement>(null);
  const [reference, setReference] = useState(initial);
  const images = useEngineStore((store) => store.images);
  const tags = useMemo(() => [...images.byId.values()].flatMap((image) => image.tags).sort(), [images]);
  return (
    <FormDialog
      title="Push an image"
      submitLabel="Push"
      initialFocus={first}
      onClose={onClose}
      onSubmit={async () => {
        const checked = jobsRequests['jobs.push'].args.safeParse({ reference: reference.trim() });
        if (!checked.success) throw firstIssue(checked.error, { reference: 'Tag' });
        await client.call('jobs.push', checked.data);
        navigate(paths.activity(client.engine));
      }}
    >
      <TextField label="Tag" inputRef={first} value={reference} onChange={setReference} list="push-tags" placeholder="registry.example.com/team/app:1.0" hint="The registry is the tag’s first part; log in to it under Registries if it asks." />
      <datalist id="push-tags">
        {tags.map((tag) => (
          <option key={tag} value={tag} />
        ))}
      </datalist>
    </FormDialog>
  );
}
