/* The site's search page: the reader's query against this language's Pagefind index.
 *
 * Settings come from the page (data-chainrule-search, written by site_search.py): the
 * language, the URL of Pagefind's library in this site, and the page's messages in the
 * reader's language.  chainrule-query.js (also from site_search.py) may define
 * chainruleStem (Korean: koStrip, particles and endings off a word) and ZH_WORDS (the
 * words of the Chinese pages).
 *
 * The query is cut into words the way the pages were written: Chinese runs into the
 * pages' words by longest match, Korean words stripped of their particles (Pagefind
 * then matches the stem as the start of 검사를, 검사는 ...).  Each word is looked up
 * on its own (a lone letter or digit as a variable: W, m, l); a page's score is the
 * sum, over the words it matches, of Pagefind's score (BM25: rare words weigh more),
 * raised when the words are in the titles of the page or its matching sections, and
 * when the page holds the whole query as typed (dz = a - y).  So a page matching every
 * word comes first and one matching most of them still appears.  Stop words (the, 的,
 * 왜) are not looked up.  A result links to its section whose title has most of the
 * query's words.
 */

const HAN = /\p{Script=Han}/u;
const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/u;
const LONGEST_WORD = 8;
/** How much a page gains when all query words are in its headings (x 1.5). */
const HEADING_WEIGHT = 0.5;
/** How much a page gains when it holds the whole query as typed (x 2). */
const PHRASE_WEIGHT = 1;

/** Cut a run of Han characters into the pages' words (longest first). */
export function cutChinese(run, words) {
  const chars = Array.from(run);
  const out = [];
  let i = 0;
  while (i < chars.length) {
    let j = Math.min(chars.length, i + LONGEST_WORD);
    while (j > i + 1 && !words.has(chars.slice(i, j).join(""))) j--;
    out.push(chars.slice(i, j).join(""));
    i = j;
  }
  return out;
}

/** The words to look up for a query, in order, without repeats.
 *
 * Stop words are left out, unless the query has nothing else; in a formula
 * (``dz = a - y``) a single letter is a variable, not the article "a".
 */
export function queryWords(query, { stem = null, chineseWords = null, stopwords = new Set() } = {}) {
  const dictionary = chineseWords ? new Set([...chineseWords, ...stopwords]) : null;
  const out = [];
  for (const token of query.toLowerCase().split(/[^\p{L}\p{N}_]+/u)) {
    if (!token) continue;
    for (const run of token.match(/\p{Script=Han}+|\P{Script=Han}+/gu)) {
      if (HAN.test(run)) out.push(...(dictionary ? cutChinese(run, dictionary) : [run]));
      else out.push(stem && HANGUL.test(run) ? stem(run) : run);
    }
  }
  const words = [...new Set(out)].filter((word) => word);
  const formula = /[=+*/^]|\s-\s/.test(query);
  const meaningful = words.filter(
    (word) => !stopwords.has(word) || (formula && Array.from(word).length === 1),
  );
  return meaningful.length ? meaningful : words;
}

/** Pagefind's termSimilarity for a lone letter or digit of the query, and otherwise.
 *
 * Pagefind matches a word as the start of longer ones, weighted by how close their
 * lengths are (termSimilarity, default 1).  A lone letter or digit of a query is a
 * variable (W, m, l, 0): as a prefix it would match most words of the site (w: with,
 * which, weights) almost as strongly as the variable itself.  For such a word the
 * weighting is made steep, so the pages with that variable count; and a page title's
 * words (What, with) do not count for it (the search page weighs headings itself, see
 * headingShare).
 */
const VARIABLE_RANKING = { termSimilarity: 8, metaWeights: { title: 0 } };
/** Pagefind's defaults (1.5), restored after a variable's lookup. */
const WORD_RANKING = { termSimilarity: 1, metaWeights: { title: 5 } };

export function isVariable(word) {
  return /^[a-z0-9]$/.test(word);
}

/** Pages for ``words``, best first, and the words that some page has.
 *
 * ``ranked``: [{result, score, matched, partial, excerptFrom}].
 *
 * Each word is looked up alone; a page's score is the sum of Pagefind's scores (BM25,
 * rarer words weigh more) for the words it has.  (Tried and dropped: a bonus for query
 * words that are neighbours on the page; it helped ko and hurt zh_TW.)
 */
export async function rankPages(pagefind, query, words) {
  const found = [];
  for (const word of words) {
    const variable = isVariable(word);
    if (variable) await pagefind.options({ ranking: VARIABLE_RANKING });
    const search = await pagefind.search(word);
    if (variable) await pagefind.options({ ranking: WORD_RANKING });
    found.push(search && search.results.length ? search : null);
  }
  const matchedWords = found.filter((search) => search).length;
  const present = words.map((_, index) => index).filter((index) => found[index]);
  const pages = new Map();
  found.forEach((search, index) => {
    if (!search) return;
    for (const result of search.results) {
      const page = pages.get(result.id) || {
        result,
        score: 0,
        matched: 0,
        best: -1,
      };
      page.score += result.score;
      page.matched += 1;
      if (result.score > page.best) {
        page.best = result.score;
        page.excerptFrom = result;
      }
      pages.set(result.id, page);
    }
  });
  for (const page of pages.values()) page.partial = page.matched < words.length;
  // pages that have every word: Pagefind's own excerpt marks all of them
  if (matchedWords > 1) {
    const whole = await pagefind.search(query);
    for (const result of whole ? whole.results : []) {
      if (pages.has(result.id)) pages.get(result.id).excerptFrom = result;
    }
  }
  const ranked = [...pages.values()].sort((a, b) => b.score - a.score);
  return { ranked, presentWords: present.map((index) => words[index]) };
}

/** Share of ``words`` that are words of ``titles`` (a Chinese word: inside them; a
 * variable: the same word; any other: the start of one). */
function titleShare(titles, words) {
  const text = titles.join(" ").toLowerCase();
  const tokens = text.split(/[^\p{L}\p{N}_]+/u).filter((t) => t);
  const has = (word) => {
    if (HAN.test(word)) return text.includes(word);
    if (isVariable(word)) return tokens.includes(word);
    return tokens.some((token) => token.startsWith(word));
  };
  return words.length ? words.filter(has).length / words.length : 0;
}

/** Share of the query words in the page's title or in the titles of its sections that match. */
export function headingShare(data, words) {
  return titleShare([data.meta.title, ...(data.sub_results || []).map((s) => s.title)], words);
}

/** The section to link to: the one whose title has most query words, then most matches. */
export function bestSection(data, words) {
  const sections = (data.sub_results || []).filter((s) => s.url !== data.url);
  const rank = (s) => [titleShare([s.title], words), marks(s.excerpt)];
  let best = null;
  for (const section of sections) {
    const [share, count] = rank(section);
    if (!best || share > best.share || (share === best.share && count > best.count)) {
      best = { section, share, count };
    }
  }
  if (!best) return null;
  // the page's start is kept when it matches better and no section title helps
  return best.share > 0 || best.count >= marks(data.excerpt) ? best.section : null;
}

/** Math as the index holds it (site_search.math_words: ``W ^[l]``) joined back: ``W^[l]``. */
export function joinScripts(text) {
  return text.replace(/(\S(?:<\/mark>)?) (?=(?:<mark>)?[\^_][[({\w])/g, "$1");
}

/** Text without case, spaces or Pagefind's word marks (U+200B), to find a query in. */
function compact(text) {
  return text.toLowerCase().replace(/[\s\u200b]+/g, "");
}

/** Whether the page holds the query of several words as typed (a formula, a phrase). */
export function hasPhrase(data, query, words) {
  return words.length > 1 && compact(data.content).includes(compact(query));
}

/** Excerpt HTML from Pagefind as DOM nodes: text and <mark> only. */
function excerptNodes(excerpt) {
  const template = document.createElement("template");
  template.innerHTML = joinScripts(excerpt);
  const out = document.createDocumentFragment();
  for (const node of template.content.childNodes) {
    if (node.nodeName === "MARK") {
      out.appendChild(document.createElement("mark")).textContent = node.textContent;
    } else {
      out.appendChild(document.createTextNode(node.textContent));
    }
  }
  return out;
}

function marks(text) {
  return (text.match(/<mark>/g) || []).length;
}

function resultItem(data, page, strings, words) {
  const item = document.createElement("li");
  item.classList.add("search-result");
  const section = bestSection(data, words);
  const useSection = section !== null;
  const link = item.appendChild(document.createElement("a"));
  link.classList.add("search-result-link");
  link.href = useSection ? section.url : data.url;
  link.textContent = joinScripts(data.meta.title);
  if (useSection && section.title && section.title !== data.meta.title) {
    const where = item.appendChild(document.createElement("span"));
    where.classList.add("search-result-section");
    where.textContent = ` › ${joinScripts(section.title)}`;
  }
  if (page.partial) {
    const note = item.appendChild(document.createElement("span"));
    note.classList.add("search-result-partial");
    note.textContent = ` (${strings.partial})`;
  }
  const context = item.appendChild(document.createElement("p"));
  context.classList.add("context");
  context.appendChild(excerptNodes(useSection ? section.excerpt : data.excerpt));
  return item;
}

async function run(root) {
  const settings = JSON.parse(root.dataset.chainruleSearch);
  const strings = settings.strings;
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const done = () => (document.documentElement.dataset.searchDone = "true");
  const query = (new URLSearchParams(window.location.search).get("q") || "").trim();
  document.querySelectorAll('input[name="q"]').forEach((input) => (input.value = query));
  if (!query) {
    status.textContent = strings.empty;
    return done();
  }
  status.textContent = strings.searching;
  const contentRoot = new URL(document.documentElement.dataset.content_root || "./", location.href);
  let pagefind;
  try {
    pagefind = await import(new URL(settings.pagefind, contentRoot).href);
    await pagefind.options({
      baseUrl: contentRoot.pathname,
      excerptLength: 24,
      ranking: WORD_RANKING,
    });
    await pagefind.init();
  } catch (error) {
    console.warn("chainrule search: Pagefind could not be loaded", error);
    status.textContent = strings.failed;
    return done();
  }
  const words = queryWords(query, {
    stem: typeof chainruleStem === "function" ? chainruleStem : null,
    chineseWords: typeof ZH_WORDS !== "undefined" ? new Set(ZH_WORDS) : null,
    stopwords: new Set(typeof STOPWORDS !== "undefined" ? STOPWORDS : []),
  });
  const { ranked, presentWords } = await rankPages(pagefind, query, words);
  await Promise.all(ranked.map(async (page) => (page.data = await page.excerptFrom.data())));
  for (const page of ranked) {
    page.score *= 1 + HEADING_WEIGHT * headingShare(page.data, presentWords);
    if (hasPhrase(page.data, query, words)) page.score *= 1 + PHRASE_WEIGHT;
  }
  ranked.sort((a, b) => b.score - a.score);
  list.replaceChildren(
    ...ranked.map((page) => resultItem(page.data, page, strings, presentWords)),
  );
  status.textContent = ranked.length
    ? strings.found.replace("{count}", String(ranked.length))
    : strings.none;
  return done();
}

const root = typeof document !== "undefined" && document.querySelector("[data-chainrule-search]");
if (root) run(root);
