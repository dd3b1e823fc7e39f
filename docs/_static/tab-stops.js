/* Keyboard access to boxes that scroll: display equations, code blocks, cell outputs
   and tables wider (or taller) than their box scroll inside it.  A box that scrolls gets
   tabindex="0", so that Tab reaches it and the arrow keys scroll it; a box that fits
   has none.

   Whether a box scrolls is known only once it is laid out, and the sections below the
   first screen are not laid out while the page opens (content-visibility in
   lazy-rendering.css): measuring every box then would lay out the whole page and undo
   that.  So a box is measured when it comes within a screen of the viewport, and all
   boxes are measured at once on the first key press, before the browser moves the
   focus (a keyboard reader's first Tab already finds every box that scrolls).  Boxes
   are measured again when the window is resized and when a folded part of the page (a
   solution) opens. */
(() => {
  const BOXES = [
    'div.math', 'mjx-container[display="true"]', "pre",
    ".cell_output > .output", ".pst-scrollable-table-container",
  ].join(", ");
  const near = new Set();
  let keyboard = false;

  const mark = (box) => {
    const scrolls = box.scrollWidth > box.clientWidth + 1
      || box.scrollHeight > box.clientHeight + 1;
    if (scrolls) box.setAttribute("tabindex", "0");
    else box.removeAttribute("tabindex");
  };
  const markAll = () => document.querySelectorAll(BOXES).forEach(mark);
  const markNear = () => (keyboard ? markAll() : near.forEach(mark));

  const watcher = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) {
        near.add(entry.target);
        mark(entry.target);
      } else {
        near.delete(entry.target);
      }
    }
  }, { rootMargin: "100% 0px" });
  document.querySelectorAll(BOXES).forEach((box) => watcher.observe(box));

  window.addEventListener("keydown", () => {
    keyboard = true;
    markAll();
  }, { capture: true, once: true });

  let timer = null;
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(markNear, 150);
  };
  document.fonts.ready.then(markNear);
  window.addEventListener("resize", soon);
  document.addEventListener("toggle", soon, true);
})();
