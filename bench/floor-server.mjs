// The cold start's floor: the least any browser UI must do on this machine to
// show two engines' containers. A Node process starts, serves one page with
// its script inline, and passes each engine's GET /containers/json?all=1
// through; the page fetches both, parses them and draws the first rows of one
// table with plain DOM calls: no framework, no validation, no state, no
// socket. Berth's cold start is measured against this in the same run, so
// what the machine itself costs (a Node start, a Chromium navigation, two
// engines' lists) is told apart from what Berth adds.
//
// With --images first, the same for one engine's GET /images/json, a row per
// tag as the Images page has them.
//
// Usage: node bench/floor-server.mjs [--images] <socket> [<socket>…]; prints
// one line, "Floor is ready: <url>".
import { createServer, request } from 'node:http';

const images = process.argv[2] === '--images';
const sockets = process.argv.slice(images ? 3 : 2);
const listPath = images ? '/images/json' : '/containers/json?all=1';

const page = `<!doctype html><html><head><meta charset="utf-8"><title>floor</title></head><body>
<div role="table" aria-label="${images ? 'Images' : 'Containers'}" aria-rowcount="1"></div>
<script>
const table = document.querySelector('[role="table"]');
Promise.all(${JSON.stringify(sockets.map((_, k) => `/list/${k}`))}.map((path) => fetch(path).then((r) => r.json()))).then((lists) => {
  const all = ${images}
    ? lists.flat().flatMap((i) => { const tags = (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'); return (tags.length ? tags : ['<none>']).map((tag) => ({ Names: [tag], Image: i.Id, State: '', Status: String(i.Size) })); })
    : lists.flat();
  const rows = document.createDocumentFragment();
  for (const c of all.slice(0, 40)) {
    const row = document.createElement('div');
    row.setAttribute('role', 'row');
    for (const text of [c.Names[0], c.Image, c.State, c.Status]) {
      const cell = document.createElement('span');
      cell.setAttribute('role', 'cell');
      cell.textContent = text;
      row.append(cell);
    }
    rows.append(row);
  }
  table.append(rows);
  table.setAttribute('aria-rowcount', String(all.length + 1));
});
</script></body></html>`;

const server = createServer((req, res) => {
  const listed = /^\/list\/(\d+)$/.exec(req.url ?? '');
  const socketPath = listed ? sockets[Number(listed[1])] : undefined;
  if (socketPath === undefined) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    return;
  }
  request({ socketPath, path: listPath }, (engine) => {
    res.writeHead(engine.statusCode ?? 502, { 'content-type': 'application/json' });
    engine.pipe(res);
  })
    .on('error', () => res.writeHead(502).end())
    .end();
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`Floor is ready: http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
