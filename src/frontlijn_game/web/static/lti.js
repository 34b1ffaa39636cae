// The deep-linking answer goes back to the LMS by itself; without script, the
// page's button does the same.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("lti-autosubmit");
  if (form) {
    form.submit();
  }
});
