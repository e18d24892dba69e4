/** The health, preview and observe blocks of the policy: defaults, and errors that name the key. */
import { describe, expect, test } from '@jest/globals';
import { ConfigurationError, DEFAULT_POLICY, parsePolicy } from '../src/index.js';

const message = (text: string): string => {
  try {
    parsePolicy(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigurationError');
};

describe('policy: health, preview, observe', () => {
  test('defaults: nothing checked, debounce 3/3, preview /healthz, observe thresholds', () => {
    expect(DEFAULT_POLICY.health).toEqual({ checks: [], retries: 2, 'retry-delay-ms': 2000, 'raise-after': 3, 'clear-after': 3 });
    expect(DEFAULT_POLICY.preview).toEqual({ services: [], environments: [], 'health-path': '/healthz', 'timeout-ms': 5000 });
    expect(DEFAULT_POLICY.observe).toMatchObject({ services: [], 'max-5xx-rate-increase': 1, 'max-p95-increase-percent': 50, 'min-requests': 50 });
  });

  test('a full file reads into typed settings', () => {
    const { policy } = parsePolicy(
      [
        'health:',
        '  checks:',
        '    - { name: api, url: "https://api.example.com/healthz", expected-status: 204 }',
        '  raise-after: 2',
        'preview:',
        '  services: [{ name: api, url-pattern: "https://shop-pr-{pr}.fly.dev" }]',
        'observe:',
        '  services: [{ name: api, metrics-url: "https://api.example.com/metrics" }]',
      ].join('\n'),
    );
    expect(policy.health.checks).toEqual([{ name: 'api', url: 'https://api.example.com/healthz', 'expected-status': 204, 'timeout-ms': 5000 }]);
    expect(policy.preview.services[0]!['url-pattern']).toBe('https://shop-pr-{pr}.fly.dev');
    expect(policy.observe.services[0]).toMatchObject({ histogram: 'http_request_duration_seconds', 'status-label': 'status_code' });
  });

  test('bad values name their key', () => {
    expect(message('health: { checks: [{ name: api, url: "ftp://x.example/h" }] }')).toContain(
      "key 'health.checks[0].url': the URL must use http or https, not ftp",
    );
    expect(message('health: { checks: [{ name: api, url: "https://deploy@x.example/h" }] }')).toContain(
      "key 'health.checks[0].url': the URL must not carry a user name or password",
    );
    // A password in a URL is caught earlier, as a secret in the file.
    expect(message('health: { checks: [{ name: api, url: "https://u:hunter2hunter2@x.example/h" }] }')).toContain('looks like a secret');
    expect(message('health: { checks: [{ name: a, url: "https://x.example" }, { name: a, url: "https://y.example" }] }')).toContain(
      "key 'health.checks[1].name': the name 'a' is used twice",
    );
    expect(message('health: { raise-after: 0 }')).toContain("key 'health.raise-after'");
    expect(message('preview: { services: [{ name: api, url-pattern: "https://shop.fly.dev" }] }')).toContain(
      "key 'preview.services[0].url-pattern': the pattern must contain {pr} or {sha}",
    );
    expect(message('preview: { health-path: "healthz" }')).toContain("key 'preview.health-path'");
    expect(message('observe: { services: [{ name: api, metrics-url: "https://x.example/metrics", histogram: "bad name" }] }')).toContain(
      "key 'observe.services[0].histogram'",
    );
    expect(message('observe: { max-p95-increase: 10 }')).toContain(
      "unknown key 'observe.max-p95-increase' (did you mean 'max-p95-increase-percent'?)",
    );
  });
});
