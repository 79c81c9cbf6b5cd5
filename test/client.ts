/** A signed-in caller for inject(): keeps the session cookie and sends the CSRF token on writes. */
import type { App } from '../src/app.ts';
import { DEMO_PASSWORD } from '../src/modules/demo/seed-demo.ts';

export interface Res<T = any> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
}

export class Client {
  cookie: string | null = null;
  csrf: string | null = null;
  bearer: string | null = null;
  me: any = null;
  language: string | null = null;

  constructor(readonly app: App) {}

  async request<T = any>(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Res<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    if (this.language) h['accept-language'] = this.language;
    const res = await this.app.inject({
      method: method as 'GET',
      url,
      headers: h,
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    const setCookie = res.cookies.find((c) => c.name === 'ftc_session');
    if (setCookie) this.cookie = setCookie.value ? `ftc_session=${setCookie.value}` : null;
    const text = res.body;
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.statusCode, body: parsed as T, headers: res.headers as Record<string, unknown> };
  }

  get = <T = any>(url: string) => this.request<T>('GET', url);
  post = <T = any>(url: string, body?: unknown) => this.request<T>('POST', url, body);
  patch = <T = any>(url: string, body?: unknown) => this.request<T>('PATCH', url, body);
  put = <T = any>(url: string, body?: unknown) => this.request<T>('PUT', url, body);
  del = <T = any>(url: string) => this.request<T>('DELETE', url);

  async signIn(email: string, password = DEMO_PASSWORD, organisationId?: string): Promise<this> {
    const res = await this.post('/api/auth/sign-in', {
      email,
      password,
      ...(organisationId ? { organisationId } : {}),
    });
    if (res.status !== 200)
      throw new Error(`sign-in as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    this.me = res.body;
    this.csrf = res.body.csrfToken;
    return this;
  }
}

export const as = async (app: App, email: string, organisationId?: string) =>
  new Client(app).signIn(email, undefined, organisationId);
