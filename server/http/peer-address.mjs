// Preloaded into the web process (`node --import ./server/http/peer-address.mjs …next start`):
// stamps each request with the socket's address in x-vigil-peer-address, replacing any copy the
// client sent, so server/http/client-address.ts knows who is really connected.
import http from 'node:http';

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req, ...rest) {
  if (event === 'request' && req && req.headers) req.headers['x-vigil-peer-address'] = req.socket?.remoteAddress ?? '';
  return emit.call(this, event, req, ...rest);
};
