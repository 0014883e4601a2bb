import { runAdmin } from './adminCommands';

/** `npm run admin -- …` (see adminCommands.ts for the commands). */
runAdmin(process.argv.slice(2), { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text), env: process.env }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
