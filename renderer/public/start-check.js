/*
 * A classic script, loaded beside the app's module script: when that script,
 * or a module it imports, could not be fetched (in browser mode Chromium
 * drops every load in flight when the machine's network changes, and the
 * engine changes it whenever a container starts), the page would stay
 * blank. At the page's load event every script has run or failed; if the
 * app did not mark the page as started (renderer/boot.ts, its first module
 * to run), the page says so and offers a reload.
 */
window.addEventListener('load', function () {
  if (document.documentElement.hasAttribute('data-berth-started')) return;
  var root = document.getElementById('root');
  if (root === null) return;
  var box = document.createElement('div');
  box.setAttribute('role', 'alert');
  box.className = 'view-failure';
  var said = document.createElement('p');
  said.textContent = 'Berth could not start in this page: its code could not be fetched, or failed as it ran.';
  var why = document.createElement('p');
  why.textContent = 'A change of the machine\u2019s network while the page loads interrupts it. Reloading the page fetches it again; the engines and their containers are not affected.';
  var reload = document.createElement('button');
  reload.type = 'button';
  reload.textContent = 'Reload Berth';
  reload.addEventListener('click', function () {
    window.location.reload();
  });
  box.append(said, why, reload);
  root.replaceChildren(box);
});
