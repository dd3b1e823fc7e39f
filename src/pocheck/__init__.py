"""The translation checker: every catalog keeps its English text's markup, terms and format.

Used by ``tools/check_po.py`` (``make check-po``) and by the site's build, which refuses
what this checker refuses. Modules: :mod:`.glossary` (the project glossary, read once),
:mod:`.markup` (MyST analysis of one message), :mod:`.rules` (one message's findings),
:mod:`.catalogs` (one ``.po`` file, with ``msgfmt --check`` and line numbers), :mod:`.cli`.

Rules (each message says what the English text has and what the translation should keep):

``msgfmt``       GNU ``msgfmt --check`` (syntax, header, format strings, leading/trailing
                 newlines); its messages are passed on with their line numbers.
``parse``        polib could not read the file (only reported if msgfmt did not say why).
``untranslated`` empty ``msgstr``: an error for shipped catalogs, a warning with ``--partial``.
``fuzzy``        entry flagged ``#, fuzzy``: Sphinx ignores it; same severity as untranslated.
``role``         MyST roles ``{name}`target```: the multiset of (role, target) must match.
                 For cross-reference roles written ``text <target>`` only the target counts
                 (the visible text may be translated).  ``{math}``, ``{glue…}`` and other
                 non-reference roles must be copied verbatim.
``math``         inline math ``$…$``: the multiset of formulas must match exactly; also a
                 stray (unpaired) ``$`` that the English text does not have.
``url``          link destinations (``[text](url)``, ``<https://…>``, bare ``https://…``).
``image``        image sources (``![alt](src)``): a translation must not add or change one.
``footnote``     footnote references ``[^label]``.
``directive``    MyST directives (a ```` ```{name} ```` or ``:::{name}`` fence): a translation
                 must not add, drop or change one.
``html``         raw HTML, ``<!--``, ``javascript:`` or ``on…=`` handlers in the translation
                 (outside math and code, and unless the same text is in the English).
``backticks``    a backtick the English text does not have, i.e. an unclosed code span/role.
``code``         inline code spans must be copied verbatim.
``placeholder``  ``%s`` / ``%(name)s`` / ``{0}`` / ``{name}`` placeholders must match.
``whitespace``   leading/trailing spaces must match (newlines are msgfmt's job).
``glossary``     where the English text uses a term of ``locale/glossary.tsv``, the
                 translation must contain the glossary's term for its language.  A translator
                 comment ``# glossary-ok: <term>[, <term>…]`` on the entry opts out.

Untranslated and fuzzy entries are not checked further (there is nothing, or nothing current,
to compare).
"""

from .catalogs import Problem, check_file, check_paths, find_catalogs
from .glossary import Glossary, Term, load_glossary, read_glossary, terms_of
from .markup import analyse, use_extensions
from .rules import check_glossary, check_pair

__all__ = [
    "Glossary",
    "Problem",
    "Term",
    "analyse",
    "check_file",
    "check_glossary",
    "check_pair",
    "check_paths",
    "find_catalogs",
    "load_glossary",
    "read_glossary",
    "terms_of",
    "use_extensions",
]
