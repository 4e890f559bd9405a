import type { ReactNode } from 'react';

/** Browser mode opened without its session token: nothing can work, so say how to fix it. */
export function MissingToken(): ReactNode {
  return (
    <main className="missing-token">
      <h1>Berth</h1>
      <p role="alert">Open Berth with the address it printed, including ?token=…</p>
      <p className="muted">
        The token keeps other pages and programs on this computer from driving your Docker engine. Berth prints the
        full address when it starts, like <code>http://127.0.0.1:PORT/?token=…</code>
      </p>
    </main>
  );
}
