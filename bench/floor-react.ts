// The React floor's page script (bench/floor-server.mjs --react): the plain
// floor's work (fetch each engine's list, draw the first rows of one table),
// done by React as Berth's renderer is. Against the plain floor it says what
// React itself costs this machine; against Berth, what Berth's own code adds.
import { createElement as h, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

interface Row {
  Names: string[];
  Image: string;
  State: string;
  Status: string;
}
interface Image {
  Id: string;
  Size: number;
  RepoTags?: string[] | null;
}

const root = document.getElementById('root')!;
const paths = JSON.parse(root.dataset.lists ?? '[]') as string[];
const images = root.dataset.images === 'true';

function rowsOf(lists: unknown[][]): Row[] {
  if (!images) return lists.flat() as Row[];
  return (lists.flat() as Image[]).flatMap((i) => {
    const tags = (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
    return (tags.length ? tags : ['<none>']).map((tag) => ({ Names: [tag], Image: i.Id, State: '', Status: String(i.Size) }));
  });
}

function Table() {
  const [rows, setRows] = useState<Row[]>([]);
  useEffect(() => {
    void Promise.all(paths.map((path) => fetch(path).then((r) => r.json() as Promise<unknown[]>))).then((lists) => setRows(rowsOf(lists)));
  }, []);
  return h(
    'div',
    { role: 'table', 'aria-label': images ? 'Images' : 'Containers', 'aria-rowcount': rows.length + 1 },
    rows.slice(0, 40).map((c, k) =>
      h(
        'div',
        { role: 'row', key: k },
        [c.Names[0], c.Image, c.State, c.Status].map((text, j) => h('span', { role: 'cell', key: j }, text)),
      ),
    ),
  );
}

createRoot(root).render(h(Table));
