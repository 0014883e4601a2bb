import { promises as fs } from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Mail, MailMessage } from '../../ports/mail';

/**
 * The Mail port on nodemailer. `outboxMail` renders each message (RFC 822, attachments included) into an
 * `.eml` file in a folder instead of sending it — the local cloud's `.data/outbox/`, which any mail
 * client opens. `smtpMail` sends through an SMTP server (production: `SMTP_URL`, `MAIL_FROM`).
 */
export function outboxMail(dir: string, from: string): Mail {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(message: MailMessage) {
      const info = await transport.sendMail({ from, ...message });
      await fs.mkdir(dir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${info.messageId.replace(/[^A-Za-z0-9]/g, '').slice(0, 24)}.eml`;
      await fs.writeFile(path.join(dir, name), info.message as Buffer);
      return { messageId: info.messageId };
    },
  };
}

export function smtpMail(smtpUrl: string, from: string): Mail {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(message: MailMessage) {
      const info = await transport.sendMail({ from, ...message });
      return { messageId: info.messageId };
    },
  };
}
