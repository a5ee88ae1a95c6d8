/** A small JSON client for the API under benchmark: every non-2xx answer is a failure. */
export class BenchHttp {
  constructor(private readonly base: string) {}

  async login(email: string, password: string): Promise<string> {
    const body = await this.call<{ accessToken: string }>('POST', '/auth/login', undefined, {
      email,
      password,
    });
    return body.accessToken;
  }

  async call<T>(method: string, path: string, token: string | undefined, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
    return JSON.parse(text) as T;
  }
}
