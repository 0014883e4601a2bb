import { existsSync } from 'node:fs';
import path from 'node:path';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { uploadFile, UPLOAD_LIMITS } from '../app/uploadFile';
import { sniffSpreadsheet } from '../app/spreadsheet';
import { uploadSpreadsheet } from '../app/uploadSpreadsheet';
import { AppError, ERRORS, type Envelope } from '../contracts';
import { failure, invalidInput } from '../functions/main';
import { CLIENT_FUNCTIONS, type ClientFunction, type LocalCloud } from './cloud';
import type { LocalConfig } from './config';
import { devLogin, devLoginSchema } from './devLogin';
import { devPay, devPaySchema } from './devPay';

function send(reply: FastifyReply, envelope: Envelope<unknown>): FastifyReply {
  return reply.code(envelope.ok ? 200 : ERRORS[envelope.error.code].status).send(envelope);
}

/**
 * The local cloud's HTTP gateway (api.md "Transport"): resolves the bearer token into a CloudBase-like
 * context and calls the very `main(event, context)` entries CloudBase runs; uploads, short-lived file
 * links, dev login, health, and the H5 build.
 */
export async function buildServer(cloud: LocalCloud, config: LocalConfig): Promise<FastifyInstance> {
  const { sessions, files } = cloud;
  const app = Fastify({ logger: { level: process.env.LOG_LEVEL ?? 'warn' }, bodyLimit: 1024 * 1024 });
  const openidOf = (request: FastifyRequest) => sessions.fromHeader(request.headers.authorization);
  /** The platform context the functions read identity from; never the request body. */
  const contextOf = (request: FastifyRequest) => {
    const openid = openidOf(request);
    return openid ? { OPENID: openid, SOURCE: 'local-gateway' } : { SOURCE: 'local-gateway' };
  };

  await app.register(rateLimit, {
    global: false,
    keyGenerator: (request) => openidOf(request) ?? request.ip,
    errorResponseBuilder: (_request, context) => ({ statusCode: context.statusCode, code: 'RATE_LIMITED', message: ERRORS.RATE_LIMITED.message }),
  });
  await app.register(multipart, { limits: { fileSize: UPLOAD_LIMITS.maxBytes, files: 1, fields: 4, parts: 5 } });

  app.setErrorHandler((error: { statusCode?: number; code?: string; message?: string }, request, reply) => {
    if (error.statusCode === 429) return send(reply, failure(new AppError('RATE_LIMITED'), request.url));
    if (error.code === 'FST_REQ_FILE_TOO_LARGE') return send(reply, failure(new AppError('FILE_TOO_LARGE'), request.url));
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return send(reply, failure(new AppError('INVALID_INPUT', '请求格式不正确'), request.url));
    }
    return send(reply, failure(error, request.url));
  });

  app.get('/api/health', async () => ({ ok: true }));

  app.post<{ Params: { fn: string } }>(
    '/api/:fn',
    { config: { rateLimit: { max: config.apiRatePerMinute, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const fn = request.params.fn;
      if (!(CLIENT_FUNCTIONS as readonly string[]).includes(fn)) return send(reply, failure(new AppError('NOT_FOUND', `没有该云函数：${fn}`), fn));
      return send(reply, await cloud.mains[fn as ClientFunction](request.body, contextOf(request)));
    },
  );

  app.post('/api/files', { config: { rateLimit: { max: config.uploadRatePerMinute, timeWindow: '1 minute' } } }, async (request, reply) => {
    try {
      const openid = openidOf(request);
      if (!openid) throw new AppError('UNAUTHENTICATED');
      if (!request.isMultipart()) throw new AppError('INVALID_INPUT', '请用 multipart/form-data 上传，字段名 file');
      const part = await request.file();
      if (!part || part.fieldname !== 'file') throw new AppError('INVALID_INPUT', '请选择要上传的文件（字段名 file）');
      const data = await part.toBuffer();
      // toBuffer() throws for a truncated file only when it sees the flag on a chunk; when the limit falls on a chunk
      // boundary, busboy flags the stream after the last chunk was read and toBuffer() returns the first 20 MB.
      if (part.file.truncated) throw new AppError('FILE_TOO_LARGE');
      // A roster table (CSV/.xlsx) is stored for school admins; every other upload must be a photo.
      const upload = sniffSpreadsheet(data) ? uploadSpreadsheet : uploadFile;
      return send(reply, { ok: true, data: await upload(cloud.deps, { openid }, data) });
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') return send(reply, failure(new AppError('FILE_TOO_LARGE'), 'files'));
      return send(reply, failure(error, 'files'));
    }
  });

  app.get<{ Params: { fileId: string }; Querystring: { token?: string } }>('/api/files/:fileId', async (request, reply) => {
    const { fileId } = request.params;
    const file = files.verify(fileId, request.query.token ?? '') ? await files.get(fileId) : null;
    if (!file) return send(reply, failure(new AppError('NOT_FOUND', '链接已失效或文件不存在'), 'files'));
    return reply
      .header('content-type', file.contentType)
      .header('cache-control', 'private, max-age=300')
      .header('x-content-type-options', 'nosniff')
      .send(file.data);
  });

  if (!config.production) {
    app.post('/api/dev/login', { config: { rateLimit: { max: 120, timeWindow: '1 minute' } } }, async (request, reply) => {
      try {
        const input = devLoginSchema.safeParse(request.body ?? {});
        if (!input.success) throw invalidInput(input.error);
        const user = await devLogin(cloud.deps, input.data);
        return send(reply, {
          ok: true,
          data: { token: sessions.issue(user.openid), user: { openid: user.openid, roles: user.roles, schoolId: user.schoolId } },
        });
      } catch (error) {
        return send(reply, failure(error, 'dev.login'));
      }
    });

    app.post('/api/dev/pay', { config: { rateLimit: { max: 120, timeWindow: '1 minute' } } }, async (request, reply) => {
      try {
        const input = devPaySchema.safeParse(request.body ?? {});
        if (!input.success) throw invalidInput(input.error);
        return send(reply, await devPay({ db: cloud.db, pay: cloud.pay, payNotify: cloud.internal.payNotify }, input.data.orderId));
      } catch (error) {
        return send(reply, failure(error, 'dev.pay'));
      }
    });
  }

  // A half-built or missing H5 folder (no index page) is not served: the API still is.
  if (existsSync(path.join(config.h5Dir, 'index.html'))) {
    await app.register(fastifyStatic, { root: config.h5Dir, prefix: '/' });
    // The H5 build routes on the client: unknown non-API paths get its index page.
    app.setNotFoundHandler((request, reply) =>
      request.method === 'GET' && !request.url.startsWith('/api/')
        ? reply.sendFile('index.html')
        : send(reply, failure(new AppError('NOT_FOUND', '没有该接口'), request.url)),
    );
  } else {
    app.setNotFoundHandler((request, reply) => send(reply, failure(new AppError('NOT_FOUND', '没有该接口'), request.url)));
  }
  return app;
}
