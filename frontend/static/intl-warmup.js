// Loads Intl's locale and zone data off the page's main thread (why: loader.js), then says so.
onmessage = ({ data: locales }) => {
  // The page's locale (its dates' until the app knows the viewer) and the phone's; its own zone
  // (the app's times are in it, or in a group's, named).
  const options = { weekday: "long", day: "numeric", month: "long", hour: "numeric", minute: "2-digit", timeZoneName: "short" };
  for (const locale of locales) {
    try {
      new Intl.DateTimeFormat(locale || undefined, options).format(0);
    } catch {}
  }
  postMessage("loaded");
  close();
};
