/* The admin's two-list selector (filter_horizontal) puts an aria-label on a bare <span> (its
   search icon), which ARIA does not allow (axe: aria-prohibited-attr): give it the role of an
   image, so the label is its name. The selector is built on the window's load event. */
window.addEventListener("load", function () {
  document.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach(function (icon) {
    icon.setAttribute("role", "img");
  });
});
