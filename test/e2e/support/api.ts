/** Direct API calls for what the scenario only needs to read (who holds the next task) or set up. */
export class ApiClient {
  private tokens = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  async token(username: string): Promise<string> {
    const known = this.tokens.get(username);
    if (known) return known;
    const res = await fetch(`${this.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: 'demo' }),
    });
    if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    const { token } = (await res.json()) as { token: string };
    this.tokens.set(username, token);
    return token;
  }

  async call<T>(username: string, method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/api${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${await this.token(username)}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path} as ${username}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  }
}
