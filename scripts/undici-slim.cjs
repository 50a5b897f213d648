'use strict';
// What src/network/transport.ts and the daemon's webhooks (src/daemon/delivery.ts) take from
// undici (Agent, buildConnector, request), required from undici's own files: the bundle
// (scripts/bundle.mjs) maps `undici` here, so a cold start does not evaluate the rest of undici's
// index (fetch, WebSocket, cookies, caches, mocks): ~20 ms. `request` is wrapped exactly as
// undici's index wraps it (URL/options checks, the global dispatcher when none is given).
// bundle.mjs checks these are undici's own objects before use.
const Agent = require('undici/lib/dispatcher/agent');
const buildConnector = require('undici/lib/core/connect');
const api = require('undici/lib/api');
const util = require('undici/lib/core/util');
const { InvalidArgumentError } = require('undici/lib/core/errors');
const { getGlobalDispatcher } = require('undici/lib/global');

function makeDispatcher(fn) {
  return (url, opts, handler) => {
    if (typeof opts === 'function') {
      handler = opts;
      opts = null;
    }
    if (!url || (typeof url !== 'string' && typeof url !== 'object' && !(url instanceof URL))) {
      throw new InvalidArgumentError('invalid url');
    }
    if (opts != null && typeof opts !== 'object') {
      throw new InvalidArgumentError('invalid opts');
    }
    if (opts && opts.path != null) {
      if (typeof opts.path !== 'string') {
        throw new InvalidArgumentError('invalid opts.path');
      }
      const path = opts.path.startsWith('/') ? opts.path : `/${opts.path}`;
      url = new URL(util.parseOrigin(url).origin + path);
    } else {
      if (!opts) {
        opts = typeof url === 'object' ? url : {};
      }
      url = util.parseURL(url);
    }
    const { agent, dispatcher = getGlobalDispatcher() } = opts;
    if (agent) {
      throw new InvalidArgumentError('unsupported opts.agent. Did you mean opts.client?');
    }
    return fn.call(
      dispatcher,
      {
        ...opts,
        origin: url.origin,
        path: url.search ? `${url.pathname}${url.search}` : url.pathname,
        method: opts.method || (opts.body ? 'PUT' : 'GET'),
      },
      handler,
    );
  };
}

module.exports = { Agent, buildConnector, request: makeDispatcher(api.request) };
