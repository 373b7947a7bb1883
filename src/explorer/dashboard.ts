/**
 * Serves the dashboard example (examples/dashboard: one page, one script, one stylesheet) at
 * /examples/dashboard, beside the explorer and under the same Content-Security-Policy: it is an
 * example for people writing dashboards, so it is on exactly when the explorer is. The page loads
 * graphql-ws's browser build from the explorer's assets (one copy, from node_modules).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express, Request, Response } from 'express';
import { explorerCsp } from './csp.js';

export const DASHBOARD_PATH = '/examples/dashboard';

const FILES: Record<string, { file: string; contentType: string }> = {
  '': { file: 'index.html', contentType: 'text/html; charset=utf-8' },
  '/dashboard.js': { file: 'dashboard.js', contentType: 'text/javascript; charset=utf-8' },
  '/dashboard.css': { file: 'dashboard.css', contentType: 'text/css; charset=utf-8' },
};

/**
 * The examples folder at the project's root, from src/explorer (tests) or dist/src/explorer (build);
 * undefined in an installation without it (the Docker image copies it to /app/examples).
 */
function examplesDir(): string | undefined {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'examples', 'dashboard', 'index.html');
    if (fs.existsSync(candidate)) return path.dirname(candidate);
    dir = path.dirname(dir);
  }
  return undefined;
}

/** What index.html names; the served page asks for `graphqlWsUrl` instead, which carries the version. */
const GRAPHQL_WS_SRC = 'src="/explorer/assets/graphql-ws.min.js"';

/**
 * `graphqlWsUrl`: the explorer's versioned URL of graphql-ws's browser build. The asset is cached
 * for a year, so the page must name the installed version or an upgrade would keep the old one.
 */
export function mountDashboard(app: Express, graphqlWsUrl: string): void {
  const dir = examplesDir();
  if (!dir) {
    app.get(`${DASHBOARD_PATH}{/*rest}`, (_req: Request, res: Response) => {
      res
        .status(404)
        .set({ 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' })
        .send('The dashboard example (examples/dashboard) is not part of this installation. Copy the examples folder next to src (or dist) and restart the server.');
    });
    return;
  }
  // Read once at start: the three files are small, and a fixed list means no path from the URL reaches the disk.
  const bodies = Object.entries(FILES).map(([suffix, f]) => {
    const text = fs.readFileSync(path.join(dir, f.file), 'utf8');
    return { suffix, contentType: f.contentType, body: suffix === '' ? text.replace(GRAPHQL_WS_SRC, `src="${graphqlWsUrl}"`) : text };
  });
  for (const { suffix, contentType, body } of bodies) {
    app.get(DASHBOARD_PATH + suffix, (req: Request, res: Response) => {
      res.set({
        'Content-Type': contentType,
        'Content-Security-Policy': explorerCsp(req.get('host')),
        'X-Content-Type-Options': 'nosniff',
        'X-Frame-Options': 'DENY',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-cache',
      });
      res.send(body);
    });
  }
}
