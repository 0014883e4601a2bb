import type { CodePayload } from './payload';

/**
 * Turns a 采集码's text into its payload. The sandbox codec implements it with our own format; a real
 * 学信网 codec (issued only to accredited collection units) plugs in behind the same interface.
 */
export interface CodeCodec {
  /** Short name for logs, e.g. "sandbox". */
  readonly name: string;
  /** Cheap check: does this text look like one of this codec's codes? Lets the QR reader stop early. */
  recognizes(text: string): boolean;
  /** The payload, or a CodeError (CODE_MALFORMED, CODE_UNKNOWN_KEY, CODE_TAMPERED). */
  decode(text: string): CodePayload;
}

/** A codec that can also issue codes: only the sandbox has one, for demos and tests. */
export interface CodeIssuingCodec extends CodeCodec {
  encode(payload: CodePayload): string;
}
