/**
 * `mfa_support`'s "password;code": split at the last `;` when what follows is a 6-digit TOTP code or an
 * 8-character recovery code; anything else (a 7-digit suffix, no `;`) is all password.
 */
export function splitCode(password: string): { password: string; code: string | null } {
  const at = password.lastIndexOf(';');
  const suffix = at < 0 ? '' : password.slice(at + 1);
  if (/^\d{6}$/.test(suffix) || /^[A-Za-z0-9]{8}$/.test(suffix)) return { password: password.slice(0, at), code: suffix };
  return { password, code: null };
}
