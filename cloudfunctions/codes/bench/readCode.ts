import { runVariantSuite } from '../testing/variantSuite';

/**
 * How fast and how well the 采集码 reader does on realistic and harsher uploads.
 *   npx tsx cloudfunctions/codes/bench/readCode.ts [repeats=5]
 * Prints one row per variant: outcome, the view that found the code, median and worst read time.
 */
async function main(): Promise<void> {
  const repeats = Number(process.argv[2] ?? 5);
  const { payload, results } = await runVariantSuite({ repeats, stress: true });
  const rows = results.map((result) => {
    const sorted = [...result.ms].sort((a, b) => a - b);
    const outcome = 'error' in result.outcome ? result.outcome.error : result.outcome.number === payload.number ? 'decoded' : 'WRONG';
    return {
      variant: result.name,
      size: `${result.width}×${result.height}`,
      kB: Math.round(result.bytes / 1024),
      outcome,
      view: result.view,
      'median ms': sorted[Math.floor(sorted.length / 2)],
      'max ms': sorted[sorted.length - 1],
    };
  });
  console.table(rows);
  console.log(`${repeats} reads per variant; Node ${process.version}; load average ${(await import('node:os')).loadavg().map((n) => n.toFixed(1)).join(' ')}`);
}

void main();
