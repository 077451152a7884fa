import { describe, expect, it } from 'vitest';
import { ConfigError, link, loadConfig } from './config.js';

describe('settings from the environment', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, databaseUrl: undefined, secure: false, defaultTimeZone: 'UTC' });
    expect(c.baseUrl.toString()).toBe('http://localhost:3000/');
    expect(c.sqliteFile).toMatch(/data\/pond\.db$/);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ POND_BASE_URL: 'not a url' }, 'POND_BASE_URL'],
    [{ POND_DEFAULT_TIME_ZONE: 'Mars/Olympus' }, 'POND_DEFAULT_TIME_ZONE'],
    [{ POND_LOG_LEVEL: 'loud' }, 'POND_LOG_LEVEL'],
  ])('refuses %j with a message naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(name));
  });

  it('builds links from POND_BASE_URL and marks https as secure', () => {
    const c = loadConfig({ POND_BASE_URL: 'https://crm.example.com/', DATABASE_URL: 'postgres://u@db/pond' });
    expect(c.secure).toBe(true);
    expect(c.databaseUrl).toBe('postgres://u@db/pond');
    expect(link(c, '/setup?token=abc')).toBe('https://crm.example.com/setup?token=abc');
  });
});
