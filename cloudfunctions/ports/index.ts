import type { Clock } from './clock';
import type { Db } from './db';
import type { Files } from './files';
import type { Identity } from './identity';
import type { Ids } from './ids';
import type { ImageProbe, Imaging } from './imaging';
import type { Mail } from './mail';
import type { Notify } from './notify';
import type { Pay } from './pay';
import type { WxPhone } from './wxPhone';

export type * from './clock';
export type * from './db';
export type * from './files';
export type * from './identity';
export type * from './ids';
export type * from './imaging';
export type * from './mail';
export type * from './notify';
export type * from './pay';
export type * from './wxPhone';

/** Everything the use-cases are given. */
export interface Ports {
  db: Db;
  files: Files;
  clock: Clock;
  ids: Ids;
  identity: Identity;
  imaging: Imaging;
  probe: ImageProbe;
  pay: Pay;
  notify: Notify;
  mail: Mail;
  wxPhone: WxPhone;
}
