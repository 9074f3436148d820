import { describe, expect, it } from 'vitest';
import { SupersededError, engineQueue, serialQueue } from '../../src/lib/engine/types';
import { engineWith } from './helpers';

describe('one statement at a time; superseded queries are skipped', () => {
  it('runs work in call order and never runs work aborted while it waited', async () => {
    const serial = serialQueue();
    const ran: string[] = [];
    const step = (name: string, ms: number) => () =>
      new Promise<string>((r) =>
        setTimeout(() => {
          ran.push(name);
          r(name);
        }, ms),
      );
    const first = serial(step('a', 30));
    const ctrl = new AbortController();
    const skipped = serial(step('b', 1), ctrl.signal);
    const third = serial(step('c', 1));
    ctrl.abort(); // while 'a' runs: 'b' has not started
    await expect(skipped).rejects.toBeInstanceOf(SupersededError);
    expect(await first).toBe('a');
    expect(await third).toBe('c');
    expect(ran).toEqual(['a', 'c']);
  });

  it('the engine refuses an already-superseded query and still answers the next one', async () => {
    const { engine } = await engineWith([]);
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(engine.query('SELECT 1 AS x', [], ctrl.signal)).rejects.toBeInstanceOf(SupersededError);
    expect(await engine.query<{ x: number }>('SELECT ? AS x', [2])).toEqual([{ x: 2 }]);
  });

  it('keeps at most two queries in the worker: the next is posted while the page handles a result, no more', async () => {
    const q = engineQueue(2);
    const log: string[] = [];
    const finish = new Map<string, () => void>();
    // A query: posting it is logged at once; it finishes when the test says so (as the worker answers).
    const query = (name: string, signal?: AbortSignal) =>
      q.query(async () => {
        log.push(`post ${name}`);
        return { done: new Promise<string>((r) => finish.set(name, () => r(name))) };
      }, signal);
    const tick = () => new Promise((r) => setTimeout(r, 5));
    const a = query('a');
    const b = query('b');
    const ctrl = new AbortController();
    const c = query('c', ctrl.signal);
    const d = query('d');
    await tick();
    expect(log).toEqual(['post a', 'post b']); // b waits in the worker behind a; c and d wait here
    ctrl.abort(); // superseded before it was posted: never reaches the engine
    finish.get('a')!();
    expect(await a).toBe('a');
    await expect(c).rejects.toBeInstanceOf(SupersededError);
    await tick();
    expect(log).toEqual(['post a', 'post b', 'post d']);
    // Work that changes tables waits for every query in flight, and the queries after it wait for it.
    const altered = q.alone(async () => {
      log.push('alone');
      return 'x';
    });
    const e = query('e');
    await tick();
    expect(log.at(-1)).toBe('post d');
    finish.get('b')!();
    finish.get('d')!();
    expect([await b, await d, await altered]).toEqual(['b', 'd', 'x']);
    await tick();
    expect(log.slice(-2)).toEqual(['alone', 'post e']);
    finish.get('e')!();
    expect(await e).toBe('e');
  });

  it('a query that fails to post frees its place', async () => {
    const q = engineQueue(1);
    await expect(
      q.query(async () => {
        throw new Error('prepare failed');
      }),
    ).rejects.toThrow('prepare failed');
    expect(await q.query(async () => ({ done: Promise.resolve(7) }))).toBe(7);
  });
});
