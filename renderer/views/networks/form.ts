/**
 * The create-network form as the user types it (text fields, one IPv4 and
 * one IPv6 pool, key=value lines), turned into the contract's NetworkSpec,
 * with every problem keyed by the form field it belongs on: the schema's
 * own checks (a gateway outside its subnet) and, after a refusal, the
 * engine's words (an overlapping subnet). Pure.
 */
import { fieldOfNetworkError, NetworkSpecSchema, takesParent, type NetworkDriver, type NetworkSpec } from '#shared/networks';

export interface NetworkForm {
  name: string;
  driver: NetworkDriver;
  parent: string;
  subnet: string;
  gateway: string;
  ipRange: string;
  /** host=address, one per line. */
  auxAddresses: string;
  ipv6: boolean;
  subnet6: string;
  gateway6: string;
  internal: boolean;
  attachable: boolean;
  /** key=value, one per line. */
  labels: string;
  options: string;
}

export type NetworkFormField = keyof NetworkForm;
export type NetworkFormErrors = Partial<Record<NetworkFormField, string>>;

export const emptyNetworkForm: NetworkForm = {
  name: '',
  driver: 'bridge',
  parent: '',
  subnet: '',
  gateway: '',
  ipRange: '',
  auxAddresses: '',
  ipv6: false,
  subnet6: '',
  gateway6: '',
  internal: false,
  attachable: false,
  labels: '',
  options: '',
};

/** key=value lines (blank lines skipped), or the first bad line's number. */
export function keyValueLines(text: string): { values: Record<string, string> } | { badLine: number } {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const eq = line.indexOf('=');
    if (eq <= 0) return { badLine: i + 1 };
    values[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return { values };
}

/** The form fields of the pools as the spec lists them: which pool index is which family. */
type PoolFields = Array<{ subnet: NetworkFormField; gateway: NetworkFormField; ipRange: NetworkFormField; auxAddresses: NetworkFormField }>;

function poolFields(form: NetworkForm): PoolFields {
  const fields: PoolFields = [];
  if (form.subnet.trim() !== '' || form.gateway.trim() !== '' || form.ipRange.trim() !== '' || form.auxAddresses.trim() !== '') {
    fields.push({ subnet: 'subnet', gateway: 'gateway', ipRange: 'ipRange', auxAddresses: 'auxAddresses' });
  }
  if (form.ipv6 && (form.subnet6.trim() !== '' || form.gateway6.trim() !== '')) {
    fields.push({ subnet: 'subnet6', gateway: 'gateway6', ipRange: 'subnet6', auxAddresses: 'subnet6' });
  }
  return fields;
}

/** A spec path (`ipam.1.gateway`, `name`) as the form field showing it. */
function fieldOfPath(path: string, pools: PoolFields): NetworkFormField | null {
  const pool = /^ipam\.(\d+)\.(subnet|gateway|ipRange|auxAddresses)/.exec(path);
  if (pool) return pools[Number(pool[1])]?.[pool[2] as 'subnet'] ?? 'subnet';
  const head = path.split('.')[0] ?? '';
  return head in emptyNetworkForm ? (head as NetworkFormField) : null;
}

export function specFromNetworkForm(form: NetworkForm): { spec: NetworkSpec; errors: null } | { spec: null; errors: NetworkFormErrors } {
  const errors: NetworkFormErrors = {};
  const keyed = (field: 'auxAddresses' | 'labels' | 'options', what: string): Record<string, string> => {
    const parsed = keyValueLines(form[field]);
    if ('badLine' in parsed) {
      errors[field] = `line ${parsed.badLine}: ${what}`;
      return {};
    }
    return parsed.values;
  };
  const aux = keyed('auxAddresses', 'an auxiliary address is host=address (router=10.20.0.2)');
  const labels = keyed('labels', 'a label is key=value');
  const options = keyed('options', 'a driver option is key=value');
  const ipam = [];
  const pools = poolFields(form);
  for (const pool of pools) {
    ipam.push(
      pool.subnet === 'subnet'
        ? { subnet: form.subnet.trim(), gateway: form.gateway.trim(), ipRange: form.ipRange.trim(), auxAddresses: aux }
        : { subnet: form.subnet6.trim(), gateway: form.gateway6.trim(), ipRange: '', auxAddresses: {} },
    );
  }
  const parsed = NetworkSpecSchema.safeParse({
    name: form.name.trim(),
    driver: form.driver,
    parent: takesParent(form.driver) ? form.parent.trim() : '',
    ipam,
    internal: form.internal,
    attachable: form.attachable,
    ipv6: form.ipv6,
    labels,
    options,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldOfPath(issue.path.join('.'), pools) ?? 'name';
      errors[field] ??= issue.message;
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { spec: null, errors };
  return { spec: parsed.data, errors: null };
}

/** The form field the engine's refusal of `spec` concerns, or null. */
export function fieldOfEngineError(form: NetworkForm, spec: NetworkSpec, message: string): NetworkFormField | null {
  const path = fieldOfNetworkError(spec, message);
  return path === null ? null : fieldOfPath(path, poolFields(form));
}
