/**
 * "Run a container": every setting of RunSpec in one modal form, used both
 * to run a new container and to edit and recreate an existing one. Input
 * stays as typed; a bad field is marked (aria-invalid, its message linked by
 * aria-describedby) and so is the field an engine error is about, with the
 * engine's words. Host access is asked for in a second dialog that alone
 * sets the confirmation flag. The sections are in sections/, the form's
 * model and its changes in form.ts.
 */
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { navigate } from 'wouter/use-hash-location';
import { composeSnippet, dockerRunCommand } from '#shared/run-cli';
import { fieldOfRunError, type PullPolicy, type RunSpec } from '#shared/run';
import { FormDialogFrame } from '../../components/FormDialog';
import { useClient } from '../../hooks/useClient';
import { useAction } from '../../hooks/useRequest';
import { paths } from '../../routes';
import { useEngineStore } from '../../store/engineStore';
import { CopyTextDialog } from './CopyTextDialog';
import { makeFields } from './fields';
import { errorsInAdvanced, formFromSpec, needsPull, runWarnings, specFromForm, usesAdvanced, type FieldErrors, type RunForm } from './form';
import { HostAccessDialog } from './HostAccessDialog';
import { AdvancedSection } from './sections/AdvancedSection';
import { ContainerSection, type PullChoice } from './sections/ContainerSection';
import { EnvironmentSection } from './sections/EnvironmentSection';
import { IdentitySection } from './sections/IdentitySection';
import { MountsSection } from './sections/MountsSection';
import { NetworkSection } from './sections/NetworkSection';
import { PortsSection } from './sections/PortsSection';
import { ResourcesSection } from './sections/ResourcesSection';
import { usePull } from './usePull';
import { JobProgress } from '../activity/JobProgress';
import { jobStateText } from '../activity/jobs';
import './run.css';

export type RunDialogMode = { kind: 'create' } | { kind: 'recreate'; id: string; name: string };

export function RunDialog({ initial, mode, onClose }: { initial: RunSpec; mode: RunDialogMode; onClose(): void }): ReactNode {
  const client = useClient();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const imageRef = useRef<HTMLInputElement>(null);
  const prefix = useId();
  const [form, setForm] = useState<RunForm>(() => formFromSpec(initial));
  const [errors, setErrors] = useState<FieldErrors>({});
  // The host-access check, then the pull and the run: one request at a time, its error shown in the dialog.
  const request = useAction();
  const [pullPolicy, setPullPolicy] = useState<PullPolicy>('missing');
  const [pullFirst, setPullFirst] = useState(false);
  const { pulling, pull } = usePull();
  const [confirm, setConfirm] = useState<{ spec: RunSpec; reasons: string[] } | null>(null);
  const [copied, setCopied] = useState<{ title: string; text: string } | null>(null);
  const [advancedOpen, setAdvancedOpen] = useState(() => usesAdvanced(initial));
  const images = useEngineStore((store) => store.images);
  const tags = useMemo(() => new Set([...images.byId.values()].flatMap((image) => image.tags)), [images]);

  // After a failed check, move to the first marked field so keyboard and screen reader users land on it.
  const [focusTick, setFocusTick] = useState(0);
  useEffect(() => {
    if (focusTick === 0) return;
    dialogRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusTick]);

  const fields = makeFields(form, errors, setForm, prefix);
  const warnings = runWarnings(form);

  const showErrors = (found: FieldErrors): void => {
    setErrors(found);
    if (errorsInAdvanced(found)) setAdvancedOpen(true);
    setFocusTick((n) => n + 1);
  };

  const go = async (spec: RunSpec, confirmHostAccess: boolean): Promise<void> => {
    setErrors({});
    const outcome = await request.run(async () => {
      if (mode.kind === 'create') {
        if (needsPull(pullPolicy, tags, spec.image)) await pull(spec.image);
        // "missing" again: main checks for itself what the renderer's list may not show (an id, a digest).
        return client.call('run.create', { spec, pull: pullPolicy === 'never' ? 'never' : 'missing', confirmHostAccess });
      }
      if (pullFirst) await pull(spec.image);
      return client.call('run.recreate', { id: mode.id, spec, pull: false, confirmHostAccess });
    });
    if (outcome.ok) {
      onClose();
      navigate(paths.container(client.engine, outcome.value.id));
      return;
    }
    const field = fieldOfRunError(spec, outcome.error);
    if (field !== null) showErrors({ [field]: outcome.error });
  };

  const submit = async (): Promise<void> => {
    const result = specFromForm(form);
    if (result.errors !== null) {
      request.clearError();
      showErrors(result.errors);
      return;
    }
    // Main decides what counts, with what only the engine knows (a joined container, a volume's options).
    const checked = await request.run(() => client.call('run.hostAccess', { spec: result.spec }));
    if (!checked.ok) return;
    if (checked.value.reasons.length > 0) setConfirm({ spec: result.spec, reasons: checked.value.reasons });
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

  const pullChoice: PullChoice =
    mode.kind === 'create' ? { kind: 'create', policy: pullPolicy, setPolicy: setPullPolicy } : { kind: 'recreate', first: pullFirst, setFirst: setPullFirst };
  const label = mode.kind === 'create' ? { idle: 'Run', busy: 'Running…' } : { idle: 'Recreate', busy: 'Recreating…' };

  return (
    <FormDialogFrame
      title={mode.kind === 'create' ? 'Run a container' : `Edit and recreate ${mode.name}`}
      className="run-dialog"
      dialogRef={dialogRef}
      initialFocus={imageRef}
      submitLabel={request.pending ? label.busy : label.idle}
      onSubmit={() => void submit()}
      onClose={onClose}
      pending={request.pending}
      error={request.error}
      covered={confirm !== null || copied !== null}
      buttons={
        <>
          <button type="button" onClick={() => copy('docker run command', dockerRunCommand)}>
            Copy as docker run
          </button>
          <button type="button" onClick={() => copy('Compose service', composeSnippet)}>
            Copy as Compose
          </button>
          <span className="run-spacer" />
        </>
      }
      progress={
        pulling && (
          <div className="run-pull" role="status" aria-label={`Pulling ${pulling.target}`}>
            Pulling {pulling.target}… {jobStateText(pulling)}
            <JobProgress job={pulling} />
          </div>
        )
      }
      over={
        <>
          {confirm && (
            <HostAccessDialog
              reasons={confirm.reasons}
              onCancel={() => setConfirm(null)}
              onConfirm={() => {
                setConfirm(null);
                void go(confirm.spec, true);
              }}
            />
          )}
          {copied && <CopyTextDialog title={copied.title} text={copied.text} onClose={() => setCopied(null)} />}
        </>
      }
    >
      {mode.kind === 'recreate' && (
        <p className="muted">{mode.name} is stopped and kept, renamed, until the new container has started; if that fails, it is put back as it was.</p>
      )}
      <div className="run-body">
        <ContainerSection fields={fields} tags={tags} pull={pullChoice} imageRef={imageRef} />
        <EnvironmentSection fields={fields} />
        <PortsSection fields={fields} userWarning={warnings.user} />
        <MountsSection fields={fields} warnings={warnings.mounts} />
        <NetworkSection fields={fields} />
        <ResourcesSection fields={fields} memoryWarning={warnings.memory} />
        <IdentitySection fields={fields} />
        <AdvancedSection fields={fields} privilegedWarning={warnings.privileged} open={advancedOpen} onToggle={setAdvancedOpen} />
      </div>
    </FormDialogFrame>
  );
}
