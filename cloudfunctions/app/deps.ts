import type { CodeCodec } from '../codes/codec';
import type { Ports } from '../ports';

/** What every use-case is given: the ports plus the 采集码 codec (built from the keyring in the environment). */
export interface AppDeps extends Ports {
  codec: CodeCodec;
}

/** Who is calling, as resolved by the entry from the platform's context. */
export interface Caller {
  openid: string;
}

/** Short-lived links handed out in responses. */
export const URL_TTL_SECONDS = 10 * 60;
