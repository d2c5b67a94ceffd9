#!/usr/bin/env node
// Serving figures: requests per second, p99 latency and errors (autocannon) for a page fragment, a web
// font and a page PDF at 50 and 200 connections, from `epaper serve SITE` (the site folder as files,
// text precompressed), from `epaper serve OUT` (the build folder, the app), and from nginx serving the
// same site folder (sendfile, gzip_static) when /usr/sbin/nginx exists; the fragment also from the site
// without its precompressed files (compressed on each request). Each server runs in its own
// process, the client here; the load average is printed with the figures, as other work on the machine
// moves them, and each figure is also given as a share of nginx's, taken just before or after it.
// SERVE_SECONDS sets the length of each run (default 5), SERVE_REPEAT the rounds (default 1; medians).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import autocannon from 'autocannon';

const SECONDS = Number(process.env.SERVE_SECONDS ?? 5);
const REPEAT = Math.max(1, Number(process.env.SERVE_REPEAT ?? 1));
const CONNECTIONS = [50, 200];
const NGINX = '/usr/sbin/nginx';

const root = mkdtempSync(join(tmpdir(), 'epaper-bench-serve-'));
const out = join(root, 'out');
const site = join(root, 'site');
const children = [];

/** Stops a server process and waits for it to be gone. */
const stopping = (child) => () =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });

function cleanup() {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
}
process.on('exit', cleanup);

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** Files of the site folder under `dir` (relative paths), walked. */
function filesOf(dir) {
  const found = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else found.push(relative(dir, p));
    }
  };
  walk(dir);
  return found;
}

async function waitFor(url, ms = 60_000) {
  const until = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(url);
      await r.arrayBuffer();
      if (r.status < 500) return;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function epaperServe(dir) {
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/epaper.js', 'serve', dir, '--port', String(port), '--out', join(root, 'cache')], { stdio: ['pipe', 'ignore', 'inherit'] });
  children.push(child);
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/`);
  return { base, stop: stopping(child) };
}

async function nginxServe(dir) {
  const port = await freePort();
  const conf = join(root, 'nginx.conf');
  writeFileSync(
    conf,
    `daemon off;
master_process off;
worker_processes 1;
user root;
pid ${join(root, 'nginx.pid')};
error_log ${join(root, 'nginx-error.log')} error;
events { worker_connections 1024; }
http {
  access_log off;
  include /etc/nginx/mime.types;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  gzip_static on;
  client_body_temp_path ${root}/nginx-body;
  proxy_temp_path ${root}/nginx-proxy;
  fastcgi_temp_path ${root}/nginx-fastcgi;
  uwsgi_temp_path ${root}/nginx-uwsgi;
  scgi_temp_path ${root}/nginx-scgi;
  server { listen 127.0.0.1:${port}; root ${dir}; }
}
`,
  );
  const child = spawn(NGINX, ['-c', conf, '-p', root], { stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/index.html`);
  return { base, stop: stopping(child) };
}

const run = (url, connections, encoding) =>
  new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: SECONDS, pipelining: 1, headers: { 'accept-encoding': encoding } }, (error, r) => (error ? reject(error) : resolve(r)));
  });

function line(server, what, connections, encoding, r) {
  const errors = r.errors + r.timeouts + r.non2xx;
  const load = loadavg()[0].toFixed(1);
  const mbs = (r.throughput.average / 1e6).toFixed(1);
  console.log(
    `${server.padEnd(13)} ${what.padEnd(9)} ${String(connections).padStart(3)} conn  ${encoding.padEnd(8)} ${String(Math.round(r.requests.average)).padStart(6)} req/s  p99 ${String(r.latency.p99).padStart(4)} ms  ${mbs.padStart(6)} MB/s  errors ${errors}  load ${load}`,
  );
}

async function main() {
  const built = spawnSync(process.execPath, ['bin/epaper.js', 'build', 'samples/001-front-page', '--out', out, '--site', site, '--pdf-profile', 'none'], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
  const files = filesOf(site);
  const fragment = files.find((f) => /^e\/[^/]+\/pages\/\d+\.html$/.test(f));
  const font = files.filter((f) => /^fonts\/.+\.woff2$/.test(f)).sort((a, b) => statSync(join(site, b)).size - statSync(join(site, a)).size)[0];
  const pdf = files.find((f) => /\.pdf$/.test(f) && f.includes('pdf/'));
  if (!fragment || !font || !pdf) throw new Error(`site without a fragment, a font or a PDF (${fragment}, ${font}, ${pdf})`);
  const size = (f) => `${(statSync(join(site, f)).size / 1024).toFixed(0)} KB`;
  console.log(`epaper serving bench: ${SECONDS} s per run, node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`fragment /${fragment} (${size(fragment)}${existsSync(join(site, `${fragment}.br`)) ? `, br ${size(`${fragment}.br`)}` : ''}), font /${font} (${size(font)}), PDF /${pdf} (${size(pdf)})\n`);
  const targets = [
    ['fragment', `/${fragment}`],
    ['font', `/${font}`],
    ['pdf', `/${pdf}`],
  ];
  // The same site without its .br and .gz files: compressed on each request, as before they were written.
  const unpacked = join(root, 'site-unpacked');
  cpSync(site, unpacked, { recursive: true, filter: (f) => !/\.(?:br|gz)$/.test(f) });
  const servers = [
    ['epaper site', () => epaperServe(site)],
    ['site per-req', () => epaperServe(unpacked), ['fragment']],
    ['epaper build', () => epaperServe(out)],
  ];
  if (existsSync(NGINX)) servers.push(['nginx', () => nginxServe(site)]);
  else console.log(`(${NGINX} not found: no nginx figures)`);
  // All servers up at once (an idle one costs nothing), each target and connection count run on
  // each of them in turn, so the figures compared were taken close together.
  const up = [];
  for (const [name, start, only] of servers) up.push({ name, only, server: await start() });
  const urls = Object.fromEntries(targets);
  const results = new Map();
  for (let round = 1; round <= REPEAT; round++) {
    if (REPEAT > 1) console.log(`round ${round} of ${REPEAT}`);
    for (const [what] of targets)
      for (const connections of CONNECTIONS)
        for (const { name, only, server } of up) {
          if (only && !only.includes(what)) continue;
          const url = server.base + urls[what];
          const probe = await fetch(url);
          await probe.arrayBuffer();
          if (probe.status !== 200) {
            console.log(`${name.padEnd(13)} ${what.padEnd(9)} ${urls[what]}: status ${probe.status}, skipped`);
            continue;
          }
          const encodings = what === 'fragment' ? (name === 'nginx' ? ['gzip'] : ['br', 'gzip']) : ['identity'];
          for (const encoding of encodings) {
            const r = await run(url, connections, encoding);
            line(name, what, connections, encoding, r);
            const key = `${name}|${what}|${connections}|${encoding}`;
            results.set(key, [...(results.get(key) ?? []), r]);
          }
        }
  }
  for (const { server } of up) await server.stop();
  if (existsSync(NGINX)) summary(results, targets.map(([what]) => what));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Medians over the rounds and each epaper server's req/s as a share of nginx's for the same target and connections. */
function summary(results, whats) {
  console.log(`\nmedians of ${REPEAT} round(s); share = req/s over nginx's (nginx sends the fragment gzipped), load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  for (const what of whats)
    for (const connections of CONNECTIONS) {
      const base = results.get(`nginx|${what}|${connections}|${what === 'fragment' ? 'gzip' : 'identity'}`);
      if (!base) continue;
      const nginx = median(base.map((r) => r.requests.average));
      for (const [key, rs] of results) {
        const [name, w, c, encoding] = key.split('|');
        if (w !== what || Number(c) !== connections) continue;
        const rps = median(rs.map((r) => r.requests.average));
        const p99 = median(rs.map((r) => r.latency.p99));
        const errors = rs.reduce((n, r) => n + r.errors + r.timeouts + r.non2xx, 0);
        console.log(`${name.padEnd(13)} ${what.padEnd(9)} ${String(connections).padStart(3)} conn  ${encoding.padEnd(8)} ${String(Math.round(rps)).padStart(6)} req/s  p99 ${String(p99).padStart(4)} ms  errors ${errors}  share ${(rps / nginx).toFixed(2)}`);
      }
    }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`serve bench: ${error.message}`);
    process.exit(1);
  },
);
