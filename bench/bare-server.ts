import { createServer } from 'node:http';

/** The ceiling to compare against: a bare Node HTTP server answering a profile-sized JSON body. */
const body = JSON.stringify({
  username: 'user42',
  displayName: 'user42',
  online: true,
  lastSeenAt: new Date().toISOString(),
  lastSeenAddress: '127.51.100.42',
  lastSeenPort: 50123,
  localAddresses: ['192.168.77.20'],
});
const port = Number(process.argv[2] ?? 7091);
createServer((_req, res) => {
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}).listen(port, '127.0.0.1', () => process.send?.('ready'));
