// Types of lib.mjs for the TypeScript integration tests.
export function env(name: string, fallback?: string): string;
export function jwt(sub: string, options?: { expiresInSeconds?: number; admin?: boolean }): string;
export function assert(condition: unknown, message: string): asserts condition;
export function assertEqual(actual: unknown, expected: unknown, message: string): void;
export function main(body: () => Promise<void>): void;
