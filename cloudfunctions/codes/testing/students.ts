import type { IssueInput } from '../issue';

/** A student as the issuer is given them (api.md's example, with an ID whose check digit is valid). */
export const ZHANG_SAN: IssueInput = {
  number: '2026430100123',
  name: '张三',
  id: '430104200001011236',
  schoolCode: '10538',
  schoolName: '中南林业科技大学',
  level: '本科',
  major: '计算机科学与技术',
  gradYear: 2026,
};

/**
 * ZHANG_SAN issued once with the public dev key. A fixed text keeps generated test images identical on
 * every run (a fresh IV would draw a different QR each time), and guards that old v1 codes still decode.
 */
export const ZHANG_SAN_CODE =
  'GPC1.dev.uOlQghnpi220AzNGvcSziHDnzAXvD2UsCAWpyqp5JIsd-G96ipWEXuJ7PD8C4L89dkbZbwGCiBW3EBM_gc7nwvA2ETbMGJPUSTZ75J9HU27bRL5-SAo0s741nzj6WsHjLLdubAsIEnuV__A9dMB-ViXgJ72oURFzMbhzVe1pDUnzFotCnUygxxvnisCYar0nCoiZDhU';
