/**
 * "All engines": one section's objects on every engine in one table, with
 * an Engine column and an Engine filter ("All" or one engine). Addresses
 * are `#/all/containers` and so on (routes.ts).
 */
import { useId, useMemo, type ReactNode } from 'react';
import { KIND_NAMES, KINDS, type ResourceKind } from '#shared/kinds';
import { ResourceTable } from '../../components/ResourceTable';
import { useBerthClient } from '../../hooks/useClient';
import type { MergedListSection } from '../../routes';
import { useEnginesStore } from '../../store/engineStore';
import { mergedSource } from './mergedRows';
import { mergedTable } from './mergedTable';
import { useEngineFilter } from './EngineFilter';
import { KIND_TABLES } from './tables';

function kindOfSection(section: MergedListSection): ResourceKind {
  const kind = KIND_NAMES.find((k) => KINDS[k].collection === section);
  if (kind === undefined) throw new Error(`no kind is listed as ${section}`);
  return kind;
}

export function AllEnginesView({ section }: { section: MergedListSection }): ReactNode {
  const kind = kindOfSection(section);
  // Another section is another table: its sort and filter start afresh.
  return <MergedList key={kind} kind={kind} />;
}

function MergedList<K extends ResourceKind>({ kind }: { kind: K }): ReactNode {
  const berth = useBerthClient();
  const engines = useEnginesStore((store) => store.engines);
  const { chosen, filter } = useEngineFilter();
  const headingId = useId();
  const table = KIND_TABLES[kind];
  const config = useMemo(() => {
    const names = new Map((engines ?? []).map((e) => [e.id, e.name]));
    return mergedTable(kind, table, (id) => berth.engine(id), (id) => names.get(id) ?? id);
  }, [kind, table, berth, engines]);
  const source = useMemo(() => mergedSource(table.rows, chosen), [table, chosen]);
  const { label } = KINDS[kind];
  const { Toolbar } = table;
  return (
    <section className="view" aria-labelledby={headingId}>
      <div className="view-head">
        <h1 id={headingId}>{label} on all engines</h1>
        {filter}
      </div>
      {Toolbar && <Toolbar />}
      <ResourceTable config={config} source={source} />
    </section>
  );
}
