// The cold start's floor: the least any browser UI must do on this machine to
// show two engines' containers. A Node process starts, serves one page with
// its script inline, and passes each engine's GET /containers/json?all=1
// through; the page fetches both, parses them and draws the first rows of one
// table with plain DOM calls: no framework, no validation, no state, no
// socket. Berth's cold start is measured against this in the same run, so
// what the machine itself costs (a Node start, a Chromium navigation, two
// engines' lists) is told apart from what Berth adds.
//
// With --images, the same for one engine's GET /images/json, a row per tag as
// the Images page has them. With --react <file>, the page's script is that
// file (bench/floor-react.ts, built by bench/floor.ts): the same work done by
// React, as a module script of its own as Berth's is.
//
// Usage: node bench/floor-server.mjs [--images] [--react <file>] <socket>
// [<socket>…]; prints one line, "Floor is ready: <url>".
import { readFileSync } from 'node:fs';
import { createServer, request } from 'node:http';

const args = process.argv.slice(2);
const images = args[0] === '--images';
if (images) args.shift();
const reactScript = args[0] === '--react' ? readFileSync(args[1]) : null;
if (reactScript) args.splice(0, 2);
const sockets = args;
const listPath = images ? '/images/json' : '/containers/json?all=1';
const listPaths = sockets.map((_, k) => `/list/${k}`);

const reactPage = `<!doctype html><html><head><meta charset="utf-8"><title>floor</title>
<script type="module" src="/floor.js"></script></head><body>
<div id="root" data-images="${images}" data-lists='${JSON.stringify(listPaths)}'></div></body></html>`;

const plainPage = `<!doctype html><html><head><meta charset="utf-8"><title>floor</title></head><body>
<div role="table" aria-label="${images ? 'Images' : 'Containers'}" aria-rowcount="1"></div>
<script>
const table = document.querySelector('[role="table"]');
Promise.all(${JSON.stringify(listPaths)}.map((path) => fetch(path).then((r) => r.json()))).then((lists) => {
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
const page = reactScript ? reactPage : plainPage;

const server = createServer((req, res) => {
  const listed = /^\/list\/(\d+)$/.exec(req.url ?? '');
  const socketPath = listed ? sockets[Number(listed[1])] : undefined;
  if (reactScript && req.url === '/floor.js') {
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(reactScript);
    return;
  }
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
