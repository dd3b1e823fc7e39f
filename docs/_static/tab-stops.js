/* Keyboard access to boxes that scroll: display equations, code blocks, cell outputs
   and tables wider (or taller) than their box scroll inside it, and a keyboard reaches
   such a box with Tab and scrolls it with the arrow keys.

   The pages are written with every such box focusable (tabindex="0", lazy_rendering.py),
   because whether a box scrolls is known only once it is laid out, and the sections below
   the first screen are not laid out while the page opens (content-visibility in
   lazy-rendering.css): measuring every box then would lay out the whole page.  At the
   first key press, before the browser moves the focus, every box is measured and the ones
   that fit lose their tab stop; they are measured again when the window is resized and
   when a folded part of the page (a solution) opens. */
(() => {
  const BOXES = [
    'div.math', 'mjx-container[display="true"]', "pre",
    ".cell_output > .output", ".pst-scrollable-table-container",
  ].join(", ");

  const mark = (box) => {
    const scrolls = box.scrollWidth > box.clientWidth + 1
      || box.scrollHeight > box.clientHeight + 1;
    if (scrolls) box.setAttribute("tabindex", "0");
    else box.removeAttribute("tabindex");
  };
  const markAll = () => document.querySelectorAll(BOXES).forEach(mark);

  let timer = null;
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(markAll, 150);
  };
  window.addEventListener("keydown", () => {
    markAll();
    window.addEventListener("resize", soon);
    document.addEventListener("toggle", soon, true);
  }, { capture: true, once: true });
})();
