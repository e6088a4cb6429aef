/**
 * The Swarm watcher's idle cost on a real engine that is no swarm manager (the machine's own):
 * while its view is hidden it makes no Engine call at all; shown, it reads at once and then as
 * the safety net says; hidden again, it stops.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { EngineConnection } from '../client/src/docker/connection';
import { SwarmWatcher } from '../client/src/swarm/watcher';
import { resolveDockerEndpoint } from '../common/docker/endpoint';
import { dockerSkip, until } from './docker';

const skip = dockerSkip();

/** Every request the engine client sends (method and path), counted below its API. */
function countRequests(connection: EngineConnection): string[] {
  const sent: string[] = [];
  const modem = (connection.docker as unknown as { modem: { dial(options: { method: string; path: string }, cb: unknown): unknown } }).modem;
  const dial = modem.dial.bind(modem);
  modem.dial = (options, cb) => {
    sent.push(`${options.method} ${options.path.split('?')[0]}`);
    return dial(options, cb);
  };
  return sent;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('swarm watcher: hidden and settled it makes no Engine call; visible, the safety net reads', { skip, timeout: 60_000 }, async () => {
  const connection = new EngineConnection(() => resolveDockerEndpoint({ env: process.env }));
  const watcher = new SwarmWatcher(connection, { safetyNetMs: 400, convergingMs: 100, coalesceMs: 50 });
  try {
    await connection.connect();
    const sent = countRequests(connection);
    await until('the first read', () => (watcher.calls === 1 ? true : undefined));
    assert.equal(watcher.snapshot.manager, false);
    await sleep(2000);
    assert.deepEqual(sent, []);

    watcher.setVisible(true);
    await sleep(2000);
    // One read on showing, then one per 400 ms: a single `info` each (a plain engine has no swarm to list).
    assert.ok(sent.length >= 4 && sent.length <= 6, sent.join(', '));
    assert.deepEqual([...new Set(sent)], ['GET /info']);

    watcher.setVisible(false);
    await sleep(200);
    const afterHiding = sent.length;
    await sleep(2000);
    assert.equal(sent.length, afterHiding);
  } finally {
    watcher.dispose();
    connection.dispose();
  }
});
