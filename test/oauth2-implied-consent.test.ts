import { describe, expect, it } from 'vitest';
import { withImpliedConsent } from '../plugins/oauth2/implied-consent.ts';

const after = (query: string) => {
  const params = new URLSearchParams(query);
  return { changed: withImpliedConsent(params), prompt: params.get('prompt') };
};

describe('implied consent for offline_access (implicit-consent providers)', () => {
  it('adds consent to the prompt of a request for offline_access, and to nothing else', () => {
    expect(after('scope=openid+offline_access')).toEqual({ changed: true, prompt: 'consent' });
    expect(after('scope=openid+offline_access&prompt=login')).toEqual({ changed: true, prompt: 'login consent' });
    expect(after('scope=openid+offline_access&prompt=consent')).toEqual({ changed: false, prompt: 'consent' });
    expect(after('scope=openid+profile')).toEqual({ changed: false, prompt: null });
    expect(after('scope=openid+offline_accessory')).toEqual({ changed: false, prompt: null });
  });

  it('leaves prompt=none alone: a silent request must not turn into one that shows a page', () => {
    expect(after('scope=openid+offline_access&prompt=none')).toEqual({ changed: false, prompt: 'none' });
  });
});
