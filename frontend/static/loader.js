// The app's loader (why: Trunk.toml). A drawn page (#server-page) is painted before the app is fetched.
const { js, wasm } = document.getElementById("app-loader").dataset;

// Intl's locale and zone data (~100 ms of a slow phone's main thread) load in a worker while the
// app downloads (ICU's caches are the page process's); the app waits for them up to 1 s, and
// marks the timeline when it starts with them loaded (why: ARCHITECTURE.md).
function intlLoaded() {
  return new Promise((loaded) => {
    setTimeout(() => loaded(false), 1000);
    try {
      const worker = new Worker("/intl-warmup.js");
      worker.onmessage = () => loaded(true);
      worker.onerror = () => loaded(false);
      const { lang, dataset } = document.documentElement;
      worker.postMessage([dataset.locale || lang, navigator.language]);
    } catch {
      loaded(false);
    }
  });
}

async function start() {
  const module = fetch(wasm);
  const app = import(js);
  const intl = intlLoaded();
  const { default: init } = await app;
  if (await intl) performance.mark("intl-loaded");
  await init({ module_or_path: module });
}

// (A tab opened in the background paints nothing until shown: it fetches at once.)
if (document.getElementById("server-page") && document.visibilityState === "visible") {
  // One paint lies between a frame's callback and the next frame's.
  requestAnimationFrame(() => requestAnimationFrame(start));
} else {
  start();
}
