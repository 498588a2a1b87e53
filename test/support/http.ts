/** A tiny cookie-keeping HTTP client for server tests (no browser). */
export class HttpSession {
  private cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(new URL(path, this.baseUrl), { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    return response;
  }

  get(path: string) {
    return this.request(path);
  }

  /** Posts a form, adding the CSRF token read from `formPage` unless one is given. */
  async postForm(path: string, fields: Record<string, string>, formPage = '/connexion/demo'): Promise<Response> {
    const body = new URLSearchParams(fields);
    if (!body.has('_csrf')) body.set('_csrf', await this.csrfToken(formPage));
    return this.request(path, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  async csrfToken(page: string): Promise<string> {
    const html = await (await this.get(page)).text();
    const match = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!match) throw new Error(`Pas de jeton CSRF sur ${page}`);
    return match[1]!;
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** Signs in through the demo sign-in form as this user. */
  async signInAsId(userId: number): Promise<Response> {
    return this.postForm('/connexion/demo', { userId: String(userId) });
  }
}
