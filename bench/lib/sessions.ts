import type { BenchContext, BenchUser, HttpRequest } from '../scenarios/types.js';
import type { Driver } from './driver.js';

/** The salespeople the run acts as: `count` of them spread evenly over the book, each with a sample of owned ids. */
export async function benchUsers(driver: Driver, count: number): Promise<BenchUser[]> {
  const all = await driver.all<{ id: number; email: string }>("select id, email from users where role = 'salesperson' and active = ? order by id", [
    driver.dialect === 'sqlite' ? 1 : true,
  ]);
  const step = all.length / Math.min(count, all.length);
  const chosen = Array.from({ length: Math.min(count, all.length) }, (_, i) => all[Math.floor(i * step)]!);
  const users: BenchUser[] = [];
  for (const u of chosen) {
    const owned = await driver.all<{ id: number }>(
      "select id from prospects where owner_id = ? and archived_at is null and disposition <> 'dropped' order by id",
      [u.id],
    );
    const every = Math.max(1, Math.floor(owned.length / 200));
    users.push({
      id: Number(u.id),
      email: u.email,
      cookie: null,
      owned: owned.filter((_, i) => i % every === 0).map((r) => Number(r.id)),
      listKeys: [],
      cursors: [],
      search: {},
    });
  }
  return users.filter((u) => u.owned.length > 0);
}

/** Signs each user in (a few at a time: every login is an argon2 verification) and keeps the session cookie. */
export async function logIn(port: number, users: BenchUser[], password: string): Promise<void> {
  const origin = `http://127.0.0.1:${port}`;
  const queue = [...users];
  const worker = async () => {
    for (let user = queue.shift(); user; user = queue.shift()) {
      const res = await fetch(`${origin}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ email: user.email, password }),
      });
      if (res.status !== 200) throw new Error(`login of ${user.email} answered ${res.status}: ${await res.text()}`);
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('pond_session='));
      if (!cookie) throw new Error(`login of ${user.email} set no pond_session cookie`);
      user.cookie = cookie.split(';')[0]!;
    }
  };
  await Promise.all([worker(), worker(), worker()]);
}

/** Headers every Pond call carries: the user's session, and the same-origin proof writes need. */
export function pondHeaders(port: number, user: BenchUser, request: HttpRequest): Record<string, string> {
  const headers: Record<string, string> = { cookie: user.cookie ?? '', origin: `http://127.0.0.1:${port}` };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  return headers;
}

/** A fetch-based caller for setup and probing. */
export function pondCaller(port: number): NonNullable<BenchContext['pond']> {
  return async (request, user) => {
    const res = await fetch(`http://127.0.0.1:${port}${request.path}`, {
      method: request.method,
      headers: pondHeaders(port, user, request),
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(30_000),
    }).catch((err: Error) => err);
    if (res instanceof Error) return { status: 0, body: res.message };
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body };
  };
}
