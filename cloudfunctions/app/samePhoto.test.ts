import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { EnrollmentDoc } from '../contracts/documents';
import { decode } from '../photo/decode';
import { PHOTOS } from '../../tests/support/localCloud';
import { phash } from '../photo/phash';
import { photoHashEntry, reviewFacts } from './samePhoto';
import { openWorkflowWorld, passingReport, type WorkflowWorld } from './testing/workflowWorld';

const read = (name: string) => readFileSync(path.join(PHOTOS, name));
/** The hash exactly as the engine puts it in its report (`report.phash`). */
const hashOf = async (data: Buffer) => phash((await decode(data)).image);

/** Four different people's photos already submitted at the school. */
const INDEXED = ['ok-gray-bg.jpg', 'ok-red-bg-tight.jpg', 'edge-gradient-blue-bg-tight.jpg', 'edge-white-bg-slight-teeth.jpg'];
/** Photos of other people (and another photo of a person), never submitted before. */
const NEW_PEOPLE = ['ok-full-body.jpg', 'bad-flags-bg-teeth.jpg', 'bad-painting-bg-teeth.jpg', 'bad-low-res.jpg', 'bad-street-bg.webp', 'bad-room-bg-rgba.png'];

const COPIES: Record<string, (data: Buffer) => Promise<Buffer>> = {
  'recompressed at quality 40': (data) => sharp(data).jpeg({ quality: 40 }).toBuffer(),
  'resized to half': async (data) => {
    const { width } = await sharp(data).metadata();
    return sharp(data).resize(Math.round(width / 2)).jpeg({ quality: 85 }).toBuffer();
  },
  'cropped 3 % on every side': async (data) => {
    const { width, height } = await sharp(data).metadata();
    const [dx, dy] = [Math.round(width * 0.03), Math.round(height * 0.03)];
    return sharp(data).extract({ left: dx, top: dy, width: width - 2 * dx, height: height - 2 * dy }).jpeg({ quality: 90 }).toBuffer();
  },
  'cropped 3 % off the top and left, as a screenshot would': async (data) => {
    const { width, height } = await sharp(data).metadata();
    const [dx, dy] = [Math.round(width * 0.03), Math.round(height * 0.03)];
    return sharp(data).extract({ left: dx, top: dy, width: width - dx, height: height - dy }).png().toBuffer();
  },
};

let w: WorkflowWorld;
const submitted = new Map<string, string>(); // fixture → photo id
beforeAll(async () => {
  w = await openWorkflowWorld();
  const school = await w.school('10538');
  for (const name of INDEXED) {
    const { enrollment } = await w.student(null, school);
    const hash = await hashOf(read(name));
    const photo = await w.photo(enrollment, { phash: hash, report: passingReport(hash) });
    await w.db.collection('photoHashes').insert(photoHashEntry(photo, enrollment, hash));
    submitted.set(name, photo.id);
  }
});
afterAll(() => w.close());

async function newStudent(): Promise<EnrollmentDoc> {
  return (await w.student(null, (await w.db.collection('schools').find({ limit: 1 }))[0])).enrollment;
}

describe('same-photo detection', () => {
  const copies = INDEXED.flatMap((name) => Object.keys(COPIES).map((how) => [name, how] as const));
  it.each(copies)('finds %s %s as the same photo and flags it DUPLICATE', async (name, how) => {
    const hash = await hashOf(await COPIES[how]!(read(name)));
    const facts = await reviewFacts(w.db, await newStudent(), null, passingReport(hash));
    expect(facts.flagged).toBe(true);
    expect(facts.flags?.[0]).toEqual({ code: 'DUPLICATE', message: '与其他学生的照片相同或高度相似', photoId: submitted.get(name) });
  });

  it.each(NEW_PEOPLE)('does not flag %s, a photo of someone else', async (name) => {
    const facts = await reviewFacts(w.db, await newStudent(), null, passingReport(await hashOf(read(name))));
    expect(facts).toMatchObject({ flags: [], flagged: false });
  });

  it('does not flag a student’s own earlier photo, nor a copy at another school', async () => {
    const [entry] = await w.db.collection('photoHashes').find({ limit: 1 });
    const own = await w.db.collection('enrollments').get(entry!.enrollmentId);
    expect((await reviewFacts(w.db, own!, null, passingReport(entry!.phash))).flagged).toBe(false);
    const elsewhere = (await w.student(null, await w.school('10533'))).enrollment;
    expect((await reviewFacts(w.db, elsewhere, null, passingReport(entry!.phash))).flagged).toBe(false);
  });
});
