"""A news web page as a CMS publishes it, for the tests of reading ``.html`` documents.

:data:`NEWS_PAGE` has a menu, the article (a headline and three paragraphs, one wrapped over two
lines), related links, a comments section and a footer; the boilerplate holds numbers too. The
``*_LINE`` constants are the source lines where each part's text starts, checked against the page
itself by :func:`line_of`.
"""

from __future__ import annotations

NEWS_PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Aleppo siege: 250,000 trapped | Daily Planet</title>
<meta property="og:title" content="Aid agencies warn as Aleppo siege tightens">
<meta property="og:site_name" content="Daily Planet">
<meta property="article:published_time" content="2016-12-09T14:30:00+00:00">
<script>var pageViews = 4500; window.dataLayer = [{"section": "world", "count": 77}];</script>
<style>.top-10 { width: 300px; }</style>
</head>
<body>
<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/top-10">Top 10 stories</a></li><li><a href="/live">Live: 24 hours of news</a></li></ul></nav>
<main>
<article>
<h1>Aid agencies warn as Aleppo siege tightens</h1>
<p class="byline">By Staff Reporter</p>
<p>About 300,000 people remain trapped in the besieged east of Aleppo,
the United Nations said on Friday.</p>
<p>Government forces have retaken 30 of the 40 districts the rebels held and cut the rebels&rsquo; last road.</p>
<p>Aid agencies said 12 hospitals had been destroyed in the fighting.</p>
</article>
<aside class="related"><h2>Related stories</h2><ul>
<li><a href="/a">500 killed in Idlib air strikes</a></li>
<li><a href="/b">Ceasefire talks stall for a 3rd week as 70,000 flee</a></li></ul></aside>
<section id="comments" class="comments"><h2>Comments (17)</h2>
<div class="comment"><p class="author">reader_99</p>
<p>I heard 900,000 people were trapped, not what you said.</p></div>
</section>
</main>
<footer><p>&copy; 2016 Daily Planet, 45 Main Street. 2 million readers a month.</p></footer>
</body>
</html>
"""

#: the lines of the page where the article's parts start
HEADLINE_LINE = 17
TRAPPED_LINE = 19
DISTRICTS_LINE = 21
HOSPITALS_LINE = 22
#: every number the page's boilerplate (head, menu, related links, comments, footer) writes
BOILERPLATE_NUMBERS = ("4500", "77", "300px", "10", "24", "500", "3rd", "70,000", "17", "99", "900,000", "2016",
                       "45", "2 million")


def line_of(page: str, text: str) -> int:
    """The 1-based line of ``page`` where ``text`` first appears (it must)."""
    at = page.index(text)
    return page.count("\n", 0, at) + 1


def page_with(*, head: str = "", article: str) -> str:
    """A small page: ``head`` inside ``<head>``, ``article`` (paragraphs) inside ``<article>``, a menu and
    a footer around it."""
    return (f"<!DOCTYPE html>\n<html>\n<head>\n{head}\n</head>\n<body>\n"
            '<nav><a href="/">Home</a> <a href="/world">World</a></nav>\n'
            f"<article>\n{article}\n</article>\n<footer><p>Daily Planet, 45 Main Street.</p></footer>\n"
            "</body>\n</html>\n")
