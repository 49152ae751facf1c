// A small HTTP service for the example: it keeps the last 200 responses in a cache (a bounded
// amount of memory, as a well-behaved service would) and answers on $PORT.
import { createServer } from 'node:http';

const cache = [];
const server = createServer((req, res) => {
  const body = Buffer.alloc(64 * 1024, req.url.length % 256);
  cache.push(body);
  if (cache.length > 200) cache.shift();
  res.end(`ok ${cache.length}\n`);
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
