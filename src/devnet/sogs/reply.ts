import { utf8 } from '../../encoding/bytes.js';
import type { V4Response } from '../../encoding/v4.js';

/** Replies as pysogs writes them: JSON, text/plain refusals (auth, §4.6) or werkzeug's HTML pages. */
export class HttpError extends Error {
  constructor(
    readonly code: number,
    readonly text?: string,
  ) {
    super(text ?? `HTTP ${code}`);
  }
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  412: 'Precondition Failed',
  413: 'Request Entity Too Large',
  425: 'Too Early',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

export function json(code: number, value: unknown): V4Response {
  return { code, headers: { 'content-type': 'application/json' }, body: utf8(JSON.stringify(value)) };
}

export function plainText(code: number, text: string): V4Response {
  return { code, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: utf8(text) };
}

/** werkzeug's default error page (pysogs' `abort(code)` without a reason). */
export function htmlError(code: number): V4Response {
  const reason = REASONS[code] ?? 'Error';
  const page = `<!doctype html>\n<html lang=en>\n<title>${code} ${reason}</title>\n<h1>${reason}</h1>\n`;
  return { code, headers: { 'content-type': 'text/html; charset=utf-8' }, body: utf8(page) };
}

export function errorReply(e: HttpError): V4Response {
  return e.text === undefined ? htmlError(e.code) : plainText(e.code, e.text);
}
