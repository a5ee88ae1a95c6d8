import {
  DEFAULT_SIGN_IN_POLICY,
  externalReviewerWithOthers,
  managedRoles,
  mapClaimToRoles,
  resolveSignInPolicy,
  validateRoleMapping,
  validateSignInPolicy,
} from './sign-in-policy';

describe('sign-in policy', () => {
  it('fills in the defaults and keeps what the tenant set', () => {
    expect(resolveSignInPolicy(undefined)).toEqual(DEFAULT_SIGN_IN_POLICY);
    expect(resolveSignInPolicy({ passwordSignIn: false })).toEqual({
      passwordSignIn: false,
      minPasswordLength: 12,
    });
    expect(resolveSignInPolicy({ minPasswordLength: 20 }).minPasswordLength).toBe(20);
  });

  it('names the field and rule of a bad value', () => {
    expect(validateSignInPolicy({ minPasswordLength: 7 }).map((p) => [p.field, p.rule])).toEqual([
      ['signIn.minPasswordLength', 'range'],
    ]);
    expect(validateSignInPolicy({ minPasswordLength: 65 })).toHaveLength(1);
    expect(validateSignInPolicy({ minPasswordLength: 12.5 })).toHaveLength(1);
    expect(validateSignInPolicy({ minPasswordLength: '12' })).toHaveLength(1);
    expect(validateSignInPolicy({ passwordSignIn: 'no' }).map((p) => p.field)).toEqual([
      'signIn.passwordSignIn',
    ]);
    expect(validateSignInPolicy({ minPasswordLength: 8, passwordSignIn: false })).toEqual([]);
    // A broken stored value must not weaken the rule: the default applies.
    expect(resolveSignInPolicy({ minPasswordLength: 1 })).toEqual(DEFAULT_SIGN_IN_POLICY);
  });
});

describe('claim → role mapping', () => {
  const mapping = {
    'pdca-hq': ['hq_approver'],
    'pdca-admin': ['admin', 'hq_admin'],
    '/pdca/audit': ['auditor'],
  };

  it('grants the roles of every value the claim holds, in the canonical order, each once', () => {
    expect(mapClaimToRoles(['pdca-admin', 'other', 'pdca-hq'], mapping)).toEqual([
      'hq_approver',
      'hq_admin',
      'admin',
    ]);
    expect(mapClaimToRoles('/pdca/audit', mapping)).toEqual(['auditor']);
    expect(mapClaimToRoles(['pdca-hq', 'pdca-hq'], mapping)).toEqual(['hq_approver']);
  });

  it('grants nothing for a missing or malformed claim, or for inherited object keys', () => {
    expect(mapClaimToRoles(undefined, mapping)).toEqual([]);
    expect(mapClaimToRoles({ 'pdca-hq': true }, mapping)).toEqual([]);
    expect(mapClaimToRoles(['toString', 'constructor'], mapping)).toEqual([]);
  });

  it('knows which roles follow the directory', () => {
    expect(managedRoles(mapping)).toEqual(['hq_approver', 'hq_admin', 'auditor', 'admin']);
    expect(managedRoles({})).toEqual([]);
  });

  it('refuses unknown roles and empty lists', () => {
    expect(validateRoleMapping({ g: ['superuser'] }).map((p) => p.field)).toEqual(['roleMapping.g']);
    expect(validateRoleMapping({ g: [] })).toHaveLength(1);
    expect(validateRoleMapping([])).toHaveLength(1);
    expect(validateRoleMapping(mapping)).toEqual([]);
  });

  it('refuses a claim value granting external_reviewer beside another role (外部評価委員 hold no other role)', () => {
    const problems = validateRoleMapping({ committee: ['external_reviewer', 'wg_leader'] });
    expect(problems.map((p) => [p.field, p.rule])).toEqual([['roleMapping.committee', 'roles']]);
    expect(problems[0].message.ja).toContain('外部評価委員');
    expect(validateRoleMapping({ committee: ['external_reviewer'] })).toEqual([]);
    expect(externalReviewerWithOthers(['external_reviewer', 'admin'])).toBe(true);
    expect(externalReviewerWithOthers(['external_reviewer'])).toBe(false);
  });
});
