// Bundles the dashboard into the API's wwwroot: hashed assets under /assets (cached for a year by
// the API) and an index.html that names them (never cached). Prints the first load's gzip size.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.env.DASHBOARD_OUT ?? join(here, '..', 'src', 'Api', 'wwwroot');
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets'), { recursive: true });

const result = await build({
  entryPoints: [join(here, 'src', 'main.tsx')],
  bundle: true,
  minify: true,
  format: 'esm',
  splitting: true,
  chunkNames: 'chunk-[hash]',
  target: ['es2022'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  outdir: join(out, 'assets'),
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map((p) => basename(p));
// The entry (and the chunks it imports statically) is the first load; each page's chunk loads on its first visit.
const [entryPath, entry] = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint?.endsWith('src/main.tsx'));
const js = basename(entryPath);
const css = entry.cssBundle ? basename(entry.cssBundle) : undefined;
const firstLoad = [js, ...entry.imports.filter((i) => i.kind === 'import-statement').map((i) => basename(i.path)), css].filter(Boolean);
const shell = readFileSync(join(here, 'index.html'), 'utf8')
  .replace('<!--css-->', css ? `<link rel="stylesheet" href="/assets/${css}">` : '')
  .replace('<!--js-->', `<script type="module" src="/assets/${js}"></script>`);
writeFileSync(join(out, 'index.html'), shell);

const gzip = firstLoad.reduce((sum, f) => sum + gzipSync(readFileSync(join(out, 'assets', f))).length, 0);
console.log(`[build-web] ${out}: ${outputs.length} files; first load (${firstLoad.join(', ')}) JS+CSS ${(gzip / 1024).toFixed(1)} KB gzip`);
