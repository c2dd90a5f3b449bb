// Same-site CSRF (issue 11, finding 10): tRPC takes JSON posts only, and cookie-authenticated
// REST mutations must come from the console's own origin. Checked through the real route handlers.
import { describe, expect, it } from 'vitest';
import { POST as trpcPost } from '@/app/api/trpc/[trpc]/route';
import { POST as rollbackPost } from '@/app/api/models/[name]/rollback/route';

const url = 'http://vigil.local:3000/api/trpc/users.create';

describe('CSRF defences', () => {
  for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain']) {
    it(`tRPC refuses a ${type.split(';')[0]} post`, async () => {
      const res = await trpcPost(new Request(url, { method: 'POST', headers: { host: 'vigil.local:3000', origin: 'http://vigil.local:3000', 'content-type': type }, body: '{"json":{}}' }));
      expect(res.status).toBe(415);
      expect(await res.text()).toMatch(/application\/json/);
    });
  }

  it('tRPC refuses a cookie post from another origin', async () => {
    const res = await trpcPost(new Request(url, { method: 'POST', headers: { host: 'vigil.local:3000', origin: 'https://evil.example', 'content-type': 'application/json' }, body: '{"json":{}}' }));
    expect(res.status).toBe(403);
  });

  it('a REST mutation refuses a cookie post from another origin', async () => {
    const req = new Request('http://vigil.local:3000/api/models/m/rollback', { method: 'POST', headers: { host: 'vigil.local:3000', origin: 'https://evil.example', 'content-type': 'application/json' }, body: '{"reason":"x"}' });
    const res = await rollbackPost(req, { params: Promise.resolve({ name: 'm' }) });
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/origin/i);
  });
});
