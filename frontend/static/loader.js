// The app's loader (why: Trunk.toml). A drawn page (#server-page) is painted before the app is fetched.
const { js, wasm } = document.getElementById("app-loader").dataset;

// The first date formatter loads locale and zone data: ~100 ms of a slow phone's main thread, in
// the app's first render. A worker loads them while the app downloads (the data is the page
// process's, shared); the app starts once it has (marked on the timeline), or failed, or after a
// second.
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
