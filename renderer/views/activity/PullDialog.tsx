/**
 * "Pull an image": a reference (tag or digest) and a platform; the pull
 * starts as a job and the Activity list shows it.
 */
import { useRef, useState, type ReactNode } from 'react';
import { navigate } from 'wouter/use-hash-location';
import { jobsRequests } from '#shared/jobs';
import { FormDialog } from '../../components/FormDialog';
import { useClient } from '../../hooks/useClient';
import { paths } from '../../routes';
import { TextField, firstIssue } from './fields';

export function PullDialog({ onClose, initial = '' }: { onClose(): void; initial?: string }): ReactNode {
  const client = useClient();
  const first = useRef<HTMLInputElement>(null);
  const [reference, setReference] = useState(initial);
  const [platform, setPlatform] = useState('');
  return (
    <FormDialog
      title="Pull an image"
      submitLabel="Pull"
      initialFocus={first}
      onClose={onClose}
      onSubmit={async () => {
        const checked = jobsRequests['jobs.pull'].args.safeParse({ reference: reference.trim(), platform: platform.trim() });
        if (!checked.success) throw firstIssue(checked.error, { reference: 'Image', platform: 'Platform' });
        await client.call('jobs.pull', checked.data);
        navigate(paths.activity(client.engine));
      }}
    >
      <TextField label="Image" inputRef={first} value={reference} onChange={setReference} placeholder="nginx:1.27 or registry.example.com/team/app@sha256:…" />
      <TextField label="Platform" value={platform} onChange={setPlatform} placeholder="linux/arm64" hint="Empty: the engine’s own." />
    </FormDialog>
  );
}
