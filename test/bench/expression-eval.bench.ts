import { Sandbox } from '../../server/src/engine/sandbox/sandbox';
import { resolveValue } from '../../server/src/engine/expressions/resolve-params';

/**
 * Warm expression evaluation, the goal being p50 ≤ 30 µs. Needs Node started with
 * --no-node-snapshot (isolated-vm). Each sample is one call, timed on its own, after a warm-up
 * that fills the compiled-function cache and lets V8 optimise both sides.
 */
export async function benchExpressions(options: { samples?: number } = {}): Promise<{ p50us: number; p99us: number; pathP50us: number }> {
  const samples = options.samples ?? 20_000;
  const sandbox = new Sandbox();
  const scope = {
    $trigger: { body: { price: 1500, lead: { id: 4711, name: 'Acme', tags: ['vip'] } }, headers: { 'x-id': 'evt-1' } },
    $steps: { invoice: { output: { id: 'INV-7', lines: Array.from({ length: 20 }, (_, i) => ({ sku: `S${i}`, qty: i })) } } },
    $prev: { ok: true },
    $run: { id: 'run-1' },
    $vars: {},
    $now: new Date().toISOString(),
  };
  const ctx = { sandbox, scope, nodeId: 'bench', path: 'amount' };
  try {
    const expression = await measure(samples, () => sandbox.evaluate('$trigger.body.price * 1.2', scope));
    const path = await measure(samples, () => resolveValue('{{ $steps.invoice.output.id }}', ctx));
    return { p50us: expression.p50, p99us: expression.p99, pathP50us: path.p50 };
  } finally {
    sandbox.dispose();
  }
}

async function measure(samples: number, run: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < Math.min(2_000, samples); i++) await run();
  const times = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    const start = process.hrtime.bigint();
    await run();
    times[i] = Number(process.hrtime.bigint() - start) / 1_000;
  }
  times.sort();
  const at = (q: number) => Math.round(times[Math.min(samples - 1, Math.floor(q * samples))] * 10) / 10;
  return { p50: at(0.5), p99: at(0.99) };
}
