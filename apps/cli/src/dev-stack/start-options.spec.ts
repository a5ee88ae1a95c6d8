import path from 'node:path';
import { childEnvironment, resolveStartOptions, StartOptionsError, SUPERVISED_ENV } from './start-options';

const root = '/repo';

describe('resolveStartOptions', () => {
  it('uses the embedded defaults when nothing is set', () => {
    const sut = resolveStartOptions({}, root);
    expect(sut).toMatchObject({
      dataDir: '/repo/.data',
      postgresDataDir: '/repo/.data/postgres',
      preferredPostgresPort: 54329,
      temporalDbFile: '/repo/.data/temporal/temporal.db',
      temporalPort: 7233,
      temporalUiPort: 8233,
      temporalNamespace: 'default',
      apiPort: 3000,
      apiEntry: '/repo/dist/apps/api/src/main.js',
      workerEntry: '/repo/dist/apps/worker/src/main.js',
      healthTimeoutMs: 90_000,
      verbose: false,
    });
  });

  it('takes ports, namespace and entry overrides from the environment', () => {
    const sut = resolveStartOptions(
      {
        PORT: '3100',
        TEMPORAL_PORT: '7300',
        TEMPORAL_UI_PORT: '8300',
        TEMPORAL_NAMESPACE: 'pdca-dev',
        PDCA_API_ENTRY: 'stand-ins/api.js',
        PDCA_WORKER_ENTRY: '/tmp/worker.js',
        PDCA_VERBOSE: 'true',
      },
      root,
      '/home/me',
    );
    expect(sut).toMatchObject({
      apiPort: 3100,
      temporalPort: 7300,
      temporalUiPort: 8300,
      temporalNamespace: 'pdca-dev',
      apiEntry: path.resolve('/home/me', 'stand-ins/api.js'),
      workerEntry: '/tmp/worker.js',
      verbose: true,
    });
  });

  it('names every bad port variable at once', () => {
    const attempt = () => resolveStartOptions({ PORT: 'abc', TEMPORAL_PORT: '70000' }, root);
    expect(attempt).toThrow(StartOptionsError);
    expect(attempt).toThrow(/\bPORT must be a port number between 1 and 65535, got "abc"/);
    expect(attempt).toThrow(/TEMPORAL_PORT must be a port number between 1 and 65535, got "70000"/);
  });

  it('refuses two services on one port', () => {
    expect(() => resolveStartOptions({ PORT: '8233' }, root)).toThrow(
      /TEMPORAL_UI_PORT and PORT are both 8233/,
    );
  });
});

describe('childEnvironment', () => {
  const options = resolveStartOptions({ PORT: '3100', TEMPORAL_NAMESPACE: 'ns' }, root);
  const services = { databaseUrl: 'postgres://u:p@127.0.0.1:54329/pdca', temporalAddress: '127.0.0.1:7233' };

  it('points the API and worker at the servers we started, and passes everything else through', () => {
    const sut = childEnvironment(
      { JWT_SECRET: 'secret', DATABASE_URL: 'postgres://elsewhere/db', PATH: '/bin' },
      options,
      services,
    );
    expect(sut).toMatchObject({
      DATABASE_URL: services.databaseUrl,
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      TEMPORAL_NAMESPACE: 'ns',
      PORT: '3100',
      JWT_SECRET: 'secret',
      PATH: '/bin',
    });
  });

  it('turns demo mode on unless the user chose', () => {
    expect(childEnvironment({}, options, services).PDCA_DEMO).toBe('true');
    expect(childEnvironment({ PDCA_DEMO: '' }, options, services).PDCA_DEMO).toBe('true');
    expect(childEnvironment({ PDCA_DEMO: 'false' }, options, services).PDCA_DEMO).toBe('false');
  });

  it('does not hand the supervisor marker down to the children', () => {
    expect(childEnvironment({ [SUPERVISED_ENV]: '1' }, options, services)).not.toHaveProperty(SUPERVISED_ENV);
  });
});
