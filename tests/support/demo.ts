import { readFileSync } from 'node:fs';
import path from 'node:path';
import { demoInfoSchema, type DemoInfo } from '../../cloudfunctions/local/seed';

/** What the demo seed wrote on first start (school, open batch, codes). */
export function readDemo(dataDir: string): DemoInfo {
  return demoInfoSchema.parse(JSON.parse(readFileSync(path.join(dataDir, 'demo', 'demo.json'), 'utf8')));
}
