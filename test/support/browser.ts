/**
 * A minimal browser for the sign-in pages: follows nothing by itself, keeps cookies per path as a browser would
 * (enough for oidc-provider's cookies), and parses the one form on a page.
 */
export class Browser {
  private readonly jar = new Map<string, { value: string; path: string }>();

  private cookieHeader(url: URL): string {
    return [...this.jar.entries()].filter(([, c]) => url.pathname.startsWith(c.path)).map(([name, c]) => `${name}=${c.value}`).join('; ');
  }

  private keep(url: URL, headers: Headers) {
    for (const line of headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const path = attrs.find((a) => /^path=/i.test(a))?.slice(5) ?? url.pathname.replace(/\/[^/]*$/, '/');
      const expired = attrs.some((a) => /^expires=Thu, 01 Jan 1970/i.test(a)) || attrs.some((a) => /^max-age=0$/i.test(a));
      if (expired) this.jar.delete(name);
      else this.jar.set(name, { value: pair.slice(eq + 1), path });
    }
  }

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<{ status: number; location: string | null; headers: Headers; body: string; url: string }> {
    const target = new URL(url);
    const headers: Record<string, string> = { cookie: this.cookieHeader(target) };
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(target, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    this.keep(target, res.headers);
    const location = res.headers.get('location');
    return { status: res.status, location: location ? new URL(location, target).href : null, headers: res.headers, body: await res.text(), url: target.href };
  }

  /** Follows redirects from `url` until one leaves for `stopAt` (the client's redirect URI) or a page answers. */
  async follow(url: string, stopAt: string, init: { method?: string; form?: Record<string, string> } = {}) {
    let reply = await this.request(url, init);
    for (let hops = 0; reply.location && !reply.location.startsWith(stopAt) && hops < 10; hops++) reply = await this.request(reply.location);
    return reply;
  }
}

/** The action of the page's form. */
export function formAction(page: { body: string; url: string }): string {
  const match = /<form method="post" action="([^"]+)"/.exec(page.body);
  if (!match) throw new Error(`no form on ${page.url}: ${page.body.slice(0, 300)}`);
  return new URL(match[1].replace(/&#38;/g, '&'), page.url).href;
}
