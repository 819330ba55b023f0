// Bundles page/main.tsx (or another entry of page/) with esbuild (from the workspace's built packages) and serves it on its own origin,
// http://localhost:<port>, so that every call from the page to the service is cross-origin.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export async function servePage(entry = './main.tsx') {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    format: 'esm',
    minify: true,
    write: false,
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const script = result.outputFiles[0].text;
  const html = '<!doctype html><html><head><meta charset="utf-8"><title>video-jobs page</title></head>'
    + '<body><div id="root"></div><script type="module" src="/main.js"></script></body></html>';
  const server = createServer((request, response) => {
    const path = new URL(request.url, 'http://localhost').pathname;
    if (path === '/main.js') {
      response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(script);
    } else {
      response.writeHead(200, { 'Content-Type': 'text/html' }).end(html);
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://localhost:${server.address().port}`, close: () => server.close() };
}
