import { bodyChunks, declaredLength, withActor } from '@/server/api/rest';
import { badRequest } from '@/server/services/errors';
import { uploadModelVersion } from '@/server/services/models/register-version';

export const runtime = 'nodejs';

/**
 * POST /api/models/<name>/versions[?tags=a,b][&filename=…][&columns=a,b,c[&task=…][&classes=x,y,z]
 * | &inputMapping=<JSON>][&datasetVersionId=<id>]  body: the ONNX bytes. `columns` (with `task`
 * and `classes`) is the short form of the input mapping {"columns": [...], "task", "classes"} for
 * a model taking one tensor [N, d]. The service checks `model.write` before it reads a byte of the
 * body.
 */
export async function POST(req: Request, { params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return withActor(req, async (ctx) => {
    const q = new URL(req.url).searchParams;
    const tags = (q.get('tags') ?? '').split(',').map((t) => t.trim()).filter(Boolean);
    const columns = q.get('columns');
    const mapping = q.get('inputMapping');
    if (columns !== null && mapping !== null) throw badRequest('give either columns or inputMapping, not both', 'inputMapping');
    const task = q.get('task');
    const classes = q.get('classes');
    if (columns === null && (task !== null || classes !== null)) throw badRequest('task and classes go with columns; inside an inputMapping they are its "task" and "classes" fields', task !== null ? 'task' : 'classes');
    const inputMapping =
      columns !== null
        ? { columns: columns.split(',').map((c) => c.trim()), ...(task !== null ? { task } : {}), ...(classes !== null ? { classes: classes.split(',').map((c) => c.trim()) } : {}) }
        : (mapping ?? undefined);
    const res = await uploadModelVersion(
      ctx,
      { model: name, tags, filename: q.get('filename') ?? undefined, declaredBytes: declaredLength(req), inputMapping, datasetVersionId: q.get('datasetVersionId') ?? undefined },
      bodyChunks(req),
    );
    return Response.json(res, { status: 201 });
  });
}
