import type { ServerResponse } from 'node:http';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const SCOPE_TEXT: Record<string, string> = {
  openid: 'Know who you are',
  profile: 'See your name, username and groups',
  email: 'See your email address',
  offline_access: 'Stay signed in to it when you are away',
};

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:22rem;margin:4rem auto;padding:0 1rem}
label,input,button{display:block;width:100%;box-sizing:border-box;margin:.4rem 0}input{padding:.5rem}button{padding:.6rem;margin-top:1rem}
.error{color:#b00020}</style></head><body><h1>${escape(title)}</h1>${body}</body></html>`;
}

const errorLine = (error?: string) => (error ? `<p class="error" role="alert">${escape(error)}</p>` : '');

export function loginPage(action: string, app: string, opts: { username?: string; error?: string }): string {
  return layout(`Sign in to ${app}`, `${errorLine(opts.error)}<form method="post" action="${escape(action)}">
<label for="username">Username</label><input id="username" name="username" autocomplete="username" required autofocus value="${escape(opts.username ?? '')}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form>`);
}

export function codePage(action: string, app: string, opts: { error?: string }): string {
  return layout(`Sign in to ${app}`, `${errorLine(opts.error)}<form method="post" action="${escape(action)}">
<label for="code">Authenticator code (or a recovery code)</label><input id="code" name="code" autocomplete="one-time-code" inputmode="numeric" required autofocus>
<button type="submit">Continue</button></form>`);
}

export function consentPage(action: string, app: string, scopes: string[]): string {
  const items = scopes.map((s) => `<li>${escape(SCOPE_TEXT[s] ?? s)}</li>`).join('');
  return layout(`Allow ${app}?`, `<p>${escape(app)} asks to:</p><ul>${items}</ul><form method="post" action="${escape(action)}">
<button type="submit" name="decision" value="allow">Allow</button><button type="submit" name="decision" value="deny">Deny</button></form>`);
}

/** oidc-provider's RP-initiated logout confirmation: its form (hidden fields only) with our two buttons. */
export function logoutPage(form: string, app: string): string {
  return layout(`Sign out of ${app}?`, `${form}<button form="op.logoutForm" type="submit" name="logout" value="yes" autofocus>Yes, sign me out</button>
<button form="op.logoutForm" type="submit">No, stay signed in</button>`);
}

export function signedOutPage(app: string): string {
  return layout('Signed out', `<p>You are signed out of ${escape(app)}.</p>`);
}

/** An error oidc-provider cannot send back to the client (an unknown client or redirect URI): shown, never redirected. */
export function errorPage(error: string, description?: string): string {
  return layout('Sign-in failed', `<p class="error" role="alert">${escape(description ?? error)}</p><p>Code: <code>${escape(error)}</code></p>`);
}

/** Headers for every page: no one may frame, cache or script it, and it loads nothing from elsewhere. */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

export function sendPage(res: ServerResponse, html: string, status = 200): void {
  res.writeHead(status, PAGE_HEADERS).end(html);
}
