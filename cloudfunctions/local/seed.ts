import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { idCheckChar } from '../codes/chineseId';
import type { CodeIssuingCodec } from '../codes/codec';
import { issueCode, type IssueInput } from '../codes/issue';
import { renderCodeImage } from '../codes/qrRender';
import { schoolActions } from '../contracts/school';
import { createBatch } from '../app/createBatch';
import type { SchoolDeps } from '../app/schoolDeps';

const DAY = 24 * 60 * 60 * 1000;

/** What `npm start` prints: stored beside the demo codes so every start can print it again. */
export const demoInfoSchema = z.object({
  school: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  batch: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  reviewer: z.string(),
  schoolAdmin: z.string(),
  codes: z.array(z.object({ file: z.string(), number: z.string(), name: z.string(), idLast4: z.string(), text: z.string() })),
});
export type DemoInfo = z.infer<typeof demoInfoSchema>;

/** A fictitious student with a valid ID check digit (the issuer validates it). */
function demoStudent(index: number, name: string, schoolCode: string, schoolName: string): IssueInput {
  const first17 = `43010420040${index + 1}0${index + 1}12${index + 3}`;
  return {
    number: `202643010${String(1001 + index).padStart(4, '0')}`,
    name,
    id: first17 + idCheckChar(first17),
    schoolCode,
    schoolName,
    level: '本科',
    major: index === 0 ? '计算机科学与技术' : '林学',
    gradYear: 2026,
  };
}

/**
 * On the first start: a school, an open batch, a reviewer, a school admin and sandbox 采集码 PNGs in
 * `<data>/demo/`. Later starts read what was written. Returns what to print.
 */
export async function seedDemo(deps: SchoolDeps, codec: CodeIssuingCodec, dataDir: string): Promise<DemoInfo> {
  const demoDir = path.join(dataDir, 'demo');
  const infoFile = path.join(demoDir, 'demo.json');
  try {
    return demoInfoSchema.parse(JSON.parse(await fs.readFile(infoFile, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { db, clock, ids } = deps;
  const now = clock.now();
  const school = { id: ids.next(), code: '10538', name: '中南林业科技大学', createdAt: now };
  const reviewer = 'demo-reviewer';
  const schoolAdmin = 'demo-school';
  await db.transaction(async (tx) => {
    await tx.collection('schools').insert(school);
    await tx.collection('users').insert({ id: reviewer, openid: reviewer, roles: ['reviewer'], schoolId: school.id, createdAt: now });
    await tx.collection('users').insert({ id: schoolAdmin, openid: schoolAdmin, roles: ['school'], schoolId: school.id, createdAt: now });
  });
  // The batch is opened by its school admin through the use-case a school uses, so it has its 特征码 and QR code.
  const { batch } = await createBatch(
    deps,
    { openid: schoolAdmin },
    schoolActions.createBatch.input.parse({
      name: '2026届本科毕业生图像采集（演示）',
      kind: 'campus',
      startsAt: now - DAY,
      endsAt: now + 60 * DAY,
      payer: 'student',
      priceFen: 2500,
    }),
  );
  await fs.mkdir(demoDir, { recursive: true });
  const codes = await Promise.all(
    ['张三', '李四'].map(async (name, index) => {
      const student = demoStudent(index, name, school.code, school.name);
      const issued = issueCode(student, codec);
      const file = path.join(demoDir, `code-${issued.payload.number}.png`);
      await fs.writeFile(file, await renderCodeImage(issued.text, issued.payload));
      return { file, number: issued.payload.number, name, idLast4: issued.payload.idMasked.slice(-4), text: issued.text };
    }),
  );
  const info: DemoInfo = {
    school: { id: school.id, code: school.code, name: school.name },
    batch: { id: batch.id, code: batch.code, name: batch.name },
    reviewer,
    schoolAdmin,
    codes,
  };
  await fs.writeFile(infoFile, JSON.stringify(info, null, 2));
  return info;
}

export function describeDemo(info: DemoInfo): string {
  return [
    `演示学校：${info.school.name}（${info.school.code}，schoolId ${info.school.id}）`,
    `演示批次：${info.batch.name}`,
    `  特征码：${info.batch.code}`,
    `审核员 openid：${info.reviewer}；学校管理员 openid：${info.schoolAdmin}（POST /api/dev/login）`,
    '演示采集码：',
    ...info.codes.map((code) => `  ${code.file}  （${code.name}，采集码 ${code.number}，身份证后4位 ${code.idLast4}）`),
  ].join('\n');
}
