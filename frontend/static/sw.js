// Village's service worker: keeps the app shell (index.html and the hashed JS, Wasm and CSS it
// names) so the app opens without a connection. API answers are never cached here.
const SHELL = "village-shell-v2";

async function cacheShell() {
  const cache = await caches.open(SHELL);
  const response = await fetch("/", { cache: "no-cache" });
  if (!response.ok) return;
  const html = await response.clone().text();
  await cache.put("/", response);
  // Trunk names every asset in index.html; take those, plus the icons and manifest.
  const assets = [...html.matchAll(/(?:href|src)="(\/[^"]+\.(?:js|wasm|css))"/g)].map((m) => m[1]);
  assets.push("/manifest.webmanifest", "/icons/icon.svg", "/icons/icon-192.png");
  await cache.addAll([...new Set(assets)]);
}

self.addEventListener("install", (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // The API is never cached, and neither are the dashboard and the member space: their pages
  // and files are other apps', and must never be answered from (or stored as) this app's shell.
  const otherApp =
    url.pathname === "/admin" || url.pathname.startsWith("/admin/") || url.pathname.startsWith("/member/");
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/") || otherApp) {
    return;
  }
  if (request.mode === "navigate") {
    // Network first for pages, so a new release shows at once; the cached shell offline.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) caches.open(SHELL).then((c) => c.put("/", response.clone()));
          return response;
        })
        .catch(() => caches.match("/")),
    );
    return;
  }
  // Hashed assets never change under the same name: cache first.
  event.respondWith(
    caches.match(request).then((hit) => hit || fetch(request).then((response) => {
      if (response.ok) {
        const copy = response.clone();
        caches.open(SHELL).then((c) => c.put(request, copy));
      }
      return response;
    })),
  );
});
