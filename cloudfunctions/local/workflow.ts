import path from 'node:path';
import { outboxMail, smtpMail } from '../adapters/local/nodemailerMail';
import { outboxNotify } from '../adapters/local/outboxNotify';
import { SandboxPay } from '../adapters/local/sandboxPay';
import type { AppDeps } from '../app/deps';
import type { Main } from '../functions/main';
import { createPayNotifyMain } from '../functions/payNotify';
import { createReviewMain } from '../functions/review';
import { createTimersMain } from '../functions/timers';
import type { Clock } from '../ports/clock';
import type { Mail } from '../ports/mail';
import type { Notify } from '../ports/notify';

/**
 * The local cloud's stand-ins for WeChat Pay, WeChat subscribe messages and mail: the sandbox pay
 * (signing with a key derived from the local secret), and an outbox folder `<data>/outbox/` holding the
 * subscribe messages (JSON lines) and the e-mails (.eml). `SMTP_URL` sends real mail instead.
 */
export function localWorkflowPorts(dataDir: string, payKey: Buffer, clock: Clock, env: NodeJS.ProcessEnv = process.env): { pay: SandboxPay; notify: Notify; mail: Mail } {
  const outbox = path.join(dataDir, 'outbox');
  const from = env.MAIL_FROM ?? 'GradPhoto 毕业生图像采集 <no-reply@gradphoto.local>';
  return {
    pay: new SandboxPay(payKey.toString('hex'), clock),
    notify: outboxNotify(outbox),
    mail: env.SMTP_URL ? smtpMail(env.SMTP_URL, from) : outboxMail(outbox, from),
  };
}

/** The review, payment and timer functions, as CloudBase runs them. `review` is client-callable; the others are not. */
export function workflowMains(deps: AppDeps): { review: Main; payNotify: Main; timers: Main } {
  return { review: createReviewMain(deps), payNotify: createPayNotifyMain(deps), timers: createTimersMain(deps) };
}
