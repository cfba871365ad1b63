import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from '../src/logging.js';

function capture(pretty?: { colour: boolean }) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', destination: destination as never, ...(pretty === undefined ? {} : { pretty }) }) };
}

const JWT = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoIn0.sig-part_123';

describe('logger', () => {
  it('writes lines a person reads on a terminal, still redacted (issue 30)', async () => {
    const { lines, logger } = capture({ colour: false });
    logger.info({ url: 'https://127.0.0.1:8443', clientSecret: 'abc123secret' }, 'emulator started');
    logger.flush();
    await new Promise((r) => setImmediate(r));
    const text = lines.join('\n');
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: emulator started/);
    expect(text).toContain('url: "https://127.0.0.1:8443"');
    expect(text).not.toContain('abc123secret');
    expect(() => JSON.parse(lines[0] as string)).toThrow();
  });

  it('redacts secret-named fields at any depth', async () => {
    const { lines, logger } = capture();
    logger.info({ credential: { source: 'environment', clientSecret: 'abc123secret' }, headers: { Authorization: `Bearer ${JWT}` } }, 'token acquired');
    logger.flush();
    await new Promise((r) => setImmediate(r));
    const text = lines.join('\n');
    expect(text).not.toContain('abc123secret');
    expect(text).not.toContain(JWT);
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'token acquired', credential: { source: 'environment', clientSecret: '[REDACTED]' } });
  });

  it('redacts tokens and secrets inside free text', async () => {
    const { lines, logger } = capture();
    logger.warn(`retrying POST /token with client_secret=hunter2hunter2&scope=x, last token ${JWT}`);
    logger.warn({ detail: `AUTHENTICATE XOAUTH2 dXNlcj1pbmZvQGNvbnRvc28uY29tAWF1dGg9QmVhcmVy` }, 'imap');
    logger.flush();
    await new Promise((r) => setImmediate(r));
    const text = lines.join('\n');
    expect(text).not.toContain('hunter2hunter2');
    expect(text).not.toContain(JWT);
    expect(text).not.toContain('dXNlcj1pbmZvQGNvbnRvc28uY29tAWF1dGg9QmVhcmVy');
    expect(text).toContain('scope=x');
  });

  it('is silent by default in library code', () => {
    expect(silentLogger.level).toBe('silent');
    expect(silentLogger.isLevelEnabled('error')).toBe(false);
  });
});
