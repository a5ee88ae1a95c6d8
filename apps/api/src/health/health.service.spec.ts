import { Logger } from '@nestjs/common';
import type { FailedProjectionRepository } from '@pdca/persistence/repositories';
import type { TemporalClientService } from '../temporal/temporal-client.service';
import { HealthService } from './health.service';

// The probes' answers are set by the test; what is under test is what the service logs over polls.
function serviceWith(state: { pollers: number; failed: number }) {
  const temporal = {
    ping: async () => undefined,
    activePollers: async () => state.pollers,
  } as unknown as TemporalClientService;
  const failedProjections = {
    open: async () => ({ count: state.failed }),
  } as unknown as FailedProjectionRepository;
  return new HealthService(temporal, failedProjections);
}

describe('HealthService logging', () => {
  let warnings: string[];
  let infos: string[];
  let errors: string[];
  beforeEach(() => {
    warnings = [];
    infos = [];
    errors = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((m: unknown) => void warnings.push(String(m)));
    jest.spyOn(Logger.prototype, 'log').mockImplementation((m: unknown) => void infos.push(String(m)));
    jest.spyOn(Logger.prototype, 'error').mockImplementation((m: unknown) => void errors.push(String(m)));
  });
  afterEach(() => jest.restoreAllMocks());

  it('logs a part going down once, however often it is polled, and logs it coming back', async () => {
    const state = { pollers: 0, failed: 0 };
    const health = serviceWith(state);
    for (let i = 0; i < 5; i++) expect((await health.check()).status).toBe('degraded');
    expect(warnings).toEqual(['The worker health probe failed: no poller']);
    state.pollers = 1;
    expect((await health.check()).status).toBe('ok');
    await health.check();
    expect(infos).toEqual(['The worker answers again']);
    state.pollers = 0;
    await health.check();
    expect(warnings).toHaveLength(2);
  });

  it('logs failed projections when their number changes', async () => {
    const state = { pollers: 1, failed: 2 };
    const health = serviceWith(state);
    await health.check();
    await health.check();
    state.failed = 3;
    await health.check();
    expect(errors).toEqual([
      '2 cycle projection(s) failed; see failed_projections and the worker log',
      '3 cycle projection(s) failed; see failed_projections and the worker log',
    ]);
  });
});
