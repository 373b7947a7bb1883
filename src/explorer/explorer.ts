/**
 * The GraphQL explorer (GraphiQL) served by the server itself, with no CDN: an ERP server on the
 * premises often cannot reach the internet, and a page that pulls scripts from elsewhere would
 * also leak who uses it. GraphiQL and React come from the installed npm packages (their UMD
 * builds), our own start-up script and stylesheet are assets of ours, and the page's
 * Content-Security-Policy allows nothing but this server.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Express, NextFunction, Request, Response } from 'express';
import { EXPLORER_CLIENT_JS, EXPLORER_CSS } from './client.js';
import { WALKTHROUGH, walkthroughTabQuery } from './walkthrough.js';
import { mountDashboard } from './dashboard.js';
import { explorerCsp } from './csp.js';

export interface ExplorerOptions {
  /** Where the GraphQL handler listens, e.g. '/graphql'; the explorer page is served there too. */
  graphqlPath: string;
  /** The page's title. */
  title?: string;
}

/** The URL prefix of the explorer's assets. */
export const EXPLORER_ASSETS_PATH = '/explorer/assets';

export const DEFAULT_EXPLORER_TITLE = 'ISOF ↔ IdoSell GraphQL explorer';

export const DEFAULT_EXPLORER_QUERY = `# Welcome to the ISOF <-> IdoSell GraphQL explorer.
# Press Ctrl+Enter (or the run button) to run the query below.
# If the server asks for an API key, open "Headers" below and type
#   { "Authorization": "Bearer <your API key>" }
# The key is sent with every query and is not stored by the browser.
{
  shops {
    id
    name
    active
  }
  products(first: 5) {
    totalCount
    edges {
      node {
        code
        name
        totalStock
        prices {
          priceType { name }
          gross
        }
      }
    }
  }
}
`;

export { explorerCsp } from './csp.js';

type Asset =
  | { name: string; contentType: string; version: string; file: string }
  | { name: string; contentType: string; version: string; body: Buffer };

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const JSON_MAP = 'application/json; charset=utf-8';
const ONE_YEAR_S = 365 * 24 * 60 * 60;

function packageDir(require: NodeJS.Require, name: string): { dir: string; version: string } {
  let manifest: string;
  try {
    manifest = require.resolve(`${name}/package.json`);
  } catch {
    throw new Error(
      `The GraphQL explorer needs the npm package "${name}", which is not installed. ` +
        'Install the dependencies with "npm ci", or turn the explorer off with GRAPHQL_EXPLORER=false.',
    );
  }
  const version = (require(manifest) as { version?: string }).version ?? '0';
  return { dir: path.dirname(manifest), version };
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/** The fixed allow-list of files the explorer serves; nothing else under the prefix exists. */
function buildAssets(): Map<string, Asset> {
  const require = createRequire(import.meta.url);
  const graphiql = packageDir(require, 'graphiql');
  const react = packageDir(require, 'react');
  const reactDom = packageDir(require, 'react-dom');
  const plugin = packageDir(require, '@graphiql/plugin-explorer');
  const graphqlWs = packageDir(require, 'graphql-ws');
  const list: Asset[] = [
    { name: 'react.production.min.js', contentType: JS, version: react.version, file: path.join(react.dir, 'umd', 'react.production.min.js') },
    {
      name: 'react-dom.production.min.js',
      contentType: JS,
      version: reactDom.version,
      file: path.join(reactDom.dir, 'umd', 'react-dom.production.min.js'),
    },
    { name: 'graphiql.min.js', contentType: JS, version: graphiql.version, file: path.join(graphiql.dir, 'graphiql.min.js') },
    // Browsers ask for the source map only while developer tools are open.
    { name: 'graphiql.min.js.map', contentType: JSON_MAP, version: graphiql.version, file: path.join(graphiql.dir, 'graphiql.min.js.map') },
    { name: 'graphiql.min.css', contentType: CSS, version: graphiql.version, file: path.join(graphiql.dir, 'graphiql.min.css') },
    // The query builder (a checkbox tree of the schema), GraphiQL 3's own plugin, UMD like GraphiQL.
    { name: 'plugin-explorer.umd.js', contentType: JS, version: plugin.version, file: path.join(plugin.dir, 'dist', 'index.umd.js') },
    { name: 'plugin-explorer.css', contentType: CSS, version: plugin.version, file: path.join(plugin.dir, 'dist', 'style.css') },
    // The WebSocket client for subscriptions (graphql-ws's browser build, global `graphqlWs`); the
    // dashboard example loads it from here too.
    { name: 'graphql-ws.min.js', contentType: JS, version: graphqlWs.version, file: path.join(graphqlWs.dir, 'umd', 'graphql-ws.min.js') },
    { name: 'explorer.js', contentType: JS, version: hashOf(EXPLORER_CLIENT_JS), body: Buffer.from(EXPLORER_CLIENT_JS, 'utf8') },
    { name: 'explorer.css', contentType: CSS, version: hashOf(EXPLORER_CSS), body: Buffer.from(EXPLORER_CSS, 'utf8') },
  ];
  return new Map(list.map((a) => [a.name, a]));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that is safe inside a <script> block: no `</script>`, no `<!--`, no U+2028/2029 surprises. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function renderPage(assets: Map<string, Asset>, graphqlPath: string, title: string): string {
  const href = (name: string): string => {
    const asset = assets.get(name);
    if (!asset) throw new Error(`The explorer page refers to an asset "${name}" that is not in its list.`);
    return `${EXPLORER_ASSETS_PATH}/${name}?v=${encodeURIComponent(asset.version)}`;
  };
  const config = {
    graphqlPath,
    tabs: [{ query: DEFAULT_EXPLORER_QUERY }, ...WALKTHROUGH.map((t) => ({ query: walkthroughTabQuery(t) }))],
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${href('graphiql.min.css')}">
<link rel="stylesheet" href="${href('plugin-explorer.css')}">
<link rel="stylesheet" href="${href('explorer.css')}">
</head>
<body>
<div id="graphiql">Loading the GraphQL explorer…</div>
<noscript><p class="explorer-error">The GraphQL explorer needs JavaScript. Turn JavaScript on for this page, or send your queries with POST to ${escapeHtml(graphqlPath)}.</p></noscript>
<script type="application/json" id="explorer-config">${jsonForScript(config)}</script>
<script src="${href('react.production.min.js')}"></script>
<script src="${href('react-dom.production.min.js')}"></script>
<script src="${href('graphiql.min.js')}"></script>
<script src="${href('plugin-explorer.umd.js')}"></script>
<script src="${href('graphql-ws.min.js')}"></script>
<script src="${href('explorer.js')}"></script>
</body>
</html>
`;
}

/**
 * True for a browser opening the GraphQL URL: a GET that prefers HTML and carries no GraphQL
 * operation. A GET with `query` (or `extensions`, for persisted queries) is a GraphQL request.
 */
function wantsExplorerPage(req: Request): boolean {
  const q = req.query as Record<string, unknown>;
  if (q.query !== undefined || q.extensions !== undefined) return false;
  return req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

/**
 * Mounts the explorer on `app`, to be called before the GraphQL handler: `GET <graphqlPath>` from a
 * browser gets the explorer page, every other request to that path goes on to the next handler;
 * `GET /` redirects to the explorer; `/explorer/assets/<name>` serves the allow-listed assets.
 */
export function mountExplorer(app: Express, opts: ExplorerOptions): void {
  const graphqlPath = opts.graphqlPath;
  if (!graphqlPath.startsWith('/')) {
    throw new Error(`The explorer's graphqlPath must be a path on this server starting with "/", got "${graphqlPath}".`);
  }
  const assets = buildAssets();
  const page = renderPage(assets, graphqlPath, opts.title ?? DEFAULT_EXPLORER_TITLE);
  const pageEtag = `"${hashOf(page)}"`;

  app.get(graphqlPath, (req: Request, res: Response, next: NextFunction) => {
    if (!wantsExplorerPage(req)) {
      next();
      return;
    }
    res.set({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': explorerCsp(req.get('host')),
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-cache',
      ETag: pageEtag,
      Vary: 'Accept',
    });
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.send(page);
  });

  if (graphqlPath !== '/') {
    app.get('/', (_req: Request, res: Response) => {
      res.redirect(302, graphqlPath);
    });
  }

  mountDashboard(app, `${EXPLORER_ASSETS_PATH}/graphql-ws.min.js?v=${encodeURIComponent(assets.get('graphql-ws.min.js')!.version)}`);

  app.get(`${EXPLORER_ASSETS_PATH}/:name`, (req: Request, res: Response, next: NextFunction) => {
    const name = String(req.params.name);
    const asset = assets.get(name);
    if (!asset) {
      res
        .status(404)
        .set({ 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' })
        .send(`The explorer has no asset named "${name}". Open ${graphqlPath} in the browser to load the explorer.`);
      return;
    }
    res.set({
      'Content-Type': asset.contentType,
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
    if ('body' in asset) {
      res.set({ 'Cache-Control': `public, max-age=${ONE_YEAR_S}, immutable`, ETag: `"${asset.version}"` });
      if (req.fresh) {
        res.status(304).end();
        return;
      }
      res.send(asset.body);
      return;
    }
    // dotfiles: 'allow' because the path is ours (from the list), and the project itself may sit
    // under a folder whose name starts with a dot.
    res.sendFile(asset.file, { maxAge: ONE_YEAR_S * 1000, immutable: true, dotfiles: 'allow' }, (err?: Error) => {
      if (err && !res.headersSent) next(err);
    });
  });
}
