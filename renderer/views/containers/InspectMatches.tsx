/**
 * Every line of the inspect document a search matched, in the one generic
 * table: where it is (its path, as a JSON Pointer) and what it says, in
 * document order. Opening a row (its button, or Enter) makes that match the
 * current one, so the document scrolls to it.
 */
import { useMemo, type ReactNode } from 'react';
import { ResourceTable, type TableConfig } from '../../components/ResourceTable';
import { matchesOf, type InspectMatch, type JsonLine } from '../../format/jsonLines';
import { fixedSource } from '../../table/source';

function matchesTable(show: (position: number) => void): TableConfig<InspectMatch> {
  return {
    label: 'Matches',
    noun: 'matches',
    nounOne: 'match',
    minWidth: '30rem',
    columns: [
      {
        id: 'path',
        header: 'Where',
        width: 'minmax(10rem, 1fr)',
        cell: (m) => (
          <button type="button" className="link" onClick={() => show(m.position)} title={m.path}>
            {m.path}
          </button>
        ),
        sortKey: (m) => m.position,
      },
      { id: 'text', header: 'Line', width: 'minmax(10rem, 2fr)', cell: (m) => <code title={m.text}>{m.text}</code>, sortKey: (m) => m.text },
    ],
    filterText: (m) => `${m.path} ${m.text}`,
    initialSort: { column: 'path', direction: 'ascending' },
    onOpen: (m) => show(m.position),
  };
}

export function InspectMatches({ lines, matches, onShow }: { lines: readonly JsonLine[]; matches: readonly number[]; onShow(position: number): void }): ReactNode {
  const source = useMemo(() => fixedSource(matchesOf(lines, matches), (m) => String(m.position)), [lines, matches]);
  const config = useMemo(() => matchesTable(onShow), [onShow]);
  return (
    <div className="inspect-matches">
      <ResourceTable config={config} source={source} />
    </div>
  );
}
