// The app's loader (why: Trunk.toml). A drawn page (#server-page) is painted before the app is fetched.
const { js, wasm } = document.getElementById("app-loader").dataset;

async function start() {
  const module = fetch(wasm);
  const app = import(js);
  // The first date formatter loads locale and zone data (slow): done while the app downloads.
  try {
    new Intl.DateTimeFormat(document.documentElement.lang || undefined).format(0);
  } catch {}
  const { default: init } = await app;
  await init({ module_or_path: module });
}

// (A tab opened in the background paints nothing until shown: it fetches at once.)
if (document.getElementById("server-page") && document.visibilityState === "visible") {
  // One paint lies between a frame's callback and the next frame's.
  requestAnimationFrame(() => requestAnimationFrame(start));
} else {
  start();
}
