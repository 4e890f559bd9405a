/**
 * The run form's fields: what every section needs to show a value, change
 * it and mark it. A field with a message gets aria-invalid and its message
 * linked by aria-describedby (with its hint and warning, if it has them), so
 * keyboard and screen reader users hear why.
 */
import type { ReactNode, RefObject } from 'react';
import type { FieldErrors, RunForm } from './form';

export interface Fields {
  readonly form: RunForm;
  readonly errors: FieldErrors;
  set<K extends keyof RunForm>(key: K, value: RunForm[K]): void;
  /** A change computed from the form as it is then (form.ts holds those changes). */
  change(update: (form: RunForm) => RunForm): void;
  /** The element id of a field's input (keys may hold dots: `ports.0.hostPort`). */
  id(key: string): string;
}

export function makeFields(form: RunForm, errors: FieldErrors, setForm: (update: (form: RunForm) => RunForm) => void, prefix: string): Fields {
  return {
    form,
    errors,
    set: (key, value) => setForm((f) => ({ ...f, [key]: value })),
    change: setForm,
    id: (key) => `${prefix}-${key.replace(/\./g, '-')}`,
  };
}

function describedBy(fields: Fields, key: string, ...more: Array<string | undefined>): string | undefined {
  return [fields.errors[key] !== undefined ? `${fields.id(key)}-error` : undefined, ...more].filter(Boolean).join(' ') || undefined;
}

/** aria-invalid and aria-describedby for an input whose message is under `key`. */
export function invalid(fields: Fields, key: string): { 'aria-invalid': true | undefined; 'aria-describedby': string | undefined } {
  return { 'aria-invalid': fields.errors[key] !== undefined ? true : undefined, 'aria-describedby': describedBy(fields, key) };
}

export function FieldError({ fields, name }: { fields: Fields; name: string }): ReactNode {
  const message = fields.errors[name];
  return (
    message !== undefined && (
      <span id={`${fields.id(name)}-error`} className="field-error">
        {message}
      </span>
    )
  );
}

/** Free-text fields (not those whose text is one of a few choices). */
type TextKey = { [K in keyof RunForm]: string extends RunForm[K] ? K : never }[keyof RunForm];
type CheckKey = { [K in keyof RunForm]: RunForm[K] extends boolean ? K : never }[keyof RunForm];

export interface TextFieldProps {
  fields: Fields;
  name: TextKey;
  label: string;
  /** Where its messages are, when not under its own name (`memory` is checked as `memoryBytes`). */
  errorKey?: string;
  placeholder?: string;
  hint?: string;
  list?: string;
  warning?: string | undefined;
  inputRef?: RefObject<HTMLInputElement | null>;
}

export function TextField({ fields, name, label, errorKey = name, placeholder, hint, list, warning, inputRef }: TextFieldProps): ReactNode {
  const id = fields.id(name);
  const hintId = hint ? `${id}-hint` : undefined;
  const warningId = warning ? `${id}-warning` : undefined;
  return (
    <div className="run-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        value={fields.form[name]}
        onChange={(event) => fields.set(name, event.target.value)}
        placeholder={placeholder}
        list={list}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={fields.errors[errorKey] !== undefined ? true : undefined}
        aria-describedby={describedBy(fields, errorKey, hintId, warningId)}
      />
      {hint && (
        <span id={hintId} className="field-hint">
          {hint}
        </span>
      )}
      {warning && (
        <span id={warningId} className="field-warning">
          {warning}
        </span>
      )}
      <FieldError fields={fields} name={errorKey} />
    </div>
  );
}

export function CheckField({ fields, name, label, warning }: { fields: Fields; name: CheckKey; label: string; warning?: string | undefined }): ReactNode {
  const warningId = warning ? `${fields.id(name)}-warning` : undefined;
  return (
    <div className="run-check">
      <label>
        <input type="checkbox" checked={fields.form[name]} onChange={(event) => fields.set(name, event.target.checked)} aria-describedby={warningId} /> {label}
      </label>
      {warning && (
        <span id={warningId} className="field-warning">
          {warning}
        </span>
      )}
    </div>
  );
}

/** A field of one entry per line (environment, labels, devices). */
export function LinesField({ fields, name, label, rows }: { fields: Fields; name: 'env' | 'labels' | 'devices'; label: string; rows: number }): ReactNode {
  const id = fields.id(name);
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={rows} value={fields.form[name]} onChange={(event) => fields.set(name, event.target.value)} spellCheck={false} {...invalid(fields, name)} />
      <FieldError fields={fields} name={name} />
    </>
  );
}
