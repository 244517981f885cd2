// The console's build: web/ is Vite's root, the output goes to build/web
// (git-ignored), served by `mz serve` (src/http/static.c). Hashed file names
// under /assets/, so they can be cached for good; no inline scripts, so the
// console runs under a Content-Security-Policy of script-src 'self'. Every
// text file is also written gzipped beside itself (FILE.gz), which the
// server sends to browsers that accept gzip.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const outDir = fileURLToPath(new URL('../build/web', import.meta.url));

// FILE.gz beside each .html, .js, .css, .json and .svg file of dir and its folders.
function gzipAll(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) gzipAll(path);
    else if (/\.(html|js|css|json|svg)$/.test(e.name)) writeFileSync(`${path}.gz`, gzipSync(readFileSync(path), { level: 9 }));
  }
}

const precompress = { name: 'mz-precompress', apply: 'build', closeBundle: () => gzipAll(outDir) };

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [vue(), precompress],
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1500,
    modulePreload: { polyfill: false },
    rollupOptions: {
      output: {
        manualChunks: {
          vue: ['vue', 'vue-router'],
          echarts: ['echarts/core', 'echarts/charts', 'echarts/components', 'echarts/renderers', 'vue-echarts'],
        },
      },
    },
  },
});
