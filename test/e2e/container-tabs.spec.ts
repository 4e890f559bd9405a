/**
 * The container page's tabs in Chromium against the real engine: on every
 * tab, what belongs to the other tabs is hidden, including the Terminal tab's
 * controls, which stay mounted after a first visit so their sessions survive
 * (a `display` rule once overrode their `hidden` attribute, and the shell
 * picker, buttons and terminal tabs showed under Stats, Inspect and Files).
 */
import type { Locator, Page } from '@playwright/test';
import { createContainer, docker, sweep, uniqueName } from '../support/docker';
import { expect, test } from './fixtures';

test.beforeAll(() => sweep());
test.afterAll(() => sweep());

const TABS = ['Overview', 'Logs', 'Terminal', 'Stats', 'Inspect', 'Files'] as const;
type TabName = (typeof TABS)[number];

/** What the user sees of each tab: something only that tab shows once it has loaded. */
function shownBy(page: Page, name: string): Record<TabName, Locator[]> {
  const panel = page.getByRole('tabpanel');
  return {
    Overview: [panel.getByRole('heading', { name: 'Labels' })],
    Logs: [panel.getByRole('log', { name: `Log of ${name}` })],
    Terminal: [
      panel.getByRole('form', { name: 'Open a terminal' }),
      panel.getByRole('combobox', { name: 'Shell' }),
      panel.getByRole('button', { name: 'Open shell' }),
      panel.getByRole('button', { name: 'Attach' }),
      panel.getByRole('tablist', { name: 'Terminals' }),
      panel.getByRole('group', { name: 'Terminal 1' }),
    ],
    Stats: [panel.getByRole('status', { name: 'CPU' })],
    Inspect: [panel.getByRole('group', { name: 'Inspect JSON' })],
    Files: [panel.getByRole('table', { name: 'Files in /' })],
  };
}

test('every tab of the container page shows its own panel and hides the others, the terminal controls included', async ({ page, berth }) => {
  const name = uniqueName('tabs-e2e');
  const id = await createContainer(name);
  await docker('start', id);
  await page.goto(`${berth.url}#/containers/${id}`);
  const views = shownBy(page, name);
  const tab = (label: TabName) => page.getByRole('tablist', { name: 'Container views' }).getByRole('tab', { name: label, exact: true });

  // The terminal first, so its controls are mounted for every later tab; then every tab, and every tab again
  // (coming back to one that was left must not bring another's panel with it).
  for (const current of ['Terminal', ...TABS, ...TABS] as const) {
    await tab(current).click();
    await expect(tab(current)).toHaveAttribute('aria-selected', 'true');
    for (const locator of views[current]) await expect(locator).toBeVisible();
    for (const other of TABS) {
      if (other === current) continue;
      for (const locator of views[other]) await expect(locator, `${other} under ${current}`).toBeHidden();
    }
  }
});
