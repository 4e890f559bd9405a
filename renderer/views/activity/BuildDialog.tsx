/**
 * "Build an image" from a context folder on the machine where Berth runs
 * (typed in; in Electron also chosen with the system's folder dialog):
 * Dockerfile, tags, build args, target stage, platform, no-cache and pull.
 * Main tars the folder (honouring its .dockerignore) and streams it; the
 * build runs as a job and the Activity list shows its log.
 */
import { useId, useRef, useState, type ReactNode } from 'react';
import { navigate } from 'wouter/use-hash-location';
import { jobsRequests } from '#shared/jobs';
import { FormDialog } from '../../components/FormDialog';
import { useAction } from '../../hooks/useRequest';
import { useClient } from '../../hooks/useClient';
import { desktop } from '../../transport/desktop';
import { paths } from '../../routes';
import { CheckField, TextField, firstIssue } from './fields';

/** "KEY=VALUE" lines (or comma-separated) as build args; a line without "=" is an error. */
export function parseBuildArgs(text: string): Record<string, string> | string {
  const args: Record<string, string> = {};
  for (const raw of text.split(/\n|,/)) {
    const line = raw.trim();
    if (line === '') continue;
    const eq = line.indexOf('=');
    if (eq <= 0) return `“${line}” is not KEY=VALUE`;
    args[line.slice(0, eq).trim()] = line.slice(eq + 1);
  }
  return args;
}

/** Electron only: browser mode has no system dialog of the machine where Berth runs, so its users type the path. */
function ChooseFolderButton({ onChosen }: { onChosen(path: string): void }): ReactNode {
  const [bridge] = useState(desktop);
  const choose = useAction();
  if (!bridge) return null;
  return (
    <div className="field-action">
      <button
        type="button"
        disabled={choose.pending}
        onClick={async () => {
          const outcome = await choose.run(() => bridge.pickFolder('Build context folder'), 'Could not choose a folder');
          if (outcome.ok && outcome.value !== null) onChosen(outcome.value);
        }}
      >
        Choose folder…
      </button>
      {choose.error !== null && (
        <span role="alert" className="error">
          {choose.error}
        </span>
      )}
    </div>
  );
}

export function BuildDialog({ onClose }: { onClose(): void }): ReactNode {
  const client = useClient();
  const first = useRef<HTMLInputElement>(null);
  const argsId = useId();
  const [context, setContext] = useState('');
  const [dockerfile, setDockerfile] = useState('Dockerfile');
  const [tags, setTags] = useState('');
  const [buildArgs, setBuildArgs] = useState('');
  const [target, setTarget] = useState('');
  const [platform, setPlatform] = useState('');
  const [noCache, setNoCache] = useState(false);
  const [pull, setPull] = useState(false);
  return (
    <FormDialog
      title="Build an image"
      submitLabel="Build"
      initialFocus={first}
      onClose={onClose}
      onSubmit={async () => {
        const args = parseBuildArgs(buildArgs);
        if (typeof args === 'string') throw new Error(`Build arguments: ${args}`);
        const checked = jobsRequests['jobs.build'].args.safeParse({
          context: context.trim(),
          dockerfile: dockerfile.trim(),
          tags: tags.split(/[\s,]+/).filter(Boolean),
          buildArgs: args,
          target: target.trim(),
          platform: platform.trim(),
          noCache,
          pull,
        });
        if (!checked.success) throw firstIssue(checked.error, { context: 'Context folder', dockerfile: 'Dockerfile', tags: 'Tags', buildArgs: 'Build arguments', target: 'Target stage', platform: 'Platform' });
        await client.call('jobs.build', checked.data);
        navigate(paths.activity(client.engine));
      }}
    >
      <TextField label="Context folder" inputRef={first} value={context} onChange={setContext} placeholder="/home/me/projects/app" hint="A folder on the machine where Berth runs; its .dockerignore is honoured." />
      <ChooseFolderButton onChosen={setContext} />
      <TextField label="Dockerfile" value={dockerfile} onChange={setDockerfile} hint="Its path inside the context folder." />
      <TextField label="Tags" value={tags} onChange={setTags} placeholder="app:dev registry.example.com/team/app:1.0" hint="Separated by spaces or commas; none leaves the image untagged." />
      <label htmlFor={argsId}>Build arguments</label>
      <textarea id={argsId} rows={3} value={buildArgs} onChange={(event) => setBuildArgs(event.target.value)} placeholder="VERSION=1.2" spellCheck={false} />
      <TextField label="Target stage" value={target} onChange={setTarget} hint="Empty: the last stage." />
      <TextField label="Platform" value={platform} onChange={setPlatform} placeholder="linux/arm64" hint="Empty: the engine’s own." />
      <CheckField label="No cache" checked={noCache} onChange={setNoCache} />
      <CheckField label="Pull newer base images" checked={pull} onChange={setPull} />
    </FormDialog>
  );
}
