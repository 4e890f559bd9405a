/**
 * Update one container, a selection or a Compose project, in one way:
 * ask each tag's registry whether it moved (one HEAD per tag), pull each tag
 * that did once (pull jobs, shown here and in the Activity list), then show
 * for each new image what changes (digest, env, entrypoint, command, ports)
 * and its layer diff against the image the containers run now (both are
 * local after the pull), naming every container. Only on the user's word
 * are they recreated, one by one, each rolled back if its new container
 * fails; every container's result is shown.
 *
 * Pulling first is the honest order: the layer diff needs the new image, and
 * a pull changes nothing a container runs.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { RequestResult } from '#shared/contract';
import type { ImageComparison } from '#shared/images';
import { UPDATE_MUST_STAY_UP_MS, namesATag, type UpdateResult } from '#shared/registries';
import { FormDialogFrame } from '../../components/FormDialog';
import { errorText } from '../../format/errors';
import { shortId } from '../../format/ids';
import { formatSize } from '../../format/sizes';
import { useClient } from '../../hooks/useClient';
import { useAction } from '../../hooks/useRequest';
import { ComparisonFacts } from '../images/ComparisonFacts';
import { usePull } from '../run/usePull';
import { JobProgress } from './JobProgress';

/** A container to update, as the page that opens the dialog knows it. */
export interface UpdateSubject {
  id: string;
  name: string;
  /** The image as the container names it (a tag, or an id or digest that no update moves). */
  image: string;
}

type Changes = RequestResult<'updates.changes'>;

/** One new image and the containers that move to it, with what changes and the layer diff. */
interface ImageMove {
  reference: string;
  before: Changes['before'];
  after: NonNullable<Changes['after']>;
  changes: string[];
  comparison: ImageComparison | null;
  /** Why the layer diff could not be read (the rest still stands). */
  comparisonError: string | null;
  containers: UpdateSubject[];
}

interface Plan {
  moves: ImageMove[];
  skipped: { subject: UpdateSubject; reason: string }[];
}

const OUTCOME_WORDS: Record<UpdateResult['outcome'], string> = { updated: 'updated', 'rolled-back': 'rolled back', skipped: 'skipped', failed: 'failed' };

const countOf = (n: number): string => (n === 1 ? '1 container' : `${n} containers`);

export function UpdateDialog({ subjects: given, what, onClose, onDone }: { subjects: readonly UpdateSubject[]; what: string; onClose(): void; onDone?(): void }): ReactNode {
  const client = useClient();
  // Read once, when the dialog opens: what it shows is what it recreates.
  const [subjects] = useState(given);
  const focus = useRef<HTMLParagraphElement>(null);
  const { pulling, pull } = usePull();
  const [step, setStep] = useState<string>('Asking the registries…');
  const [plan, setPlan] = useState<Plan | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [results, setResults] = useState<UpdateResult[] | null>(null);
  const apply = useAction();

  useEffect(() => {
    let live = true;
    const prepare = async (): Promise<Plan> => {
      const skipped: Plan['skipped'] = [];
      const tagged = subjects.filter((s) => {
        if (namesATag(s.image)) return true;
        skipped.push({ subject: s, reason: `it runs an image by id or digest (${s.image}): there is no tag to update it to` });
        return false;
      });
      const { images } = tagged.length === 0 ? { images: [] } : await client.call('updates.check', { references: [...new Set(tagged.map((s) => s.image))] });
      const toPull = new Map<string, UpdateSubject[]>();
      for (const subject of tagged) {
        const found = images.find((u) => u.containers.includes(subject.id));
        if (found === undefined) skipped.push({ subject, reason: 'Berth does not know its image yet: try again in a moment' });
        else if (found.state === 'current') skipped.push({ subject, reason: `up to date: ${found.reference} names the image it runs` });
        else if (found.state === 'unknown') skipped.push({ subject, reason: `cannot tell: ${found.reason ?? 'the registry did not say'}` });
        else toPull.set(found.reference, [...(toPull.get(found.reference) ?? []), subject]);
      }
      const moves = new Map<string, ImageMove>();
      for (const [reference, waiting] of toPull) {
        if (!live) break;
        setStep(`Pulling ${reference}…`);
        try {
          await pull(reference);
        } catch (error) {
          for (const subject of waiting) skipped.push({ subject, reason: `the pull of ${reference} failed: ${errorText(error)}` });
          continue;
        }
        for (const subject of waiting) {
          const found = await client.call('updates.changes', { id: subject.id });
          if (found.after === null || found.changes.length === 0) {
            skipped.push({ subject, reason: found.after === null ? found.changes.join('; ') : `it already runs the image ${found.reference} names` });
            continue;
          }
          const key = `${found.before.id} ${found.after.id}`;
          const move = moves.get(key) ?? { reference: found.reference, before: found.before, after: found.after, changes: found.changes, comparison: null, comparisonError: null, containers: [] };
          move.containers.push(subject);
          moves.set(key, move);
        }
      }
      for (const move of moves.values()) {
        if (!live) break;
        setStep(`Comparing the layers of ${move.reference}…`);
        try {
          move.comparison = await client.call('image.compare', { base: move.before.id, other: move.after.id });
        } catch (error) {
          move.comparisonError = errorText(error);
        }
      }
      return { moves: [...moves.values()], skipped };
    };
    prepare().then(
      (found) => live && setPlan(found),
      (error: unknown) => live && setFailed(errorText(error)),
    );
    return () => {
      live = false;
    };
  }, [client, pull, subjects]);

  const moving = plan?.moves.flatMap((move) => move.containers.map((c) => ({ id: c.id, image: move.after.id }))) ?? [];
  const done = results !== null || (plan !== null && moving.length === 0) || failed !== null;
  const nameOf = (id: string): string => subjects.find((s) => s.id === id)?.name ?? shortId(id);
  return (
    <FormDialogFrame
      title={`Update ${what}`}
      className="update-dialog"
      submitLabel={done ? 'Close' : apply.pending ? 'Recreating…' : `Recreate ${countOf(moving.length)}`}
      initialFocus={focus}
      onClose={onClose}
      pending={apply.pending || (plan === null && failed === null)}
      error={apply.error ?? failed}
      onSubmit={() => {
        if (done) return onClose();
        void apply.run(() => client.call('updates.apply', { targets: moving })).then((outcome) => {
          if (!outcome.ok) return;
          setResults(outcome.value.results);
          onDone?.();
        });
      }}
      progress={pulling && <JobProgress job={pulling} />}
    >
      <div className="dialog-body">
        <p ref={focus} tabIndex={-1} role="status">
          {plan === null
            ? step
            : results !== null
              ? `${results.filter((r) => r.outcome === 'updated').length} of ${countOf(results.length)} updated.`
              : moving.length === 0
                ? 'Nothing to update.'
                : `Recreating ${countOf(moving.length)} changes:`}
        </p>
        {results === null &&
          plan?.moves.map((move) => (
            <section key={`${move.before.id} ${move.after.id}`} aria-label={`New image of ${move.reference}`} className="update-move">
              <h3>
                {move.reference} for {move.containers.map((c) => c.name).join(', ')}
              </h3>
              <ul aria-label={`What changes for ${move.reference}`}>
                {move.changes.map((change) => (
                  <li key={change}>{change}</li>
                ))}
              </ul>
              {move.comparison !== null && (
                <>
                  <ComparisonFacts result={move.comparison} label={`Layer diff of ${move.reference}`} baseName="the running image" otherName="the new image" />
                  {move.comparison.files.list.length > 0 && (
                    <table className="simple-table" aria-label={`Largest differing files of ${move.reference}`}>
                      <thead>
                        <tr>
                          <th scope="col">Path</th>
                          <th scope="col">Change</th>
                          <th scope="col">Before</th>
                          <th scope="col">After</th>
                        </tr>
                      </thead>
                      <tbody>
                        {move.comparison.files.list.slice(0, 10).map((f) => (
                          <tr key={`${f.change} ${f.path}`}>
                            <td>
                              <code>/{f.path}</code>
                            </td>
                            <td>{f.change}</td>
                            <td>{f.before === null ? '—' : formatSize(f.before)}</td>
                            <td>{f.after === null ? '—' : formatSize(f.after)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                </>
              )}
              {move.comparisonError !== null && <p className="error">Could not compare the layers: {move.comparisonError}</p>}
            </section>
          ))}
        {plan !== null && (results !== null || plan.skipped.length > 0) && (
          <table className="simple-table" aria-label={results === null ? 'Not updated' : 'Update results'}>
            <thead>
              <tr>
                <th scope="col">Container</th>
                <th scope="col">Result</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {[
                ...(results ?? []).map((r) => ({ key: r.id, name: r.name === r.id ? nameOf(r.id) : r.name, outcome: OUTCOME_WORDS[r.outcome], reason: r.reason ?? '' })),
                ...plan.skipped.map(({ subject, reason }) => ({ key: subject.id, name: subject.name, outcome: OUTCOME_WORDS.skipped, reason })),
              ].map((row) => (
                <tr key={row.key}>
                  <td>{row.name}</td>
                  <td>{row.outcome}</td>
                  <td>{row.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {results === null && moving.length > 0 && (
          <p>Their own settings stay. Each new container must keep running for {UPDATE_MUST_STAY_UP_MS / 1000} s; if it does not start or stops sooner, the old one is put back as it was.</p>
        )}
      </div>
    </FormDialogFrame>
  );
}
