// Reads the answer of POST /api/datasets (app/api/datasets/route.ts): 201 new version, 200 the
// same bytes were already a version, else { error: { message, field } }. Pure, so it is tested
// against each shape the route can send, including bodies that are not JSON (a proxy's 413).

export type UploadOutcome =
  | { ok: true; created: boolean; datasetName: string; versionId: string; sha256: string }
  | { ok: false; status: number; message: string; field: string | null };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

export function interpretUploadResponse(status: number, bodyText: string): UploadOutcome {
  let body: unknown = null;
  try {
    body = JSON.parse(bodyText);
  } catch {
    // Not JSON: fall through to the status-based message.
  }
  if ((status === 200 || status === 201) && isRecord(body) && isRecord(body.version) && isRecord(body.dataset)) {
    const { version, dataset } = body;
    if (typeof version.id === 'string' && typeof version.sha256 === 'string' && typeof dataset.name === 'string') {
      return { ok: true, created: body.created === true, datasetName: dataset.name, versionId: version.id, sha256: version.sha256 };
    }
  }
  if (isRecord(body) && isRecord(body.error) && typeof body.error.message === 'string') {
    const field = typeof body.error.field === 'string' ? body.error.field : null;
    return { ok: false, status, message: body.error.message, field };
  }
  if (status === 413) return { ok: false, status, message: 'the file is larger than the server accepts', field: 'file' };
  if (status === 0) return { ok: false, status, message: 'the upload did not reach the server (network error)', field: null };
  return { ok: false, status, message: `upload failed (HTTP ${status})`, field: null };
}
