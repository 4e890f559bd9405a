/** The labelled inputs of the pull, push, build and login dialogs. */
import { useId, type ReactNode, type RefObject } from 'react';

export function TextField({
  label,
  value,
  onChange,
  hint,
  placeholder,
  inputRef,
  type = 'text',
  autoComplete = 'off',
  list,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  hint?: string;
  placeholder?: string;
  inputRef?: RefObject<HTMLInputElement | null>;
  type?: 'text' | 'password';
  autoComplete?: string;
  list?: string;
}): ReactNode {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        type={type}
        value={value}
        placeholder={placeholder}
        list={list}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={hint === undefined ? undefined : `${id}-hint`}
        autoComplete={autoComplete}
        spellCheck={false}
      />
      {hint !== undefined && (
        <span id={`${id}-hint`} className="field-hint">
          {hint}
        </span>
      )}
    </>
  );
}

export function CheckField({ label, checked, onChange }: { label: string; checked: boolean; onChange(checked: boolean): void }): ReactNode {
  const id = useId();
  return (
    <p className="dialog-check">
      <input id={id} type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </p>
  );
}

/** The first problem zod found, as the dialog's error. */
export function firstIssue(error: { issues: readonly { message: string; path: readonly PropertyKey[] }[] }, names: Record<string, string>): Error {
  const issue = error.issues[0];
  const field = issue ? names[String(issue.path[0] ?? '')] : undefined;
  return new Error(issue ? `${field ? `${field}: ` : ''}${issue.message}` : 'Correct the form.');
}
