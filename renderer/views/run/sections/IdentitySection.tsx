/** Who and what the container is: user, host name, labels, and how it runs (auto-remove, TTY, stdin). */
import type { ReactNode } from 'react';
import { CheckField, LinesField, TextField, type Fields } from '../fields';

export function IdentitySection({ fields }: { fields: Fields }): ReactNode {
  return (
    <fieldset>
      <legend>Identity and options</legend>
      <TextField fields={fields} name="user" label="User" placeholder="the image's own if empty; name or uid[:gid]" />
      <TextField fields={fields} name="hostname" label="Host name" placeholder="the short container id if empty" />
      <LinesField fields={fields} name="labels" label="Labels (key=value, one per line)" rows={2} />
      <CheckField fields={fields} name="autoRemove" label="Remove the container when it stops" />
      <CheckField fields={fields} name="tty" label="Allocate a terminal (TTY)" />
      <CheckField fields={fields} name="stdin" label="Keep standard input open" />
    </fieldset>
  );
}
