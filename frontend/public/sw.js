/* Service worker of the web client: makes it installable and lets the app start offline.
 * - The app shell is precached on install: the page (/) and every /assets/* file it names (Vite
 *   puts them all in index.html), so a reload with no network starts the app even right after
 *   the first visit. Each page fetched online refreshes the shell the same way (new releases).
 * - /assets/* (hashed by Vite, never change): cache first.
 * - pages (navigations): network first, the cached shell when offline.
 * - /graphql/ and everything else: straight to the network (records for offline reading are
 *   saved by the app itself, src/offline/).
 */
const CACHE = 'crm-shell-v2';
const SHELL = ['/manifest.webmanifest', '/icon.svg', '/icon-192.png'];

/** The /assets/* files a page names (scripts, module preloads, styles). */
function assetsOf(html) {
  const found = new Set();
  for (const match of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) found.add(match[1]);
  return [...found];
}

/** Keep this copy of the page as the shell, with the assets it needs. */
async function keepShell(cache, response) {
  const html = await response.clone().text();
  const missing = [];
  for (const asset of assetsOf(html)) if (!(await cache.match(asset))) missing.push(asset);
  await cache.addAll(missing);
  await cache.put('/', response);
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(SHELL);
      const page = await fetch('/', { cache: 'no-cache' });
      if (page.ok) await keepShell(cache, page);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;

  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok && (response.headers.get('content-type') || '').includes('text/html')) {
            const copy = response.clone();
            event.waitUntil(caches.open(CACHE).then((cache) => keepShell(cache, copy)).catch(() => undefined));
          }
          return response;
        })
        .catch(() => caches.match('/').then((cached) => cached || Response.error())),
    );
    return;
  }

  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(
      caches.match(request).then(
        (cached) =>
          cached ||
          fetch(request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              caches.open(CACHE).then((cache) => cache.put(request, copy));
            }
            return response;
          }),
      ),
    );
  }
});
