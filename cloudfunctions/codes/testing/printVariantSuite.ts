import { runVariantSuite } from './variantSuite';

// Prints the variant suite's results as JSON, for qrRead.variants.test.ts to run in a plain Node process.
runVariantSuite().then(
  (suite) => process.stdout.write(JSON.stringify(suite)),
  (error: unknown) => {
    process.stderr.write(String(error));
    process.exitCode = 1;
  },
);
