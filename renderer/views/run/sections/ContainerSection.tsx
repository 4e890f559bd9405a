/** The run form's first part: the image (and whether to pull it), name, command, entrypoint and folder. */
import type { ReactNode, RefObject } from 'react';
import type { PullPolicy } from '#shared/run';
import { TextField, type Fields } from '../fields';

/** How the image is pulled: a policy for a new run; for a recreate, whether to get its tag's newest first. */
export type PullChoice = { kind: 'create'; policy: PullPolicy; setPolicy(policy: PullPolicy): void } | { kind: 'recreate'; first: boolean; setFirst(first: boolean): void };

export function ContainerSection({ fields, tags, pull, imageRef }: { fields: Fields; tags: ReadonlySet<string>; pull: PullChoice; imageRef: RefObject<HTMLInputElement | null> }): ReactNode {
  const imagesId = `${fields.id('image')}-images`;
  return (
    <fieldset>
      <legend>Container</legend>
      <TextField fields={fields} name="image" label="Image" placeholder="e.g. nginx:1.27 or registry.example.com/team/app:2" list={imagesId} inputRef={imageRef} />
      <datalist id={imagesId}>
        {[...tags].sort().map((tag) => (
          <option key={tag} value={tag} />
        ))}
      </datalist>
      {pull.kind === 'create' ? (
        <div className="run-field">
          <label htmlFor={fields.id('pull')}>Pull the image</label>
          <select id={fields.id('pull')} value={pull.policy} onChange={(event) => pull.setPolicy(event.target.value as PullPolicy)}>
            <option value="missing">If it is not here</option>
            <option value="always">Always (get the newest)</option>
            <option value="never">Never (use only what is here)</option>
          </select>
        </div>
      ) : (
        <div className="run-check">
          <label>
            <input type="checkbox" checked={pull.first} onChange={(event) => pull.setFirst(event.target.checked)} /> Pull the image first
          </label>
          <span className="field-hint">Gets the newest image for its tag: how a container is updated.</span>
        </div>
      )}
      <TextField fields={fields} name="name" label="Name" placeholder="chosen by the engine if empty" />
      <TextField fields={fields} name="command" label="Command" placeholder="the image's own if empty" hint="Words as in a shell: quote those with spaces." />
      <TextField fields={fields} name="entrypoint" label="Entrypoint" placeholder="the image's own if empty" />
      <TextField fields={fields} name="workdir" label="Working directory" placeholder="the image's own if empty" />
    </fieldset>
  );
}
