import { describe, expect, it } from 'vitest';
import { groupOfRowKey, groupRowKey, groupRows } from '../../renderer/table/visibleRows';
import { projectSummary } from '../../renderer/format/compose';

const groups: Record<string, string | null> = { a1: 'app', a2: 'app', b1: 'db', x: null, y: null };
const groupOf = (id: string) => groups[id] ?? null;

describe('groupRows', () => {
  it('puts each group where its first member falls, members after it in sort order', () => {
    expect(groupRows(['x', 'a2', 'b1', 'y', 'a1'], groupOf, new Set())).toEqual([
      'x',
      groupRowKey('app'),
      'a2',
      'a1',
      groupRowKey('db'),
      'b1',
      'y',
    ]);
  });

  it('leaves the members of a collapsed group out but keeps its header', () => {
    expect(groupRows(['a1', 'x', 'a2', 'b1'], groupOf, new Set(['app']))).toEqual([groupRowKey('app'), 'x', groupRowKey('db'), 'b1']);
  });

  it('returns the same list when nothing is grouped', () => {
    const ids = ['x', 'y'];
    expect(groupRows(ids, groupOf, new Set())).toBe(ids);
  });

  it('tells header keys from item ids', () => {
    expect(groupOfRowKey(groupRowKey('my project'))).toBe('my project');
    expect(groupOfRowKey('3f2a9c')).toBeNull();
  });
});

describe('projectSummary', () => {
  it('counts the running members', () => {
    expect(projectSummary([{ state: 'running' }, { state: 'exited' }, { state: 'running' }])).toBe('3 containers, 2 running');
    expect(projectSummary([{ state: 'running' }])).toBe('1 container, all running');
    expect(projectSummary([{ state: 'exited' }, { state: 'created' }])).toBe('2 containers, none running');
  });
});
