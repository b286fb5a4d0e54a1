import { Batcher } from './group-commit';

/** A statement that answers when told to, recording the inputs each call of it carried. */
function statement() {
  const calls: number[][] = [];
  const answers: (() => void)[] = [];
  const execute = (inputs: number[]) => {
    calls.push(inputs);
    return new Promise<number[]>((resolve, reject) => {
      answers.push(() => (inputs.includes(13) && inputs.length >= 1 ? reject(new Error('bad row 13')) : resolve(inputs.map((i) => i * 10))));
    });
  };
  const answerAll = async () => {
    while (answers.length) {
      answers.shift()!();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { calls, execute, answerAll };
}

describe('group commit batcher', () => {
  it('sends a call at once when nothing is in flight, and gathers the calls made meanwhile into the next statement', async () => {
    const s = statement();
    const batcher = new Batcher(s.execute);
    const first = batcher.call(1);
    expect(s.calls).toEqual([[1]]);
    const rest = [batcher.call(2), batcher.call(3), batcher.call(4)];
    expect(s.calls).toEqual([[1]]);
    await s.answerAll();
    expect(await first).toBe(10);
    expect(await Promise.all(rest)).toEqual([20, 30, 40]);
    expect(s.calls).toEqual([[1], [2, 3, 4]]);
  });

  it('fails only the call whose row broke the shared statement', async () => {
    const s = statement();
    const batcher = new Batcher(s.execute);
    const first = batcher.call(1);
    const waiting = [batcher.call(12), batcher.call(13), batcher.call(14)].map((p) => p.then((v) => ({ v }), (e: Error) => ({ e: e.message })));
    await s.answerAll();
    expect(await first).toBe(10);
    expect(await Promise.all(waiting)).toEqual([{ v: 120 }, { e: 'bad row 13' }, { v: 140 }]);
    // The shared statement, then each of its calls alone.
    expect(s.calls).toEqual([[1], [12, 13, 14], [12], [13], [14]]);
  });

  it('never puts more than 64 calls in one statement', async () => {
    const s = statement();
    const batcher = new Batcher(s.execute);
    const all = Array.from({ length: 150 }, (_, i) => batcher.call(i + 100));
    await s.answerAll();
    await Promise.all(all);
    expect(s.calls.map((c) => c.length)).toEqual([1, 64, 64, 21]);
  });
});
