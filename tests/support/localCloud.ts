import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REPO = path.resolve(__dirname, '../..');
/** The shared fixture photos, beside the clone (in CI too). */
export const PHOTOS = path.resolve(REPO, '../shared/fixtures/photos');

export interface RunningCloud {
  url: string;
  dataDir: string;
  output: () => string;
  /** Graceful stop (SIGTERM) and wait. */
  stop(): Promise<void>;
  /** SIGKILL: the process dies mid-work, as on a power cut of the process. */
  kill(): Promise<void>;
}

export function tempDataDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'gradphoto-it-'));
}

export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Starts the real local cloud (`cloudfunctions/local/main.ts` under tsx) on a free port with its own data
 * folder. One process (`node --import tsx`), not the `tsx` CLI, which runs the server as a child of its own:
 * a SIGKILL must hit the server itself.
 */
export async function startLocalCloud(dataDir: string, env: Record<string, string> = {}): Promise<RunningCloud> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'cloudfunctions/local/main.ts'], {
    cwd: REPO,
    env: { ...process.env, PORT: '0', GRADPHOTO_DATA: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /LISTENING (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`local cloud exited (${code}):\n${output}`)));
  });
  const running = () => child.exitCode === null && child.signalCode === null;
  const stopWith = async (signal: NodeJS.Signals) => {
    if (running()) child.kill(signal);
    // The server gives itself 15 s to stop; past 20 s it is killed so a hung stop cannot hang the suite,
    // and what it printed is shown.
    const killer = setTimeout(() => {
      if (!running()) return;
      console.warn(`local cloud did not stop on ${signal} within 20 s; killing it. Its output:\n${output.slice(-4000)}`);
      child.kill('SIGKILL');
    }, 20_000);
    await exited;
    clearTimeout(killer);
  };
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    output: () => output,
    stop: () => stopWith('SIGTERM'),
    kill: () => stopWith('SIGKILL'),
  };
}
