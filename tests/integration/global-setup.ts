// The integration project runs against the real Postgres and Redis that `npm test` brings up
// (scripts/test.ts sets DATABASE_URL, REDIS_URL and a private key prefix, and migrates).
export default function setup() {
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'NEXTAUTH_SECRET']) {
    if (!process.env[name]) {
      throw new Error(`${name} is not set: run integration tests through \`npm test\` (or \`npm test -- integration\`), which starts the services.`);
    }
  }
}
