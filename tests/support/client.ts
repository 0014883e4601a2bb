import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ActionInput, ActionName, ActionOutput, Envelope, FunctionName } from '../../cloudfunctions/contracts';
import { PHOTOS } from './localCloud';

export type Reply<T> = Envelope<T> & { status: number };

/** A typed client of the local cloud's protocol (api.md), as the H5 app and outside tools use it. */
export class Client {
  constructor(
    readonly url: string,
    readonly token?: string,
  ) {}

  private headers(json: boolean): Record<string, string> {
    return { ...(json ? { 'content-type': 'application/json' } : {}), ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) };
  }

  async call<F extends FunctionName, A extends ActionName<F>>(fn: F, action: A, input: ActionInput<F, A>): Promise<Reply<ActionOutput<F, A>>> {
    return this.post(`/api/${fn}`, { action, input });
  }

  /** The same call, expecting success: returns the data or throws with the error. */
  async ok<F extends FunctionName, A extends ActionName<F>>(fn: F, action: A, input: ActionInput<F, A>): Promise<ActionOutput<F, A>> {
    const reply = await this.call(fn, action, input);
    if (!reply.ok) throw new Error(`${fn}.${action} failed: ${reply.error.code} ${reply.error.message}`);
    return reply.data;
  }

  async post<T>(route: string, body: unknown): Promise<Reply<T>> {
    const response = await fetch(this.url + route, { method: 'POST', headers: this.headers(true), body: JSON.stringify(body) });
    return { ...((await response.json()) as Envelope<T>), status: response.status };
  }

  async upload(data: Buffer, name = 'upload.bin'): Promise<Reply<{ fileId: string }>> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(data)]), name);
    const response = await fetch(`${this.url}/api/files`, { method: 'POST', headers: this.headers(false), body: form });
    return { ...((await response.json()) as Envelope<{ fileId: string }>), status: response.status };
  }

  async uploadOk(data: Buffer, name?: string): Promise<string> {
    const reply = await this.upload(data, name);
    if (!reply.ok) throw new Error(`upload failed: ${reply.error.code} ${reply.error.message}`);
    return reply.data.fileId;
  }

  /** Fetches a short-lived link handed out in a response. */
  async fetchLink(link: string): Promise<Response> {
    return fetch(this.url + link);
  }

  async login(role: 'student' | 'reviewer' | 'school' | 'ops', openid?: string, schoolId?: string): Promise<Client> {
    const reply = await this.post<{ token: string }>('/api/dev/login', { role, openid, schoolId });
    if (!reply.ok) throw new Error(`login failed: ${reply.error.code}`);
    return new Client(this.url, reply.data.token);
  }
}

export function photo(name: string): Buffer {
  return readFileSync(path.join(PHOTOS, name));
}
