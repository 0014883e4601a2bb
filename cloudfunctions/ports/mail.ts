/** E-mail: nodemailer over SMTP in production, an outbox folder of .eml files locally. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export interface Mail {
  /** Resolves once the message is handed over (sent, or written to the outbox); returns its Message-ID. */
  send(message: MailMessage): Promise<{ messageId: string }>;
}
