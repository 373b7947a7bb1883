/**
 * What the GraphQL endpoint accepts as a request body, and the answer to every body it refuses:
 * JSON in UTF-8, uncompressed or compressed with gzip, deflate or br (body-parser inflates those;
 * BODY_LIMIT counts the inflated bytes). A refused body is the client's mistake: it gets a 4xx
 * with a code and a sentence, and is never logged as a server error with a stack trace.
 */
import type { NextFunction, Request, Response } from 'express';
import type { ApiErrorCode } from './errors.js';

export const ACCEPTED_CONTENT_ENCODINGS = ['gzip', 'deflate', 'br'] as const;

export interface BodyRefusal {
  status: number;
  code: Extract<ApiErrorCode, 'BAD_REQUEST' | 'UNSUPPORTED_MEDIA_TYPE'>;
  message: string;
}

/** The fields body-parser / raw-body / http-errors put on the errors they raise. */
export type BodyError = Error & { status?: number; statusCode?: number; type?: string; charset?: string; encoding?: string; expose?: boolean };

const SEND_JSON = 'Send the body as JSON in UTF-8 with "Content-Type: application/json"';

function bodyError(status: number, type: string, message: string, extra: Partial<BodyError> = {}): BodyError {
  return Object.assign(new Error(message), { status, statusCode: status, expose: true, type }, extra);
}

/** True when the request carries a body (a Content-Length other than 0, or Transfer-Encoding). */
function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
}

/**
 * Refuses, before anything is read, a body that is not JSON or is JSON in another charset than
 * UTF-8 (body-parser itself would accept UTF-16 and UTF-32, which JSON on the web does not use:
 * RFC 8259 section 8.1). The refusal goes to the body-error handler like body-parser's own.
 */
export function requireJsonBody() {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!hasBody(req)) {
      next();
      return;
    }
    const contentType = req.headers['content-type'];
    if (!contentType || !req.is('application/json')) {
      next(bodyError(415, 'content.type.unsupported', `unsupported content type "${contentType ?? ''}"`));
      return;
    }
    const charset = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType)?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      next(bodyError(415, 'charset.unsupported', `unsupported charset "${charset}"`, { charset }));
      return;
    }
    next();
  };
}

function quoted(value: unknown): string {
  return `"${String(value).slice(0, 40)}"`;
}

/**
 * The answer to an error raised while reading a request body, or null when the error is not about
 * the body (then it is a fault of the server's own).
 */
export function refuseBody(err: BodyError, bodyLimit: string): BodyRefusal | null {
  switch (err.type) {
    case 'entity.too.large':
      return { status: 413, code: 'BAD_REQUEST', message: `The request body is larger than ${bodyLimit}; send a smaller query or fewer variables.` };
    case 'entity.parse.failed':
      return { status: 400, code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' };
    case 'content.type.unsupported':
      return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: `The request body is not JSON. ${SEND_JSON}.` };
    case 'charset.unsupported':
      return {
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: `The request body's charset ${quoted(err.charset ?? '')} is not accepted. ${SEND_JSON} (or "application/json; charset=utf-8").`,
      };
    case 'encoding.unsupported':
      return {
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: `The request body's Content-Encoding ${quoted(err.encoding ?? '')} is not accepted. ${SEND_JSON}, without Content-Encoding or compressed with ${ACCEPTED_CONTENT_ENCODINGS.join(', ')}.`,
      };
    case 'request.aborted':
      return { status: 400, code: 'BAD_REQUEST', message: 'The request was aborted before its body arrived in full.' };
    case 'request.size.invalid':
      return { status: 400, code: 'BAD_REQUEST', message: 'The request body is not as long as its Content-Length header says.' };
    case 'entity.verify.failed':
    case 'parameters.too.many':
    case 'stream.encoding.set':
    case 'stream.not.readable':
      return { status: 400, code: 'BAD_REQUEST', message: `The request body could not be read. ${SEND_JSON}.` };
    default:
      break;
  }
  // body-parser passes on the decompressor's own errors (a body that says gzip and is not) as 400
  // without a type; any other client error raised on the way carries a 4xx status as well.
  const status = err.status ?? err.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return {
      status,
      code: 'BAD_REQUEST',
      message: `The request could not be read (${err.message.slice(0, 100)}). ${SEND_JSON}, compressed with ${ACCEPTED_CONTENT_ENCODINGS.join(', ')} only if its Content-Encoding says so.`,
    };
  }
  return null;
}
