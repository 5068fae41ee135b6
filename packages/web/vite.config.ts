import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

// The built app lands in dist/app, which the server serves (server/src/http/web/static.ts); dist/types
// holds tsc's declarations, so neither build wipes the other.
export default defineConfig({
  root: here,
  plugins: [react()],
  resolve: {
    // Our packages are compiled from source, so the browser runs the same compiler code the server does.
    alias: {
      '@pm/form-core': path.resolve(here, '../form-core/src/index.ts'),
      '@pm/form-renderer': path.resolve(here, '../form-renderer/src/index.ts'),
    },
    dedupe: ['react', 'react-dom', 'antd', '@formily/core', '@formily/react', '@formily/reactive'],
  },
  build: {
    outDir: 'dist/app',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    sourcemap: false,
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
