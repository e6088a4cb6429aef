/** The opt-in OpenMetrics endpoint: 127.0.0.1 only, GET /metrics only. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { OPENMETRICS_TYPE, serveOpenMetrics } from '../client/src/metrics/endpoint';

test('endpoint: serves the text at GET /metrics on 127.0.0.1, nothing else', async () => {
  const server = await serveOpenMetrics(0, () => 'compose_mesh_mttr_seconds{window="1h"} 12\n# EOF\n');
  try {
    const { address, port } = server.address() as AddressInfo;
    assert.equal(address, '127.0.0.1');
    const ok = await fetch(`http://127.0.0.1:${port}/metrics`);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('content-type'), OPENMETRICS_TYPE);
    assert.equal(await ok.text(), 'compose_mesh_mttr_seconds{window="1h"} 12\n# EOF\n');
    assert.equal((await fetch(`http://127.0.0.1:${port}/`)).status, 404);
    assert.equal((await fetch(`http://127.0.0.1:${port}/metrics`, { method: 'POST' })).status, 404);
  } finally {
    server.close();
  }
});

test('endpoint: a port in use is an error to report, not a crash', async () => {
  const first = await serveOpenMetrics(0, () => '');
  try {
    await assert.rejects(
      serveOpenMetrics((first.address() as AddressInfo).port, () => ''),
      /EADDRINUSE/,
    );
  } finally {
    first.close();
  }
});
