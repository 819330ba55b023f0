import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Quinoa runs `vite` in dev mode (port 5173) and proxies the Quarkus port to it; `vite build` writes dist/.
export default defineConfig({
  plugins: [react()],
  server: { port: 5173, strictPort: true },
  build: { outDir: 'dist', emptyOutDir: true },
});
