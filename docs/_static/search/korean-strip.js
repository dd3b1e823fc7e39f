/* koStrip(word): Korean particles and endings stripped from a lowercase word, as
   docs/_ext/search_langs.py (strip_korean_suffixes) strips them from the pages' words.
   search_langs.py prepends the data: KO_SUFFIXES ([suffix, shortest stem] pairs, longest
   first), KO_PROTECTED (words never shortened) and KO_LINKING_VOWEL. */
var KO_HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/;
function koStrip(word) {
  while (!KO_PROTECTED.has(word)) {
    var next = null;
    for (var i = 0; i < KO_SUFFIXES.length; i++) {
      var suffix = KO_SUFFIXES[i][0];
      var minStem = KO_SUFFIXES[i][1];
      if (word.length > suffix.length && word.endsWith(suffix)) {
        var rest = word.slice(0, word.length - suffix.length);
        if (KO_PROTECTED.has(rest) || (Array.from(rest).length >= minStem &&
            !rest.endsWith(KO_LINKING_VOWEL))) {
          next = rest;
          break;
        }
      }
    }
    if (next === null) return word;
    word = next;
  }
  return word;
}
