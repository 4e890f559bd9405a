/** The container page's Logs tab: the container's log, followed. */
import type { ReactNode } from 'react';
import type { Container } from '#shared/model';
import { LogViewer } from './LogViewer';

export function LogsTab({ container }: { container: Container }): ReactNode {
  return <LogViewer source={{ kind: 'container', id: container.id }} title={container.name} fileName={container.name} />;
}
