import { AppError } from '../contracts/errors';
import type { AppDeps, Caller } from './deps';
import { completedPhoto } from './completedPhoto';

/** `student.emailPhoto`: the completed standard photo as an attachment, named by the 采集码 number. */
export async function emailPhoto(deps: AppDeps, caller: Caller, input: { enrollmentId: string; email: string }): Promise<{ sentTo: string }> {
  const photo = await completedPhoto(deps, caller, input.enrollmentId);
  const enrollment = await deps.db.collection('enrollments').get(photo.enrollmentId);
  const file = await deps.files.get(photo.standardFileId);
  if (!enrollment || !file) throw new AppError('NOT_FOUND', '找不到照片文件');
  await deps.mail.send({
    to: input.email,
    subject: `您的毕业生图像（采集码 ${enrollment.codeNumber}）`,
    text: [
      `${enrollment.code.nameMasked} 同学：`,
      '',
      `附件是您${enrollment.code.schoolName}${enrollment.code.level}学历的学信网标准照片，可用于学历证书电子注册。`,
      '此邮件由系统发送，请勿回复。',
    ].join('\n'),
    attachments: [{ filename: `${enrollment.codeNumber}.jpg`, content: file.data, contentType: file.contentType }],
  });
  return { sentTo: input.email };
}
