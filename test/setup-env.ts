/**
 * Runs before every test file. Tests talk to loopback only: any attempt to open a connection to
 * another host fails the test that made it.
 */
import net from 'node:net';

process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL ??= 'silent';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/i;
const marker = Symbol.for('isof-idosell.loopback-guard');
const proto = net.Socket.prototype as unknown as Record<symbol, unknown> & { connect: (...args: unknown[]) => unknown };
if (!proto[marker]) {
  const original = proto.connect;
  proto.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
    const first = args[0] as unknown;
    let host: string | undefined;
    if (Array.isArray(first)) {
      const opts = first[0] as { host?: string; path?: string } | undefined;
      host = opts?.path ? undefined : (opts?.host ?? 'localhost');
    } else if (first && typeof first === 'object') {
      const opts = first as { host?: string; path?: string };
      host = opts.path ? undefined : (opts.host ?? 'localhost');
    } else if (typeof first === 'number') {
      host = typeof args[1] === 'string' ? (args[1] as string) : 'localhost';
    }
    // npm run test:mssql talks to the SQL Server its MSSQL_HOST names (and to nothing else).
    const mssqlHost = process.env.MSSQL_TEST_RUN ? process.env.MSSQL_HOST : undefined;
    if (host !== undefined && !LOOPBACK.test(host) && host !== mssqlHost) {
      throw new Error(`Test tried to connect to ${host}: tests may only talk to loopback.`);
    }
    return original.apply(this, args);
  };
  proto[marker] = true;
}
