// The app's loader (why: Trunk.toml). A drawn page (#server-page) is painted before the app is fetched.
const { js, wasm } = document.getElementById("app-loader").dataset;

// Intl's locale and zone data (~100 ms of a slow phone) load in a worker, shared, while the app
// downloads; the app waits for them up to 1 s (why: ARCHITECTURE.md).
function intlLoaded() {
  return new Promise((loaded) => {
    setTimeout(loaded, 1000);
    try {
      const worker = new Worker("/intl-warmup.js");
      worker.onmessage = () => loaded(performance.mark("intl-loaded"));
      worker.onerror = loaded;
      worker.postMessage(document.documentElement.lang);
    } catch {
      loaded();
    }
  });
}

async function start() {
  const module = fetch(wasm);
  const app = import(js);
  const intl = intlLoaded();
  const { default: init } = await app;
  await intl;
  await init({ module_or_path: module });
}

// (A tab opened in the background paints nothing until shown: it fetches at once.)
if (document.getElementById("server-page") && document.visibilityState === "visible") {
  // One paint lies between a frame's callback and the next frame's.
  requestAnimationFrame(() => requestAnimationFrame(start));
} else {
  start();
}
