/**
 * The browser tests' Chromium finder (test/helpers/chromium.ts): CHROMIUM_PATH, then the system,
 * then the browser shipped in the npm package @sparticuz/chromium, in that order. The last path is
 * what a machine with only Node and npm uses, so it is launched for real here with the system's
 * browsers hidden, and loads a page from a server on loopback.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { findChromium, launchChromium, type ChromiumSearch } from '../helpers/chromium.js';

const NOTHING: ChromiumSearch = { chromiumPath: undefined, systemPaths: [], programNames: [], pathDirs: [], usePackage: true };

let dir: string;
let fakeA: string;
let fakeB: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isof-idosell-chromium-finder-'));
  fs.mkdirSync(path.join(dir, 'bin'));
  fakeA = path.join(dir, 'bin', 'chromium-browser');
  fakeB = path.join(dir, 'my-chrome');
  for (const f of [fakeA, fakeB]) fs.writeFileSync(f, '#!/bin/sh\n', { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'bin', 'chromium'), 'not executable', { mode: 0o644 });
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the order of the search', () => {
  test('CHROMIUM_PATH comes first', async () => {
    const found = await findChromium({ ...NOTHING, chromiumPath: fakeB, systemPaths: [fakeA] });
    expect(found).toEqual({ executablePath: fakeB, source: 'CHROMIUM_PATH' });
  });

  test('a CHROMIUM_PATH that is not an executable is an error that says what to do', async () => {
    await expect(findChromium({ ...NOTHING, chromiumPath: path.join(dir, 'bin', 'chromium') })).rejects.toThrow(/CHROMIUM_PATH is ".*", which is not an executable file/);
  });

  test('then the system paths, then the program names on PATH (a file that is not executable is passed over)', async () => {
    expect(await findChromium({ ...NOTHING, systemPaths: [path.join(dir, 'missing'), fakeB] })).toEqual({ executablePath: fakeB, source: 'system' });
    expect(await findChromium({ ...NOTHING, programNames: ['chromium', 'chromium-browser'], pathDirs: [path.join(dir, 'bin')] })).toEqual({
      executablePath: fakeA,
      source: 'system',
    });
  });

  test('with nothing found and the package not allowed, the error names the three ways out', async () => {
    await expect(findChromium({ ...NOTHING, usePackage: false })).rejects.toThrow(/CHROMIUM_PATH.*apt-get install chromium.*@sparticuz\/chromium/);
  });
});

describe('the packaged Chromium, with CHROMIUM_PATH unset and the system hidden', () => {
  test('is unpacked, launched, and loads a page from this machine', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>t</title><p id="p">packaged chromium works</p>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { browser, found } = await launchChromium(NOTHING);
    try {
      expect(found.source).toBe('package');
      expect(found.executablePath).toMatch(/isof-idosell-chromium-[\d.]+\/chromium$/);
      expect(found.executablePath).not.toBe('/usr/bin/chromium');
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect(await page.locator('#p').innerText()).toBe('packaged chromium works');
      expect(browser.version()).toMatch(/^\d+\./);
    } finally {
      await browser.close();
      await new Promise((r) => server.close(r));
    }
  });
});
