// Runs generated-client.it.ts (started by it/GeneratedClientIT against the packaged service): generates TypeScript
// types from the document the service serves at /q/openapi with openapi-typescript, type-checks the test against
// them with tsc (strict), then bundles it with esbuild and runs it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import openapiTS, { astToString } from 'openapi-typescript';
import { env } from './lib.mjs';

const out = fileURLToPath(new URL('../../../../target/generated-client/', import.meta.url));
mkdirSync(out, { recursive: true });
const response = await fetch(`${env('VIDEO_JOBS_URL')}/q/openapi?format=json`);
if (!response.ok) throw new Error(`GET /q/openapi answered ${response.status}`);
writeFileSync(`${out}openapi.d.ts`, astToString(await openapiTS(await response.text())));

execFileSync(process.execPath, [fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url)),
  '-p', fileURLToPath(new URL('./tsconfig.json', import.meta.url))], { stdio: 'inherit' });
console.log('generated-client.it.ts type-checks against the served document');

await build({
  entryPoints: [fileURLToPath(new URL('./generated-client.it.ts', import.meta.url))],
  bundle: true, platform: 'node', format: 'esm', outfile: `${out}generated-client.it.mjs`, logLevel: 'warning',
});
await import(pathToFileURL(`${out}generated-client.it.mjs`).href);
