/**
 * OpenID Connect Core §11 grants `offline_access` only with `prompt=consent` "unless other conditions for processing
 * the request permitting offline access … are in place". A provider whose consent is implicit is such a condition:
 * its authorization requests for offline_access get `consent` added to their prompt (given without a page), so
 * clients that do not send it still get refresh tokens, as they do from authentik. `prompt=none` is left alone.
 * True when the parameters were changed.
 */
export function withImpliedConsent(params: URLSearchParams): boolean {
  const scopes = (params.get('scope') ?? '').split(' ');
  const prompts = (params.get('prompt') ?? '').split(' ').filter(Boolean);
  if (!scopes.includes('offline_access') || prompts.includes('consent') || prompts.includes('none')) return false;
  params.set('prompt', [...prompts, 'consent'].join(' '));
  return true;
}
