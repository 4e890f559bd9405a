/**
 * `npm run security`: Electronegativity over Berth's sources, offline, as a
 * check that can fail. The tool itself always exits 0, so this script writes
 * its findings as SARIF (.security/electronegativity.sarif, for CI viewers),
 * reads them back and exits 1 on any finding above low severity that
 * scripts/electronegativity-allow.json does not explain, on an allow entry that
 * matches nothing, and on a file the tool could not parse (a file it did not
 * check).
 *
 * What it scans: electron/ (main, preload, the window factory) and renderer/
 * (its index.html and code), as TypeScript source: the tool parses .ts/.tsx
 * with Babel's TypeScript plugin, so the findings point at source lines and
 * the BrowserWindow options are read where they are written. Both trees go
 * in one scan because its global checks (CSP, navigation limits, permission
 * handler) weigh the whole app. Tests, benchmark and build output stay out.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  allowListSchema,
  describeEntry,
  describeFinding,
  findingsFromSarif,
  issueSchema,
  judge,
  toSarif,
} from './electronegativity-findings';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SCANNED = ['electron', 'renderer'];
const SARIF_PATH = join(root, '.security', 'electronegativity.sarif');
const ALLOW_PATH = join(root, 'scripts', 'electronegativity-allow.json');
/** The scan takes a few seconds; past this something waits on what will not come. */
const WATCHDOG_MS = 120_000;
/**
 * Needs the network, and what it checks is the Electron release, not the
 * source: whether newer patch releases carry security fixes.
 */
const EXCLUDED_CHECKS = ['availablesecurityfixesglobalcheck'];

const requireHere = createRequire(join(root, 'package.json'));

/**
 * The tool fetches its translations (at every run, retried for ~3 s when
 * offline) and Electron's release list with `got`. This check runs offline:
 * its `got` is replaced, for this process only, by one that fails at once,
 * and the tool then carries on with its bundled English text.
 */
function keepOffline(): void {
  const toolDir = dirname(requireHere.resolve('@doyensec/electronegativity/package.json'));
  const gotPath = createRequire(join(toolDir, 'package.json')).resolve('got');
  const offline = (): Promise<never> => Promise.reject(new Error('electronegativity runs offline'));
  const stub = new Module(gotPath);
  stub.filename = gotPath;
  stub.loaded = true;
  stub.exports = Object.assign(offline, { head: offline });
  requireHere.cache[gotPath] = stub;
}

function electronVersion(): string {
  const pkg = z
    .object({ devDependencies: z.object({ electron: z.string().regex(/^\d+\.\d+\.\d+$/) }) })
    .parse(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')));
  return pkg.devDependencies.electron;
}

/** A folder holding only links to the scanned trees, so the scan sees nothing else. */
function stageInput(): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-electronegativity-'));
  for (const name of SCANNED) symlinkSync(join(root, name), join(dir, name), 'dir');
  return dir;
}

const runResultSchema = z.object({
  errors: z.array(z.object({ file: z.string(), message: z.string(), tolerable: z.boolean() })),
  issues: z.array(issueSchema),
});

async function scan(input: string, version: string): Promise<z.infer<typeof runResultSchema>> {
  keepOffline();
  // A CommonJS module whose export is the run function.
  const loaded: unknown = requireHere('@doyensec/electronegativity');
  if (typeof loaded !== 'function') throw new Error('@doyensec/electronegativity exports no run function');
  const run = loaded as (options: object) => Promise<unknown>;
  return runResultSchema.parse(
    await run({ input, isRelative: true, electronVersionOverride: version, excludeFromScan: EXCLUDED_CHECKS }),
  );
}

async function main(): Promise<number> {
  const version = electronVersion();
  const toolVersion = z
    .object({ version: z.string() })
    .parse(requireHere('@doyensec/electronegativity/package.json')).version;
  const input = stageInput();
  let result;
  try {
    result = await scan(input, version);
  } finally {
    rmSync(input, { recursive: true, force: true });
  }

  mkdirSync(dirname(SARIF_PATH), { recursive: true });
  writeFileSync(SARIF_PATH, `${JSON.stringify(toSarif(result.issues, toolVersion), null, 2)}\n`);

  const findings = findingsFromSarif(JSON.parse(readFileSync(SARIF_PATH, 'utf8')));
  const verdict = judge(findings, allowListSchema.parse(JSON.parse(readFileSync(ALLOW_PATH, 'utf8'))));
  const unparsed = result.errors.filter((error) => !error.tolerable);

  console.log(`Electronegativity ${toolVersion} on ${SCANNED.join('/, ')}/ as Electron ${version}: ${findings.length} findings`);
  for (const { finding, entry } of verdict.allowed) console.log(`  allowed  ${describeFinding(finding)}\n           because ${entry.reason}`);
  for (const finding of verdict.minor) console.log(`  low      ${describeFinding(finding)}`);
  for (const finding of verdict.unexplained) console.error(`  FAIL     ${describeFinding(finding)}`);
  for (const entry of verdict.unused) console.error(`  FAIL     allow entry matches nothing (remove it): ${describeEntry(entry)}`);
  for (const error of unparsed) console.error(`  FAIL     could not parse ${error.file}: ${error.message}`);

  if (!verdict.ok || unparsed.length > 0) {
    console.error(
      `Fix each FAIL, or explain a false positive in ${ALLOW_PATH.slice(root.length + 1)} (rule, file, line or snippet, reason).`,
    );
    return 1;
  }
  console.log(`No unexplained finding above low. SARIF: ${SARIF_PATH.slice(root.length + 1)}`);
  return 0;
}

const watchdog = setTimeout(() => {
  console.error(`Electronegativity did not finish within ${WATCHDOG_MS / 1000} s`);
  process.exit(1);
}, WATCHDOG_MS);

main().then(
  (code) => {
    clearTimeout(watchdog);
    process.exit(code);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
