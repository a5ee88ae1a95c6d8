import { ConfigError, DEMO_JWT_SECRET, loadConfig } from './app-config';

const strongSecret = 'x'.repeat(40);

describe('loadConfig', () => {
  it('applies defaults when only the secret is given', () => {
    const sut = loadConfig({ JWT_SECRET: strongSecret });
    expect(sut.port).toBe(3000);
    expect(sut.temporalAddress).toBe('localhost:7233');
    expect(sut.temporalNamespace).toBe('default');
    expect(sut.timeScale).toBe(1);
    expect(sut.databaseUrl).toBeUndefined();
  });

  it('names every bad variable and what it expects', () => {
    const attempt = () =>
      loadConfig({
        JWT_SECRET: strongSecret,
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        PDCA_TIME_SCALE: '0',
      });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (err) {
      const problems = (err as ConfigError).problems;
      expect(problems).toHaveLength(3);
      expect(problems[0]).toMatch(/^PORT must be a number between 1 and 65535, got "eighty"/);
      expect(problems[1]).toMatch(/^DATABASE_URL must be a URL starting with postgres:\/\//);
      expect(problems[2]).toMatch(/^PDCA_TIME_SCALE must be a number between 1/);
    }
  });

  it('reads the notification settings: SMTP URL, sender, links, private webhooks only in demo mode', () => {
    const plain = loadConfig({ JWT_SECRET: strongSecret, PORT: '3400' });
    expect(plain.smtpUrl).toBeUndefined();
    expect(plain.publicUrl).toBeUndefined(); // links then go to http://localhost:PORT (relay-factory)
    expect(plain.webhookAllowPrivate).toBe(false);
    expect(plain.relayInWorker).toBe(true);
    expect(loadConfig({ PDCA_DEMO: 'true' }).webhookAllowPrivate).toBe(true);
    const set = loadConfig({
      JWT_SECRET: strongSecret,
      SMTP_URL: 'smtp://user:pass@mail.example:587',
      MAIL_FROM: 'pdca@example.jp',
      PUBLIC_URL: 'https://pdca.example.jp',
      RELAY_IN_WORKER: 'false',
    });
    expect(set).toMatchObject({
      smtpUrl: 'smtp://user:pass@mail.example:587',
      mailFrom: 'pdca@example.jp',
      publicUrl: 'https://pdca.example.jp',
      relayInWorker: false,
    });
    expect(() => loadConfig({ JWT_SECRET: strongSecret, SMTP_URL: 'http://mail' })).toThrow(
      /SMTP_URL must be a URL starting with smtp:\/\/ or smtps:\/\//,
    );
  });

  it('refuses a missing or weak JWT secret outside demo mode', () => {
    expect(() => loadConfig({})).toThrow(/JWT_SECRET must be set/);
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/at least 32 characters/);
  });

  it('tolerates the demo secret in demo mode only', () => {
    expect(loadConfig({ PDCA_DEMO: 'true' }).jwtSecret).toBe(DEMO_JWT_SECRET);
    expect(() => loadConfig({ PDCA_DEMO: 'maybe' })).toThrow(/PDCA_DEMO must be true or false/);
  });

  it('rejects TEMPORAL_ADDRESS without a port', () => {
    expect(() => loadConfig({ JWT_SECRET: strongSecret, TEMPORAL_ADDRESS: 'localhost' })).toThrow(
      /TEMPORAL_ADDRESS must be host:port/,
    );
  });
});
