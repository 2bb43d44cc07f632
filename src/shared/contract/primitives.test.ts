import { BaseUrlSchema, isLoopbackHost, NameSchema } from './primitives';

const problem = (s: string) => {
  const r = BaseUrlSchema.safeParse(s);
  return r.success ? null : r.error.issues.map((i) => i.message).join(' ');
};

describe('BaseUrlSchema: the API key only travels encrypted', () => {
  it('accepts https to any host', () => {
    expect(problem('https://a.klaviyo.com')).toBeNull();
    expect(problem('https://proxy.example.com:8443/klaviyo/')).toBeNull();
  });

  it('accepts plain http only to this computer (127.0.0.0/8, ::1, localhost)', () => {
    for (const url of ['http://127.0.0.1:4010', 'http://127.1.2.3', 'http://[::1]:8080', 'http://localhost:3000'])
      expect(problem(url), url).toBeNull();
  });

  it('refuses plain http to any other host, saying why and what is allowed', () => {
    for (const url of [
      'http://a.klaviyo.com',
      'http://10.0.0.5:4010',
      'http://128.0.0.1',
      'http://localhost.example.com',
      'http://127.0.0.1.nip.io',
      'http://[::2]',
    ]) {
      const msg = problem(url);
      expect(msg, url).toContain('https://');
      expect(msg, url).toContain('localhost, 127.0.0.1, ::1');
    }
  });

  it('refuses credentials in the URL, other schemes and non-URLs', () => {
    expect(problem('https://user:pw@a.klaviyo.com')).toContain('user name or password');
    expect(problem('file:///etc/passwd')).toContain('https://');
    expect(problem('ftp://a.klaviyo.com')).toContain('https://');
    expect(problem('a.klaviyo.com')).toContain('not a web address');
  });

  it('knows loopback hosts by their URL hostnames', () => {
    expect(['localhost', 'LOCALHOST.', '127.0.0.1', '127.255.0.9', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['127.0.0.1.example.com', 'localhost.example', '[::ffff:7f00:1]', '1.2.3.4'].some(isLoopbackHost)).toBe(
      false,
    );
  });
});

describe('NameSchema', () => {
  it('trims, and refuses empty, over-long and control-character names with a sentence', () => {
    expect(NameSchema.parse('  Acme  ')).toBe('Acme');
    expect(NameSchema.safeParse('   ').error?.issues[0]?.message).toBe('The name is empty.');
    expect(NameSchema.safeParse('x'.repeat(101)).error?.issues[0]?.message).toBe(
      'The name is longer than 100 characters.',
    );
    expect(NameSchema.safeParse('a\u0007b').error?.issues[0]?.message).toBe('The name contains control characters.');
  });
});
