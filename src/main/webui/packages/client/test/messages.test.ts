import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { ASYNCAPI, OUTPUT, generate } from '../scripts/generate-messages.mjs';
import { SERVER_MESSAGE_TYPES } from '../src/index.js';

describe('message types', () => {
  it('are exactly what asyncapi.yaml generates (run `npm run generate:types` after changing it)', () => {
    expect(readFileSync(OUTPUT, 'utf8')).toBe(generate(readFileSync(ASYNCAPI, 'utf8')));
  });

  it('cover every message of the seed-004 contract', () => {
    expect(SERVER_MESSAGE_TYPES).toEqual(
      expect.arrayContaining(['JOB_UPDATE', 'STAGE_UPDATE', 'METADATA_UPDATE', 'THUMBNAIL_GENERATED', 'ERROR']),
    );
  });
});
