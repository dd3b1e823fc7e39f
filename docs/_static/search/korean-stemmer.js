/* Sphinx's search Stemmer for Korean (language_data.js): koStrip for words with Hangul,
   Sphinx's English stemmer (EnglishStemmer, prepended) for the others. */
var Stemmer = function () {
  var english = new EnglishStemmer();
  this.stemWord = function (word) {
    var stripped = koStrip(word.toLowerCase());
    return KO_HANGUL.test(stripped) ? stripped : english.stemWord(stripped);
  };
};
