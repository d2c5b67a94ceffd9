#!/usr/bin/env node
// Serving figures: requests per second, p99 latency and errors (autocannon) for a page fragment, a web
// font and a page PDF at 50 and 200 connections, from `epaper serve SITE` (the site folder as files,
// text precompressed), from `epaper serve OUT` (the build folder, the app), and from nginx serving the
// same site folder (sendfile, gzip_static) when /usr/sbin/nginx exists; the fragment also from the site
// without its precompressed files (compressed on each request). Each server runs in its own
// process, the client here; the load average is printed with the figures, as other work on the machine
// moves them. SERVE_SECONDS sets the length of each run (default 5).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import autocannon from 'autocannon';

const SECONDS = Number(process.env.SERVE_SECONDS ?? 5);
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
  for (const [name, start, only] of servers) {
    const server = await start();
    // The site holds the app's URLs as files: the same paths on every server.
    const urls = Object.fromEntries(targets);
    for (const [what] of targets) {
      if (only && !only.includes(what)) continue;
      const url = server.base + urls[what];
      const probe = await fetch(url);
      await probe.arrayBuffer();
      if (probe.status !== 200) {
        console.log(`${name.padEnd(13)} ${what.padEnd(9)} ${urls[what]}: status ${probe.status}, skipped`);
        continue;
      }
      const encodings = what === 'fragment' ? (name === 'nginx' ? ['gzip'] : ['br', 'gzip']) : ['identity'];
      for (const connections of CONNECTIONS) for (const encoding of encodings) line(name, what, connections, encoding, await run(url, connections, encoding));
    }
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`serve bench: ${error.message}`);
    process.exit(1);
  },
);
