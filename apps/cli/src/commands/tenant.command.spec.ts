import { UsageError } from './cli-args';
import { oneTimePassword, tenantCommand as sut } from './tenant.command';
import { parseCreateArgs, parseOidcArgs, parseRoleMap } from './tenant-args';

describe('pdca tenant create: arguments', () => {
  it('defaults the admin to admin@CODE.invalid, an address POST /auth/login accepts', () => {
    expect(parseCreateArgs(['--code', 'machida', '--name', '町田市'])).toEqual({
      code: 'machida',
      name: '町田市',
      adminEmail: 'admin@machida.invalid',
      adminName: '町田市 管理者',
      minPasswordLength: undefined,
      preset: 'standard',
      json: false,
    });
  });

  it('takes a seed city’s settings preset, and names the presets when it is unknown', () => {
    expect(parseCreateArgs(['--code', 'machida', '--name', '町田市', '--preset', 'machida']).preset).toBe(
      'machida',
    );
    expect(() => parseCreateArgs(['--code', 'machida', '--name', '町田市', '--preset', 'tokyo'])).toThrow(
      '--preset must be one of standard, takarazuka, hiratsuka, gyoda, machida, got "tokyo"',
    );
  });

  it.each([
    [['--code', 'Machida', '--name', 'x'], '--code must be 2–63 lowercase letters'],
    [['--code', 'machida-', '--name', 'x'], '--code must be 2–63 lowercase letters'],
    [['--code', 'm', '--name', 'x'], '--code must be 2–63 lowercase letters'],
    [['--name', 'x'], '--code is required'],
    [['--code', 'machida'], '--name is required'],
    [['--code', 'machida', '--name', 'x', '--min-password-length', '7'], 'from 8 to 64'],
    [['--code', 'machida', '--name', 'x', '--min-password-length', '12.5'], 'from 8 to 64'],
    [['--code', 'machida', '--name', 'x', '--bogus', '1'], 'unknown option --bogus'],
    [['--code', 'machida', '--name', 'x', 'extra'], 'unexpected argument "extra"'],
  ])('refuses %j', (args, message) => {
    expect(() => parseCreateArgs(args)).toThrow(UsageError);
    expect(() => parseCreateArgs(args)).toThrow(message);
  });

  it('takes --opt=value, a minimum length and --json', () => {
    expect(
      parseCreateArgs([
        '--code=machida-city',
        '--name=町田市',
        '--admin-email=jouhou@city.machida.lg.jp',
        '--min-password-length=16',
        '--json',
      ]),
    ).toMatchObject({ adminEmail: 'jouhou@city.machida.lg.jp', minPasswordLength: 16, json: true });
  });
});

describe('pdca tenant oidc: arguments', () => {
  const base = [
    '--code',
    'machida',
    '--client-id',
    'pdca',
    '--client-secret-env',
    'MACHIDA_OIDC_SECRET',
    '--directory-name',
    '町田市 職員アカウント|Machida staff account',
  ];

  it('reads an https issuer, the directory name in both languages and the role map', () => {
    expect(
      parseOidcArgs([
        ...base,
        '--issuer',
        'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0',
        '--roles-claim',
        'roles',
        '--role-map',
        'pdca-hq=hq_approver; pdca-admin=admin,hq_admin',
      ]),
    ).toEqual({
      code: 'machida',
      remove: false,
      issuer: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0',
      clientId: 'pdca',
      clientSecretEnv: 'MACHIDA_OIDC_SECRET',
      directoryName: { ja: '町田市 職員アカウント', en: 'Machida staff account' },
      rolesClaim: 'roles',
      roleMapping: { 'pdca-hq': ['hq_approver'], 'pdca-admin': ['admin', 'hq_admin'] },
      scopes: 'openid email profile',
      skipCheck: false,
    });
  });

  it.each([
    [['--issuer', 'http://sso.city.example/realms/machida'], 'must be an https:// URL'],
    [['--issuer', 'not a url'], '--issuer must be a URL'],
    [['--issuer', 'https://sso.example', '--scopes', 'email profile'], '--scopes must include openid'],
    [['--issuer', 'https://sso.example', '--role-map', 'pdca-hq'], 'entries look like value=role'],
    [['--issuer', 'https://sso.example', '--client-secret', 'x'], 'unknown option --client-secret'],
  ])('refuses %j', (extra, message) => {
    expect(() => parseOidcArgs([...base, ...extra])).toThrow(message);
  });

  it('allows plain http for a directory on this machine only', () => {
    expect(parseOidcArgs([...base, '--issuer', 'http://localhost:8080/realms/machida']).issuer).toBe(
      'http://localhost:8080/realms/machida',
    );
  });

  it('merges repeated values of the role map', () => {
    expect(parseRoleMap('a=hq_approver;a=auditor;;b = wg_leader ')).toEqual({
      a: ['hq_approver', 'auditor'],
      b: ['wg_leader'],
    });
  });
});

describe('one-time password', () => {
  it('is 4 groups of 5 from an alphabet without look-alikes', () => {
    let n = 0;
    const password = oneTimePassword((max) => n++ % max);
    expect(password).toMatch(/^[a-zA-Z2-9]{5}(-[a-zA-Z2-9]{5}){3}$/);
    expect(password).not.toMatch(/[01ilIoOB]/);
  });
});

describe('pdca tenant: usage errors exit 2 before touching a database', () => {
  const databaseUrl = process.env.DATABASE_URL;
  // Nothing may be reached: a command that got past its checks would fail on this address.
  beforeAll(() => {
    process.env.DATABASE_URL = 'postgres://nobody@127.0.0.1:1/none';
  });
  afterAll(() => {
    process.env.DATABASE_URL = databaseUrl;
  });

  async function run(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await sut.run(args, {
      commands: {},
      output: { out: (t) => out.push(t), err: (t) => err.push(t) },
    });
    return { code, out: out.join(''), err: err.join('') };
  }

  it.each([
    [[], 'say create, list, oidc or password-sign-in'],
    [['delete'], 'unknown subcommand "delete"'],
    [['password-sign-in', '--code', 'machida', 'maybe'], 'say on or off'],
    [['list', '--json=1'], '--json takes no value'],
    // Addresses the login endpoint would refuse: the first admin could never sign in.
    [
      ['create', '--code', 'machida', '--name', 'x', '--admin-email', 'admin@machida'],
      '--admin-email must be',
    ],
    [['create', '--code', 'machida', '--name', 'x', '--admin-email', 'admin'], '--admin-email must be'],
  ])('%j', async (args, message) => {
    const res = await run(...args);
    expect(res).toMatchObject({ code: 2, out: '' });
    expect(res.err).toContain(message);
  });
});
