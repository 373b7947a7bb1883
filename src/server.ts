/**
 * HTTP: health, the explorer, and GraphQL (Apollo Server 5 on express 5) with body limits, CORS,
 * authentication, abuse limits and request logging.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { AppConfig } from './config.js';
import type { Logger } from './common/logger.js';
import { authenticate, isLoopback, isLoopbackHost, type Caller } from './common/auth.js';
import { refuseBody, requireJsonBody, type BodyError } from './common/request-body.js';
import type { ApiErrorCode } from './common/errors.js';
import { createContext, type AppContext } from './api/context.js';
import type { Services } from './modules.js';
import { createErrorFormatter } from './api/error-format.js';
import { createLimitsPlugin } from './api/limits.js';
import { subscriptionsOverHttpPlugin } from './api/subscriptions.js';
import { mountExplorer } from './explorer/explorer.js';
import type { Metrics } from './metrics/metrics.js';
import { mountMetrics } from './metrics/route.js';

export const GRAPHQL_PATH = '/graphql';

declare module 'express-serve-static-core' {
  interface Request {
    caller?: Caller;
    requestId?: string;
  }
}

function gqlError(res: Response, status: number, code: ApiErrorCode, message: string) {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/**
 * Without API_KEYS the server answers as admin, so only this machine may talk to it: the caller must
 * be on loopback, and the Host header must name this machine (a web page the operator opens could
 * otherwise reach the server through DNS rebinding, with its own name in Host).
 */
function keylessGuard(config: AppConfig) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (config.apiKeys.length > 0) {
      next();
      return;
    }
    if (!isLoopback(req.socket.remoteAddress)) {
      gqlError(res, 403, 'FORBIDDEN', 'This server has no API_KEYS configured, so it answers only requests from this machine. Set API_KEYS to let other machines in.');
      return;
    }
    if (!isLoopbackHost(req.headers.host, config.host)) {
      const asked = req.headers.host ? `"${req.headers.host.slice(0, 100)}"` : 'no Host header';
      gqlError(res, 403, 'FORBIDDEN',
        `This server has no API_KEYS configured, so it answers only http://localhost:${req.socket.localPort} ` +
        `(or 127.0.0.1, [::1]) from this machine, and this request named ${asked}. ` +
        'Open it by that address, or set API_KEYS to let other names and machines in.');
      return;
    }
    next();
  };
}

function authMiddleware(config: AppConfig) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (config.apiKeys.length === 0) {
      // keylessGuard let only this machine through.
      req.caller = { name: 'local', role: 'admin' };
      next();
      return;
    }
    const caller = authenticate(config.apiKeys, req.headers.authorization);
    if (!caller) {
      const message = req.headers.authorization
        ? 'The API key is not valid. Send "Authorization: Bearer <secret>" with a key from API_KEYS.'
        : 'An API key is required. Send "Authorization: Bearer <secret>" with a key from API_KEYS.';
      gqlError(res, 401, 'UNAUTHENTICATED', message);
      return;
    }
    req.caller = caller;
    next();
  };
}

/** The extensions.code of every error an answer carries, as the client sees them (after formatError). */
function answeredCodes(response: { body: { kind: string; singleResult?: { errors?: readonly { extensions?: Record<string, unknown> }[] } } }, errors: readonly { extensions?: Record<string, unknown> }[] | undefined): string[] {
  const sent = response.body.kind === 'single' ? response.body.singleResult?.errors : undefined;
  return (sent ?? errors ?? []).map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : 'INTERNAL_SERVER_ERROR'));
}

/** One line per request (with the error codes it answered), and its count in the metrics. */
function loggingPlugin(logger: Logger, metrics: Metrics | null): ApolloServerPlugin<AppContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operationName, operation, errors, response }) {
          const codes = answeredCodes(response, errors);
          const operationType = operation?.operation ?? 'unknown';
          metrics?.graphql.graphqlRequest(operationType, codes);
          logger.info({
            requestId: contextValue.requestId,
            caller: contextValue.caller.name,
            operationName: operationName ?? null,
            operationType,
            errors: codes.length,
            codes: [...new Set(codes)],
            ms: Number(process.hrtime.bigint() - started) / 1e6,
          }, 'graphql request');
        },
      };
    },
  };
}

/**
 * node's own limits: a client must send its headers within headersTimeout and its whole request
 * within requestTimeout, or gets 408 and is disconnected. node checks them every
 * connectionsCheckingInterval (30 s by default), so that runs often enough for a timeout to fire
 * close to its value. requestTimeout ends when the request has arrived: a long answer (a mutation
 * with `wait: true`) is not cut by it.
 */
export function httpServerOptions(config: AppConfig): http.ServerOptions {
  return {
    headersTimeout: config.http.headersTimeoutMs,
    requestTimeout: config.http.requestTimeoutMs,
    keepAliveTimeout: config.http.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(config.http.headersTimeoutMs / 2))),
  };
}

export interface HttpApp {
  app: express.Express;
  httpServer: http.Server;
  apollo: ApolloServer<AppContext>;
  /**
   * First step of a shutdown: the server stops listening, idle keep-alive connections are closed,
   * and a request arriving on a connection still open is answered 503 SHUTTING_DOWN with
   * "Connection: close". Requests already going (a client waiting on a run) are answered as usual.
   */
  stopAccepting(): void;
}

/** After the runs have closed, how long answers still being written get before their connections are cut. */
const DRAIN_AFTER_RUNS_MS = 1000;

export async function createHttpApp(
  config: AppConfig, services: Services, schema: GraphQLSchema, readiness: () => Promise<{ ok: boolean; detail: string }>,
  metrics: Metrics | null = null,
): Promise<HttpApp> {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  const httpServer = http.createServer(httpServerOptions(config), app);
  httpServer.maxConnections = config.http.maxConnections;
  const production = config.env === 'production';

  const apollo = new ApolloServer<AppContext>({
    schema,
    introspection: config.graphql.introspection,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: production,
    allowBatchedHttpRequests: false,
    // One shutdown path, ours (main.ts -> app.close): Apollo's own SIGINT/SIGTERM handlers raced it.
    stopOnTerminationSignals: false,
    formatError: createErrorFormatter(services.logger, { hideSuggestions: production }),
    plugins: [
      // apollo.stop() runs after the runs have closed: the waiting clients' answers are written, then connections close.
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: DRAIN_AFTER_RUNS_MS }),
      // Apollo's own landing page loads from a CDN; the explorer is served by this server instead.
      ApolloServerPluginLandingPageDisabled(),
      createLimitsPlugin({
        maxDepth: config.graphql.maxDepth,
        maxCost: config.graphql.maxCost,
        maxAliases: config.graphql.maxAliases,
        maxPageSize: config.graphql.maxPageSize,
      }),
      loggingPlugin(services.logger, metrics),
      subscriptionsOverHttpPlugin(GRAPHQL_PATH),
    ],
  });
  await apollo.start();

  let stopping = false;
  app.use((_req, res, next) => {
    if (!stopping) {
      next();
      return;
    }
    res.setHeader('Connection', 'close');
    gqlError(res, 503, 'SHUTTING_DOWN', 'The server is shutting down; send the request again once it is back (or to another instance).');
  });
  const stopAccepting = () => {
    if (stopping) return;
    stopping = true;
    httpServer.close();
    httpServer.closeIdleConnections();
  };

  app.use((req, res, next) => {
    req.requestId = (typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].slice(0, 100)) || crypto.randomUUID();
    res.setHeader('X-Request-Id', req.requestId);
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const r = await readiness();
    res.status(r.ok ? 200 : 503).json({ status: r.ok ? 'ready' : 'not ready', detail: r.detail });
  });

  // Its own access rule (loopback, or any API key): a Prometheus elsewhere scrapes with a viewer key.
  mountMetrics(app, config, metrics, services.logger);

  // Everything below answers data (or the explorer that asks for it); health and readiness stay open.
  app.use(keylessGuard(config));

  if (config.graphql.explorer) mountExplorer(app, { graphqlPath: GRAPHQL_PATH, title: 'ISOF ↔ IdoSell' });

  app.use(GRAPHQL_PATH, (req, res, next) => {
    const origin = req.headers.origin;
    if (origin && config.corsOrigins.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization, Apollo-Require-Preflight');
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      if (req.method === 'OPTIONS') {
        res.status(204).end();
        return;
      }
    }
    next();
  });

  // The key is checked before the body is read: a caller without one cannot make the server parse anything.
  app.use(
    GRAPHQL_PATH,
    authMiddleware(config),
    requireJsonBody(),
    express.json({ limit: config.graphql.bodyLimit }),
    expressMiddleware(apollo, {
      context: async ({ req }) => createContext(services, req.caller!, req.requestId!),
    }),
  );

  // A refused body (too large, not JSON, another charset or encoding, cut off) answers as a GraphQL
  // error with a 4xx, logged as one line like any request: it is the client's mistake, not ours.
  app.use((err: BodyError, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const refusal = refuseBody(err, config.graphql.bodyLimit);
    if (refusal) {
      // Not the error's message: a JSON parse error quotes the body, which may hold secrets.
      services.logger.info({ requestId: req.requestId, status: refusal.status, type: err.type ?? null }, 'request body refused');
      gqlError(res, refusal.status, refusal.code, refusal.message);
      return;
    }
    services.logger.error({ err }, 'unexpected HTTP error');
    gqlError(res, 500, 'INTERNAL_SERVER_ERROR', 'Something went wrong on the server; it was logged.');
  });

  return { app, httpServer, apollo, stopAccepting };
}
