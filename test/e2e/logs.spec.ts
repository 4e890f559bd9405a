/**
 * The Logs tab in a real browser against the real engine: a line the
 * container prints shows while followed, search over the whole log finds it
 * with the right count, hostile text stays text, a pattern that stalls a
 * backtracking engine is searched and marked at once, and a long log's end
 * shows while the rest of it loads.
 */
import { readFile } from 'node:fs/promises';
import { createContainer, docker, logEndsWith, sweep, uniqueName } from '../support/docker';
import { expect, test } from './fixtures';

test.beforeAll(() => sweep());
test.afterAll(() => sweep());

async function openLogs(page: import('@playwright/test').Page, url: string, id: string) {
  await page.goto(url);
  await expect(page.getByRole('status').first()).toContainText('Connected');
  await page.goto(`${new URL(url).origin}/#/containers/${id}`);
  await page.getByRole('tab', { name: 'Logs' }).click();
  return page.getByRole('log');
}

test('Next and Previous reach every match, past the first 10,000', async ({ page, berth }) => {
  const name = uniqueName('logs-many-matches');
  const id = await createContainer(name, [], ['sh', '-c', 'seq 1 10050 | sed "s/^/hit /"']);
  await docker('start', id);
  await docker('wait', id);
  const log = await openLogs(page, berth.url, id);
  await expect(page.getByText(/10,050 lines/)).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search the log' }).fill('hit');
  await expect(page.getByTestId('match-count')).toHaveText('1 of 10,050');
  await expect(log.locator('.log-current')).toHaveText(/hit 1$/);
  // Back from the first match wraps to the last one, beyond the first page of matches.
  await page.getByRole('button', { name: 'Previous match' }).click();
  await expect(page.getByTestId('match-count')).toHaveText('10,050 of 10,050');
  await expect(log.locator('.log-current')).toHaveText(/hit 10050$/);
  await page.getByRole('button', { name: 'Previous match' }).click();
  await expect(log.locator('.log-current')).toHaveText(/hit 10049$/);
  // And on again past the end, to the first.
  await page.getByRole('button', { name: 'Next match' }).click();
  await page.getByRole('button', { name: 'Next match' }).click();
  await expect(page.getByTestId('match-count')).toHaveText('1 of 10,050');
  await expect(log.locator('.log-current')).toHaveText(/hit 1$/);
});

test('a line the container prints shows while followed, and search counts it over the whole log', async ({ page, berth }) => {
  const name = uniqueName('logs-follow');
  // 3,000 lines first (more than fit on screen), then one line per signal file.
  const script = 'i=0; while [ $i -lt 3000 ]; do i=$((i+1)); echo "filler $i"; done; echo "needle early"; trap "exit 0" TERM; while :; do if [ -f /tmp/say ]; then cat /tmp/say; rm /tmp/say; fi; sleep 0.1; done';
  const id = await createContainer(name, [], ['sh', '-c', script]);
  await docker('start', id);
  const log = await openLogs(page, berth.url, id);
  await expect(log).toContainText('needle early');

  await docker('exec', id, 'sh', '-c', 'echo "needle live $(date +%s)" > /tmp/say.tmp && mv /tmp/say.tmp /tmp/say');
  await expect(log).toContainText(/needle live \d+/);
  await expect(page.getByText(/3,002 lines/)).toBeVisible();

  // Search finds both needles, though the early one is far above the window.
  await page.getByRole('searchbox', { name: 'Search the log' }).fill('needle');
  await expect(page.getByTestId('match-count')).toHaveText('1 of 2');
  // The first match is brought into view.
  await expect(log.locator('.log-current')).toContainText('needle early');
  await page.getByRole('button', { name: 'Next match' }).click();
  await expect(page.getByTestId('match-count')).toHaveText('2 of 2');
  await expect(log.locator('.log-current')).toContainText('needle live');
  // A regex over the whole log: exactly the 300 filler lines ending in 0 from 1000 to 2990 and 10..990.
  await page.getByRole('checkbox', { name: 'Regex' }).check();
  await page.getByRole('searchbox', { name: 'Search the log' }).fill('^filler \\d*0$');
  await expect(page.getByTestId('match-count')).toHaveText('1 of 300');
  // Only matching lines: the view is just those.
  await page.getByRole('combobox', { name: 'Which lines' }).selectOption('only');
  await page.getByRole('checkbox', { name: 'Follow' }).check();
  await expect(log).toContainText('filler 3000');
  await expect(log).not.toContainText('filler 2999');

  // Scrolling up pauses following; Jump to end resumes it.
  await page.getByRole('combobox', { name: 'Which lines' }).selectOption('highlight');
  await page.getByRole('searchbox', { name: 'Search the log' }).fill('');
  await log.evaluate((el) => {
    el.scrollTop = 0;
  });
  await expect(page.getByRole('button', { name: 'Jump to end' })).toBeVisible();
  await expect(log).toContainText('filler 1');
  await page.getByRole('button', { name: 'Jump to end' }).click();
  await expect(log).toContainText(/needle live/);

  // Download saves the whole log, not only what is on screen.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download full log' }).click()]);
  const saved = await readFile((await download.path())!, 'utf8');
  const lines = saved.trimEnd().split('\n');
  expect(lines).toHaveLength(3002);
  expect(lines[0]).toBe('filler 1');
  expect(lines[3000]).toBe('needle early');
  expect(download.suggestedFilename()).toBe(`${name}.log`);
});

test('HTML and escape sequences in a line stay inert text', async ({ page, berth }) => {
  const name = uniqueName('logs-hostile');
  const payload = [
    'printf "<img src=x onerror=alert(1)> <script>alert(2)</script>\\n"',
    'printf "\\033]0;pwned title\\007title-done\\n"',
    'printf "\\033]8;;https://evil.example/\\033\\134click me\\033]8;;\\033\\134 link-done\\n"',
    'printf "\\033]52;c;aGVsbG8=\\007clip-done\\n"',
    'printf "\\033[31mred words\\033[0m plain\\n"',
    'echo "to stderr" >&2',
  ].join('; ');
  const id = await createContainer(name, [], ['sh', '-c', `${payload}; trap "exit 0" TERM; while :; do sleep 0.1; done`]);
  await docker('start', id);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const log = await openLogs(page, berth.url, id);
  await expect(log).toContainText('<img src=x onerror=alert(1)> <script>alert(2)</script>');
  await expect(log).toContainText('to stderr');
  await expect(log.locator('img, script, a, iframe')).toHaveCount(0);
  await expect(log).toContainText('title-done');
  await expect(log).not.toContainText('pwned title');
  await expect(log).toContainText('click me link-done');
  await expect(log).not.toContainText('evil.example');
  await expect(log).toContainText('clip-done');
  await expect(log).not.toContainText('aGVsbG8');
  await expect(log.locator('.ansi-fg-red')).toHaveText('red words');
  expect(await page.title()).not.toContain('pwned');
  expect(dialogs).toEqual([]);
  // stderr is told apart, and the filter keeps it alone.
  await expect(log.locator('.log-stderr')).toContainText('to stderr');
  await page.getByRole('combobox', { name: 'Streams' }).selectOption('stderr');
  await expect(log).not.toContainText('red words');
  await expect(log).toContainText('to stderr');
});

test('a Compose project has one merged log, each line marked with its service', async ({ page, berth }) => {
  const project = uniqueName('proj').toLowerCase();
  const labels = (service: string) => ['--label', `com.docker.compose.project=${project}`, '--label', `com.docker.compose.service=${service}`];
  const idle = 'trap "exit 0" TERM; while :; do sleep 0.1; done';
  const api = await createContainer(uniqueName('proj-api'), labels('api'), ['sh', '-c', `trap 'echo "api <b>serving</b>"' USR1; echo "api ready"; ${idle}`]);
  const worker = await createContainer(uniqueName('proj-worker'), labels('worker'), ['sh', '-c', `echo "worker ready"; ${idle}`]);
  // The engine's order: each line is in its container's log before the next one is written.
  await docker('start', api);
  await logEndsWith(api, 'api ready');
  await docker('start', worker);
  await logEndsWith(worker, 'worker ready');
  await docker('kill', '--signal', 'USR1', api);
  await logEndsWith(api, 'api <b>serving</b>');
  await page.goto(berth.url);
  await expect(page.getByRole('status').first()).toContainText('Connected');
  await page.evaluate((hash) => {
    location.hash = hash;
  }, `#/projects/${project}/logs`);
  await expect(page.getByRole('heading', { name: `Logs of project ${project}` })).toBeVisible();
  await expect(page.getByText('Services: api, worker')).toBeVisible();
  const log = page.getByRole('log', { name: `Log of project ${project}` });
  await expect(log.locator('.log-line')).toHaveText([/api \| api ready/, /worker \| worker ready/, /api \| api <b>serving<\/b>/]);
  // A line a service prints later joins in order.
  await docker('exec', worker, 'sh', '-c', 'echo "worker late" > /proc/1/fd/1');
  await expect(log.locator('.log-line').last()).toHaveText(/worker \| worker late/);
});

test('a pattern that stalls a backtracking engine is searched and marked at once; one RE2 cannot run is refused, saying why', async ({ page, berth }) => {
  // A backtracking engine takes 10 s for (.|\s)*error on the first line, and longer than anyone waits on the second.
  const id = await createContainer(uniqueName('logs-redos'), [], ['sh', '-c', `printf '%30s\\n' ''; printf '%400s\\n' ''; echo ${'a'.repeat(29)}!; echo "an error here"`]);
  await docker('start', id);
  await docker('wait', id);
  const log = await openLogs(page, berth.url, id);
  await expect(log).toContainText('an error here');
  await page.getByRole('checkbox', { name: 'Regex' }).check();
  const search = page.getByRole('searchbox', { name: 'Search the log' });
  const count = page.getByTestId('match-count');
  // Main counts it, and the page marks it.
  await search.fill('(.|\\s)*error');
  await expect(count).toHaveText('1 of 1');
  await expect(log.locator('mark')).toHaveText(['an error']);
  // Every line matches (empty, at its end), and an empty match marks nothing.
  await search.fill('(a|a)*$');
  await expect(count).toHaveText('1 of 4');
  await expect(log.locator('mark')).toHaveCount(0);
  await search.fill('error(?= here)');
  await expect(count).toHaveText('Lookahead ((?=…), (?!…)) is not supported: Berth uses a linear-time regex engine (RE2 syntax)');
  await expect(log.locator('mark')).toHaveCount(0);
  // The same pattern as a filter is refused with the same reason.
  await page.getByRole('combobox', { name: 'Which lines' }).selectOption('only');
  await expect(page.getByText(/Could not read the log: Lookahead .* is not supported/)).toBeVisible();
});

test('a long log shows its end while the rest loads, then the whole log from its first line', async ({ page, berth }) => {
  // 200,000 lines take the engine seconds to read whole; its last lines are read first.
  const id = await createContainer(uniqueName('logs-long'), [], ['sh', '-c', 'seq 1 200000 | sed "s/^/row /"; echo THE-END']);
  await docker('start', id);
  await docker('wait', id);
  const log = await openLogs(page, berth.url, id);
  await expect(log).toContainText('THE-END');
  const status = page.locator('.logs-status');
  await expect(status).toContainText('Showing its last 1,000 lines meanwhile');
  // Then the whole log: the count, the first line at the top, and the end still in view.
  await expect(status).toContainText('200,001 lines', { timeout: 60_000 });
  await expect(log).toContainText('THE-END');
  await log.evaluate((el) => {
    el.scrollTop = 0;
  });
  await expect(log.locator('.log-text').first()).toHaveText('row 1');
});

test('a preview scrolled up stays on its lines when the whole log takes over', async ({ page, berth }) => {
  const id = await createContainer(uniqueName('logs-stay'), [], ['sh', '-c', 'seq 1 300000 | sed "s/^/row /"; echo THE-END']);
  await docker('start', id);
  await docker('wait', id);
  const log = await openLogs(page, berth.url, id);
  const status = page.locator('.logs-status');
  await expect(status).toContainText('Showing its last 1,000 lines meanwhile');
  // To the top of the preview: the log's last 1,000 lines start with row 299,002.
  await log.evaluate((el) => {
    el.scrollTop = 0;
  });
  await expect(log.locator('.log-text').first()).toHaveText('row 299002');
  await expect(status).toContainText('Showing its last 1,000 lines meanwhile');
  // The whole log is in, with new line numbers: the same lines are still in view.
  await expect(status).toContainText('300,001 lines', { timeout: 60_000 });
  await expect(log.locator('.log-text').first()).toHaveText('row 299002');
  // And the scrollbar went with them: scrolling a few rows on goes on from there, not from the log's start.
  await log.evaluate((el) => {
    el.scrollTop += 18 * 5;
  });
  await expect(log.locator('.log-text').first()).toHaveText(/^row 29900[4-9]$/);
});
