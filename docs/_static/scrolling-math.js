/* Keyboard access to display equations wider than the page.  Such an equation scrolls
   sideways inside its box (chainrule.css); a box that scrolls gets tabindex="0", so
   that Tab reaches it and the arrow keys scroll it, and loses it when it fits again.
   Checked once the page and its fonts are laid out, when the window is resized and
   when a folded part of the page (a solution) opens. */
(() => {
  const BOXES = 'div.math, mjx-container[display="true"]';
  const update = () => {
    document.querySelectorAll(BOXES).forEach((box) => {
      if (box.scrollWidth > box.clientWidth + 1) box.setAttribute("tabindex", "0");
      else box.removeAttribute("tabindex");
    });
  };
  let timer = null;
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(update, 150);
  };
  update();
  window.addEventListener("load", update);
  document.fonts.ready.then(update);
  window.addEventListener("resize", soon);
  document.addEventListener("toggle", soon, true);
})();
