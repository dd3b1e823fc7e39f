/* The root page's language chooser (inlined into _build/html/index.html by
   tools/make_root_index.py, after `var SITE_LANGUAGES = [[code, [browser tags]], ...]`
   read from languages.toml): go to the first site language that one of the reader's
   browser languages matches, in the reader's order of preference; else the first. */
(function () {
  var wanted = navigator.languages && navigator.languages.length
    ? navigator.languages : [navigator.language || SITE_LANGUAGES[0][0]];
  function siteLanguage(tag) {
    tag = String(tag).toLowerCase();
    for (var i = 0; i < SITE_LANGUAGES.length; i++) {
      var tags = SITE_LANGUAGES[i][1];
      for (var j = 0; j < tags.length; j++) {
        if (tag === tags[j] || tag.indexOf(tags[j] + "-") === 0) return SITE_LANGUAGES[i][0];
      }
    }
    return null;
  }
  var target = SITE_LANGUAGES[0][0];
  for (var i = 0; i < wanted.length; i++) {
    var found = siteLanguage(wanted[i]);
    if (found) { target = found; break; }
  }
  window.location.replace(target + "/index.html" + window.location.hash);
})();
