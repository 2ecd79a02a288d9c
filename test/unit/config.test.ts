import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';

describe('loadConfig', () => {
  it('applies documented defaults', () => {
    const config = loadConfig({ HOME: '/home/u' });
    assert.equal(config.apiBaseUrl, 'https://api.hostaway.com/v1');
    assert.deepEqual(config.rateLimit, { perIp: 15, perAccount: 20, windowMs: 10_000 });
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.dataDir, '/home/u/.local/share/hostaway-sync');
  });

  it('lets flags override the environment', () => {
    const config = loadConfig({ LOG_LEVEL: 'warn' }, { LOG_LEVEL: 'debug' });
    assert.equal(config.logLevel, 'debug');
  });

  it('reports every problem at once', () => {
    assert.throws(
      () =>
        loadConfig({
          DATABASE_URL: 'mysql://x',
          HOSTAWAY_API_BASE_URL: 'not a url',
          HOSTAWAY_RATE_LIMIT_PER_IP: '0',
          LOG_LEVEL: 'loud',
        }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.exitCode, 78);
        assert.equal(error.problems.length, 4, error.problems.join(' | '));
        return true;
      },
    );
  });

  it('reads the attachment hosts allowed at internal addresses, and refuses URLs in their place', () => {
    assert.deepEqual(loadConfig({}).attachments.allowedHosts, []);
    const config = loadConfig({
      HOSTAWAY_ATTACHMENT_ALLOWED_HOSTS: ' files.internal:8443, 10.0.0.5,[::1]:9000 ',
      HOSTAWAY_LOCAL_ADDRESS: '192.0.2.10',
    });
    assert.deepEqual(config.attachments.allowedHosts, ['files.internal:8443', '10.0.0.5', '[::1]:9000']);
    assert.equal(config.attachments.localAddress, '192.0.2.10');
    assert.throws(() => loadConfig({ HOSTAWAY_ATTACHMENT_ALLOWED_HOSTS: 'http://files.internal' }), {
      code: 'CONFIG',
      message: /HOSTAWAY_ATTACHMENT_ALLOWED_HOSTS must be comma-separated host names/,
    });
  });

  it('strips a trailing slash from the API base URL', () => {
    assert.equal(
      loadConfig({ HOSTAWAY_API_BASE_URL: 'http://127.0.0.1:4010/v1/' }).apiBaseUrl,
      'http://127.0.0.1:4010/v1',
    );
  });
});
