import { describe, expect, it } from 'vitest';
import { DEMO_AUTH_SECRET, loadConfig } from './config';

const OWN_SECRET = 'a-secret-of-our-own-that-nobody-has-read-0001';

describe('the signing secret', () => {
  it('is the demo one outside production when none is set', () => {
    expect(loadConfig({}).authSecret).toBe(DEMO_AUTH_SECRET);
  });

  it('refuses to start in production without a secret of its own, or with the demo one', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_SECRET must be set/);
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_SECRET: DEMO_AUTH_SECRET })).toThrow(/the demo secret is public/);
  });

  it('starts in production with a secret of its own', () => {
    expect(loadConfig({ NODE_ENV: 'production', AUTH_SECRET: OWN_SECRET }).authSecret).toBe(OWN_SECRET);
  });
});
