"""The course book's own code: the Sphinx extension and the tools that build and check it.

``pfp_data`` is what students install; this package is what only the book needs (Sphinx,
docutils, BeautifulSoup, fontTools), so it lives with the book, not in ``pfp_data``.

Modules, one subject each:

- :mod:`pfp_book.extension`  the Sphinx extension (``setup``): widget outputs out, charts
  compiled, data tables under charts, accessible bibliography, no thebe;
- :mod:`pfp_book.compiler`   an Altair output compiled to Vega at build time;
- :mod:`pfp_book.chart_text` a chart's description and data as HTML text;
- :mod:`pfp_book.vendor`     the pinned chart scripts served from the site, not a CDN;
- :mod:`pfp_book.icons`      the theme's icon fonts cut to the icons in use;
- :mod:`pfp_book.pages`      the reference pages generated from pfp_data;
- :mod:`pfp_book.links`      Binder and nbgitpuller links from _config.yml;
- :mod:`pfp_book.checks`     static checks of the built site;
- :mod:`pfp_book.paths`      where things are in the repository.

Sphinx loads the package as the extension ``pfp_book`` (``local_extensions`` in
_config.yml); importing it does not import Sphinx, so scripts and tests can use the
other modules cheaply.
"""


def setup(app):
    """Sphinx's entry point; see :mod:`pfp_book.extension`."""
    from pfp_book import extension

    return extension.setup(app)
