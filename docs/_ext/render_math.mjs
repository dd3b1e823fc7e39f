// Typeset a batch of TeX equations into HTML (MathJax 4, CommonHTML output) in one process.
//
// Reads one JSON object from standard input:
//   {"font_url": "<folder of the woff2 fonts, as the stylesheet will name it>",
//    "equations": [{"tex": "...", "display": true|false}, ...]}
// and writes one JSON object to standard output:
//   {"mathjax": "<version>",
//    "rules": ["<css rule>", ...],
//    "equations": [{"html": "<mjx-container ...>", "rules": [<indices into rules>],
//                   "errors": ["<TeX error>", ...]}, ...]}
//
// A batch of more than a hundred equations is shared out over worker threads, one per core.
// Every equation is typeset with a cleared output cache, so its list of stylesheet rules is
// complete on its own: a page (or a site) needs the union of the rules of its equations,
// whichever equations were typeset in which run.  Each container carries the equation as
// MathML (<mjx-assistive-mml>) for screen readers; the visual part is aria-hidden.
// A TeX error (an unknown macro included) is reported in "errors", never only drawn red.

import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import MathJax from "mathjax/node-main.mjs";

function readRequest() {
  const text = readFileSync(0, "utf8");
  let request;
  try {
    request = JSON.parse(text);
  } catch (error) {
    throw new Error(`expected one JSON object on standard input, got ${text.slice(0, 80)}...`);
  }
  if (!Array.isArray(request.equations) || typeof request.font_url !== "string") {
    throw new Error('expected {"font_url": string, "equations": [...]} on standard input');
  }
  return request;
}

// "data-latex" repeats the TeX source on every element: useful for MathJax's menu in a
// browser, dead weight in a page that runs no MathJax.
function dropLatexAttributes(adaptor, node) {
  if (adaptor.kind(node).startsWith("#")) return;
  adaptor.removeAttribute(node, "data-latex");
  for (const child of adaptor.childNodes(node)) dropLatexAttributes(adaptor, child);
}

// The stylesheet text is its rules separated by blank lines; a rule that holds others
// (@media) has none inside.  Checked here, so a change of format fails loudly.
function splitRules(css) {
  const rules = css
    .split(/\n\s*\n/)
    .map((rule) => rule.trim())
    .filter(Boolean);
  for (const rule of rules) {
    const open = (rule.match(/{/g) || []).length;
    const close = (rule.match(/}/g) || []).length;
    if (open === 0 || open !== close) {
      throw new Error(`unexpected MathJax stylesheet format near: ${rule.slice(0, 120)}`);
    }
  }
  return rules;
}

// Typeset ``equations`` in this thread; rule indices refer to the returned list of rules.
async function typesetAll(fontUrl, equations) {
  const errors = [];
  const MJ = await MathJax.init({
    loader: { load: ["input/tex", "output/chtml", "a11y/assistive-mml"] },
    tex: {
      // an unknown macro is an error here, not red text in the page
      packages: { "[-]": ["noundefined"] },
      formatError(jax, error) {
        errors.push(error.message);
        return jax.formatError(error);
      },
    },
    chtml: { fontURL: fontUrl },
    startup: { typeset: false },
  });
  const adaptor = MJ.startup.adaptor;
  const output = MJ.startup.output;
  const ruleIndex = new Map();
  const rules = [];
  const typeset = [];
  for (const { tex, display } of equations) {
    if (typeof tex !== "string") throw new Error(`equation without TeX: ${JSON.stringify(tex)}`);
    errors.length = 0;
    output.clearCache();
    const node = await MJ.tex2chtmlPromise(tex, { display: Boolean(display) });
    dropLatexAttributes(adaptor, node);
    const used = [];
    for (const rule of splitRules(adaptor.textContent(MJ.chtmlStylesheet()))) {
      if (!ruleIndex.has(rule)) {
        ruleIndex.set(rule, rules.length);
        rules.push(rule);
      }
      used.push(ruleIndex.get(rule));
    }
    typeset.push({ html: adaptor.outerHTML(node), rules: used, errors: [...errors] });
  }
  return { mathjax: MJ.version, rules, equations: typeset };
}

// A large batch is shared out over worker threads (this same file), one per core: the
// process stays one, the cores of the machine are all used.
function inWorker(fontUrl, equations) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { fontUrl, equations } });
    worker.once("message", resolve);
    worker.once("error", reject);
  });
}

async function main() {
  const request = readRequest();
  const equations = request.equations;
  const threads = Math.max(1, Math.min(availableParallelism(), 4, Math.ceil(equations.length / 100)));
  const shares = Array.from({ length: threads }, (_, t) =>
    equations.filter((_, at) => at % threads === t),
  );
  const results =
    threads === 1
      ? [await typesetAll(request.font_url, equations)]
      : await Promise.all(shares.map((share) => inWorker(request.font_url, share)));
  // one list of rules for the whole batch; equations back in the order they came
  const ruleIndex = new Map();
  const rules = [];
  const typeset = new Array(equations.length);
  results.forEach((result, t) => {
    const local = result.rules.map((rule) => {
      if (!ruleIndex.has(rule)) {
        ruleIndex.set(rule, rules.length);
        rules.push(rule);
      }
      return ruleIndex.get(rule);
    });
    result.equations.forEach((item, k) => {
      typeset[k * threads + t] = { ...item, rules: item.rules.map((at) => local[at]) };
    });
  });
  process.stdout.write(JSON.stringify({ mathjax: results[0].mathjax, rules, equations: typeset }));
}

if (isMainThread) {
  main().catch((error) => {
    process.stderr.write(`render_math.mjs: ${error.stack || error}\n`);
    process.exit(1);
  });
} else {
  typesetAll(workerData.fontUrl, workerData.equations).then((result) =>
    parentPort.postMessage(result),
  );
}
