/**
 * The one way the app talks to the server: JSON with the session's bearer token, and every failure as an
 * ApiError carrying the server's code, Chinese message and field details.
 */
export interface ErrorDetail {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details?: ErrorDetail[] | Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get fieldErrors(): ErrorDetail[] {
    return Array.isArray(this.details) ? this.details : [];
  }
}

type SessionListener = (code: string, message?: string) => void;

let token: string | undefined;
let onSessionLost: SessionListener = () => undefined;

export function setToken(value: string | undefined): void {
  token = value;
}

/** For requests that are not JSON (file uploads and downloads with progress). */
export function authHeaders(): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

export { parseError };

/** Told when the server answers 401: the session expired, was revoked, or is missing. */
export function onUnauthenticated(listener: SessionListener): void {
  onSessionLost = listener;
}

async function parseError(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as {
      error?: { code?: string; message?: string; details?: ErrorDetail[] };
    };
    if (body.error?.message)
      return new ApiError(res.status, body.error.code ?? 'ERROR', body.error.message, body.error.details);
  } catch {
    // Not our envelope (a proxy's page): fall through to a generic message.
  }
  return new ApiError(res.status, 'HTTP_' + res.status, `服务器返回错误（${res.status}），请稍后重试`);
}

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  init: RequestInit = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const isForm = typeof FormData !== 'undefined' && body instanceof FormData;
  if (body !== undefined && !isForm) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : isForm ? (body as FormData) : JSON.stringify(body),
      ...init,
    });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }
  if (res.status === 401) {
    const error = await parseError(res);
    // A wrong password is a 401 too, but it is not a lost session.
    if (error.code !== 'INVALID_CREDENTIALS') onSessionLost(error.code, error.message);
    throw error;
  }
  if (!res.ok) throw await parseError(res);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('application/json') ? await res.json() : await res.blob()) as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body ?? {}),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body ?? {}),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** Builds `?a=1&b=2` from the defined entries. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}` : '';
}
