// The one script of the HTML door, and optional: without it every page works.
// It puts the focus on the new page's heading where a browser ignores `autofocus` on a
// heading, so a screen reader starts reading at the new scene, not at the top.
document.addEventListener("DOMContentLoaded", function () {
  var target = document.querySelector("h1[autofocus]");
  if (target && document.activeElement === document.body) {
    target.focus();
  }
});
