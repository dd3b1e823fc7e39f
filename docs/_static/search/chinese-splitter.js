/* splitQuery for Sphinx's Chinese search page (docs/_ext/search_langs.py): runs of Han
   characters are cut into index terms by longest match (at most 8 characters), as jieba
   cut the pages; single characters are dropped as the index drops them. */
function splitQuery(query) {
  var parts = query
    .split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)
    .filter(function (term) { return term; });
  var index = typeof Search !== "undefined" && Search._index ? Search._index : null;
  if (!index) return parts;
  var known = function (word) {
    return Object.prototype.hasOwnProperty.call(index.terms, word) ||
      Object.prototype.hasOwnProperty.call(index.titleterms, word);
  };
  var result = [];
  parts.forEach(function (part) {
    (part.match(/\p{Script=Han}+|\P{Script=Han}+/gu) || []).forEach(function (run) {
      if (!/\p{Script=Han}/u.test(run) || known(run)) {
        result.push(run);
        return;
      }
      var chars = Array.from(run);
      var i = 0;
      while (i < chars.length) {
        var j = Math.min(chars.length, i + 8);
        while (j > i + 1 && !known(chars.slice(i, j).join(""))) j--;
        if (j > i + 1) result.push(chars.slice(i, j).join(""));
        i = j;
      }
    });
  });
  return result.length ? result : parts;
}
