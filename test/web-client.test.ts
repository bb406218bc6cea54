// The web app's typed client is generated from the OpenAPI document the API serves; a route changed without
// `npm run web:client` would leave the browser code checked against a stale contract.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLIENT_SCHEMA_PATH, clientSchemaSource } from '../scripts/web-client';

describe('the web client schema', () => {
  it('is what the served OpenAPI document generates (run `npm run web:client` after changing a route)', async () => {
    expect(readFileSync(CLIENT_SCHEMA_PATH, 'utf8')).toBe(await clientSchemaSource());
  });
});
