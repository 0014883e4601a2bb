import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Notify, PushMessage } from '../../ports/notify';

/**
 * The local stand-in for WeChat subscribe messages: each push is appended as one JSON line to
 * `<outbox>/subscribe-messages.jsonl`, in the shape `subscribeMessage.send` takes.
 */
export function outboxNotify(dir: string): Notify {
  const file = path.join(dir, 'subscribe-messages.jsonl');
  return {
    async send(message: PushMessage) {
      await fs.mkdir(dir, { recursive: true });
      const data = Object.fromEntries(Object.entries(message.data).map(([key, value]) => [key, { value }]));
      await fs.appendFile(file, `${JSON.stringify({ touser: message.openid, template: message.template, page: message.page, data })}\n`);
    },
  };
}
