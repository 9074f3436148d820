import { describe, expect, it } from 'vitest';
import { SupersededError, serialQueue } from '../../src/lib/engine/types';
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
});
