/**
 * Schemas for the names and values that many requests share (a container
 * reference, a new name, a signal). They live apart from contract.ts so that
 * each feature's part of the contract can import them without a cycle.
 */
import { z } from 'zod';

/** A container's id (full or short) or its name, as the engine accepts them. */
export const ContainerRefSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/, 'must be a container id or name');

/** Seconds the engine waits after SIGTERM before it kills; absent means the container's own setting. */
export const StopTimeoutSchema = z.lazy(() => z.number().int().min(0).max(3600).optional());

/** A new container name, as the engine accepts it. */
export const ContainerNameSchema = z.lazy(() =>
  z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]+$/, 'a name is two or more letters, digits, "_", "." or "-", starting with a letter or digit')
    .max(255),
);

/** The signals a user can send from Berth. */
export const SignalSchema = z.enum([
  'SIGKILL', 'SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGSTOP', 'SIGCONT', 'SIGWINCH',
]);
export type Signal = z.infer<typeof SignalSchema>;

