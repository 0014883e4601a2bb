/**
 * Photo engine benchmark: median and p95 ms per stage and in total, for check and for make, at the fixtures'
 * own size, at about 1 MP and at 3000×4000 (a phone photo, made by enlarging an ok- fixture); cold start
 * (process start to the first report of `gradphoto check`); peak RSS; and the ratio to a floor measured in the
 * same run (sharp: decode, resize to 480×640, encode the same file). sharp is limited to one thread, the
 * engine's wasm runs on one; the machine's load average is printed because other work skews every figure.
 * Each table also gives the CPU time of a call (all of this process's threads): unlike the wall-clock
 * figures it does not grow when other processes hold the CPU, so it is the one-core cost on a shared machine.
 * Each table also gives the garbage collection that ran during a call (included in its total): the pauses
 * V8 reports to perf_hooks, minor (scavenges) and major (mark-compact and its incremental marking steps), and in
 * how many calls a major one ran. V8 starts marking when the old generation's objects plus the ArrayBuffer bytes
 * allocated since the last mark-compact come within the new space's size of its limit, so a call's typed arrays
 * and sharp Buffers, not its JS objects, decide whether it pays for one. The bench sets the heap policy every
 * process that runs the engine sets (tuneHeapForPhotos, cloudfunctions/photo/heap.ts), so that is rare.
 * Last, each target of the engine's issue with this run's figure and whether it was met.
 *
 *   npm run bench:photo [-- --runs N]
 */
import { spawn } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { createEngine, tuneHeapForPhotos, type PhotoEngine } from '../cloudfunctions/photo';
import { fixtures, readFixture, FIXTURES_DIR } from '../cloudfunctions/photo/testing/fixtures';

sharp.concurrency(1);
// As every process that runs the engine does (cloudfunctions/photo/heap.ts says why).
tuneHeapForPhotos();

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 5;

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))] ?? NaN;
}

type Sample = Record<string, number>;

/** GC pauses in ms during one call. */
type GcTime = { minor: number; major: number };

/** Every GC pause of the process, for gcDuring. */
const gcEntries: PerformanceEntry[] = [];
new PerformanceObserver((list) => gcEntries.push(...list.getEntries())).observe({ entryTypes: ['gc'] });

/** The GC pauses that started within [t0, t1) (performance.now() times); entries arrive late, so ask after a tick. */
function gcDuring(t0: number, t1: number): GcTime {
  const time: GcTime = { minor: 0, major: 0 };
  for (const e of gcEntries) {
    if (e.startTime < t0 || e.startTime >= t1) continue;
    const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
    if (kind === constants.NODE_PERFORMANCE_GC_MINOR) time.minor += e.duration;
    else time.major += e.duration;
  }
  return time;
}

function table(title: string, { samples, cpuMs }: { samples: Sample[]; cpuMs: number[] }, floor: number, gc: GcTime[]): void {
  const stages = [...new Set(samples.flatMap((s) => Object.keys(s)))].filter((k) => k !== 'total');
  const row = (name: string, xs: number[]): string => `  ${name.padEnd(10)} ${quantile(xs, 0.5).toFixed(0).padStart(6)} ${quantile(xs, 0.95).toFixed(0).padStart(6)}`;
  console.log(`\n${title}  (n=${samples.length})\n  ${'stage'.padEnd(10)} ${'median'.padStart(6)} ${'p95'.padStart(6)}`);
  for (const st of stages) console.log(row(st, samples.map((s) => s[st] ?? 0)));
  const totals = samples.map((s) => s.total ?? 0);
  console.log(row('total', totals));
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const minor = gc.map((g) => g.minor);
  const major = gc.map((g) => g.major);
  console.log(
    `  gc per call: minor median ${quantile(minor, 0.5).toFixed(1)} p95 ${quantile(minor, 0.95).toFixed(1)} mean ${mean(minor).toFixed(1)}; major median ${quantile(major, 0.5).toFixed(1)} p95 ${quantile(major, 0.95).toFixed(1)} mean ${mean(major).toFixed(1)} ms, in ${major.filter((x) => x > 0).length} of ${major.length} calls`,
  );
  // What a call costs on one core whatever else the machine runs: every thread of this process (the engine's JS
  // and wasm, sharp's worker, V8's compiler and GC threads), without the time other processes held the CPU.
  console.log(`  cpu per call (all threads of this process): median ${quantile(cpuMs, 0.5).toFixed(0)} p95 ${quantile(cpuMs, 0.95).toFixed(0)} ms`);
  console.log(`  floor (sharp decode+resize+encode) median ${floor.toFixed(1)} ms → ratio ${(quantile(totals, 0.5) / floor).toFixed(1)}×`);
}

async function floorMs(inputs: Buffer[]): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    for (const input of inputs) {
      const t0 = performance.now();
      await sharp(input).rotate().resize(480, 640, { fit: 'cover' }).jpeg({ quality: 85 }).toBuffer();
      times.push(performance.now() - t0);
    }
  }
  return quantile(times, 0.5);
}

/** Per call: its stage timings, its [start, end) in performance.now() time, and the process's CPU ms during it. */
type Calls = { samples: Sample[]; windows: Array<[number, number]>; cpuMs: number[] };

async function measure(engine: PhotoEngine, inputs: Buffer[]): Promise<{ check: Calls; make: Calls; checkGc: GcTime[]; makeGc: GcTime[] }> {
  const check: Calls = { samples: [], windows: [], cpuMs: [] };
  const make: Calls = { samples: [], windows: [], cpuMs: [] };
  const timed = async (calls: Calls, call: () => Promise<Sample>): Promise<void> => {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    calls.samples.push(await call());
    const cpu = process.cpuUsage(cpu0);
    calls.windows.push([t0, performance.now()]);
    calls.cpuMs.push((cpu.user + cpu.system) / 1000);
  };
  for (let r = 0; r < RUNS; r++) {
    for (const input of inputs) {
      await timed(check, async () => (await engine.check(input)).timingMs);
      await timed(make, async () => (await engine.make(input)).report.timingMs);
    }
  }
  await sleep(50);
  const gcOf = (calls: Calls): GcTime[] => calls.windows.map(([t0, t1]) => gcDuring(t0, t1));
  return { check, make, checkGc: gcOf(check), makeGc: gcOf(make) };
}

async function resized(input: Buffer, width: number, height: number): Promise<Buffer> {
  // 'fill' stretches by a few per cent rather than cropping the head off.
  return sharp(input).resize(width, height, { fit: 'fill' }).jpeg({ quality: 90 }).toBuffer();
}

function coldStart(file: string): Promise<{ firstReportMs: number; maxRssMB: number }> {
  return new Promise((resolve, reject) => {
    const bin = path.resolve(__dirname, '../cloudfunctions/photo/bin/gradphoto.cjs');
    const t0 = performance.now();
    let first = 0;
    const child = spawn('/usr/bin/time', ['-f', '%M', process.execPath, bin, 'check', '--json', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stdout.on('data', () => {
      first ||= performance.now() - t0;
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', () => {
      const kb = Number(err.trim().split('\n').pop());
      resolve({ firstReportMs: first, maxRssMB: kb / 1024 });
    });
  });
}

/** The targets of the photo engine's issue (item 8), on one core of the development machine. */
const TARGETS = { coldStartMs: 2000, peakRssMB: 500, phoneMs: 300, oneMegapixelMs: 150 };

/** One line per target: the figure this run measured and whether it met it. */
function targetLine(what: string, value: number, limit: number, unit: string): string {
  return `  ${what.padEnd(34)} ${value.toFixed(0).padStart(5)} ${unit} (≤ ${limit})  ${value <= limit ? 'met' : 'missed'}`;
}

const medianTotal = (calls: Calls): number => quantile(calls.samples.map((s) => s.total ?? 0), 0.5);

async function main(): Promise<void> {
  console.log(`bench:photo  node ${process.version}, ${os.cpus().length} cpus, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}, runs ${RUNS}`);
  const okNames = fixtures('ok-');
  const own = okNames.map(readFixture);
  const base = readFixture('ok-gray-bg.jpg');
  const onePixelMP = [await resized(base, 866, 1155)];
  const phone = [await resized(base, 3000, 4000)];

  const cold: Array<{ firstReportMs: number; maxRssMB: number }> = [];
  for (let r = 0; r < 3; r++) cold.push(await coldStart(path.join(FIXTURES_DIR, okNames[0]!)));
  const coldMs = quantile(cold.map((c) => c.firstReportMs), 0.5);
  const coldRssMB = Math.max(...cold.map((c) => c.maxRssMB));
  console.log(`\ncold start (process start → first report, gradphoto check ${okNames[0]}): median ${coldMs.toFixed(0)} ms; that process's peak RSS ${coldRssMB.toFixed(0)} MB`);

  const t0 = performance.now();
  const engine = await createEngine();
  console.log(`createEngine in this process: ${(performance.now() - t0).toFixed(0)} ms`);
  // Warm up: the first inference compiles the wasm kernels.
  await engine.make(own[0]!);

  const warm = new Map<string, { check: Calls; make: Calls }>();
  for (const [key, label, inputs] of [
    ['own', `fixtures' own size (${okNames.join(', ')})`, own],
    ['1MP', 'about 1 MP (866×1155, ok-gray-bg enlarged)', onePixelMP],
    ['phone', '3000×4000 (ok-gray-bg enlarged and stretched 5 %, JPEG q90)', phone],
  ] as const) {
    const floor = await floorMs([...inputs]);
    const { check, make, checkGc, makeGc } = await measure(engine, [...inputs]);
    table(`check — ${label}`, check, floor, checkGc);
    table(`make — ${label}`, make, floor, makeGc);
    warm.set(key, { check, make });
  }
  const peakRss = process.resourceUsage().maxRSS / 1024;
  console.log(`\npeak RSS of this process: ${peakRss.toFixed(0)} MB`);
  const phoneCalls = warm.get('phone')!;
  const oneMegapixel = warm.get('1MP')!;
  console.log('\ntargets (medians of this run; compare runs only under the same load)');
  console.log(targetLine('cold start', coldMs, TARGETS.coldStartMs, 'ms'));
  console.log(targetLine('peak RSS (bench or cold process)', Math.max(peakRss, coldRssMB), TARGETS.peakRssMB, 'MB'));
  console.log(targetLine('warm check, 3000×4000', medianTotal(phoneCalls.check), TARGETS.phoneMs, 'ms'));
  console.log(targetLine('warm make, 3000×4000', medianTotal(phoneCalls.make), TARGETS.phoneMs, 'ms'));
  console.log(targetLine('warm check, 1 MP', medianTotal(oneMegapixel.check), TARGETS.oneMegapixelMs, 'ms'));
  console.log(targetLine('warm make, 1 MP', medianTotal(oneMegapixel.make), TARGETS.oneMegapixelMs, 'ms'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
