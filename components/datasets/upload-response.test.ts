import { describe, expect, it } from 'vitest';
import { interpretUploadResponse } from './upload-response';

const okBody = (created: boolean) =>
  JSON.stringify({ dataset: { id: 'd1', name: 'loans' }, version: { id: 'v1', sha256: 'ab'.repeat(32), rowCount: 3 }, created });

describe('interpretUploadResponse', () => {
  it('reads a new version (201) and an existing one (200)', () => {
    expect(interpretUploadResponse(201, okBody(true))).toEqual({ ok: true, created: true, datasetName: 'loans', versionId: 'v1', sha256: 'ab'.repeat(32) });
    expect(interpretUploadResponse(200, okBody(false))).toMatchObject({ ok: true, created: false, versionId: 'v1' });
  });

  it("passes on the server's message and field", () => {
    const body = JSON.stringify({ error: { code: 'BAD_REQUEST', message: 'line 7: expected 5 fields, found 4', field: 'file' } });
    expect(interpretUploadResponse(400, body)).toEqual({ ok: false, status: 400, message: 'line 7: expected 5 fields, found 4', field: 'file' });
    const denied = JSON.stringify({ error: { code: 'FORBIDDEN', message: 'your role may not upload datasets' } });
    expect(interpretUploadResponse(403, denied)).toEqual({ ok: false, status: 403, message: 'your role may not upload datasets', field: null });
  });

  it('explains answers that are not the JSON it expects', () => {
    expect(interpretUploadResponse(413, '<html>Request Entity Too Large</html>')).toMatchObject({ ok: false, status: 413, message: 'the file is larger than the server accepts' });
    expect(interpretUploadResponse(0, '')).toMatchObject({ ok: false, message: /network error/ });
    expect(interpretUploadResponse(502, 'Bad Gateway')).toMatchObject({ ok: false, message: 'upload failed (HTTP 502)' });
    // A 200 without a version is not a success.
    expect(interpretUploadResponse(200, '{}')).toMatchObject({ ok: false, message: 'upload failed (HTTP 200)' });
  });
});
