import * as http from 'node:http';

export const OPENMETRICS_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

/**
 * The opt-in scrape endpoint: GET /metrics on 127.0.0.1 only (never another interface), the
 * OpenMetrics text of the figures computed at each scrape. Anything else is a 404.
 */
export function serveOpenMetrics(port: number, body: () => string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Compose Mesh serves only GET /metrics\n');
      return;
    }
    let text: string;
    try {
      text = body();
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`could not read the metrics store: ${(err as Error).message}\n`);
      return;
    }
    res.writeHead(200, { 'content-type': OPENMETRICS_TYPE }).end(text);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
