/**
 * "Run a container": every setting of RunSpec in one modal form, used both
 * to run a new container and to edit and recreate an existing one. Input
 * stays as typed; a bad field is marked (aria-invalid, its message linked by
 * aria-describedby) and so is the field an engine error is about, with the
 * engine's words. Host access is asked for in a second dialog that alone
 * sets the confirmation flag.
 */
import { useEffect, useId, useMemo, useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import { navigate } from 'wouter/use-hash-location';
import { composeSnippet, dockerRunCommand } from '#shared/run-cli';
import { fieldOfRunError, type PullPolicy, type PullProgress, type RunSpec } from '#shared/run';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ModalDialog } from '../../components/ModalDialog';
import { useClient } from '../../hooks/useClient';
import { paths } from '../../routes';
import { useEngineStore } from '../../store/engineStore';
import { CopyTextDialog } from './CopyTextDialog';
import { formFromSpec, imageHasLocalTag, runWarnings, specFromForm, type FieldErrors, type MountRow, type PortRow, type RunForm } from './form';
import './run.css';

export type RunDialogMode = { kind: 'create' } | { kind: 'recreate'; id: string; name: string };

const ADVANCED = new Set(['privileged', 'capAdd', 'capDrop', 'readOnlyRootfs', 'noNewPrivileges', 'pid', 'ipc', 'uts', 'userns', 'cgroupns', 'devices', 'seccomp', 'apparmor', 'selinux']);

/** Whether a spec sets anything the Advanced part holds, so that it opens already showing it. */
function usesAdvanced(spec: RunSpec): boolean {
  return (
    spec.privileged ||
    spec.capAdd.length > 0 ||
    spec.capDrop.length > 0 ||
    spec.readOnlyRootfs ||
    spec.noNewPrivileges ||
    spec.pid !== '' ||
    spec.ipc !== '' ||
    spec.uts !== '' ||
    spec.userns !== '' ||
    spec.cgroupns !== '' ||
    spec.devices.length > 0 ||
    spec.seccomp !== 'default' ||
    spec.apparmor !== '' ||
    spec.selinux !== 'default'
  );
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface PullState {
  status: string;
  layers: Record<string, { current: number; total: number }>;
}

export function RunDialog({ initial, mode, onClose }: { initial: RunSpec; mode: RunDialogMode; onClose(): void }): ReactNode {
  const client = useClient();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const imageRef = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const prefix = useId();
  const [form, setForm] = useState<RunForm>(() => formFromSpec(initial));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [engineError, setEngineError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [pull, setPull] = useState<PullPolicy>('missing');
  const [pullFirst, setPullFirst] = useState(false);
  const [pulling, setPulling] = useState<PullState | null>(null);
  const [confirm, setConfirm] = useState<{ spec: RunSpec; reasons: string[] } | null>(null);
  const [copied, setCopied] = useState<{ title: string; text: string } | null>(null);
  const [advancedOpen, setAdvancedOpen] = useState(() => usesAdvanced(initial));
  const stopPull = useRef<(() => void) | null>(null);
  const images = useEngineStore((store) => store.images);
  const tags = useMemo(() => new Set([...images.byId.values()].flatMap((image) => image.tags)), [images]);
  useEffect(() => () => stopPull.current?.(), []);

  // After a failed check, move to the first marked field so keyboard and screen reader users land on it.
  const [focusTick, setFocusTick] = useState(0);
  useEffect(() => {
    if (focusTick === 0) return;
    dialogRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusTick]);

  const set = <K extends keyof RunForm>(key: K, value: RunForm[K]): void => setForm((f) => ({ ...f, [key]: value }));
  const id = (key: string): string => `${prefix}-${key.replace(/\./g, '-')}`;
  const describedBy = (key: string, ...more: Array<string | undefined>): string | undefined =>
    [errors[key] !== undefined ? `${id(key)}-error` : undefined, ...more].filter(Boolean).join(' ') || undefined;
  const invalid = (key: string) => ({ 'aria-invalid': errors[key] !== undefined ? (true as const) : undefined, 'aria-describedby': describedBy(key) });
  const fieldError = (key: string): ReactNode =>
    errors[key] !== undefined && (
      <span id={`${id(key)}-error`} className="field-error">
        {errors[key]}
      </span>
    );
  const warnings = runWarnings(form);

  const showErrors = (found: FieldErrors): void => {
    setErrors(found);
    if (Object.keys(found).some((key) => ADVANCED.has(key.split('.')[0] ?? ''))) setAdvancedOpen(true);
    setFocusTick((n) => n + 1);
  };

  const pullWithProgress = (image: string): Promise<void> =>
    new Promise((resolve, reject) => {
      setPulling({ status: `Pulling ${image}…`, layers: {} });
      stopPull.current = client.listen('run.pull', { image }, {
        onData: (progress: PullProgress) =>
          setPulling((state) => {
            const layers = { ...(state?.layers ?? {}) };
            if (progress.layer !== undefined && progress.total !== undefined) layers[progress.layer] = { current: progress.current ?? 0, total: progress.total };
            return { status: progress.layer ? `${progress.layer}: ${progress.status}` : progress.status, layers };
          }),
        onEnd: (error) => {
          stopPull.current = null;
          setPulling(null);
          if (error) reject(error);
          else resolve();
        },
      });
    });

  const go = async (spec: RunSpec, confirmHostAccess: boolean): Promise<void> => {
    setBusy(true);
    setEngineError(null);
    setErrors({});
    try {
      let newId: string;
      if (mode.kind === 'create') {
        const needPull = pull === 'always' || (pull === 'missing' && !imageHasLocalTag(tags, spec.image));
        if (needPull) await pullWithProgress(spec.image);
        // "missing" again: main checks for itself what the renderer's list may not show (an id, a digest).
        ({ id: newId } = await client.call('run.create', { spec, pull: pull === 'never' ? 'never' : 'missing', confirmHostAccess }));
      } else {
        if (pullFirst) await pullWithProgress(spec.image);
        ({ id: newId } = await client.call('run.recreate', { id: mode.id, spec, pull: false, confirmHostAccess }));
      }
      onClose();
      navigate(paths.container(client.engine, newId));
    } catch (error) {
      const message = errorText(error);
      setEngineError(message);
      const field = fieldOfRunError(spec, message);
      if (field !== null) showErrors({ [field]: message });
      setBusy(false);
    }
  };

  const submit = async (): Promise<void> => {
    const result = specFromForm(form);
    if (result.errors !== null) {
      setEngineError(null);
      showErrors(result.errors);
      return;
    }
    // Main decides what counts, with what only the engine knows (a joined container, a volume's options).
    setBusy(true);
    let reasons: string[];
    try {
      ({ reasons } = await client.call('run.hostAccess', { spec: result.spec }));
    } catch (error) {
      setEngineError(errorText(error));
      return;
    } finally {
      setBusy(false);
    }
    if (reasons.length > 0) setConfirm({ spec: result.spec, reasons });
    else void go(result.spec, false);
  };

  const copy = (title: string, render: (spec: RunSpec) => string): void => {
    const result = specFromForm(form);
    if (result.errors !== null) {
      showErrors(result.errors);
      return;
    }
    setErrors({});
    setCopied({ title, text: render(result.spec) });
  };

  const loadEnvFile = (event: ChangeEvent<HTMLInputElement>): void => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    void file.text().then((text) => setForm((f) => ({ ...f, env: [f.env.trimEnd(), text.trim()].filter(Boolean).join('\n') })));
  };

  const updatePort = (index: number, patch: Partial<PortRow>): void =>
    setForm((f) => ({ ...f, ports: f.ports.map((row, i) => (i === index ? { ...row, ...patch } : row)) }));
  const updateMount = (index: number, patch: Partial<MountRow>): void =>
    setForm((f) => ({ ...f, mounts: f.mounts.map((row, i) => (i === index ? { ...row, ...patch } : row)) }));

  const text = (key: keyof RunForm & string, label: string, options: { errorKey?: string; placeholder?: string; hint?: string; list?: string; warning?: string } = {}): ReactNode => {
    const errorKey = options.errorKey ?? key;
    const hintId = options.hint ? `${id(key)}-hint` : undefined;
    const warningId = options.warning ? `${id(key)}-warning` : undefined;
    return (
      <div className="run-field">
        <label htmlFor={id(key)}>{label}</label>
        <input
          id={id(key)}
          ref={key === 'image' ? imageRef : undefined}
          value={form[key] as string}
          onChange={(event) => set(key, event.target.value as RunForm[typeof key])}
          placeholder={options.placeholder}
          list={options.list}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={errors[errorKey] !== undefined ? true : undefined}
          aria-describedby={describedBy(errorKey, hintId, warningId)}
        />
        {options.hint && (
          <span id={hintId} className="field-hint">
            {options.hint}
          </span>
        )}
        {options.warning && (
          <span id={warningId} className="field-warning">
            {options.warning}
          </span>
        )}
        {fieldError(errorKey)}
      </div>
    );
  };

  const check = (key: keyof RunForm & string, label: string, warning?: string): ReactNode => (
    <div className="run-check">
      <label>
        <input type="checkbox" checked={form[key] as boolean} onChange={(event) => set(key, event.target.checked as RunForm[typeof key])} aria-describedby={warning ? `${id(key)}-warning` : undefined} /> {label}
      </label>
      {warning && (
        <span id={`${id(key)}-warning`} className="field-warning">
          {warning}
        </span>
      )}
    </div>
  );

  const title = mode.kind === 'create' ? 'Run a container' : `Edit and recreate ${mode.name}`;
  const pullTotals = pulling ? Object.values(pulling.layers).reduce((sum, layer) => ({ current: sum.current + layer.current, total: sum.total + layer.total }), { current: 0, total: 0 }) : null;

  return (
    <ModalDialog
      dialogRef={dialogRef}
      className="confirm-dialog run-dialog"
      labelledBy={titleId}
      initialFocus={imageRef}
      onClose={onClose}
      locked={busy || confirm !== null || copied !== null}
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy) void submit();
        }}
      >
        <h2 id={titleId}>{title}</h2>
        {mode.kind === 'recreate' && (
          <p className="muted">
            {mode.name} is stopped and kept, renamed, until the new container has started; if that fails, it is put back as it was.
          </p>
        )}
        <div className="run-body">
          <fieldset>
            <legend>Container</legend>
            {text('image', 'Image', { placeholder: 'e.g. nginx:1.27 or registry.example.com/team/app:2', list: `${prefix}-images` })}
            <datalist id={`${prefix}-images`}>
              {[...tags].sort().map((tag) => (
                <option key={tag} value={tag} />
              ))}
            </datalist>
            {mode.kind === 'create' ? (
              <div className="run-field">
                <label htmlFor={id('pull')}>Pull the image</label>
                <select id={id('pull')} value={pull} onChange={(event) => setPull(event.target.value as PullPolicy)}>
                  <option value="missing">If it is not here</option>
                  <option value="always">Always (get the newest)</option>
                  <option value="never">Never (use only what is here)</option>
                </select>
              </div>
            ) : (
              <div className="run-check">
                <label>
                  <input type="checkbox" checked={pullFirst} onChange={(event) => setPullFirst(event.target.checked)} /> Pull the image first
                </label>
                <span className="field-hint">Gets the newest image for its tag: how a container is updated.</span>
              </div>
            )}
            {text('name', 'Name', { placeholder: 'chosen by the engine if empty' })}
            {text('command', 'Command', { placeholder: "the image's own if empty", hint: 'Words as in a shell: quote those with spaces.' })}
            {text('entrypoint', 'Entrypoint', { placeholder: "the image's own if empty" })}
            {text('workdir', 'Working directory', { placeholder: "the image's own if empty" })}
          </fieldset>

          <fieldset>
            <legend>Environment</legend>
            <label htmlFor={id('env')}>Environment variables (KEY=VALUE, one per line)</label>
            <textarea id={id('env')} rows={4} value={form.env} onChange={(event) => set('env', event.target.value)} spellCheck={false} {...invalid('env')} />
            {fieldError('env')}
            <label className="run-file">
              Add from an env file <input type="file" accept=".env,text/plain" onChange={loadEnvFile} />
            </label>
          </fieldset>

          <fieldset>
            <legend>Published ports</legend>
            {form.ports.length > 0 && (
              <table className="run-rows">
                <thead>
                  <tr>
                    <th scope="col">Host IP</th>
                    <th scope="col">Host port</th>
                    <th scope="col">Container port</th>
                    <th scope="col">Protocol</th>
                    <th scope="col">
                      <span className="visually-hidden">Remove</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {form.ports.map((row, index) => (
                    <tr key={index}>
                      <td>
                        <input aria-label={`Host IP, port ${index + 1}`} value={row.hostIp} placeholder="all" onChange={(event) => updatePort(index, { hostIp: event.target.value })} {...invalid(`ports.${index}.hostIp`)} />
                        {fieldError(`ports.${index}.hostIp`)}
                      </td>
                      <td>
                        <input aria-label={`Host port, port ${index + 1}`} value={row.hostPort} placeholder="random" inputMode="numeric" onChange={(event) => updatePort(index, { hostPort: event.target.value })} {...invalid(`ports.${index}.hostPort`)} />
                        {fieldError(`ports.${index}.hostPort`)}
                      </td>
                      <td>
                        <input aria-label={`Container port, port ${index + 1}`} value={row.containerPort} inputMode="numeric" onChange={(event) => updatePort(index, { containerPort: event.target.value })} {...invalid(`ports.${index}.containerPort`)} />
                        {fieldError(`ports.${index}.containerPort`)}
                      </td>
                      <td>
                        <select aria-label={`Protocol, port ${index + 1}`} value={row.protocol} onChange={(event) => updatePort(index, { protocol: event.target.value === 'udp' ? 'udp' : 'tcp' })}>
                          <option value="tcp">tcp</option>
                          <option value="udp">udp</option>
                        </select>
                      </td>
                      <td>
                        <button type="button" onClick={() => setForm((f) => ({ ...f, ports: f.ports.filter((_, i) => i !== index) }))}>
                          Remove port {index + 1}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {fieldError('ports')}
            <button type="button" onClick={() => set('ports', [...form.ports, { hostIp: '', hostPort: '', containerPort: '', protocol: 'tcp' }])}>
              Add a port
            </button>
            {check('publishAll', 'Publish all exposed ports on random host ports')}
            {warnings.user && <p className="field-warning">{warnings.user}</p>}
          </fieldset>

          <fieldset>
            <legend>Volumes and mounts</legend>
            {form.mounts.map((row, index) => (
              <div className="run-mount" key={index} role="group" aria-label={`Mount ${index + 1}`}>
                <select aria-label={`Type, mount ${index + 1}`} value={row.type} onChange={(event) => updateMount(index, { type: event.target.value as MountRow['type'] })}>
                  <option value="volume">Named volume</option>
                  <option value="bind">Host folder (bind)</option>
                  <option value="tmpfs">tmpfs (memory)</option>
                </select>
                {row.type !== 'tmpfs' && (
                  <span>
                    <input
                      aria-label={`${row.type === 'bind' ? 'Host path' : 'Volume name'}, mount ${index + 1}`}
                      value={row.source}
                      placeholder={row.type === 'bind' ? '/path/on/host' : 'new anonymous volume if empty'}
                      onChange={(event) => updateMount(index, { source: event.target.value })}
                      {...invalid(`mounts.${index}.source`)}
                    />
                    {fieldError(`mounts.${index}.source`)}
                  </span>
                )}
                <span>
                  <input aria-label={`Path in the container, mount ${index + 1}`} value={row.target} placeholder="/path/in/container" onChange={(event) => updateMount(index, { target: event.target.value })} {...invalid(`mounts.${index}.target`)} />
                  {fieldError(`mounts.${index}.target`)}
                </span>
                <label>
                  <input type="checkbox" checked={row.readOnly} onChange={(event) => updateMount(index, { readOnly: event.target.checked })} /> Read-only
                </label>
                <button type="button" onClick={() => setForm((f) => ({ ...f, mounts: f.mounts.filter((_, i) => i !== index) }))}>
                  Remove mount {index + 1}
                </button>
                {warnings.mounts[index] && <span className="field-warning">{warnings.mounts[index]}</span>}
              </div>
            ))}
            <button type="button" onClick={() => set('mounts', [...form.mounts, { type: 'volume', source: '', target: '', readOnly: false }])}>
              Add a mount
            </button>
          </fieldset>

          <fieldset>
            <legend>Network and restart</legend>
            {text('network', 'Network', { placeholder: 'default bridge if empty; or host, none, a network name', list: `${prefix}-networks` })}
            <NetworkOptions id={`${prefix}-networks`} />
            <div className="run-field">
              <label htmlFor={id('restart')}>Restart policy</label>
              <select id={id('restart')} value={form.restart} onChange={(event) => set('restart', event.target.value as RunForm['restart'])} {...invalid('restart')}>
                <option value="no">No</option>
                <option value="on-failure">On failure</option>
                <option value="always">Always</option>
                <option value="unless-stopped">Unless stopped</option>
              </select>
              {fieldError('restart')}
            </div>
            {form.restart === 'on-failure' && text('maxRetries', 'Maximum retries', { errorKey: 'restart', placeholder: 'no limit if empty' })}
          </fieldset>

          <fieldset>
            <legend>Resources</legend>
            {text('cpus', 'CPUs', { errorKey: 'cpus', placeholder: 'no limit; e.g. 0.5 or 2' })}
            {text('memory', 'Memory limit', { errorKey: 'memoryBytes', placeholder: 'no limit; e.g. 512m or 2g', warning: warnings.memory })}
          </fieldset>

          <fieldset>
            <legend>Identity and options</legend>
            {text('user', 'User', { placeholder: "the image's own if empty; name or uid[:gid]" })}
            {text('hostname', 'Host name', { placeholder: 'the short container id if empty' })}
            <label htmlFor={id('labels')}>Labels (key=value, one per line)</label>
            <textarea id={id('labels')} rows={2} value={form.labels} onChange={(event) => set('labels', event.target.value)} spellCheck={false} {...invalid('labels')} />
            {fieldError('labels')}
            {check('autoRemove', 'Remove the container when it stops')}
            {check('tty', 'Allocate a terminal (TTY)')}
            {check('stdin', 'Keep standard input open')}
          </fieldset>

          <details open={advancedOpen} onToggle={(event) => setAdvancedOpen(event.currentTarget.open)}>
            <summary>Advanced</summary>
            {check('privileged', 'Privileged', warnings.privileged)}
            {text('capAdd', 'Add capabilities', { placeholder: 'e.g. NET_ADMIN SYS_TIME' })}
            {text('capDrop', 'Drop capabilities', { placeholder: 'e.g. ALL' })}
            {check('readOnlyRootfs', 'Read-only root filesystem')}
            {check('noNewPrivileges', 'No new privileges (setuid programs cannot gain more)')}
            {text('pid', 'PID namespace', { placeholder: "the container's own if empty; host or container:<name>" })}
            {text('ipc', 'IPC namespace', { placeholder: "the engine's default if empty; host, none or container:<name>" })}
            {check('utsHost', 'Share the host’s host name (UTS namespace)')}
            {check('usernsHost', 'Use the host’s user namespace (userns=host)')}
            <div className="run-field">
              <label htmlFor={id('cgroupns')}>Cgroup namespace</label>
              <select id={id('cgroupns')} value={form.cgroupns} onChange={(event) => set('cgroupns', event.target.value as RunForm['cgroupns'])}>
                <option value="">The engine’s default</option>
                <option value="private">Its own (private)</option>
                <option value="host">The host’s</option>
              </select>
            </div>
            <label htmlFor={id('devices')}>Host devices (host[:container][:rwm], one per line)</label>
            <textarea id={id('devices')} rows={2} value={form.devices} onChange={(event) => set('devices', event.target.value)} spellCheck={false} {...invalid('devices')} />
            {fieldError('devices')}
            {check('seccompUnconfined', 'No seccomp filter (unconfined)')}
            {text('apparmor', 'AppArmor profile', { placeholder: "the engine's default if empty; or unconfined" })}
            {check('selinuxDisabled', 'No SELinux labels (label=disable)')}
          </details>
        </div>

        {pulling && (
          <div className="run-pull" role="status">
            {pulling.status}
            {pullTotals && pullTotals.total > 0 && <progress aria-label="Pull progress" max={pullTotals.total} value={pullTotals.current} />}
          </div>
        )}
        {engineError !== null && (
          <p role="alert" className="error">
            {engineError}
          </p>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={() => copy('docker run command', dockerRunCommand)}>
            Copy as docker run
          </button>
          <button type="button" onClick={() => copy('Compose service', composeSnippet)}>
            Copy as Compose
          </button>
          <span className="run-spacer" />
          <button type="submit" className="primary" disabled={busy}>
            {busy ? (mode.kind === 'create' ? 'Running…' : 'Recreating…') : mode.kind === 'create' ? 'Run' : 'Recreate'}
          </button>
          <button type="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
        </div>
      </form>
      {confirm && (
        <ConfirmDialog
          title="Give this container access to the host?"
          confirmLabel="Run with host access"
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            const { spec } = confirm;
            setConfirm(null);
            void go(spec, true);
          }}
        >
          <p>It would get:</p>
          <ul>
            {confirm.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
          <p>Access to the host is root on the host. Run it only if you trust the image.</p>
        </ConfirmDialog>
      )}
      {copied && <CopyTextDialog title={copied.title} text={copied.text} onClose={() => setCopied(null)} />}
    </ModalDialog>
  );
}

function NetworkOptions({ id }: { id: string }): ReactNode {
  const networks = useEngineStore((store) => store.networks);
  const names = useMemo(() => [...new Set(['bridge', 'host', 'none', ...[...networks.byId.values()].map((n) => n.name)])].sort(), [networks]);
  return (
    <datalist id={id}>
      {names.map((name) => (
        <option key={name} value={name} />
      ))}
    </datalist>
  );
}
