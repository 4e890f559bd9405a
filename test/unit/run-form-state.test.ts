/**
 * The run form's changes and the dialog's decisions, kept pure in form.ts:
 * row edits, an env file added, when to pull, and when the Advanced part opens.
 */
import { describe, expect, it } from 'vitest';
import { emptyRunSpec, type RunSpec } from '#shared/run';
import {
  addRow,
  appendEnvFile,
  emptyForm,
  errorsInAdvanced,
  formFromSpec,
  needsPull,
  removeRow,
  updateRow,
  usesAdvanced,
} from '../../renderer/views/run/form';

const spec = (patch: Partial<RunSpec>): RunSpec => ({ ...emptyRunSpec('nginx:1.27'), ...patch });

describe('rows', () => {
  it('adds, edits and removes a row by position, leaving the form it came from as it was', () => {
    const before = emptyForm('nginx');
    const two = addRow(addRow(before, 'ports'), 'ports');
    expect(before.ports).toEqual([]);
    expect(two.ports).toEqual([
      { hostIp: '', hostPort: '', containerPort: '', protocol: 'tcp' },
      { hostIp: '', hostPort: '', containerPort: '', protocol: 'tcp' },
    ]);
    const edited = updateRow(two, 'ports', 1, { hostPort: '8080', protocol: 'udp' });
    expect(edited.ports[1]).toEqual({ hostIp: '', hostPort: '8080', containerPort: '', protocol: 'udp' });
    expect(edited.ports[0]).toBe(two.ports[0]);
    expect(removeRow(edited, 'ports', 0).ports).toEqual([edited.ports[1]]);
    const mounted = updateRow(addRow(before, 'mounts'), 'mounts', 0, { type: 'bind', source: '/srv' });
    expect(mounted.mounts).toEqual([{ type: 'bind', source: '/srv', target: '', readOnly: false }]);
  });

  it('adds an env file after what is typed, without blank lines between', () => {
    expect(appendEnvFile({ ...emptyForm(), env: 'A=1\n\n' }, '\nB=2\nC=3\n').env).toBe('A=1\nB=2\nC=3');
    expect(appendEnvFile(emptyForm(), 'B=2\n').env).toBe('B=2');
  });
});

describe('pulling', () => {
  const tags = new Set(['nginx:1.27', 'busybox:latest']);
  it('pulls by the policy: always, never, or when no local tag names the image', () => {
    expect(needsPull('always', tags, 'nginx:1.27')).toBe(true);
    expect(needsPull('never', tags, 'redis:7')).toBe(false);
    expect(needsPull('missing', tags, 'nginx:1.27')).toBe(false);
    expect(needsPull('missing', tags, 'busybox')).toBe(false);
    expect(needsPull('missing', tags, 'redis:7')).toBe(true);
  });
});

describe('the Advanced part', () => {
  it('opens for a spec that uses it, and stays closed for one that does not', () => {
    expect(usesAdvanced(spec({}))).toBe(false);
    expect(usesAdvanced(spec({ capDrop: ['ALL'] }))).toBe(true);
    expect(usesAdvanced(spec({ seccomp: 'unconfined' }))).toBe(true);
    expect(formFromSpec(spec({ cgroupns: 'host' })).cgroupns).toBe('host');
    expect(usesAdvanced(spec({ cgroupns: 'host' }))).toBe(true);
  });

  it('opens when a message is about one of its fields', () => {
    expect(errorsInAdvanced({ 'ports.0.hostPort': 'in use' })).toBe(false);
    expect(errorsInAdvanced({ env: 'bad', capAdd: '“net-admin”: unknown' })).toBe(true);
    expect(errorsInAdvanced({ 'devices.1': 'not absolute' })).toBe(true);
  });
});
