import { QuietStartupLogger } from './quiet-startup-logger';

describe('QuietStartupLogger', () => {
  let written: string[];
  let spy: jest.SpyInstance;
  beforeEach(() => {
    written = [];
    spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  });
  afterEach(() => spy.mockRestore());

  it('drops the per-module and per-route lines at the info level, keeps the rest', () => {
    const logger = new QuietStartupLogger({ logLevels: ['fatal', 'error', 'warn', 'log'] });
    logger.log('Mapped {/api/v1/plans, GET} route', 'RouterExplorer');
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logger.log('Nest application successfully started', 'NestApplication');
    expect(written.join('')).not.toContain('Mapped');
    expect(written.join('')).not.toContain('dependencies initialized');
    expect(written.join('')).toContain('Nest application successfully started');
  });

  it('keeps them at the debug level', () => {
    const logger = new QuietStartupLogger({ logLevels: ['fatal', 'error', 'warn', 'log', 'debug'] });
    logger.log('Mapped {/api/v1/plans, GET} route', 'RouterExplorer');
    expect(written.join('')).toContain('Mapped {/api/v1/plans, GET} route');
  });
});
