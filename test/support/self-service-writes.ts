/**
 * Writes on one's own account that every signed-in user may call, auditors included: signing out
 * and changing one's own password change no reform data. Every other write refuses an auditor.
 */
export const SELF_SERVICE_WRITES = new Set(['POST /api/v1/auth/logout', 'POST /api/v1/auth/password']);
