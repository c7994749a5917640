/**
 * `npm run test:e2e`: the bot through Microsoft 365 Agents Playground (the *.e2e.ts files in test/e2e).
 * Slower than the unit suite (real processes, a browser), so `npm test` does not run it.
 * @type {import('jest').Config}
 */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.ts'],
  // Each step waits at most 15 s for the bot; a whole test never runs longer than this.
  testTimeout: 120000,
  verbose: true,
};
