import { randomBytes } from 'node:crypto';
import type { ParsedInput } from '../contracts';
import type { BatchDoc } from '../contracts/documents';
import { AppError, isAppError } from '../contracts/errors';
import type { SchoolBatchView } from '../contracts/school';
import { batchCodeFromBytes } from '../domain/batchCode';
import { DEFAULT_EXPORT_KEY } from '../domain/exportNames';
import { DEFAULT_PHOTO_SPEC } from '../domain/photoSpec';
import { DEFAULT_FREE_CHECKS } from '../domain/quota';
import { DEFAULT_RESUBMIT_HOURS, DEFAULT_REVIEW_HOURS } from '../domain/review';
import type { Caller } from './deps';
import { schoolBatchView } from './schoolBatchView';
import type { SchoolDeps } from './schoolDeps';
import { requireRole, schoolOfStaff } from './staffAccess';

/** 31^6 ≈ 887 million codes: a clash is rare, a few retries make it vanishingly so. */
const CODE_ATTEMPTS = 8;

/** A 特征码 no batch has yet. The batches' `code` index makes the lookup cheap. */
async function freshBatchCode(deps: SchoolDeps): Promise<string> {
  for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
    const code = batchCodeFromBytes(randomBytes(6));
    if ((await deps.db.collection('batches').count({ code })) === 0) return code;
  }
  throw new AppError('CONFLICT', '生成特征码失败，请重试');
}

/**
 * `school.createBatch`: opens a collection batch for the caller's school (ops name the school) with a
 * unique 特征码 and its QR code. The QR file is stored before the batch, so a batch never lacks it.
 */
export async function createBatch(deps: SchoolDeps, caller: Caller, input: ParsedInput<'school', 'createBatch'>): Promise<{ batch: SchoolBatchView }> {
  const { db, files, clock } = deps;
  const user = await requireRole(db, caller, ['school', 'ops']);
  const schoolId = await schoolOfStaff(db, user, input.schoolId);
  for (let attempt = 0; ; attempt++) {
    const code = await freshBatchCode(deps);
    const png = await deps.batchQr.render({ code });
    const qrFileId = await files.put(png, { contentType: 'image/png' });
    const now = clock.now();
    const batch: BatchDoc = {
      id: deps.ids.next(),
      code,
      schoolId,
      name: input.name,
      kind: input.kind,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      payer: input.payer,
      priceFen: input.payer === 'school' ? 0 : input.priceFen,
      freeChecks: input.freeChecks ?? DEFAULT_FREE_CHECKS,
      background: input.background ?? DEFAULT_PHOTO_SPEC.background,
      size: input.size ?? DEFAULT_PHOTO_SPEC.size,
      fileSizeKB: input.fileSizeKB ?? DEFAULT_PHOTO_SPEC.fileSizeKB,
      reviewHours: input.reviewHours ?? DEFAULT_REVIEW_HOURS,
      resubmitHours: input.resubmitHours ?? DEFAULT_RESUBMIT_HOURS,
      hasRoster: false,
      exportKey: input.exportKey ?? DEFAULT_EXPORT_KEY,
      qrFileId,
      createdAt: now,
    };
    try {
      await db.transaction(async (tx) => {
        // Checked again inside the transaction: two batches created at once must not share a code.
        if ((await tx.collection('batches').count({ code })) > 0) throw new AppError('CONFLICT');
        await tx.collection('files').insert({ id: qrFileId, owner: caller.openid, kind: 'batch-qr', contentType: 'image/png', bytes: png.length, createdAt: now });
        await tx.collection('batches').insert(batch);
        await tx.collection('audit').insert({ id: deps.ids.next(), at: now, actor: caller.openid, entity: 'batch', entityId: batch.id, event: 'create', note: `特征码 ${code}` });
      });
      return { batch: await schoolBatchView(files, batch) };
    } catch (error) {
      await files.delete(qrFileId);
      if (!(isAppError(error) && error.code === 'CONFLICT') || attempt + 1 >= CODE_ATTEMPTS) throw error;
    }
  }
}
