import { Injectable } from '@nestjs/common';
import { type LocalizedText, resolveSignInPolicy, type SignInPolicy } from '@pdca/domain';
import { TenantRepository } from '@pdca/persistence/repositories';
import bcrypt from 'bcryptjs';
import { errorDetail } from '../common/errors/localized-error';
import { validationException } from '../common/errors/validation';

/** bcrypt reads only the first 72 bytes of a password. */
export const PASSWORD_MAX_BYTES = 72;

/** The tenant's password rules (tenants.settings.signIn), for every place a password is set. */
@Injectable()
export class PasswordRules {
  /** About 50–100 ms per hash. */
  readonly bcryptCost = 10;

  constructor(private readonly tenants: TenantRepository) {}

  async policyOf(tenantId: string): Promise<SignInPolicy> {
    const tenant = await this.tenants.findById(tenantId);
    return resolveSignInPolicy((tenant?.settings as { signIn?: unknown } | undefined)?.signIn);
  }

  /** 400 naming `field` when the password is shorter than the tenant's minimum or over 72 bytes. */
  async assertAcceptable(tenantId: string, password: string, field: string): Promise<void> {
    const { minPasswordLength } = await this.policyOf(tenantId);
    // Characters as people count them (code points), not UTF-16 units.
    if ([...password].length < minPasswordLength) {
      throw this.problem(field, 'minLength', {
        ja: `${field}は${minPasswordLength}文字以上で入力してください（この自治体の規則）。`,
        en: `${field} must be at least ${minPasswordLength} characters long (this city’s rule).`,
      });
    }
    if (bcrypt.truncates(password)) {
      throw this.problem(field, 'maxBytes', {
        ja: `${field}は${PASSWORD_MAX_BYTES}バイト（UTF-8）以内で入力してください。`,
        en: `${field} must be at most ${PASSWORD_MAX_BYTES} bytes long (UTF-8).`,
      });
    }
  }

  problem(field: string, rule: string, text: LocalizedText) {
    return validationException([errorDetail(field, rule, text)]);
  }
}
