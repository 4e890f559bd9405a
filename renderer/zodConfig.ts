/**
 * main.tsx imports this first, so it runs before any schema is built. The
 * page's CSP forbids eval, so zod's compiled parsers can never run here.
 * Without `jitless`, zod finds that out by trying `new Function("")` as the
 * first object schema is built; the CSP blocks it, and Chromium reports the
 * violation as an error in the console on every launch.
 */
import { config } from 'zod';

config({ jitless: true });
