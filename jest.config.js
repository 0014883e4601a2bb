/** Backend, engine and integration tests; TypeScript is compiled by swc (types are checked by `npm run typecheck`). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/cloudfunctions', '<rootDir>/tests', '<rootDir>/scripts'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/build/'],
  testTimeout: 60000,
};
