/**
 * Views that bring large dependencies (xterm.js) or much code of their own,
 * loaded when first shown: the first page then parses only what the
 * Containers table needs, which is what a cold start waits for.
 * Render each inside an <OnDemand> (components/OnDemand.tsx): "Loading…"
 * while its code comes, and a message with Reload when it cannot be fetched.
 */
import { lazy } from 'react';

export const TerminalView = lazy(() => import('./terminal/TerminalView').then((m) => ({ default: m.TerminalView })));
export const FilesView = lazy(() => import('./files/FilesView').then((m) => ({ default: m.FilesView })));
export const StatsTab = lazy(() => import('./stats/StatsTab').then((m) => ({ default: m.StatsTab })));
export const ContainerInspect = lazy(() => import('./containers/ContainerInspect').then((m) => ({ default: m.ContainerInspect })));
export const RunDialog = lazy(() => import('./run/RunDialog').then((m) => ({ default: m.RunDialog })));
export const LogsTab = lazy(() => import('./logs/LogsTab').then((m) => ({ default: m.LogsTab })));
export const ProjectLogsPage = lazy(() => import('./logs/ProjectLogsPage').then((m) => ({ default: m.ProjectLogsPage })));
export const VolumePage = lazy(() => import('./volumes/VolumePage').then((m) => ({ default: m.VolumePage })));
