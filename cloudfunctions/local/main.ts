import { createSandboxCodec } from '../codes/sandboxCodec';
import { resolveKeyring } from '../codes/keyring';
import { openLocalCloud } from './cloud';
import { loadConfig } from './config';
import { describeDemo, seedDemo } from './seed';
import { buildServer } from './server';
import { startTimers } from './timers';

const STOP_DEADLINE_MS = 15_000;

/** `npm start`: the local cloud on 127.0.0.1:8080 (PORT), data in `.data/` (GRADPHOTO_DATA). */
async function main(): Promise<void> {
  const config = loadConfig();
  const cloud = await openLocalCloud(config);
  const server = await buildServer(cloud, config);
  const demo = config.seed ? await seedDemo(cloud.deps, createSandboxCodec(resolveKeyring(process.env)), config.dataDir) : null;
  await server.listen({ port: config.port, host: config.host });
  startTimers(cloud.internal.timers);
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(`GradPhoto 本地云已启动：http://${config.host}:${port}/  （数据目录 ${config.dataDir}${config.production ? '，生产模式：无开发登录' : ''}）`);
  if (demo) console.log(describeDemo(demo));
  // For tests and scripts that start the server on port 0.
  console.log(`LISTENING ${port}`);
  if (config.warmEngine) {
    cloud.engine.warm().then(
      () => console.log('照片引擎已就绪'),
      (error: unknown) => console.error('照片引擎加载失败：', error instanceof Error ? error.message : error),
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`收到 ${signal}，正在停止…`);
    // A stop must end: a request or job that never settles would otherwise keep the process alive
    // (and a supervisor or test waiting on it). Past the deadline, say which step hung and exit.
    let step = '关闭 HTTP 服务';
    const deadline = setTimeout(() => {
      console.error(`停止超时（${STOP_DEADLINE_MS} ms，卡在：${step}），强制退出`);
      process.exit(1);
    }, STOP_DEADLINE_MS);
    deadline.unref();
    await server.close();
    step = '等待后台任务并关闭照片引擎与数据库';
    await cloud.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('本地云启动失败：', error instanceof Error ? error.message : error);
  process.exit(1);
});
