/**
 * The Volumes page's dialogs: create, restore a backup (into a new volume
 * or an existing one, asking first when that one is not empty), clone and
 * remove (naming the volume, its size when known, and each container that
 * would go with it). Each keeps the user's input when main refuses and
 * shows main's words inside the dialog.
 */
import { useId, useRef, useState, type ReactNode } from 'react';
import { isAnonymousVolumeName } from '#shared/confirm';
import { FormDialog } from '../../components/FormDialog';
import { formatSize } from '../../format/sizes';
import { useClient } from '../../hooks/useClient';
import { uploadFile } from '../../transport/upload';
import { useLoad } from '../../hooks/useRequest';
import { keyValueLines } from '../networks/form';
import { useVolumeSize, useVolumeUsers } from './usage';

/** Labels and driver options as typed, one key=value a line (the networks form's reading of them). */
function valuesOrThrow(text: string, what: string): Record<string, string> {
  const parsed = keyValueLines(text);
  if ('badLine' in parsed) throw new Error(`${what}, line ${parsed.badLine}: write it as key=value.`);
  return parsed.values;
}

export function CreateVolumeDialog({ onClose }: { onClose(): void }): ReactNode {
  const client = useClient();
  const nameRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState('');
  const [driver, setDriver] = useState('local');
  const [options, setOptions] = useState('');
  const [labels, setLabels] = useState('');
  const ids = { name: useId(), driver: useId(), options: useId(), labels: useId() };
  const submit = async (): Promise<void> => {
    await client.call('volume.create', {
      ...(name.trim() === '' ? {} : { name: name.trim() }),
      driver: driver.trim() || 'local',
      driverOpts: valuesOrThrow(options, 'Driver options'),
      labels: valuesOrThrow(labels, 'Labels'),
    });
  };
  return (
    <FormDialog title="Create volume" submitLabel="Create" onClose={onClose} initialFocus={nameRef} onSubmit={submit}>
      <label htmlFor={ids.name}>Name</label>
      <input id={ids.name} ref={nameRef} value={name} onChange={(e) => setName(e.target.value)} placeholder="empty: the engine names it (anonymous)" spellCheck={false} />
      <label htmlFor={ids.driver}>Driver</label>
      <input id={ids.driver} value={driver} onChange={(e) => setDriver(e.target.value)} spellCheck={false} />
      <label htmlFor={ids.options}>Driver options (one key=value a line)</label>
      <textarea id={ids.options} value={options} onChange={(e) => setOptions(e.target.value)} rows={3} placeholder={'type=tmpfs\ndevice=tmpfs\no=size=100m'} spellCheck={false} />
      <label htmlFor={ids.labels}>Labels (one key=value a line)</label>
      <textarea id={ids.labels} value={labels} onChange={(e) => setLabels(e.target.value)} rows={3} spellCheck={false} />
    </FormDialog>
  );
}

/** Sends the file to the one-time address main issued; main answers once the volume holds it, or says why not. */
async function upload(url: string, file: File): Promise<void> {
  const answer = await uploadFile(url, file);
  if (!answer.ok) throw new Error(answer.text.trim());
}

/** Restore a backup: into `into` (an existing volume), or into a new volume the user names. */
export function RestoreVolumeDialog({ into, onClose }: { into?: string; onClose(): void }): ReactNode {
  const client = useClient();
  const fileRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [mix, setMix] = useState(false);
  const [labels, setLabels] = useState('');
  const ids = { file: useId(), name: useId(), mix: useId(), labels: useId() };
  const contents = useLoad(into ?? null, () => client.call('volume.contents', { name: into ?? '' }));
  const nonEmpty = contents.value !== undefined && !contents.value.empty;
  const submit = async (): Promise<void> => {
    if (file === null) throw new Error('Choose the backup file (.tar) to restore.');
    if (into === undefined && name.trim() === '') throw new Error('Name the new volume.');
    if (nonEmpty && !mix) throw new Error(`Volume ${into} is not empty: tick the box to restore into it anyway.`);
    const { url } = await client.call(
      'volume.restore',
      into === undefined ? { name: name.trim(), create: true, labels: valuesOrThrow(labels, 'Labels') } : { name: into, create: false, intoNonEmpty: mix },
    );
    await upload(url, file);
  };
  return (
    <FormDialog title={into === undefined ? 'Restore a backup into a new volume' : `Restore a backup into ${into}`} submitLabel="Restore" onClose={onClose} initialFocus={fileRef} onSubmit={submit}>
      <label htmlFor={ids.file}>Backup file (.tar)</label>
      <input id={ids.file} ref={fileRef} type="file" accept=".tar,application/x-tar" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      {into === undefined ? (
        <>
          <label htmlFor={ids.name}>New volume name</label>
          <input id={ids.name} value={name} onChange={(e) => setName(e.target.value)} spellCheck={false} />
          <label htmlFor={ids.labels}>Labels of the new volume (one key=value a line)</label>
          <textarea id={ids.labels} value={labels} onChange={(e) => setLabels(e.target.value)} rows={2} spellCheck={false} />
        </>
      ) : (
        <>
          {contents.pending && <p className="muted">Checking what {into} holds…</p>}
          {contents.error !== null && <p className="error">{contents.error}</p>}
          {nonEmpty && (
            <>
              <p className="warn" role="status">
                Volume {into} is not empty: it holds {contents.value?.sample.join(', ')}
                {(contents.value?.sample.length ?? 0) >= 5 ? ', …' : ''}. Files of the backup replace files of the same name; the rest stays.
              </p>
              <p className="dialog-check">
                <input id={ids.mix} type="checkbox" checked={mix} onChange={(e) => setMix(e.target.checked)} />
                <label htmlFor={ids.mix}>Restore into {into} anyway</label>
              </p>
            </>
          )}
        </>
      )}
      <p className="muted">Every file, mode, owner and link is restored. A file that is not a whole tar is refused and nothing is changed.</p>
    </FormDialog>
  );
}

export function CloneVolumeDialog({ source, onClose }: { source: string; onClose(): void }): ReactNode {
  const client = useClient();
  const nameRef = useRef<HTMLInputElement>(null);
  const [target, setTarget] = useState(`${source}-copy`);
  const [labels, setLabels] = useState('');
  const id = useId();
  const labelsId = useId();
  return (
    <FormDialog
      title={`Clone volume ${source}`}
      submitLabel="Clone"
      onClose={onClose}
      initialFocus={nameRef}
      onSubmit={async () => {
        await client.call('volume.clone', { source, target: target.trim(), labels: valuesOrThrow(labels, 'Labels') });
      }}
    >
      <label htmlFor={id}>Name of the copy</label>
      <input id={id} ref={nameRef} value={target} onChange={(e) => setTarget(e.target.value)} spellCheck={false} />
      <label htmlFor={labelsId}>Labels of the copy (one key=value a line)</label>
      <textarea id={labelsId} value={labels} onChange={(e) => setLabels(e.target.value)} rows={2} spellCheck={false} />
      <p className="muted">A new local volume with every file, mode, owner and link of {source}.</p>
    </FormDialog>
  );
}

export function RemoveVolumeDialog({ name, onClose, onRemoved }: { name: string; onClose(): void; onRemoved?(): void }): ReactNode {
  const client = useClient();
  const users = useVolumeUsers(name);
  const known = useVolumeSize(name);
  // The size is asked for here, once: a removal is worth the engine's disk-usage walk.
  const measured = useLoad(known === undefined ? name : null, () => client.call('volume.sizes', {}));
  const size = known ?? (measured.value === undefined ? undefined : (measured.value.sizes[name] ?? null));
  const [withContainers, setWithContainers] = useState(false);
  const checkRef = useRef<HTMLInputElement>(null);
  // Focus starts on what will be lost, never on the button that deletes it.
  const textRef = useRef<HTMLParagraphElement>(null);
  const checkId = useId();
  const shown = isAnonymousVolumeName(name) ? `${name.slice(0, 12)}… (anonymous)` : name;
  return (
    <FormDialog
      title={`Remove volume ${shown}?`}
      submitLabel="Remove"
      danger
      onClose={onClose}
      initialFocus={users.length > 0 ? checkRef : textRef}
      onSubmit={async () => {
        await client.call('volume.remove', { name, removeContainers: withContainers, confirmed: { name, also: withContainers ? users.map((u) => u.name) : [] } });
        onRemoved?.();
      }}
    >
      <p ref={textRef} tabIndex={-1}>
        Everything in volume <strong>{name}</strong>
        {size === undefined ? ' (measuring its size…)' : size === null ? '' : `, ${formatSize(size)},`} is deleted. This cannot be undone; back it up first to keep a copy.
      </p>
      {users.length > 0 && (
        <>
          <p>
            It is used by {users.length === 1 ? 'container' : 'containers'} {users.map((u) => u.name).join(', ')}: the engine refuses to remove a volume in use.
          </p>
          <p className="dialog-check">
            <input id={checkId} ref={checkRef} type="checkbox" checked={withContainers} onChange={(e) => setWithContainers(e.target.checked)} />
            <label htmlFor={checkId}>Also remove {users.length === 1 ? 'container' : 'containers'} {users.map((u) => u.name).join(', ')}</label>
          </p>
        </>
      )}
    </FormDialog>
  );
}
