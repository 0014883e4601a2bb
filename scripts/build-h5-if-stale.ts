/** `npm start`'s prestart: the README's first command always serves the current screens. */
import { ensureH5Build } from './h5Build';

try {
  ensureH5Build(console.log);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
