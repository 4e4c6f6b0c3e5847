import { describe, expect, it } from 'vitest';
import { type BusMessage, createMemoryBus } from '../../../../shared/adapters/bus/memory-bus.js';
import { InvalidInputError } from '../../../../shared/errors.js';

describe('createMemoryBus', () => {
  it('delivers asynchronously: no handler runs before publish returns', async () => {
    const bus = createMemoryBus();
    const seen: string[] = [];
    bus.subscribe('t', () => {
      seen.push('handled');
    });

    const id = await bus.publish('t', { a: 1 });
    seen.push('published');
    await bus.drain();

    expect(id).toBe('1');
    expect(seen).toEqual(['published', 'handled']);
  });

  it('delivers in publish order with counter ids, the JSON data and the attributes', async () => {
    const bus = createMemoryBus();
    const got: BusMessage[] = [];
    bus.subscribe('files', (m) => {
      got.push(m);
    });

    for (let i = 0; i < 5; i++)
      await bus.publish('files', { i, when: new Date(0) }, { n: String(i) });
    await bus.drain();

    expect(got.map((m) => m.id)).toEqual(['1', '2', '3', '4', '5']);
    expect(got.map((m) => m.attributes.n)).toEqual(['0', '1', '2', '3', '4']);
    // Dates travel as JSON does: as ISO strings.
    expect(got[2]?.data).toEqual({ i: 2, when: '1970-01-01T00:00:00.000Z' });
  });

  it('waits in drain() for messages that handlers publish in turn', async () => {
    const bus = createMemoryBus();
    const leaves: unknown[] = [];
    bus.subscribe('plan', async (m) => {
      for (const batch of m.data as number[]) await bus.publish('batch', batch);
    });
    bus.subscribe('batch', async (m) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      leaves.push(m.data);
    });

    await bus.publish('plan', [1, 2, 3]);
    await bus.drain();

    expect(leaves).toEqual([1, 2, 3]);
    expect(bus.published().map((m) => m.topic)).toEqual(['plan', 'batch', 'batch', 'batch']);
  });

  it('surfaces handler errors from drain() and keeps delivering the rest', async () => {
    const bus = createMemoryBus();
    const ok: unknown[] = [];
    bus.subscribe('t', (m) => {
      if (m.data === 'bad') throw new Error('handler broke');
      ok.push(m.data);
    });

    await bus.publish('t', 'bad');
    await bus.publish('t', 'good');

    await expect(bus.drain()).rejects.toSatisfy(
      (e) => e instanceof AggregateError && (e.errors[0] as Error).message === 'handler broke',
    );
    expect(ok).toEqual(['good']);
    await expect(bus.drain()).resolves.toBeUndefined();
  });

  it('stops calling a handler once unsubscribed, and keeps unheard messages in published()', async () => {
    const bus = createMemoryBus();
    let calls = 0;
    const unsubscribe = bus.subscribe('t', () => {
      calls += 1;
    });

    await bus.publish('t', 1);
    await bus.drain();
    unsubscribe();
    await bus.publish('t', 2);
    await bus.publish('other', 3);
    await bus.drain();

    expect(calls).toBe(1);
    expect(bus.published('t').map((m) => m.data)).toEqual([1, 2]);
    expect(bus.published('other')).toHaveLength(1);
  });

  it('rejects data JSON cannot carry and an empty topic', async () => {
    const bus = createMemoryBus();

    await expect(bus.publish('t', undefined)).rejects.toBeInstanceOf(InvalidInputError);
    await expect(bus.publish('', {})).rejects.toBeInstanceOf(InvalidInputError);
  });
});
