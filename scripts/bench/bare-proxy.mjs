#!/usr/bin/env node
/**
 * The ceiling for a Node gateway on this machine, written for the benchmark only: Fastify + undici,
 * no auth, no validation, no logging. `POST /api/kra/checkers/pin` is forwarded to the simulator's
 * PIN checker with a bearer token fetched once at start; the answer is passed back as it came.
 *
 *   node scripts/bench/bare-proxy.mjs <simulator url>   → prints "listening on http://127.0.0.1:PORT"
 */
import Fastify from 'fastify';
import { Pool } from 'undici';

const upstream = process.argv[2];
if (!upstream) throw new Error('usage: bare-proxy.mjs <simulator url>');
const basic = Buffer.from('ushuru-sim-key:ushuru-sim-secret').toString('base64');
const tokenRes = await fetch(`${upstream}/v1/token/generate?grant_type=client_credentials`, { headers: { authorization: `Basic ${basic}` } });
const { access_token: token } = await tokenRes.json();
const pool = new Pool(upstream, { connections: 64 });

const app = Fastify({ logger: false });
app.post('/api/kra/checkers/pin', async (req, reply) => {
  const res = await pool.request({
    method: 'POST',
    path: '/checker/v1/pinbypin',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(req.body),
  });
  reply.code(res.statusCode).type('application/json');
  return res.body.text();
});
const url = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`listening on ${url}`);
// Exit through Node (not the default signal death) so that --cpu-prof can write its profile.
process.once('SIGTERM', () => app.close().then(() => process.exit(0)));
