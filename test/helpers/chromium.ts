/**
 * Finds a Chromium for the browser tests, so that `npm test` works on a machine with only Node and
 * npm: CHROMIUM_PATH first (a browser the person chose), then one installed on the system
 * (/usr/bin/chromium, or chromium, chromium-browser, google-chrome on PATH; `.ci/run` installs
 * Debian's), then the one shipped inside the npm package `@sparticuz/chromium` (a devDependency),
 * unpacked once into the temporary folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export type ChromiumSource = 'CHROMIUM_PATH' | 'system' | 'package';

export interface FoundChromium {
  executablePath: string;
  source: ChromiumSource;
  /** Extra environment for the browser process (the packaged one brings its own libraries). */
  env?: Record<string, string>;
}

export interface ChromiumSearch {
  /** The value of CHROMIUM_PATH (undefined or '' when not set). */
  chromiumPath?: string;
  /** Absolute paths tried in order. */
  systemPaths: string[];
  /** Program names looked up in `pathDirs`, in order. */
  programNames: string[];
  /** The folders of PATH. */
  pathDirs: string[];
  /** Whether the browser of `@sparticuz/chromium` may be used last. */
  usePackage: boolean;
}

/** The search a test run uses: this process's environment and PATH. */
export function defaultChromiumSearch(env: NodeJS.ProcessEnv = process.env): ChromiumSearch {
  return {
    chromiumPath: env.CHROMIUM_PATH,
    systemPaths: ['/usr/bin/chromium'],
    programNames: ['chromium', 'chromium-browser', 'google-chrome'],
    pathDirs: (env.PATH ?? '').split(path.delimiter).filter(Boolean),
    usePackage: true,
  };
}

/** The flags every browser test runs Chromium with: headless, no sandbox (root in CI), nothing phoning home. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export async function findChromium(search: ChromiumSearch = defaultChromiumSearch()): Promise<FoundChromium> {
  if (search.chromiumPath) {
    // A path the person set and that is wrong is an error, not a reason to quietly use another browser.
    if (!isExecutable(search.chromiumPath)) {
      throw new Error(`CHROMIUM_PATH is "${search.chromiumPath}", which is not an executable file. Point it at a Chromium binary, or unset it to use the system's or the packaged one.`);
    }
    return { executablePath: search.chromiumPath, source: 'CHROMIUM_PATH' };
  }
  for (const file of search.systemPaths) {
    if (isExecutable(file)) return { executablePath: file, source: 'system' };
  }
  for (const name of search.programNames) {
    for (const dir of search.pathDirs) {
      const file = path.join(dir, name);
      if (isExecutable(file)) return { executablePath: file, source: 'system' };
    }
  }
  if (!search.usePackage) {
    throw new Error('No Chromium found: set CHROMIUM_PATH, install one (apt-get install chromium), or run "npm ci" to get @sparticuz/chromium.');
  }
  return packagedChromium();
}

/**
 * Unpacks `@sparticuz/chromium` (the browser, its fonts and graphics libraries, and the NSS
 * libraries a Node-only machine lacks) into a folder of this process, then renames that folder into
 * place: the two Jest workers may unpack at the same time, and neither may launch a half-written
 * binary. The package always unpacks into os.tmpdir(), so it runs in a child process whose TMPDIR
 * is that folder (a test's process.env under Jest is not the one Node's os module reads).
 */
async function packagedChromium(): Promise<FoundChromium> {
  // The package's "exports" does not list package.json, so its folder is looked up the way Node
  // looks up a package: in each node_modules folder from here up.
  const require = createRequire(import.meta.url);
  const manifest = (require.resolve.paths('@sparticuz/chromium') ?? [])
    .map((dir) => path.join(dir, '@sparticuz', 'chromium', 'package.json'))
    .find((file) => fs.existsSync(file));
  if (!manifest) {
    throw new Error('No Chromium found on this machine, and the npm package @sparticuz/chromium is not installed: run "npm ci", set CHROMIUM_PATH, or apt-get install chromium.');
  }
  const version = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
  const binDir = path.join(path.dirname(manifest), 'bin');
  const target = path.join(os.tmpdir(), `isof-idosell-chromium-${version}`);
  const found = (dir: string): FoundChromium => ({
    executablePath: path.join(dir, 'chromium'),
    source: 'package',
    env: { LD_LIBRARY_PATH: path.join(dir, 'al2023', 'lib'), FONTCONFIG_PATH: path.join(dir, 'fonts') },
  });
  if (isExecutable(path.join(target, 'chromium'))) return found(target);

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'isof-idosell-chromium-unpack-'));
  const build = (file: string) => JSON.stringify(pathToFileURL(path.join(path.dirname(manifest), 'build', file)).href);
  const script = `const { default: Chromium, inflate } = await import(${build('index.js')});
await Promise.all([Chromium.executablePath(${JSON.stringify(binDir)}), inflate(${JSON.stringify(path.join(binDir, 'al2023.tar.br'))})]);`;
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TMPDIR: work }, timeout: 180_000 }, (err, _out, stderr) => {
      if (err) reject(new Error(`Unpacking @sparticuz/chromium into ${work} failed: ${stderr || err.message}`));
      else resolve();
    });
  });
  try {
    fs.renameSync(work, target);
  } catch (err) {
    // Another worker got there first: use its copy.
    fs.rmSync(work, { recursive: true, force: true });
    if (!isExecutable(path.join(target, 'chromium'))) throw err;
  }
  return found(target);
}

/** Finds a Chromium (see findChromium) and launches it headless. */
export async function launchChromium(search?: ChromiumSearch): Promise<{ browser: Browser; found: FoundChromium }> {
  const found = await findChromium(search);
  const browser = await chromium.launch({
    executablePath: found.executablePath,
    args: CHROMIUM_ARGS,
    ...(found.env ? { env: { ...(process.env as Record<string, string>), ...found.env } } : {}),
  });
  return { browser, found };
}
