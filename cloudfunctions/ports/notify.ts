/**
 * Push notifications to a student: WeChat subscribe messages in production (`subscribeMessage.send`:
 * `touser`, `templateId`, `page`, `data: {key: {value}}`), a local outbox of them locally. The in-app
 * notification list is written by the use-cases themselves, so nothing depends on a push arriving:
 * a student may not have allowed subscribe messages, and then `send` fails quietly for them.
 */
export type NotifyTemplate = 'reviewResult' | 'orderStatus';

export interface PushMessage {
  openid: string;
  /** Which subscribe-message template; the adapter maps it to the account's templateId. */
  template: NotifyTemplate;
  /** The mini-program page the message opens, with its query. */
  page: string;
  /** The template's keywords (thing1, phrase2, time3 …) as plain strings; the adapter wraps them in `{value}`. */
  data: Record<string, string>;
}

export interface Notify {
  send(message: PushMessage): Promise<void>;
}
