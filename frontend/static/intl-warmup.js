// Loads Intl's locale and zone data off the page's main thread (why: loader.js), then says so.
onmessage = ({ data: lang }) => {
  try {
    // The phone's own zone (the app's times are in it, or in a group's, named).
    const options = { weekday: "long", day: "numeric", month: "long", hour: "numeric", minute: "2-digit", timeZoneName: "short" };
    new Intl.DateTimeFormat(lang || undefined, options).format(0);
  } catch {}
  postMessage("loaded");
  close();
};
