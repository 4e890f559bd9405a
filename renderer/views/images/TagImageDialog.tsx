/** "Tag image": a new repository and tag for an image; the engine's refusal shows in the dialog. */
import { useId, useRef, useState, type ReactNode } from 'react';
import type { Image } from '#shared/model';
import { FormDialog } from '../../components/FormDialog';
import { shortId } from '../../format/ids';
import { useClient } from '../../hooks/useClient';

export function TagImageDialog({ image, onClose }: { image: Image; onClose(): void }): ReactNode {
  const client = useClient();
  const input = useRef<HTMLInputElement>(null);
  const [repository, setRepository] = useState(image.tags[0]?.replace(/:[^/:]*$/, '') ?? '');
  const [tag, setTag] = useState('latest');
  const repoId = useId();
  const tagId = useId();
  return (
    <FormDialog
      title={`Tag image ${image.tags[0] ?? shortId(image.id)}`}
      submitLabel="Tag"
      initialFocus={input}
      onClose={onClose}
      onSubmit={() => client.call('image.tag', { id: image.id, repository: repository.trim(), tag: tag.trim() }).then(() => undefined)}
    >
      <p className="form-row">
        <label htmlFor={repoId}>Repository</label>
        <input id={repoId} ref={input} value={repository} onChange={(e) => setRepository(e.target.value)} spellCheck={false} autoComplete="off" />
      </p>
      <p className="form-row">
        <label htmlFor={tagId}>Tag</label>
        <input id={tagId} value={tag} onChange={(e) => setTag(e.target.value)} spellCheck={false} autoComplete="off" />
      </p>
    </FormDialog>
  );
}
