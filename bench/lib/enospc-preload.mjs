// Loaded into the serving process by bench:faults (node --import) only where a small filesystem
// cannot be mounted: while the file named by VIGIL_BENCH_ENOSPC_FLAG exists, every write through
// a fs/promises FileHandle writes half its bytes and then fails with ENOSPC, as a filling disk
// does. Never loaded outside the bench.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const flag = process.env.VIGIL_BENCH_ENOSPC_FLAG;
if (flag) {
  const probe = await fsp.open(path.join(os.tmpdir(), `enospc-probe-${process.pid}`), 'w');
  const proto = Object.getPrototypeOf(probe);
  await probe.close();
  await fsp.rm(path.join(os.tmpdir(), `enospc-probe-${process.pid}`), { force: true });
  const realWrite = proto.write;
  proto.write = async function write(buf, offset = 0, length, ...rest) {
    if (!fs.existsSync(flag) || !Buffer.isBuffer(buf)) return realWrite.call(this, buf, offset, length, ...rest);
    const len = length ?? buf.length - offset;
    if (len > 1) {
      const half = Math.floor(len / 2);
      await realWrite.call(this, buf, offset, half);
      return { bytesWritten: half, buffer: buf };
    }
    throw Object.assign(new Error('ENOSPC: no space left on device, write (injected by bench:faults)'), { code: 'ENOSPC', errno: -28 });
  };
}
