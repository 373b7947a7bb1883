/**
 * GraphQL subscriptions over WebSocket (graphql-ws, protocol "graphql-transport-ws", the one Apollo's
 * and GraphiQL's clients speak), on the same path and port as GraphQL over HTTP: the HTTP server's
 * `upgrade` for that path comes here, any other path is refused.
 *
 * The same rules as HTTP, checked in the same order:
 * - at the upgrade (an HTTP answer, before any WebSocket exists): refused while shutting down (503);
 *   without API_KEYS only this machine by a loopback Host (403, as server.ts keylessGuard); a browser
 *   Origin that is neither this server's own nor in CORS_ORIGINS (403), so a web page elsewhere cannot
 *   use a local server;
 * - at connection_init: the API key from its payload (`{"Authorization": "Bearer <secret>"}`, or
 *   `authorization`, or `{"headers": {"Authorization": ...}}`); none closes with 4401, a wrong one with
 *   4403, each with a reason that says what to send;
 * - per subscription: the query limits of HTTP (limits.ts), at most SUBSCRIPTIONS_PER_CONNECTION at
 *   once, subscriptions only (queries and mutations go over HTTP POST, with their body limits and logging),
 *   and the roles through the schema's auth checker; errors are formatted as over HTTP (error-format.ts).
 *
 * Shutdown (`close`): every subscription sends its run's last state and completes, then each socket
 * closes with 1001 "server is shutting down", before the database closes.
 */
import crypto from 'node:crypto';
import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError, getOperationAST, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { WebSocketServer, type WebSocket } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import type { Context as WsContext } from 'graphql-ws';
import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import type { AppConfig } from '../config.js';
import type { Logger } from '../common/logger.js';
import { authenticate, isLoopback, isLoopbackHost, type Caller } from '../common/auth.js';
import type { Services } from '../modules.js';
import { createContext, createLoaders, type AppContext } from './context.js';
import { createErrorFormatter } from './error-format.js';
import { analyzeDocument, checkLimits, type QueryLimits } from './limits.js';
import type { ApiErrorCode } from '../common/errors.js';

/** A subscription document is small; a larger message is refused by closing the socket (1009). */
export const WS_MAX_MESSAGE_BYTES = 64 * 1024;
/** At shutdown, how long the subscriptions get to send their last state before the sockets close anyway. */
const LAST_STATE_MS = 1500;
/** After the close frame, how long a client gets to answer it before its socket is cut. */
const CLOSE_WAIT_MS = 500;
/** graphql-ws pings every client this often and drops one that does not answer within as long. */
const KEEP_ALIVE_MS = 12_000;

type Extra = { socket: WebSocket; request: IncomingMessage };
type Ctx = WsContext<Record<string, unknown> | undefined, Extra>;

export interface SubscriptionServer {
  /** First step of a shutdown: no new WebSocket connection is taken. */
  stopAccepting(): void;
  /** Sends every subscription its last state, closes the sockets (1001), and stops. */
  close(): Promise<void>;
}

function refuseUpgrade(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** The Authorization value from connection_init's payload, in the shapes clients send it. */
export function authorizationOf(params: Record<string, unknown> | undefined): string | undefined {
  if (!params) return undefined;
  const headers = typeof params.headers === 'object' && params.headers !== null ? params.headers as Record<string, unknown> : {};
  for (const v of [params.Authorization, params.authorization, headers.Authorization, headers.authorization]) {
    if (typeof v === 'string' && v.trim()) return v;
  }
  return undefined;
}

/** A browser's Origin: allowed when it is this server itself (same host and port) or listed in CORS_ORIGINS. */
function originAllowed(origin: string | undefined, host: string | undefined, corsOrigins: string[]): boolean {
  if (!origin) return true;
  if (corsOrigins.includes(origin)) return true;
  try {
    return !!host && new URL(origin).host.toLowerCase() === host.trim().toLowerCase();
  } catch {
    return false;
  }
}

function codedError(code: ApiErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

/**
 * Apollo plugin for the HTTP side: a subscription sent as an HTTP request is answered 400
 * BAD_REQUEST naming the WebSocket address, before any resolver runs (graphql-js would otherwise
 * run the subscription's root field as a query, which has no value to give).
 */
export function subscriptionsOverHttpPlugin(path: string): ApolloServerPlugin<BaseContext> {
  const listener: GraphQLRequestListener<BaseContext> = {
    async didResolveOperation(ctx) {
      if (ctx.operation?.operation !== 'subscription') return;
      throw new GraphQLError(
        `Subscriptions are served over WebSocket (the graphql-ws protocol) at ws://<this host>${path} (wss:// behind TLS), ` +
          'not over HTTP; connect with a graphql-ws client and send the API key in connection_init.',
        { extensions: { code: 'BAD_REQUEST' satisfies ApiErrorCode, http: { status: 400 } } },
      );
    },
  };
  return { requestDidStart: async () => listener };
}

export function attachSubscriptions(
  httpServer: Server, path: string, config: AppConfig, services: Services, schema: GraphQLSchema,
): SubscriptionServer {
  const logger: Logger = services.logger;
  const formatError = createErrorFormatter(logger, { hideSuggestions: config.env === 'production' });
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_MESSAGE_BYTES });
  const callers = new WeakMap<Ctx, Caller>();
  const open = new Set<Ctx>();
  let stopping = false;

  httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname !== path) {
      refuseUpgrade(socket, 404, 'NOT_FOUND', `WebSocket connections are taken on ${path} only.`);
      return;
    }
    if (stopping) {
      refuseUpgrade(socket, 503, 'SHUTTING_DOWN', 'The server is shutting down; connect again once it is back (or to another instance).');
      return;
    }
    if (config.apiKeys.length === 0 && (!isLoopback(req.socket.remoteAddress) || !isLoopbackHost(req.headers.host, config.host))) {
      refuseUpgrade(socket, 403, 'FORBIDDEN',
        `This server has no API_KEYS configured, so it answers only ws://localhost:${req.socket.localPort}${path} ` +
        '(or 127.0.0.1, [::1]) from this machine. Connect by that address, or set API_KEYS to let other names and machines in.');
      return;
    }
    if (!originAllowed(req.headers.origin, req.headers.host, config.corsOrigins)) {
      refuseUpgrade(socket, 403, 'FORBIDDEN',
        `Web pages from ${String(req.headers.origin).slice(0, 100)} may not connect: add that origin to CORS_ORIGINS to let them.`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  useServer<Record<string, unknown> | undefined, Extra>({
    schema,
    onConnect: (ctx) => {
      if (config.apiKeys.length === 0) {
        // The upgrade let only this machine through.
        callers.set(ctx, { name: 'local', role: 'admin' });
      } else {
        const authorization = authorizationOf(ctx.connectionParams);
        const caller = authenticate(config.apiKeys, authorization);
        if (!caller) {
          // Close reasons are at most 123 bytes: these say what to send, and fit.
          if (authorization) ctx.extra.socket.close(4403, 'The API key is not valid. Send a key from API_KEYS: {"Authorization":"Bearer <secret>"}.');
          else ctx.extra.socket.close(4401, 'An API key is required: send {"Authorization":"Bearer <secret>"} in connection_init.');
          logger.info({ remote: ctx.extra.request.socket.remoteAddress, keySent: !!authorization }, 'websocket connection refused');
          return false;
        }
        callers.set(ctx, caller);
      }
      open.add(ctx);
      return true;
    },
    onClose: (ctx) => {
      open.delete(ctx);
    },
    onSubscribe: (ctx, id, payload) => {
      const caller = callers.get(ctx)!;
      const going = Object.keys(ctx.subscriptions).length;
      const max = config.progress.subscriptionsPerConnection;
      if (going > max) {
        return [codedError('TOO_MANY_SUBSCRIPTIONS', `This connection already has ${max} subscriptions going, the most one ` +
          'connection may have (SUBSCRIPTIONS_PER_CONNECTION). End one, or open another connection.', { limit: max })];
      }
      let document: DocumentNode;
      try {
        document = parse(payload.query);
      } catch (err) {
        return [codedError('GRAPHQL_PARSE_FAILED', (err as Error).message)];
      }
      const invalid = validate(schema, document);
      if (invalid.length) return invalid.map((e) => codedError('GRAPHQL_VALIDATION_FAILED', e.message));
      const operation = getOperationAST(document, payload.operationName);
      if (!operation) {
        return [codedError('BAD_REQUEST', 'Name the operation to run (operationName): the document holds several, or none.')];
      }
      if (operation.operation !== 'subscription') {
        return [codedError('BAD_REQUEST', 'Only subscriptions are served over WebSocket; send ' +
          `${operation.operation === 'query' ? 'queries' : 'mutations'} over HTTP POST to ${path}.`)];
      }
      const { maxDepth, maxCost, maxAliases, maxPageSize } = config.graphql;
      const limits: QueryLimits = { maxDepth, maxCost, maxAliases, maxPageSize };
      const tooBig = checkLimits(analyzeDocument(schema, document, payload.variables ?? undefined, payload.operationName ?? undefined, limits), limits);
      if (tooBig) {
        const { http: _http, ...extensions } = tooBig.extensions;
        return [new GraphQLError(tooBig.message, { extensions })];
      }
      const requestId = crypto.randomUUID();
      logger.info({ requestId, caller: caller.name, operationName: operation.name?.value ?? null, subscription: id }, 'subscription started');
      return {
        schema,
        document,
        operationName: payload.operationName,
        variableValues: payload.variables,
        contextValue: createContext(services, caller, requestId),
      };
    },
    onNext: (_ctx, _id, _payload, args, result) => {
      // Each emission reads fresh: loaders cache for one answer only, like one HTTP request.
      const context = args.contextValue as AppContext;
      context.loaders = createLoaders(services);
      if (!result.errors?.length) return undefined;
      return { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) };
    },
    // The refusals above carry their code; anything else (a database error while following a run) is
    // logged and answered with a reference, never with its own message (it may quote SQL).
    onError: (_ctx, _id, _payload, errors) => errors.map((e) => (e.extensions?.code ? e.toJSON() : formatError(e.toJSON(), e))),
  }, wss, KEEP_ALIVE_MS);

  const stopAccepting = () => {
    stopping = true;
  };

  return {
    stopAccepting,
    async close() {
      stopAccepting();
      services.runWatches.endAll();
      const end = Date.now() + LAST_STATE_MS;
      while ([...open].some((c) => Object.keys(c.subscriptions).length > 0) && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 20));
      }
      for (const ws of wss.clients) ws.close(1001, 'server is shutting down');
      const closeBy = Date.now() + CLOSE_WAIT_MS;
      while (wss.clients.size > 0 && Date.now() < closeBy) await new Promise((r) => setTimeout(r, 20));
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
