/**
 * The Advanced part: privileges, capabilities, confinement, devices and
 * namespaces, most of which give the container power over the host (main
 * asks before any such run). It opens by itself when a setting in it is used
 * or marked.
 */
import type { ReactNode } from 'react';
import { CheckField, LinesField, TextField, type Fields } from '../fields';
import type { RunForm } from '../form';

export function AdvancedSection({ fields, privilegedWarning, open, onToggle }: { fields: Fields; privilegedWarning: string | undefined; open: boolean; onToggle(open: boolean): void }): ReactNode {
  return (
    <details open={open} onToggle={(event) => onToggle(event.currentTarget.open)}>
      <summary>Advanced</summary>
      <CheckField fields={fields} name="privileged" label="Privileged" warning={privilegedWarning} />
      <TextField fields={fields} name="capAdd" label="Add capabilities" placeholder="e.g. NET_ADMIN SYS_TIME" />
      <TextField fields={fields} name="capDrop" label="Drop capabilities" placeholder="e.g. ALL" />
      <CheckField fields={fields} name="readOnlyRootfs" label="Read-only root filesystem" />
      <CheckField fields={fields} name="noNewPrivileges" label="No new privileges (setuid programs cannot gain more)" />
      <TextField fields={fields} name="pid" label="PID namespace" placeholder="the container's own if empty; host or container:<name>" />
      <TextField fields={fields} name="ipc" label="IPC namespace" placeholder="the engine's default if empty; host, none or container:<name>" />
      <CheckField fields={fields} name="utsHost" label="Share the host’s host name (UTS namespace)" />
      <CheckField fields={fields} name="usernsHost" label="Use the host’s user namespace (userns=host)" />
      <div className="run-field">
        <label htmlFor={fields.id('cgroupns')}>Cgroup namespace</label>
        <select id={fields.id('cgroupns')} value={fields.form.cgroupns} onChange={(event) => fields.set('cgroupns', event.target.value as RunForm['cgroupns'])}>
          <option value="">The engine’s default</option>
          <option value="private">Its own (private)</option>
          <option value="host">The host’s</option>
        </select>
      </div>
      <LinesField fields={fields} name="devices" label="Host devices (host[:container][:rwm], one per line)" rows={2} />
      <CheckField fields={fields} name="seccompUnconfined" label="No seccomp filter (unconfined)" />
      <TextField fields={fields} name="apparmor" label="AppArmor profile" placeholder="the engine's default if empty; or unconfined" />
      <CheckField fields={fields} name="selinuxDisabled" label="No SELinux labels (label=disable)" />
    </details>
  );
}
