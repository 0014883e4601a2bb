/**
 * Who is calling, from the platform's context only — never from the request body. On CloudBase the
 * WeChat context (OPENID); locally the gateway resolves the bearer token into the same shape.
 */
export interface Identity {
  openid(context: unknown): string | undefined;
}
