/** Transpile-only: `tsc --noEmit` type-checks the whole project once, before jest runs. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
  },
  testTimeout: 30000,
  // The examples import the package by name, as users do.
  moduleNameMapper: { "^cloudflare-sekoia-logpush$": "<rootDir>/components/index.ts" },
};
