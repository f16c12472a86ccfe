// Village's service worker: keeps the app's two first-load shells (the catalogue's index.html
// from install, and the join bundle's `/join/`, which draws a group's page, once either app has
// started; each with the hashed JS, Wasm and CSS it names) so the app opens without a
// connection, and the last group pages a person opened as they arrived (each with its own
// title, description and card), so one opened before comes back offline as it was. The pages a
// person's own links open are the app's third bundle (`/manage/`): its shell is kept (and kept
// up to date) while this phone keeps a signup, so a manage page reads the copy on the phone
// offline. API answers are never cached here.
const SHELL = "village-shell-v2";
// Kept pages name the shell's files: they go when the shell does.
const PAGES = SHELL + "-pages";
// The pages kept: the most recently opened (a phone's storage is not the network's catalogue).
const PAGES_KEPT = 30;
// The pages whose answer is their own: the catalogue and a group's page. Every other address
// answers the shell itself (and some carry a person's link in their path: never kept).
const OWN_PAGE = /^\/(groups\/[^/]+)?$/;
// The join bundle's addresses (a group's page, a signup's outcome), and its shell's key.
const JOIN_PAGE = /^\/(groups|signed-up)\//;
const JOIN_SHELL = "/join/";
// The manage bundle's addresses, and the key its shell is kept under.
const MANAGE_PAGE = /^\/(manage|updates)\//;
const MANAGE_SHELL = "/manage/";
// The shells, each kept from its own address.
const SHELLS = ["/", JOIN_SHELL, MANAGE_SHELL];
// A release's files: hashed names, which never change (a new release is new names).
const HASHED = /\.(?:js|wasm|css)$/;
// Files kept under names without a hash (the loader's Intl worker is a .js): fetched again
// when the worker installs, never forgotten as an earlier release's.
const UNHASHED = ["/manifest.webmanifest", "/intl-warmup.js", "/icons/icon.svg", "/icons/icon-192.png"];

// The hashed files a kept page names (the app's in its loader's `data-js` and `data-wasm`).
function assetsOf(html) {
  return [...html.matchAll(/(?:href|src|data-js|data-wasm)="(\/[^"]+\.(?:js|wasm|css))"/g)].map((m) => m[1]);
}

// Changes to what is kept run one at a time: a shell's files and its page are kept before
// anything decides which files no page names (which would otherwise delete the files of a shell
// still being kept).
let keeping = Promise.resolve();
function oneAtATime(work) {
  const done = keeping.then(work, work);
  keeping = done.catch(() => {});
  return done;
}

// Keep a shell (`/`, or another bundle's, fetched by its own address: never a person's) and
// the files its page names, plus the unhashed ones; the page only once its files are kept, so a
// download cut short keeps nothing half. A file already kept is not fetched again, except the
// unhashed ones when the worker installs.
async function cacheShell(path) {
  const cache = await caches.open(SHELL);
  const response = await fetch(path, { cache: "no-cache" });
  if (!response.ok) return;
  const html = await response.clone().text();
  const missing = [];
  for (const asset of new Set([...UNHASHED, ...assetsOf(html)])) {
    if ((UNHASHED.includes(asset) && path === "/") || !(await cache.match(asset))) missing.push(asset);
  }
  await cache.addAll(missing);
  await keepShell(path, response, html);
}

// Keep `response` as the shell at `path`; when it names other files than the one it replaces
// (a new release: the catalogue's page changes with every signup), forget earlier releases'.
async function keepShell(path, response, html) {
  const cache = await caches.open(SHELL);
  const kept = await cache.match(path);
  const files = (page) => assetsOf(page).sort().join(" ");
  const before = kept ? files(await kept.text()) : null;
  await cache.put(path, response);
  if (before !== null && before !== files(html)) await forgetUnnamedFiles();
}

// The files no kept page names go: each release's files would otherwise pile up on the phone
// with every release. A page kept from an earlier release keeps the files it names, so it
// still opens offline as it was.
async function forgetUnnamedFiles() {
  const [shell, pages] = await Promise.all([caches.open(SHELL), caches.open(PAGES)]);
  const named = new Set(UNHASHED);
  const kept = [...SHELLS.map((path) => shell.match(path)), ...(await pages.keys()).map((key) => pages.match(key))];
  for (const page of await Promise.all(kept)) {
    if (page) assetsOf(await page.text()).forEach((asset) => named.add(asset));
  }
  for (const key of await shell.keys()) {
    const path = new URL(key.url).pathname;
    if (HASHED.test(path) && !named.has(path)) await shell.delete(key);
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(oneAtATime(() => cacheShell("/")).then(() => self.skipWaiting()));
});

// What the app asks to keep, in the release it is now, once it has loaded (its own files are
// not competed with): the join bundle at each start of either first-load app (a group's page is
// where the catalogue leads), and the manage bundle while this phone keeps a signup
// (`storage::remember`, and each start while it keeps one), whose manage page must open
// offline.
const KEPT_ON_REQUEST = new Map([["keep-join", JOIN_SHELL], ["keep-manage", MANAGE_SHELL]]);
self.addEventListener("message", (event) => {
  const shell = KEPT_ON_REQUEST.get(event.data);
  if (shell) event.waitUntil(oneAtATime(() => cacheShell(shell)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL && k !== PAGES).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // The API is never cached, and neither are the dashboard, the member space and the
  // directory: their pages and files are other apps', and must never be answered from (or
  // stored as) this app's shell.
  const otherApp = ["/admin", "/member", "/directory"].some(
    (app) => url.pathname === app || url.pathname.startsWith(app + "/"),
  );
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/") || otherApp) {
    return;
  }
  if (request.mode === "navigate" && MANAGE_PAGE.test(url.pathname)) {
    // The manage bundle's page is the same for every token, kept by `keep-manage` from its own
    // address, never from this one (which carries a person's link).
    event.respondWith(
      fetch(request).catch(() =>
        caches.match(MANAGE_SHELL, { cacheName: SHELL }).then((kept) => kept || caches.match("/", { cacheName: SHELL })),
      ),
    );
    return;
  }
  if (request.mode === "navigate") {
    // Network first for pages, so a new release shows at once; offline, the page as it was
    // last opened here, else its bundle's shell (the app then says it is offline).
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok && OWN_PAGE.test(url.pathname)) {
            // Copies taken now: the page itself is read by the browser meanwhile.
            const page = response.clone();
            event.waitUntil(oneAtATime(() => keepPage(url, page)));
            // The shell is the catalogue's page: another page's head (a group's title and
            // card) must not become every page's.
            if (url.pathname === "/") {
              const shell = response.clone();
              event.waitUntil(shell.clone().text().then((html) => oneAtATime(() => keepShell("/", shell, html))));
            }
          }
          return response;
        })
        .catch(() =>
          caches.open(PAGES)
            .then((c) => c.match(url.pathname))
            .then((page) => page || (JOIN_PAGE.test(url.pathname) && caches.match(JOIN_SHELL, { cacheName: SHELL })))
            .then((page) => page || caches.match("/", { cacheName: SHELL })),
        ),
    );
    return;
  }
  // Hashed assets never change under the same name: cache first.
  event.respondWith(
    caches.match(request, { cacheName: SHELL }).then((hit) => hit || fetch(request).then((response) => {
      if (response.ok) {
        const copy = response.clone();
        caches.open(SHELL).then((c) => c.put(request, copy));
      }
      return response;
    })),
  );
});

// Keep a page under its path (whatever `?lang=` it was opened with), newest last, and only the
// newest PAGES_KEPT.
async function keepPage(url, response) {
  const cache = await caches.open(PAGES);
  await cache.delete(url.pathname);
  await cache.put(url.pathname, response);
  const keys = await cache.keys();
  const older = keys.slice(0, Math.max(0, keys.length - PAGES_KEPT));
  await Promise.all(older.map((k) => cache.delete(k)));
  if (older.length > 0) await forgetUnnamedFiles();
}
