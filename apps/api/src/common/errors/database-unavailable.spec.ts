import { databaseFault } from './database-unavailable';

describe('databaseFault', () => {
  it('tells "never reached PostgreSQL" from "interrupted mid-way" from a bug', () => {
    expect(
      databaseFault(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      ),
    ).toBe('unreachable');
    expect(databaseFault(new Error('Driver not Connected'))).toBe('unreachable');
    expect(databaseFault({ message: 'query failed', driverError: { code: '57P03' } })).toBe('unreachable');
    expect(databaseFault({ code: '57014', message: 'canceling statement due to statement timeout' })).toBe(
      'interrupted',
    );
    expect(databaseFault(new Error('Connection terminated unexpectedly'))).toBe('interrupted');
    expect(databaseFault({ code: '22P02', message: 'invalid input syntax for type uuid' })).toBeUndefined();
    expect(databaseFault(new TypeError('x is undefined'))).toBeUndefined();
  });
});
