/* Scripts that work on the finished page (the theme's menus and buttons, Sphinx's
   helpers) load after the page has been shown.  The page carries them as
   <script type="chainrule/late">, which the browser neither fetches nor runs; they are
   started here, in the page's order, once the page has loaded and been painted, or at
   the reader's first touch or key press if that comes sooner.  On a slow connection the
   text and its styles then come first, instead of sharing the line with 40 KB of scripts. */
(() => {
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    const late = [...document.querySelectorAll('script[type="chainrule/late"]')];
    late.forEach((placeholder, index) => {
      const script = document.createElement("script");
      for (const { name, value } of placeholder.attributes) {
        if (name !== "type") script.setAttribute(name, value);
      }
      script.async = false; // run in the page's order
      if (index === late.length - 1) {
        script.addEventListener("load", () => (document.documentElement.dataset.lateScripts = "done"));
      }
      placeholder.replaceWith(script);
    });
    if (!late.length) document.documentElement.dataset.lateScripts = "done";
  };
  // After the first frame that follows load: a frame, then a task. The first paint
  // never waits for these scripts, even when the page loads before it is painted.
  const afterNextFrame = () => requestAnimationFrame(() => setTimeout(start));
  if (document.readyState === "complete") afterNextFrame();
  else window.addEventListener("load", afterNextFrame, { once: true });
  for (const event of ["pointerdown", "keydown", "touchstart"]) {
    window.addEventListener(event, start, { once: true, capture: true, passive: true });
  }
})();
