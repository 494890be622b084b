import { describe, expect, it } from 'vitest';
import { ConfigError, parseWebConfig } from './config';

describe('parseWebConfig', () => {
  it('defaults to the local API', () => {
    expect(parseWebConfig({})).toEqual({ apiUrl: 'http://127.0.0.1:4000' });
    expect(parseWebConfig({ API_URL: '  ' })).toEqual({ apiUrl: 'http://127.0.0.1:4000' });
  });

  it('keeps origin and path prefix without a trailing slash', () => {
    expect(parseWebConfig({ API_URL: 'https://api.example.com/' })).toEqual({ apiUrl: 'https://api.example.com' });
    expect(parseWebConfig({ API_URL: 'http://api:4000/meridian/' })).toEqual({ apiUrl: 'http://api:4000/meridian' });
  });

  it('names the variable and the expected shape when the value is malformed', () => {
    expect(() => parseWebConfig({ API_URL: 'localhost:4000' })).toThrow(ConfigError);
    expect(() => parseWebConfig({ API_URL: 'api.example.com' })).toThrow(/API_URL must be an absolute http\(s\) URL.*"api\.example\.com"/);
    expect(() => parseWebConfig({ API_URL: 'ftp://files.example.com' })).toThrow(/API_URL must start with http:\/\/ or https:\/\//);
    expect(() => parseWebConfig({ API_URL: 'http://api:4000/?x=1' })).toThrow(/must not carry a query/);
  });
});
