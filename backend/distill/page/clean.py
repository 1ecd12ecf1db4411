"""Remove what content extractors leave inside news articles.

readability-lxml picks the right block but keeps whatever the publisher nested inside it:
recommendation widgets ("by Taboola", "You May Like"), share bars, newsletter boxes, "Read more"
links, related-article lists, <aside>s (sidebars and "referenced article" teasers, which
Readability.js also drops), repeated captions, lazy-loaded image placeholders. Every rule is
data in the tables below; the functions only apply them. One guard holds for all rules: an
element that carries a large share of the article's words is never removed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import urlsplit

import lxml.html
from lxml.html import HtmlElement

from ..text import LETTER, count_words, ends_like_sentence

# Whole-text labels of ad and recommendation widgets: the label goes, and so does the widget
# around it (the largest ancestor that holds no prose of its own).
WIDGET_LABELS = [
    r"by taboola",
    r"(sponsored|promoted|partner) (links?|content|stories|posts?|news|offers?)",
    r"sponsored|advertisement|advertising|ad",
    r"paid (content|post|partner content)",
    r"you (may|might) (also )?like",
    r"(story|article|text) continues (below|after) (this )?(ad|advertisement)",
    r"live events",
    r"undo",
    r"share( this| the)?( article| story| page| post)?( on \w+)?",
    r"share on (facebook|twitter|x|linkedin|whatsapp|reddit|email)",
    r"(facebook|twitter|whatsapp|linkedin|email|print|copy link|reddit|pinterest)",
    r"follow us( on .{1,40})?",
    r"(sign up|subscribe|register) (for|to) .{0,60}",
    r"(get|download|install) (the|our) .{0,30}app.*",
    r"try our ai features",
    r"explore what .{1,40} can do for you",
    r"(click|tap) here to .{1,60}",
    r"watch (now|video)|listen to (this )?(article|story)",
    r"\d+ min(ute)?s? read|reading time.*",
    r"also read|read also|see also|recommended reading",
    # the same widgets in the languages of the dev pages (de, fr, es, it, pt, nl, pl)
    r"anzeige|werbung|(artikel )?teilen|(auf )?(facebook|twitter|whatsapp|linkedin) teilen|drucken|"
    r"publicité|partager|imprimer|publicidad|compartir|imprimir|pubblicità|condividi|stampa|"
    r"publicidade|partilhar|advertentie|delen|reklama|udostępnij|drukuj",
    r"(lesen sie|lies) auch|mehr dazu|(à |a )?lire aussi|voir aussi|(lea|lee|vea|ver) también|"
    r"leggi anche|leia também|veja também|lees ook|czytaj (też|także|również)|zobacz (też|także|również)",
    r"jump to (navigation|search|content|main content)( jump to (navigation|search))?",
    # a newsletter box's title or button ("Newsletter abonnieren", "Mit unserem Newsletter bleiben
    # Sie informiert", "Join our newsletter"); a bare "Newsletter" can be a link in a sentence
    r"newsletters? (sign[- ]?up|abonnieren|bestellen|anmeldung|abonnement)|(get|join) (our|the) "
    r"(free |weekly |daily )?newsletter.{0,40}|(mit|über) unserem newsletter .{0,60}|(abonnieren sie|"
    r"bestellen sie|abonniere|abonnier) (unseren|den|jetzt den|jetzt unseren) newsletter.{0,60}|"
    r"(inscr[ií]bete|suscr[ií]bete) (a|al|en) (nuestro |el )?(newsletter|bolet[ií]n).{0,40}|"
    r"(inscrivez-vous|abonnez-vous) (à|a) (la|notre) (newsletter|lettre d'information).{0,40}",
    r"skip to (main )?(content|navigation)",
    # a recipe card's or a page's buttons, and the links back up or back to the list
    r"(rezept|artikel|seite) drucken|print( this)? (recipe|article|page|story)|jump to (recipe|comments)",
    r"(back to|zurück nach|nach) (top|oben)|zurück( zur listenansicht)?|retour en haut|volver arriba",
]

# Headings that end the article: what follows them in their container is other content.
TAIL_LABELS = [
    r"related( articles| stories| posts| news| content| coverage| reading| topics| links)?"
    r"( (on|from|at) .{1,30})?",  # "Related on HuffPost:"
    r"more (stories|news|articles|from .{1,40}|on this (story|topic)|to explore|in .{1,30})",
    r"recommended( for you| stories| articles| videos)?",
    # "Most read in Sport", "Popular now"; a bare verb is a button ("Read on Amazon", "Read:")
    r"most (read|popular|viewed|shared|commented|watched|listened|emailed)"
    r"(/(read|popular|viewed|shared|commented|watched|listened|emailed))?( now| today| stories| articles)?"
    r"( (in|on|from) .{1,30})?",
    r"popular( now| today| stories| articles| posts)?( (in|on|from) .{1,30})?",
    r"(read|viewed|watched) (now|today)",
    r"trending( now| stories)?",
    r"(next|previous) (article|story|post)",
    r"more related( stories| articles| content)?",
    # "Top News Headlines", "Latest Technology & Science News Headlines"
    r"(latest|top) ([\w'&-]+ ){0,3}(news|stories|headlines)( headlines)?",
    r"don'?t miss",
    r"(other|more|latest) ([\w'-]+ ){0,2}(columns|stories|articles|posts|headlines|videos|news)"
    r"( (from|on|in|at|by) .{1,40})?",  # "More world stories from NBC News:"
    # de
    r"(ähnliche|verwandte|empfohlene|beliebte|neueste|aktuelle) (beiträge|artikel|themen|nachrichten|news)",
    r"weitere (beiträge|artikel|nachrichten|themen|meldungen|news|informationen)( .{1,40})?",
    r"mehr (zum thema|zu diesem thema|aus .{1,30}|von .{1,40}|artikel|nachrichten|beiträge|news|themen)",
    r"auch interessant|zum thema|top-themen( .{1,30})?",
    r"meist(gelesen|diskutiert|-gelesen|-diskutiert|gelesene (artikel|beiträge))",
    # the author's credit alone on its line at the end, the name on the next ("Von:", "Autor:")
    r"(von|autor|autorin|by|written by|geschrieben von|par|por)(?=\s*:)",
    r"zurück zur (startseite|übersicht)",
    # fr
    r"sur le même sujet|dans la même rubrique|les plus lus|(à|a) voir aussi",
    r"(articles|contenus) (similaires|recommandés|associés|liés)",
    # es, pt, it
    r"(notas|noticias|artículos) relacionad[oa]s",
    r"lo más (leído|visto)|más noticias",
    r"(notícias|artigos) relacionad[oa]s|mais lidas",
    r"articoli correlati|potrebbe interessarti|i più letti",
    # nl, pl
    r"gerelateerde artikelen|meest gelezen",
    r"powiązane artykuły|najczęściej czytane",
]

# Tail headings that only ever send the reader to another story ("Read this next", "Das könnte Sie
# auch interessieren"): never the story's own heading, so they end it even when teaser cards with
# their excerpts follow, which read like more of the story.
POINTER_LABELS = [
    r"(read|watch)( this| these)? next|up next|what to read next",
    r"(das|dies) (könnte|dürfte) sie auch interessieren|lesen sie als nächstes",
    r"(mehr|weitere) (kolumnen|videos)( .{1,30})?|videos zum thema",
    r"vous aimerez aussi|(à|a) lire ensuite",
    r"(le|te) puede interesar|también te puede interesar",
]

# Tail headings of sections that are prose by nature, readers' comments and the author's bio:
# they end the article even when paragraphs follow (TAIL_LABELS then look like the story going on).
DISCUSSION_LABELS = [
    r"comments?( \(\d+\))?|no comments yet.*|leave a (comment|reply)|join the (conversation|discussion)",
    # WordPress's comment headings: "4 Responses to “Open Enrollment”", "12 thoughts on “...”"
    r"(\d+|one|no) (comments?|responses?|replies|thoughts)( (to|on) .{1,100})?",
    r"about the author|(more )?about (the )?author .{1,40}",
    r"(keine )?kommentare( \(\d+\))?|(einen )?kommentar (schreiben|hinterlassen|verfassen)",
    r"über (den|die) (autor|autorin)( .{1,30})?",
    r"commentaires?( \(\d+\))?|à propos de l'auteur",
    r"comentarios|sobre el autor|comentários|commenti|reacties|komentarze",
]

# Paragraphs that start like this and are mostly a link are cross-promotion, not article text.
PROMO_PREFIXES = (r"(?:(read more|also read|read also|see also|related|more|watch|listen|recommended|"
                  r"must read|lesen sie auch|lies auch|mehr zum thema|à lire aussi|lire aussi|voir aussi|"
                  r"lea también|lee también|vea también|ver también|leggi anche|leia também|veja também|"
                  r"lees ook|czytaj (też|także|również)|zobacz (też|także|również)|"
                  # Spanish and German news sites' lead-ins to one story's link between paragraphs
                  # ("LE PUEDE INTERESAR: <a>", "Auch lesen: <a>")
                  r"(lea|lee) más|(le|te) puede interesar|puede interesarte|auch lesen|lesen sie mehr)\b"
                  # a bare verb ("Lea", "Mira", "Puedes ver") only as a label, with its colon
                  r"|(lea|lee|mira|puedes ver|ver|leer|lesen|leia mais)\s*:)")

# Short paragraphs that are the site talking, not the story: a tag or category line under the
# article, the comment section's house rules. Matched on the paragraph's whole text.
SITE_NOTICES = [
    r"(tags?|tagged( with)?|topics?|filed under|categories|category|keywords|more on)\s*:.{0,300}",
    r".{0,120}\b(comments? (are|is|will be|may be|must be) (moderated|reviewed|closed|pre-?moderated|"
    r"subject to|approved)|(our|the|read|see) (comment|commenting|community|discussion) (policy|policies|"
    r"guidelines|rules|standards)|(comment|commenting) (policy|guidelines|rules)|your comment (will|may|must)"
    r"|you must be (logged|signed) in to (post|leave|add) a comment).{0,200}",
    # the site asking to be followed or subscribed to, in a line of its own at the story's end
    r"(follow (us|[\w .'&-]{1,40}) on|folgen sie (uns|[\w .'&-]{1,40}) auf|s[ií]guenos en|"
    r"suivez-nous sur)\s+(twitter|x|facebook|instagram|linkedin|threads|bluesky|tiktok|youtube|"
    r"mastodon|whatsapp|telegram)\b.{0,200}",
    # ... or to be liked there ("Click like to get the latest music news ... via Facebook")
    r"((like|find|join) us on|become a fan (of [\w .'&-]{1,40} )?on|(click|hit) (like|follow)\b.{0,120}"
    r"\b(on|via))\s+(twitter|x|facebook|instagram|linkedin|threads|bluesky|tiktok|youtube)\b.{0,120}",
    r"(subscribe|sign up|abonnieren sie|suscr[ií]bete|abonnez-vous)\b.{0,120}\b(newsletter|edition|"
    r"e-?paper|digital edition|updates|alerts|inbox)\b.{0,120}",
    r".{0,300}\bbookmark the permalink\W*",
    # a documentation site's licence footer (Google's developer sites) and its "last updated"
    r"except as otherwise noted, the content of this page is licensed under .{0,300}",
    r"(page )?last (updated|modified|reviewed)( on)?\s*:?\s*[\w ,./-]{0,30}\d{4}[\w ,.:/-]{0,20}",
    # WordPress themes' line under a post: the feed of its comments and its trackback address
    r"(rss )?feed for comments on this (post|entry)\W*(trackback uri\W*)?",
    # the site asking what the reader thought of the page, or to share or rate it
    r"(war|ist|fanden sie) (der|dieser|das|diese[ns]?) (artikel|beitrag|text|rezept|seite|information)"
    r" (nützlich|hilfreich|interessant)\?.{0,120}|was this (article|page|post|story|information)"
    r" (helpful|useful)\?.{0,120}|(möchten sie|möchtest du|willst du) (den|diesen) (artikel|beitrag)"
    r" teilen\?.{0,60}|\(?(noch )?keine bewertungen\)?.{0,40}|(artikel|beitrag|rezept) bewerten\W*|"
    r"rate this (article|post|recipe|story)\W*",
    # how to cite the post, under an academic blog's article
    r"(suggested citation|zitiervorschlag|zitierweise|cite (this|as)|citation sugg[ée]r[ée]e)\s*:?.{0,300}",
    # a listing's pager ("Es werden die Weine 1 bis 10 von insgesamt 19 angezeigt!", "Page 2 of 5")
    r"(es werden die .{1,40}\d+ bis \d+ (von|aus) (insgesamt )?\d+ angezeigt|"
    r"showing \d+\s*(–|-|to)\s*\d+ of \d+( results?| items?| entries)?|"
    r"(seite|page|página) \d+ (von|of|de) \d+)\W*",
    # a post's counters and filing line ("Aufrufe: 1120 | Hinzugefügt von: ... | Tags: ...")
    r"(aufrufe|views|zugriffe|hits|gelesen|visitas|vues)\s*:\s*\d[\d.,]*\b.{0,200}",
]
NOTICE_MAX_WORDS = 45
# The site's affiliate disclosure ("This post may contain affiliate links...", "Für Links auf
# dieser Seite erhält X ggf. eine Provision", "As an Amazon Associate we earn..."): a short block
# that names the payment, the links or purchases it is for, and the site or its writer. An
# article's sentence about affiliate programmes names no one of the site's own.
_DISCLOSURE_PAY = re.compile(r"affiliate|partner-?links?|provision|commission|kickback|amazon associate|"
                             r"afiliad|affiliation|vergütung", re.I)
_DISCLOSURE_LINK = re.compile(r"\b(links?|verlinkungen|purchases?|buy|kauf\w*|einkäufe?|enlaces|liens|"
                              r"qualifying)\b", re.I)
_DISCLOSURE_SELF = re.compile(r"\b(we|i|us|our|my|me|this (post|article|page|site|website|blog|review|"
                              r"guide|story)|wir|ich|uns|unsere?[mnrs]?|dies(er|e|em|es) (seite|artikel|"
                              r"beitrag|text|website)|nous|notre|nos|nosotros|nuestro|este (artículo|sitio|"
                              r"post))\b", re.I)
DISCLOSURE_MAX_WORDS = 60
DISCLOSURE_BARE_WORDS = 8  # "Anzeige, enthält Affiliate-Links" needs no one named
# a blog theme's line under the post: where it was filed ("This entry was posted in News.
# Bookmark the permalink.", "Der Beitrag wurde am ... veröffentlicht und wurde unter ...
# abgelegt", "Erstellt am ... und abgelegt unter ..."). Themes go on in the same line with how
# to follow the comments and leave a trackback, so it may run longer than other notices.
FILED_NOTICES = [
    r"(this (entry|post) was (posted|filed)|dieser (eintrag|beitrag|artikel) wurde|"
    r"der (beitrag|artikel|eintrag) wurde am|"
    r"(erstellt|veröffentlicht|geschrieben) am\b.{0,80}\babgelegt unter).{0,600}",
]
FILED_MAX_WORDS = 90

# What sits above a story in a page's header band and is not the story: a market or currency
# ticker, the weather, today's date. Looked for only before the article's first paragraph.
_DATE_WORDS = (r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|"
               r"apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|"
               r"nov(?:ember)?|dec(?:ember)?|updated|published|posted|last modified|am|pm|[ap]\.m\.")
LONE_DATE = re.compile(rf"^(?:(?:{_DATE_WORDS}|\d{{1,4}}|on|at|of|the|[:,./|-])\s*)+$", re.I)
TEMPERATURE = re.compile(r"-?\d+\s*°\s*[CF]?\b|\bweather\b", re.I)
TICKER_MIN_NUMBER_SHARE = 0.4  # share of a short line's tokens that are figures or arrows

# class/id words of widgets no article needs (matched as whole words of the attribute).
CLUTTER_CLASSES = [
    "share", "sharing", "share-bar", "sharebar", "social", "social-share", "newsletter", "subscribe",
    "subscription", "related", "related-articles", "related-stories", "recommended", "recommendations",
    "taboola", "outbrain", "trc_related_container", "promo", "promoted", "sponsored", "sponsor",
    "advert", "advertisement", "ad", "ads", "ad-slot", "adslot", "ad-container", "dfp", "app-download",
    "read-more", "more-stories", "most-read", "most-popular", "trending", "comments", "comment-list",
    "print-only", "skip-link", "visually-hidden", "sr-only", "breadcrumb", "breadcrumbs", "tags",
]

# Short bits of page chrome the reader view already shows from metadata.
CHROME_CLASSES = ["byline", "author", "dateline", "timestamp", "date", "published", "updated", "meta"]

# An author box (remove_author_boxes): its class names the author and a box, bio or description
_AUTHOR_NAME = re.compile(r"auth?or")
_AUTHOR_BOX = re.compile(r"box|bio|about|info|profile|card|desc|beschreibung|vita|detail")
AUTHOR_BOX_MAX_WORDS = 150
# Where the site's own closing words start under the article: its copyright line (with a year:
# "© Name" alone is a photo's credit), its appeal for money ("Enjoyed this piece? We need your
# help to keep publishing."), its app or its shop.
_FOOTER_START = re.compile(
    r"all rights reserved|alle rechte vorbehalten|tous droits réservés|todos los derechos reservados|"
    r"tutti i diritti riservati|^\W*(?:©\s*|copyright\s*)+\d{4}|"
    r"we need your help|reader donations|kept alive by|(?:please )?(?:support|donate to) (?:us|our (?:work|"
    r"journalism|reporting|newsroom))\b|become a (?:patron|paying member|supporter)\b|donate via|"
    r"consider (?:pitching in|donating|supporting us)|"
    r"\b(?:get|download|install)\b.{0,60}\b(?:our|the) [\w .&'-]{0,30}\bapp\b|"
    r"(?:visit|besuchen sie) (?:our|unseren) [\w -]{0,20}(?:shop|store)\b", re.I)
FOOTER_BLOCK_MAX_WORDS = 60
EXCERPT_MIN_WORDS = 25  # a teaser's excerpt is a paragraph's opening cut off at a length
EXCERPT_RUN = 3
EXCERPT_LENGTH_SPREAD = 1.25
_CUT_OFF = re.compile(r'(?:[\w,;(\-–]|…|\.\.\.|\[(?:…|\.\.\.)\])[\s"”’»]{0,2}$')
FOOTER_MAX_WORDS = 150

LAZY_SRC_ATTRS = ("data-src", "data-lazy-src", "data-original", "data-url", "data-hi-res-src",
                  "data-full-src")

_WIDGET = re.compile(r"^[^\w(]*(?:%s)\W*$" % "|".join(WIDGET_LABELS), re.I)
_TAIL = re.compile(r"^(?:%s)\W*$" % "|".join(TAIL_LABELS + POINTER_LABELS + DISCUSSION_LABELS), re.I)
_POINTER = re.compile(r"^(?:%s)\W*$" % "|".join(POINTER_LABELS), re.I)
# a documentation page's cross-references, which are part of it (remove_widgets)
_REFERENCE = re.compile(r"^\W*(?:see also|siehe auch|voir aussi|véase también|vedi anche)\b", re.I)
_DISCUSSION = re.compile(r"^(?:%s)\W*$" % "|".join(DISCUSSION_LABELS), re.I)
_PROMO = re.compile(r"^\W*%s" % PROMO_PREFIXES, re.I)
_NOTICE = re.compile(r"^(?:%s)$" % "|".join(SITE_NOTICES), re.I | re.S)
_FILED = re.compile(r"^(?:%s)$" % "|".join(FILED_NOTICES), re.I | re.S)
_FIGURE_TOKEN = re.compile(r"^[▲▼↑↓+\-−%$€£¥]*[\d.,:/%+\-−]*\d[\d.,:/%+\-−]*[▲▼↑↓%]*$|^[▲▼↑↓]$")
_NON_WORD = re.compile(r"[\W_]+")
_ITEM_NUMBER = re.compile(r"\s*\d{1,3}[.)]\s*$")  # "2. " between the links of a written-out list
_HIDDEN_CLASS = re.compile(r"(?:^|[-_])hidden$")
_CLASS_SPLIT = re.compile(r"[\s]+")
_CLUTTER = set(CLUTTER_CLASSES)
_CHROME = set(CHROME_CLASSES)
_PROSE_WORDS = 25
_PROTECTED_SHARE = 0.4
_DATA_CONTAINERS = {"table", "thead", "tbody", "tr", "td", "th", "pre", "code", "ul", "ol", "dl", "li"}
_LEAF_BLOCKS = ("p", "div", "li", "td", "dd", "dt", "span", "h1", "h2", "h3", "h4", "h5", "h6",
                "blockquote", "figcaption", "center", "font")
PROSE_MIN_WORDS = 10  # shorter blocks are labels, teasers or captions, never prose (extract agrees)
TEASER_MIN_LINK_DENSITY = 0.7
TEASER_MAX_WORDS = 25
LISTING_MIN_TEASERS = 8
LINK_RUN_MIN_LINKS = 3
LINK_RUN_MIN_DENSITY = 0.8
LINK_RUN_MAX_WORDS = 80
TAIL_MIN_WORDS = 100
# The most tail labels (and widget labels) one article is searched for (the dev pages' most is
# far below): each widget taken out makes the next label's guard count the article's words
# again, so a hostile page of 20,000 "Related stories" headings took 20 s, and one of 6,000
# comment forms ("Email" is a share button's label too) 10 s
MAX_TAIL_LABELS = 200
TAIL_MIN_SHARE = 0.2
# A discussion label followed by this many headings of its level, each over prose, is a section of
# the story (_one_of_sections)
SECTION_RUN = 2
# What follows a tail heading is the story going on under it (a section named "Related research",
# a book list whose buttons say "Read on Amazon") once it holds this many words of prose and few
# links; teaser cards, link lists and an author's bio are shorter or made of links.
TAIL_MAX_PROSE_WORDS = 200
TAIL_MAX_LINK_DENSITY = 0.25
RESOURCE_MIN_LINKS = 3  # links after a tail label that point at other sites make a reading list
RESOURCE_LINKS_LOOKED_AT = 12
PROMO_MAX_WORDS = 40  # a "Related: <link>" line is short; a longer paragraph is the article's
# Inline elements: a tail label inside one that shares its block with other words ("Related:
# <a>Other story</a>", "<strong>Recommended</strong> Books for Beginners") heads no section.
_INLINE = {"a", "abbr", "b", "button", "cite", "em", "font", "i", "label", "mark", "small", "span",
           "strong", "sub", "sup", "u"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# A comment's signature line ("Posted by: Name at November 8, 2012 7:12 AM", "Posted by: Andrew |
# Mar 26, 2007"): a poster's name, then a date or time (a digit); this many of them side by side
# are readers' comments (remove_signed_comments)
_COMMENT_SIGNATURE = re.compile(
    r"^(?:posted|written|comment(?:ed)?|submitted) by\s*:?\s+\S.{0,80}?(?:\s(?:at|on)\s|\|).{0,40}\d", re.I)
_SIGNATURE_BLOCKS = ("p", "div", "span", "small", "em", "i", "footer", "cite")
SIGNATURE_MAX_WORDS = 25
SIGNED_COMMENTS_MIN = 3
SIGNATURES_LOOKED_AT = 1000
SIGNED_POST_MIN_WORDS = 30  # fewer before the first signed block: that block is the post
# A comment form's field labels, as lines (remove_comment_form): a name and a mail field in a row
_FORM_NAME = re.compile(r"\b(?:name|nom|nombre|nome)\b", re.I)
_MAIL_WORDS = ("mail", "courriel", "correo")  # "e-mail" and "email" hold "mail"
_FORM_MAIL = re.compile(r"\b(?:e-?mail|%s)\b" % "|".join(_MAIL_WORDS), re.I)
_FORM_LABEL = re.compile(
    r"^(?:your |ihr |votre |tu )?(?:(?:full )?name|nickname|e-?mail(?: address| adresse)?|mail|courriel"
    r"|correo|website|web ?site|url|homepage|nom|nombre|nome|webseite|site web|sitio web)"
    r"(?:\s*\((?:required|will not be published|hidden|never shared|optional|erforderlich|obligatoire"
    r"|requerido)\))*\s*[:*]?\s*\*?$", re.I)
_FORM_ONLY = re.compile(r"\(|\*|^(?:your|ihr|votre|tu) ", re.I)
FORM_LABEL_MAX_WORDS = 8
FORM_POST_MIN_WORDS = 10
# ... and it comes after this share of the article: a sign-up box ("Your name", "Email *") in the
# middle of a story is not where the story ends
FORM_AFTER_SHARE = 0.5
WIDGET_ITEM_MAX_WORDS = 15  # plain text: shorter lines after a widget label are its items
CAPTION_CLASSES = {"caption", "credit", "photo-credit", "image-caption", "wp-caption-text"}
# A picture's caption or credit marked by its class rather than as <figcaption> (WordPress's
# "wp-caption-text", "figure__caption", "image-annotation", "imagedescription", "post-image-credits",
# German sites' "bildunterschrift"): any one of these words among the class's parts ...
CAPTION_WORDS = {"caption", "credit", "credits", "imagedescription", "imagecaption",
                 "bildunterschrift", "bildnachweis", "fotonachweis"}
# ... or all of one of these pairs
CAPTION_PAIRS = ({"image", "annotation"}, {"image", "description"}, {"photo", "description"})
CAPTION_MAX_WORDS = 60
PICTURE_BOX_CAPTION_MAX_WORDS = 40  # a longer block in a picture's box is its text, not a caption
_CAPTION_HINT = re.compile("|".join(sorted(CAPTION_WORDS | {"annotation", "description"})), re.I)
# how far up from the caption its picture may sit (the caption's block, and the one around it)
CAPTION_PICTURE_HOPS = 2
_PICTURES = ("img", "picture", "video")
PICTURE_AGENCIES = ["getty ?images", "shutterstock(?:\\.com)?", "istock(?:photo)?(?:\\.com)?", "afp", "dpa",
                    "reuters", "ap(?: photo)?", "epa(?:-efe)?", "picture[- ]alliance", "imago(?: images)?",
                    "keystone", "ansa", "efe", "xinhua", "anadolu(?: agency)?", "abaca(?:press)?", "sipa",
                    "alamy(?: stock photo)?", "unsplash", "pexels", "pixabay", "adobe ?stock", "fotolia",
                    "depositphotos", "123rf", "wikimedia commons", "flickr", "pa(?: images| wire)?"]
# A picture's credit on a line of its own: a credit word and its colon, then a name (or nothing)
_CREDIT_LINE = re.compile(
    r"^\W{0,3}(?:(?:titel)?(?:fotos?|bild(?:er)?)(?:quelle|nachweis)?|foto-?nachweis|photos?|"
    r"(?:photo|image|picture) credits?|credits?|cr[ée]dits? (?:photos?|images?)|cr[ée]dito|imagen)"
    r"\s*:(?:\s*\S.{0,100})?$|^\W{0,3}(?:©|\(c\))\s*\w[^.!?]{0,60}$"
    # ... or names and an agency or a stock library, apart by a slash or bar ("Name/Getty Images",
    # "AFP / NAME", "(Foto) Name | dpa")
    r"|^\W{0,3}(?:[^.!?/|]{1,50}\s*[/|]\s*)?(?:%s)(?:\s*[/|]\s*[^.!?/|]{1,50})?\W{0,3}$"
    % "|".join(PICTURE_AGENCIES), re.I)
CREDIT_LINE_MAX_WORDS = 12
# what a credit line longer than a bare agency's name ("Reuters") holds: a colon, a copyright
# sign, or a slash or bar between names
_CREDIT_MARKS = (":", "©", "(c)", "(C)", "/", "|")
CREDIT_LINE_MAX_CHILDREN = 3  # "<em>Foto:</em> <a>Name</a>/<a>Agentur</a>"
CREDIT_LINE_MAX_CHARS = 300  # its text with the page's whitespace, before the words are counted
_CREDIT_BLOCKS = ("p", "div", "li", "dd", "span", "figcaption", "center", "font", "small", "em", "i",
                  "strong")
REPEAT_MIN_WORDS = 20  # remove_repeated_opening: a long paragraph, not a line or a slogan
REPEAT_RUN_MIN = 2
DANGLING_LABEL_MAX_WORDS = 6  # a label at the article's end ("Lesen Sie auch die folgenden Beiträge:")
# Code and what a highlighter nests in it: a listing (<pre>), code in a sentence, keys, output
CODE_TAGS = ("pre", "code", "kbd", "samp")


# While clean() runs, each rule asks again for the words of the same blocks (every label, every
# ancestor a guard or a widget climb looks at) and climbs the same ancestors: a block's text, its
# word count and whether it is still attached are read once between two changes to the tree.
# Removing a block changes the text of its ancestors only (its tail stays with its parent), so a
# removal forgets theirs; any other change forgets everything.
@dataclass
class _Memory:
    texts: dict = field(default_factory=dict)
    collapsed: dict = field(default_factory=dict)  # text_of's
    word_counts: dict = field(default_factory=dict)
    attached: dict = field(default_factory=dict)
    leaves: dict = field(default_factory=dict)  # _leaf_blocks' lists, by the element searched

    def forget(self) -> None:
        self.texts.clear()
        self.collapsed.clear()
        self.word_counts.clear()
        self.attached.clear()
        self.leaves.clear()

    def retagged(self) -> None:
        """An element has a new tag: its text reads the same, but it may now be a block."""
        self.leaves.clear()

    def dropped(self, el: HtmlElement, parent: HtmlElement) -> None:
        """el was dropped from parent (its tail kept): only parent and its ancestors read
        differently now, and el and what it held are no longer attached."""
        self.leaves.clear()  # el's blocks are gone, and its parent may be a leaf block now
        for node in (parent, *parent.iterancestors()):
            self.texts.pop(node, None)
            self.collapsed.pop(node, None)
            self.word_counts.pop(node, None)
        attached = self.attached
        if attached:
            for node in el.iter():
                attached.pop(node, None)


_MEMORY: ContextVar[_Memory | None] = ContextVar("clean_memory", default=None)


@contextmanager
def _remembering() -> Iterator[None]:
    token = _MEMORY.set(_Memory())
    try:
        yield
    finally:
        _MEMORY.reset(token)


def _text(el: HtmlElement) -> str:
    memory = _MEMORY.get()
    if memory is None:
        return el.text_content()
    text = memory.texts.get(el)
    if text is None:
        text = memory.texts[el] = el.text_content()
    return text


def reading_unchanged() -> AbstractContextManager[None]:
    """For a block that reads the page and changes nothing in it (extract's choice between the
    two picks, which reads the same blocks' text from rule to rule): each element's text is read
    once."""
    return _remembering()


def _tree_changed() -> None:
    memory = _MEMORY.get()
    if memory is not None:
        memory.forget()


def holds(el: HtmlElement, tag: str) -> bool:
    """Whether el has a tag descendant (el.find(".//tag") at half the cost: no path to parse)."""
    return next(el.iterdescendants(tag), None) is not None


def words(el: HtmlElement) -> int:
    memory = _MEMORY.get()
    if memory is None:
        return count_words(el.text_content())
    n = memory.word_counts.get(el)
    if n is None:
        n = memory.word_counts[el] = count_words(_text(el))
    return n


def text_of(el: HtmlElement) -> str:
    """An element's text with its whitespace collapsed, as a reader sees it."""
    memory = _MEMORY.get()
    if memory is None:
        return " ".join(el.text_content().split())
    text = memory.collapsed.get(el)
    if text is None:
        text = memory.collapsed[el] = " ".join(_text(el).split())
    return text


def has_text(el: HtmlElement) -> bool:
    """bool(text_of(el)), without building the collapsed text (split and strip agree on what
    whitespace is)."""
    return bool(_text(el).strip())


def link_density(el: HtmlElement) -> float:
    total = len(_text(el))
    if not total:
        return 0.0
    linked = sum(len(_text(a)) for a in el.iter("a"))
    return linked / total


def _own_label(el: HtmlElement) -> str:
    return text_of(el).lower()


def _has_prose(el: HtmlElement) -> bool:
    """True when el holds a real paragraph of text, not teasers or link lists."""
    for p in el.iter("p", "blockquote", "li", "div"):
        if words(p) >= _PROSE_WORDS and link_density(p) < 0.3 and not holds(p, "p"):
            return True
    return False


def _remove(el: HtmlElement, *, keep_content: bool = False) -> None:
    """Drop el but keep the text that follows it (lxml stores it on el.tail); keep_content: drop
    only its tag, its text and children staying where they were (the text reads the same)."""
    parent = el.getparent()
    if parent is not None:
        if keep_content:
            el.drop_tag()
        else:
            el.drop_tree()
        memory = _MEMORY.get()
        if memory is not None:
            memory.dropped(el, parent)


def _class_words(el: HtmlElement) -> frozenset[str]:
    cls, ident = el.get("class"), el.get("id")
    if cls is None and ident is None:
        return frozenset()  # most elements
    return _words_of_class(f"{cls or ''} {ident or ''}")


@lru_cache(maxsize=4096)
def _words_of_class(raw: str) -> frozenset[str]:
    """The words of a class and id ("post-footer" as post-footer, post and footer), lower-cased.
    Remembered: a page repeats its few classes on hundreds of elements."""
    out: set[str] = set()
    for token in _CLASS_SPLIT.split(raw.lower()):
        if token:
            out.add(token)
            out.update(t for t in re.split(r"[-_]", token) if t)
    return frozenset(out)


def _hidden_by_class(el: HtmlElement) -> bool:
    """A class that hides its element ("hidden", "vjs-hidden", "is-hidden"); the page's CSS is
    not here to say so. "hidden-xs" (hidden on phones only) does not count."""
    return any(_HIDDEN_CLASS.search(token) for token in el.get("class", "").lower().split())


class _Guard:
    """Refuses removals that would take a large share of the article with them."""

    def __init__(self, root: HtmlElement):
        self.root = root
        self.total = max(words(root), 1)

    def may_remove(self, el: HtmlElement) -> bool:
        return el is not self.root and words(el) < _PROTECTED_SHARE * self.total


def _widget_of(label: HtmlElement, guard: _Guard) -> HtmlElement:
    """Climb from a widget label to the largest ancestor that is still only widget."""
    el = label
    while True:
        parent = el.getparent()
        if parent is None or parent is guard.root or not guard.may_remove(parent):
            return el
        if _has_prose(parent):
            return el
        el = parent


def remove_by_class(root: HtmlElement) -> int:
    guard = _Guard(root)
    removed = 0
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el is root or el.getparent() is None:
            continue
        if el.tag == "aside" and guard.may_remove(el):
            _remove(el)
            removed += 1
            continue
        cls = _class_words(el)
        if not cls:
            continue
        teasers = bool(cls & _CLUTTER) and _linked_excerpts(el)
        clutter = (cls & _CLUTTER or _hidden_by_class(el)) and (teasers or not _has_prose(el))
        chrome = cls & _CHROME and words(el) <= 15
        # a list of teasers may outweigh a short post, which still stands without it
        stands = teasers and words(root) - words(el) >= TAIL_MIN_WORDS
        if (clutter or chrome) and (guard.may_remove(el) or stands):
            _remove(el)
            removed += 1
    return removed


def _linked_excerpts(el: HtmlElement) -> bool:
    """A list whose every item links somewhere (a related-posts list with each post's excerpt):
    teasers, however much prose the excerpts hold."""
    if el.tag not in ("ul", "ol"):
        return False
    items = [li for li in el.iterchildren("li") if has_text(li)]
    return len(items) >= 2 and all(holds(li, "a") for li in items)


def _names_author_box(el: HtmlElement) -> bool:
    """A box about the article's author: a class or id that names the author (author, autor)
    beside a word for a box, a bio or a description (author-box, about-author, authorBio,
    artDetailAutor__beschreibung), or a schema.org Person item given as the article's author."""
    if "person" in (el.get("itemtype") or "").lower() and "author" in (el.get("itemprop") or "").lower():
        return True
    cls, ident = el.get("class"), el.get("id")
    if cls is None and ident is None:
        return False  # most elements
    return _names_author(f"{cls or ''} {ident or ''}")


@lru_cache(maxsize=4096)
def _names_author(raw: str) -> bool:
    raw = raw.lower()
    return bool(_AUTHOR_NAME.search(raw)) and bool(_AUTHOR_BOX.search(raw))


def remove_author_boxes(root: HtmlElement) -> int:
    """The author's bio under the article ("About Kathrin: Hallo, ich bin Foodbloggerin...",
    "Leiterin Redaktion Leben und Gesundheit" and a mail link): a box that names itself an
    author box (_names_author_box), holds a bio's words at most (AUTHOR_BOX_MAX_WORDS) and
    comes after the bulk of the article. The reader view shows the byline from metadata; a bio
    is the site's, not the story's. A box before the story is its byline, which chrome rules
    judge."""
    guard = _Guard(root)
    removed = 0
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el is root or el.tag in _DATA_CONTAINERS:
            continue
        if not _names_author_box(el) or not _is_attached(el, root) or not guard.may_remove(el):
            continue
        if words(el) <= AUTHOR_BOX_MAX_WORDS and _ends_article(_words_before(root, el), guard.total):
            _remove(el)
            removed += 1
    return removed


def _labels(root: HtmlElement) -> Iterable[HtmlElement]:
    """Elements whose whole text is short enough to be a label, innermost first. Code is never
    a label: a highlighter wraps each token of a listing in a <span>, and `print`, `email` or
    `share` there is a name in the program, not a share bar's button."""
    in_code = {el for code in root.iter(*CODE_TAGS) for el in code.iter()}  # one walk in C
    for el in root.iter():
        if not isinstance(el.tag, str) or el is root or el in in_code:
            continue
        n = words(el)
        if 0 < n <= 12:
            yield el


def _in_content_table(el: HtmlElement, guard: _Guard) -> bool:
    """In a table of the article's (a comparison of "Facebook", "LinkedIn" and "Email" by their
    prices) rather than a share bar laid out as one: some cell of it is not a widget label. The
    layout table around a whole old-style page does not count."""
    table = next(el.iterancestors("table"), None)
    if table is None or not guard.may_remove(table) or not _is_attached(table, guard.root):
        return False
    return any(has_text(cell) and not _WIDGET.match(_own_label(cell)) for cell in table.iter("td", "th"))


def remove_widgets(root: HtmlElement, docs: bool = False) -> int:
    """At a widget's label ("Sponsored links", "See also"), drop the widget. On a documentation
    page "See also" lists the reference's neighbours, part of it (MDN's, a man page's)."""
    guard = _Guard(root)
    removed = seen = 0
    for el in list(_labels(root)):
        if el.getparent() is None or not _is_attached(el, root):
            continue
        label = _own_label(el)
        if docs and _REFERENCE.match(label):
            continue
        if _WIDGET.match(label) and not _in_content_table(el, guard):
            seen += 1
            if seen > MAX_TAIL_LABELS:
                break  # a page of nothing but widget labels: each removal re-reads the article
            target = _widget_of(el, guard)
            if guard.may_remove(target):
                removed += _remove_teasers_after(target, guard)
                _remove(target)
                removed += 1
    return removed


def _is_teaser(el: HtmlElement) -> bool:
    return 0 < words(el) <= WIDGET_ITEM_MAX_WORDS and link_density(el) >= 0.5


def _is_teaser_list(el: HtmlElement) -> bool:
    items = list(el.iterchildren("li")) if el.tag in ("ul", "ol") else []
    return bool(items) and all(_is_teaser(li) for li in items if words(li))


def _remove_teasers_after(label: HtmlElement, guard: _Guard) -> int:
    """A widget whose markup was flattened (its wrappers gone, its cards now siblings of the
    article's paragraphs) keeps only its label for _widget_of to find: the cards that follow
    are short blocks that are mostly one link ("Is your tinnitus getting worse? (Watch)" and the
    advertiser's name). They go up to the first block that is not one."""
    if (label.tail or "").strip():
        return 0
    removed = 0
    for sib in list(label.itersiblings()):
        if not isinstance(sib.tag, str):
            break
        n = words(sib)
        if n == 0 and holds(sib, "img"):
            _remove(sib)  # a card's thumbnail
            continue
        if not (_is_teaser(sib) or _is_teaser_list(sib)) or not guard.may_remove(sib):
            break
        tail = (sib.tail or "").strip()
        _remove(sib)
        removed += 1
        if tail:
            break
    return removed


def _signatures(root: HtmlElement) -> list[HtmlElement]:
    """The blocks that are only a comment's signature line, innermost, in document order."""
    found = []
    for el in root.iter(*_SIGNATURE_BLOCKS):
        if el is root or not 2 <= words(el) <= SIGNATURE_MAX_WORDS:
            continue
        if _COMMENT_SIGNATURE.match(text_of(el)) and not any(
                isinstance(child.tag, str) and text_of(child) == text_of(el) for child in el):
            found.append(el)
            if len(found) >= SIGNATURES_LOOKED_AT:
                break  # a page of nothing but signatures: each climbs its ancestors
    return found


def remove_signed_comments(root: HtmlElement) -> int:
    """Readers' comments under a blog post, each signed "Posted by: Name at November 8, 2012
    7:12 AM" (Movable Type's and TypePad's comment lists, whose heading the extractor left
    behind): blocks alike, side by side, each holding one signature. They go from the first
    one after the post; where the post is signed the same way, it is the first of them and
    stays. A thread's posts (page/thread.py) are not asked: there they are the article."""
    signatures = _signatures(root)
    if len(signatures) < SIGNED_COMMENTS_MIN:
        return 0
    held = Counter(a for sig in signatures for a in sig.iterancestors() if a is not root)
    units: dict[HtmlElement, list[HtmlElement]] = {}
    for sig in signatures:
        unit = sig
        for a in sig.iterancestors():
            if a is root or held[a] > 1:
                break
            unit = a
        parent = unit.getparent()
        if parent is not None:
            units.setdefault(parent, []).append(unit)
    parent, comments = max(units.items(), key=lambda kv: len(kv[1]))
    if len(comments) < SIGNED_COMMENTS_MIN:
        return 0
    if _words_before(root, comments[0]) < SIGNED_POST_MIN_WORDS:
        comments = comments[1:]  # no post before them: the first is the post, signed alike
        if not comments or words(root) - sum(map(words, comments)) < SIGNED_POST_MIN_WORDS:
            return 0
    first, last = parent.index(comments[0]), parent.index(comments[-1])
    doomed = [el for el in parent[first:last + 1] if isinstance(el.tag, str)]
    for el in doomed:
        _remove(el)
    return len(doomed)


def remove_comment_form(root: HtmlElement) -> int:
    """A comment form's field labels ("Name (required)", "Mail (will not be published)
    (required)", "Website") left as lines where an extractor dropped its inputs: the form and
    what follows it (the comments it adds to, the footer) are no article. Known by a name field
    and a mail field among labels in a row, one of them a form's ("(required)", "Your Name",
    "Email *"): a tutorial's or a table's "Name" and "Email" lines are not."""
    article = _text(root).lower()
    if not any(word in article for word in _MAIL_WORDS):
        return 0  # most articles: no word for a mail field anywhere (a few searches in C)
    first, name, mail, form, asked = None, False, False, False, False
    for el in _leaf_blocks(root):
        if words(el) <= FORM_LABEL_MAX_WORDS and _FORM_LABEL.match(text := text_of(el)):
            first = first if first is not None else el
            name, mail = name or bool(_FORM_NAME.search(text)), mail or bool(_FORM_MAIL.search(text))
            form = form or bool(_FORM_ONLY.search(text))
            if name and mail and form and not asked:
                before = _words_before(root, first)
                if before >= FORM_POST_MIN_WORDS and before >= FORM_AFTER_SHARE * words(root):
                    return _cut_from(first, root)
                asked = True  # no post before this form, or a sign-up box mid-story: asked once
        else:
            first, name, mail, form, asked = None, False, False, False, False
    return 0


def _is_attached(el: HtmlElement, root: HtmlElement) -> bool:
    """Whether el is still under root (a rule may have removed an ancestor). Within clean(),
    answers are remembered along the way up until the tree changes, so a block's siblings and
    descendants do not climb the same ancestors again."""
    memory = _MEMORY.get()
    if memory is None:
        return any(a is root for a in el.iterancestors())
    known = memory.attached
    path = []
    node = el.getparent()
    while True:
        if node is root:
            answer = True
            break
        if node is None:
            answer = False
            break
        answer = known.get(node)
        if answer is not None:
            break
        path.append(node)
        node = node.getparent()
    for node in path:
        known[node] = answer
    return answer


def _words_before(root: HtmlElement, target: HtmlElement) -> int:
    n = 0
    for el in root.iter():
        if el is target:
            return n
        if isinstance(el.tag, str):
            n += len((el.text or "").split())
        n += len((el.tail or "").split()) if el is not root else 0
    return n


def _ends_article(words_before: int, total: int) -> bool:
    """A tail heading ends the article once a real article came before it. The part after it
    (teasers, comments) can be several times longer than the article, so a fifth is enough."""
    return words_before >= TAIL_MIN_WORDS and words_before >= TAIL_MIN_SHARE * total


def _in_data_block(el: HtmlElement, guard: _Guard) -> bool:
    """Inside a table or list that is part of the article, not the layout table around it (old
    pages put the whole story in one <td>)."""
    for a in el.iterancestors():
        if a is guard.root:
            return False
        if a.tag in _DATA_CONTAINERS and guard.may_remove(a):
            return True
    return False


def _block_of(el: HtmlElement, root: HtmlElement) -> HtmlElement:
    """The block an inline label sits in (el itself when it is a block)."""
    while el.tag in _INLINE:
        parent = el.getparent()
        if parent is None or parent is root:
            break
        el = parent
    return el


def _opens_a_line(label: HtmlElement, root: HtmlElement) -> HtmlElement | None:
    """The block of a label that shares it with other words (a count like "(3)" aside): such a
    label is the start of a line of text, not a heading."""
    block = _block_of(label, root)
    if block is label:
        return None
    rest = text_of(block).replace(text_of(label), "", 1)
    return block if LETTER.search(rest) else None


def _links_after(label: HtmlElement, line: HtmlElement) -> list[HtmlElement]:
    """The links of a label's line besides the label itself ("Related: <a>...</a> <a>...</a>")."""
    inside = {id(a) for a in label.iterancestors("a")} | {id(a) for a in label.iter("a")}
    return [a for a in line.iter("a") if id(a) not in inside and has_text(a)]


def _is_link(el: HtmlElement) -> bool:
    """A label that is a link itself ("More posts | Website" in an author box) is one of a row of
    links, not a title for the one after it."""
    return holds(el, "a") or el.tag == "a" or next(el.iterancestors("a"), None) is not None


def _following(el: HtmlElement, root: HtmlElement) -> Iterator[HtmlElement]:
    """What a cut at el removes: the later siblings of el and of each of its ancestors under root."""
    node = el
    while node is not None and node is not root:
        for sib in node.itersiblings():
            if isinstance(sib.tag, str):
                yield sib
        node = node.getparent()


def _leaves_of(el: HtmlElement) -> Iterable[HtmlElement]:
    if el.tag in _LEAF_BLOCKS and next(el.iterchildren(*_LEAF_BLOCKS), None) is None:
        return (el,)
    return _leaf_blocks(el)


def _story_goes_on(label: HtmlElement, root: HtmlElement) -> bool:
    """Whether what follows a tail heading reads as more of the story: it opens with text, not a
    link, and holds paragraphs of prose and few links. A site's tail opens with a teaser or a
    link list (whatever follows those: comments nobody labelled, a footer) or is short items."""
    chars = linked = prose = 0
    opened = False
    for sib in _following(label, root):
        chars += len(_text(sib))
        linked += sum(len(_text(a)) for a in sib.iter("a"))
        for block in _leaves_of(sib):
            n = words(block)
            density = link_density(block)
            if not opened and n:
                if density >= 0.5:
                    return False
                opened = True
            if n >= _PROSE_WORDS and density < 0.3 and ends_like_sentence(text_of(block)):
                prose += n
    return prose >= TAIL_MAX_PROSE_WORDS and linked < TAIL_MAX_LINK_DENSITY * chars


def _site_of(href: str) -> str:
    """The host a link points at, without "www."; "" for a link within the page's own site (a
    relative one) or none at all."""
    host = urlsplit(href.strip()).hostname or ""
    return host.removeprefix("www.")


def _points_elsewhere(label: HtmlElement, root: HtmlElement) -> bool:
    """Whether the links after a tail label are a reading list rather than the site's teasers:
    "More from Cornell on climate change:" over a book, a guide and two other gardens' pages.
    A site's teasers, related stories and next-article links point into the site itself, so
    most of them share one host (or are relative); a reading list spreads over many. Its entries
    say what each is; a list that opens with a bare headline is other outlets' teasers."""
    first = next((b for sib in _following(label, root) for b in _leaves_of(sib) if words(b)), None)
    if first is None or words(first) <= WIDGET_ITEM_MAX_WORDS:
        return False
    sites = []
    for sib in _following(label, root):
        for a in sib.iter("a"):
            if has_text(a) and a.get("href"):
                sites.append(_site_of(a.get("href")))
        if len(sites) >= RESOURCE_LINKS_LOOKED_AT:
            break
    sites = sites[:RESOURCE_LINKS_LOOKED_AT]
    if len(sites) < RESOURCE_MIN_LINKS:
        return False
    most = max(sites.count(site) for site in set(sites))
    return most < 0.5 * len(sites)


def cut_closing_footer(root: HtmlElement) -> int:
    """The site's closing words that came along with the article's last paragraphs: from its
    copyright line, its appeal for donations or the plug for its app or shop (_FOOTER_START, in a
    short block) to the end, when that end is short. Under a story these are the site talking
    (the disclaimers that follow a copyright line too); a story that speaks of donations goes on
    for longer after it."""
    after = 0
    start = None
    for block in reversed(list(_leaf_blocks(root))):
        n = words(block)
        after += n
        if after > FOOTER_MAX_WORDS:
            break
        if n <= FOOTER_BLOCK_MAX_WORDS and _FOOTER_START.search(text_of(block)):
            start = block
    if start is None or not _ends_article(_words_before(root, start), max(words(root), 1)):
        return 0
    return _cut_from(start, root)


def _is_excerpt(text: str) -> bool:
    """A paragraph cut off mid-sentence ("...and prepare comprehensive applications,", "... [...]")."""
    if count_words(text) < EXCERPT_MIN_WORDS or not _CUT_OFF.search(text[-10:]):  # ends in 7 at most
        return False
    return text.rstrip().endswith(("…", "...", "]")) or not ends_like_sentence(text)


def _cut_alike(run: list[HtmlElement]) -> bool:
    """Excerpts are cut at one length (a number of characters or words): quotes, comments and
    a reference's descriptions that end without a full stop are of any length."""
    sizes = [len(text_of(el)) for el in run]
    return max(sizes) <= EXCERPT_LENGTH_SPREAD * min(sizes)


def remove_excerpt_runs(root: HtmlElement) -> int:
    """Teasers for the site's other posts that lost their headlines and links on the way (a
    listing's excerpts flattened under the article): three or more paragraphs in a row after the
    bulk of the article, each the opening of another text cut off mid-sentence at one length.
    The article's own paragraphs end their sentences."""
    blocks = list(_leaf_blocks(root))
    run: list[HtmlElement] = []
    removed = 0
    for block in [*blocks, None]:
        if block is not None and block.tag in ("p", "div") and words(block) >= EXCERPT_MIN_WORDS \
                and _is_excerpt(text_of(block)):
            run.append(block)
            continue
        if len(run) >= EXCERPT_RUN and _cut_alike(run) and \
                _ends_article(_words_before(root, run[0]), max(words(root), 1)):
            for el in run:
                _remove(el)
                removed += 1
        run = []
    return removed


def _cut_from(el: HtmlElement, root: HtmlElement) -> int:
    """Drop el and everything after it in the article."""
    node = el
    cut = 0
    while node is not None and node is not root:
        for sib in list(node.itersiblings()):
            sib.getparent().remove(sib)
            cut += 1
        node.tail = None
        node = node.getparent()
    _tree_changed()  # the cut changed the text of every block along the way up
    _remove(el)
    return cut + 1


def _leads_elsewhere(el: HtmlElement) -> bool:
    """Whether a label is a link to another page (not to a part of this one, "#comments")."""
    a = el if el.tag == "a" else next(el.iterancestors("a"), None)
    if a is None:
        a = next(el.iter("a"), None)
    href = (a.get("href") or "").strip() if a is not None else ""
    return bool(href) and "#" not in href and not href.lower().startswith("javascript:")


def _heads_list(el: HtmlElement, guard: _Guard) -> HtmlElement | None:
    """The list a label titles as its first item ("Das könnte Sie auch interessieren" and then
    the teaser cards, each an <li>): the list, when the label is that whole first item and the
    list is not inside a table or list of the article's."""
    li = el if el.tag == "li" else next(el.iterancestors("li"), None)
    lst = li.getparent() if li is not None else None
    if lst is None or lst.tag not in ("ul", "ol") or text_of(li) != text_of(el):
        return None
    items = [item for item in lst.iterchildren("li") if has_text(item)]
    if len(items) < 3 or items[0] is not li or _in_data_block(lst, guard) or not guard.may_remove(lst):
        return None
    return lst


def cut_tail_sections(root: HtmlElement) -> int:
    """At a heading like "Related Articles", drop it and everything after it in the article.
    A label that opens a sentence heads nothing; one that opens a line of links is the line's
    title. Followed by more of the story, a label is only a widget's title or the story's own
    heading, except over readers' comments and the author's bio, which are prose too."""
    guard = _Guard(root)
    seen = 0
    for el in list(_labels(root)):
        text = _own_label(el)
        if not _is_attached(el, root) or not _TAIL.match(text):
            continue
        seen += 1
        if seen > MAX_TAIL_LABELS:
            break  # a page of nothing but labels: each widget's removal re-reads the article
        if el.tag in _DATA_CONTAINERS or _in_data_block(el, guard):
            # "Comment" as a table header or list entry is content, not a section; a list's
            # first item can be the title of the rest
            el = None if _DISCUSSION.match(text) else _heads_list(el, guard)
            if el is None:
                continue
        # Only a label after the bulk of the article ends it; earlier it is a widget. A button to
        # the comments on another page ("Leave a comment" under a newsletter post) heads nothing here.
        ends = _ends_article(_words_before(root, el), guard.total) and not (
            _DISCUSSION.match(text) and (_leads_elsewhere(el) or _one_of_sections(el)))
        label = None if ends else el
        if ends and not _DISCUSSION.match(text):
            line = _opens_a_line(el, root)
            if line is None and _points_elsewhere(el, root):
                continue  # a reading list the article gives
            if line is not None:
                links = _links_after(el, line)
                if sum(len(_text(a)) for a in links) <= 0.5 * (len(_text(line)) - len(_text(el))):
                    continue  # the first words of a sentence or of a longer heading
                if len(links) == 1 and not _is_link(el):
                    if guard.may_remove(line):
                        _remove(line)  # "Related: <a>One story</a>" points at one story, heads no list
                    continue
            if (line is not None or not _POINTER.match(text)) and _story_goes_on(el, root):
                if line is None and el.tag in _HEADINGS:
                    continue  # the story's own heading ("More on this topic")
                label = el if line is None else line  # "Related: <a>...</a>" in the story goes whole
        if label is not None:
            if guard.may_remove(label) and not _has_prose(label):
                widget = _widget_of(label, guard)
                _remove_teasers_after(widget, guard)
                _remove(widget)
            continue
        return _cut_from(el, root)
    return 0


def _heading_of(el: HtmlElement) -> HtmlElement | None:
    """The heading whose whole text el is (itself, or the <h2> around its <span>), or None."""
    node = el
    while node.tag not in _HEADINGS:
        parent = node.getparent()
        if parent is None or text_of(parent) != text_of(node):
            return None
        node = parent
    return node


def _prose_words(el: HtmlElement) -> int:
    """Words of el's text outside its links."""
    return words(el) - sum(words(a) for a in el.iter("a"))


def _one_of_sections(label: HtmlElement) -> bool:
    """Whether a discussion label ("Comment") is one of the story's own section headings: more
    headings of its level follow it (SECTION_RUN), none a tail label, with prose under each and
    under it (a guest post's "Comment", "Briefing", "Access", "Data": what to offer a journalist).
    Readers' comments follow their heading as posts, not as sections headed alike."""
    heading = _heading_of(label)
    if heading is None:
        return False
    run, under = 0, count_words(heading.tail or "")
    for sib in heading.itersiblings():
        if not isinstance(sib.tag, str):
            continue
        if sib.tag == heading.tag:
            if under < _PROSE_WORDS or _TAIL.match(_own_label(sib)):
                return False
            run += 1
            if run >= SECTION_RUN:
                return True
            under = 0
        else:
            under += _prose_words(sib)
        under += count_words(sib.tail or "")
    return False


def _leaf_blocks(root: HtmlElement) -> Iterable[HtmlElement]:
    """Text blocks with no block among their children, in document order (a <p> whose only
    block is inside a link or an emphasis counts too, and so does that block). Within clean()
    the list is remembered until the tree changes: seven rules walk the same blocks."""
    memory = _MEMORY.get()
    if memory is None:
        return _walk_leaf_blocks(root)
    blocks = memory.leaves.get(root)
    if blocks is None:
        blocks = memory.leaves[root] = tuple(_walk_leaf_blocks(root))
    return blocks


def _walk_leaf_blocks(root: HtmlElement) -> Iterator[HtmlElement]:
    for el in root.iter(*_LEAF_BLOCKS):
        if el is not root and next(el.iterchildren(*_LEAF_BLOCKS), None) is None and text_of(el):
            yield el


def _retag(el: HtmlElement, tag: str) -> None:
    """Give el a new tag (a caption's: figcaption); the text reads the same."""
    el.tag = tag
    memory = _MEMORY.get()
    if memory is not None:
        memory.retagged()


def _is_ticker(text: str) -> bool:
    tokens = text.split()
    figures = sum(1 for t in tokens if _FIGURE_TOKEN.match(t))
    return len(tokens) >= 3 and figures >= TICKER_MIN_NUMBER_SHARE * len(tokens)


def remove_lead_clutter(root: HtmlElement) -> int:
    """Before the first paragraph: drop a lone date, a weather line, a market ticker (the reader
    view shows the date from the page's metadata; the others belong to the page's header)."""
    removed = 0
    for el in list(_leaf_blocks(root)):
        text = text_of(el)
        n = count_words(text)
        if n >= PROSE_MIN_WORDS and ends_like_sentence(text):
            break  # the article has started
        if el.tag in ("h1", "h2", "h3", "h4", "h5", "h6", "figcaption") or n > 20 or el.getparent() is None:
            continue
        if LONE_DATE.match(text) or (n <= 8 and TEMPERATURE.search(text)) or _is_ticker(text):
            _remove(el)
            removed += 1
    return removed


class _Notices(NamedTuple):
    """The patterns remove_site_notices reads a block with."""
    notice: re.Pattern
    filed: re.Pattern
    pay: re.Pattern
    link: re.Pattern
    self_named: re.Pattern

    def disclosure(self, text: str, n: int) -> bool:
        """The site's affiliate disclosure: the payment, what it is for, and (past
        DISCLOSURE_BARE_WORDS) the site or its writer."""
        return bool(self.pay.search(text) and self.link.search(text)
                    and (n <= DISCLOSURE_BARE_WORDS or self.self_named.search(text)))


# The notice patterns ignore case, and Python's re runs such a pattern several times slower than
# the same pattern, minding case, on the lower-cased text. Their words are all lower-case, so
# on ASCII text the answers are the same (a test compares them); other text gets the patterns
# as written (their case folding reaches a few letters beyond ASCII that lower() does not).
_NOTICE_PATTERNS = _Notices(_NOTICE, _FILED, _DISCLOSURE_PAY, _DISCLOSURE_LINK, _DISCLOSURE_SELF)
_NOTICE_PATTERNS_LOWER = _Notices(*(re.compile(p.pattern, p.flags & ~re.IGNORECASE)
                                    for p in _NOTICE_PATTERNS))


def _notice_patterns(text: str) -> tuple[str, _Notices]:
    """The text to search and the notice patterns to search it with (_NOTICE_PATTERNS_LOWER)."""
    return (text.lower(), _NOTICE_PATTERNS_LOWER) if text.isascii() else (text, _NOTICE_PATTERNS)


def remove_site_notices(root: HtmlElement) -> int:
    """Tag lines, comment rules, filing lines and affiliate disclosures: short blocks that
    match SITE_NOTICES or FILED_NOTICES whole, or read as the site's disclosure."""
    removed = 0
    for el in list(_leaf_blocks(root)):
        if el.getparent() is None or not _is_attached(el, root):
            continue
        n = words(el)
        if n > FILED_MAX_WORDS:
            continue  # longer than any notice
        text, patterns = _notice_patterns(text_of(el))
        if (n <= NOTICE_MAX_WORDS and patterns.notice.match(text)) or patterns.filed.match(text) \
                or (n <= DISCLOSURE_MAX_WORDS and patterns.disclosure(text, n)):
            _remove(el)
            removed += 1
    return removed


def _numbered_links(el: HtmlElement) -> bool:
    """Links each led by an item number ("1. <a>...</a> 2. <a>...</a>"): a list the author wrote
    out in a paragraph (where each pictured thing is sold, the sources), not a site's menu."""
    pieces = [el.text] + [child.tail for child in el]
    return sum(1 for piece in pieces if piece and _ITEM_NUMBER.match(piece)) >= LINK_RUN_MIN_LINKS


def remove_link_runs(root: HtmlElement) -> int:
    """A paragraph or box that is only several links run together (a site's other headlines, a
    tag cloud) is navigation. Lists are left alone: a list of links can be the article's."""
    removed = 0
    for el in list(root.iter("p", "div", "span", "td", "center", "font")):
        if el.getparent() is None or not _is_attached(el, root) or holds(el, "p"):
            continue
        if any(a.tag in ("ul", "ol", "dl", "li", "table") for a in el.iterancestors()):
            continue
        if holds(el, "li") or holds(el, "img") or _numbered_links(el):
            continue
        links = [a for a in el.iter("a") if text_of(a)]
        if len(links) >= LINK_RUN_MIN_LINKS and link_density(el) >= LINK_RUN_MIN_DENSITY \
                and words(el) <= LINK_RUN_MAX_WORDS:
            _remove(el)
            removed += 1
    return removed


def looks_like_listing(root: HtmlElement) -> bool:
    """A home, section or search page: what is left is mostly teasers (short blocks that are
    mostly one link), not paragraphs. Several teasers outweighing the prose, or link blocks and
    no prose at all ("Previous post: ... Next post: ..."), is not an article to read."""
    teasers = teaser_words = prose_words = other_words = prose_first = 0
    for el in _leaf_blocks(root):
        n = words(el)
        density = link_density(el)
        if density >= TEASER_MIN_LINK_DENSITY and n <= TEASER_MAX_WORDS:
            teasers += 1
            teaser_words += n
        elif n >= PROSE_MIN_WORDS and density < 0.3:
            prose_words += n
            prose_first += n if not teasers else 0
        else:
            other_words += n
    # an article followed by a list nobody labelled has its prose first; a listing interleaves
    if teasers >= LISTING_MIN_TEASERS and teaser_words >= prose_words and prose_first < 0.5 * prose_words:
        return True
    return teasers >= 2 and not prose_words and teaser_words >= other_words


def remove_promo_paragraphs(root: HtmlElement, docs: bool = False) -> int:
    """Drop a short paragraph that opens like a pointer ("Read more: ...") and is mostly a link;
    on a documentation page "See also: ..." is a cross-reference and stays."""
    removed = 0
    for el in list(root.iter("p", "li", "div", "h2", "h3", "h4", "strong")):
        if el.getparent() is None or not _is_attached(el, root):
            continue
        text = _own_label(el)
        if docs and _REFERENCE.match(text):
            continue
        if text and _PROMO.match(text) and link_density(el) > 0.5 and words(el) <= PROMO_MAX_WORDS:
            _remove(el)
            removed += 1
    return removed


def dedupe_blocks(root: HtmlElement) -> int:
    """Keep the first of repeated photo captions, which readability sometimes copies several times.

    Only captions: headings repeat their table of contents and articles repeat sentences on purpose.
    """
    seen: dict[str, HtmlElement] = {}
    removed = 0
    for el in list(root.iter("figcaption", "caption", "p", "span", "div")):
        if el is root or not _is_attached(el, root) or holds(el, "p"):
            continue
        if el.tag not in ("figcaption", "caption") and not _class_words(el) & CAPTION_CLASSES:
            continue
        key = _own_label(el)
        if not key or len(key) < 8:
            continue
        figure = next((a for a in el.iterancestors("figure")), None)
        if figure is not None:  # the same caption under a different picture is a different figure
            key += "\x00" + " ".join(img.get("src", "") for img in figure.iter("img"))
        first = seen.get(key)
        if first is None:
            seen[key] = el
        elif not _nested(first, el) and _is_attached(first, root):
            _remove(el)
            removed += 1
    return removed


def remove_repeated_opening(root: HtmlElement) -> int:
    """The story's opening shown twice: its first long paragraphs (REPEAT_MIN_WORDS each, at
    least REPEAT_RUN_MIN different ones) come again later, word for word and in order (a
    paywalled story's preview and then its body). The later copy goes. A paragraph repeated
    on its own (a pull quote, a sample text) is left, and so are sections alike later on."""
    blocks = [el for el in _leaf_blocks(root) if words(el) >= REPEAT_MIN_WORDS]
    texts = [text_of(el) for el in blocks]
    if len(texts) < 2 * REPEAT_RUN_MIN:
        return 0
    start = next((i for i in range(1, len(texts)) if texts[i] == texts[0]), None)
    if start is None:
        return 0
    run = 0
    while start + run < len(texts) and run < start and texts[start + run] == texts[run]:
        run += 1
    if run < REPEAT_RUN_MIN or len(set(texts[:run])) < REPEAT_RUN_MIN:
        return 0
    for el in blocks[start:start + run]:
        _remove(el)
    return run


def _is_caption_class(el: HtmlElement) -> bool:
    found = _class_words(el)
    return bool(found & CAPTION_WORDS) or any(pair <= found for pair in CAPTION_PAIRS)


def _shows_picture(el: HtmlElement | None) -> bool:
    return el is not None and next(el.iter(*_PICTURES), None) is not None


def _beside_picture(el: HtmlElement, root: HtmlElement) -> bool:
    """Whether a picture sits in the block around el (or the one around that, short of the
    article itself), or right before or after it, not inside el."""
    node = el
    for _ in range(CAPTION_PICTURE_HOPS):
        node = node.getparent()
        if node is None or node is root:
            break
        if _shows_picture(node):
            return True
    return _shows_picture(el.getprevious()) or _shows_picture(el.getnext())


def mark_captions(root: HtmlElement) -> int:
    """A picture's caption or credit that the page marks by its class (a <p class="wp-caption-text">
    beside its image) becomes a <figcaption>: the reader view shows it beside the picture, as
    every figure's, but it is not the article's text (Reading.plain_text), nor a sentence to rank.
    A block that holds the picture, or paragraphs, or runs long is not a caption."""
    marked = 0
    for el in list(root.iter("p", "div", "span", "small", "em", "i", "strong")):
        named = f"{el.get('class') or ''} {el.get('id') or ''}"
        if not _CAPTION_HINT.search(named):
            continue  # (most blocks have no class: the cheap test first)
        if el is root or not _is_caption_class(el) or not 0 < words(el) <= CAPTION_MAX_WORDS:
            continue
        if holds(el, "p") or _shows_picture(el) or not _beside_picture(el, root):
            continue
        if next(el.iterancestors("figcaption"), None) is not None:
            continue  # inside a caption already
        _retag(el, "figcaption")
        marked += 1
    return marked


def mark_picture_boxes(root: HtmlElement) -> int:
    """A picture's box that holds nothing but the picture and one short block of text (a
    gallery plugin's "<div class=rightImageHighslide><a><img></a><div>The stag beetle</div></div>"):
    that block is the picture's caption, though nothing marks it as one."""
    marked = 0
    for img in list(root.iter("img")):
        box = img.getparent()
        while box is not None and box is not root and box.tag == "a":  # the picture's link
            box = box.getparent()
        if box is None or box is root or box.tag not in ("div", "span", "p") or box.getparent() is None:
            continue
        if sum(1 for _ in box.iter(*_PICTURES)) != 1 or (box.text or "").strip():
            continue
        texts = [c for c in box if isinstance(c.tag, str) and has_text(c)]
        if len(texts) != 1 or any((c.tail or "").strip() for c in box):
            continue  # text of the box's own, or several blocks: not a lone caption
        caption = texts[0]
        if caption.tag not in ("div", "p", "span", "small", "em", "strong", "i") or _shows_picture(caption) \
                or holds(caption, "p") or not 0 < words(caption) <= PICTURE_BOX_CAPTION_MAX_WORDS:
            continue
        if caption.tag == "p" and words(caption) >= PROSE_MIN_WORDS:
            continue  # a paragraph of the story set beside its picture (a photo blog's)
        _retag(caption, "figcaption")
        marked += 1
    return marked


def mark_credit_lines(root: HtmlElement) -> int:
    """A line of its own that credits a picture ("Foto: dpa", "Titelbild: Name/Agentur",
    "Crédits photos : Bestimage", "© Name"): the photographer's or agency's name, not the
    article's words. Beside its picture it is the picture's caption (shown with it, not the
    article's text); with no picture left to credit it goes."""
    changed = 0
    for el in list(root.iter(*_CREDIT_BLOCKS)):
        if len(el) > CREDIT_LINE_MAX_CHILDREN:
            continue  # a container, not a line (and its text would be read for nothing)
        text = _text(el)
        if len(text) > CREDIT_LINE_MAX_CHARS or el is root:
            continue  # (the cheap tests first: most blocks are long, or have no credit's mark)
        if len(text) > 40 and not any(mark in text for mark in _CREDIT_MARKS):
            continue
        if not _CREDIT_LINE.match(" ".join(text.split())):
            continue
        if words(el) > CREDIT_LINE_MAX_WORDS or next(el.iterchildren(*_LEAF_BLOCKS), None) is not None:
            continue
        parent = el.getparent()
        if el.tag not in ("p", "div") and (parent is None or text_of(parent) != text_of(el)):
            continue  # a credit word inside a sentence's line
        if not _is_attached(el, root):
            continue
        if _beside_picture(el, root):
            _retag(el, "figcaption")
        else:
            _remove(el)
        changed += 1
    return changed


def _ends_the_article(el: HtmlElement, root: HtmlElement) -> bool:
    """Whether nothing follows el in the article: no text, no picture, table or code."""
    node = el
    while node is not None and node is not root:  # the text after el and after its ancestors
        if (node.tail or "").strip():
            return False
        node = node.getparent()
    return not any((sib.tail or "").strip() or has_text(sib) or _shows_picture(sib)
                   or sib.tag in ("table", "pre") or holds(sib, "table") for sib in _following(el, root))


def _last_block(root: HtmlElement) -> HtmlElement | None:
    """The article's last block with text (its last leaf block, found from the end)."""
    node = root
    while True:
        child = None
        for candidate in reversed(node):
            if (candidate.tail or "").strip():
                return node  # text after the child: the block that holds it is the last
            if isinstance(candidate.tag, str) and has_text(candidate):
                child = candidate
                break
        if child is None:
            return node if node is not root and has_text(node) else None
        if child.tag in _LEAF_BLOCKS and next(child.iterchildren(*_LEAF_BLOCKS), None) is None:
            return child  # no block among its children: a leaf block (_leaf_blocks)
        node = child


def remove_dangling_labels(root: HtmlElement) -> int:
    """A heading or a short line ending in a colon that ends the article ("Mehr Themen:", "Read
    more:", "Related"): what it introduced (a list of other stories, a widget) was never the
    article's or is gone, so it introduces nothing. One that a picture, a table or code follows
    introduces them and stays."""
    removed = 0
    while True:
        last = _last_block(root)
        if last is None or last is root:
            return removed
        text = text_of(last)
        if not (last.tag in _HEADINGS or (words(last) <= DANGLING_LABEL_MAX_WORDS and text.endswith(":"))):
            return removed
        if not _ends_the_article(last, root) or not _Guard(root).may_remove(last):
            return removed
        _remove(last)
        removed += 1


def _nested(a: HtmlElement, b: HtmlElement) -> bool:
    """True when one element holds the other (a <p> and its only <span> share their text)."""
    return any(x is a for x in b.iterancestors()) or any(x is b for x in a.iterancestors())


def _tokens(text: str) -> list[str]:
    return _NON_WORD.sub(" ", text.lower()).split()


def title_similarity(title: str, heading: str) -> float:
    """Readability.js's text similarity: the share of the heading's text made of the title's
    words. A page's <h1> often restates its title with a word or two changed ("hands-on",
    straight for curly quotes, a kicker), and is still the same headline."""
    known = set(_tokens(title))
    words = _tokens(heading)
    if not words:
        return 0.0
    new = " ".join(w for w in words if w not in known)
    return 1 - len(new) / len(" ".join(words))


TITLE_SIMILARITY = 0.75  # Readability.js's threshold for a heading that duplicates the title


def drop_title_heading(root: HtmlElement, title: str | None) -> None:
    """The reader view prints the title itself; drop the article's own copy of it."""
    if not title:
        return
    for h in list(root.iter("h1", "h2"))[:2]:
        if title_similarity(title, _own_label(h)) > TITLE_SIMILARITY and h.getparent() is not None:
            _remove(h)


_MEDIA_LABEL = re.compile(r"^(?:image|photo|picture|video|graphic|illustration)$", re.I)


def remove_media_labels(root: HtmlElement) -> None:
    """Drop a figure's screen-reader label ("Image" before the photo), which pages hide with
    CSS the reader view does not have."""
    for figure in list(root.iter("figure")):
        for el in list(figure.iter()):
            if el is not figure and isinstance(el.tag, str) and _MEDIA_LABEL.match(text_of(el)):
                _remove(el)


def fix_lazy_images(root: HtmlElement) -> None:
    """Promote the real image URL from lazy-loading attributes; drop tracking pixels."""
    for img in list(root.iter("img")):
        src = img.get("src", "")
        if not src or src.startswith("data:") or "placeholder" in src or "blank" in src:
            for attr in LAZY_SRC_ATTRS:
                if img.get(attr):
                    img.set("src", img.get(attr))
                    break
        if img.get("data-srcset") and not img.get("srcset"):
            img.set("srcset", img.get("data-srcset"))
        if img.get("width") in ("0", "1") or img.get("height") in ("0", "1"):
            _remove(img)


def flatten_math(root: HtmlElement) -> None:
    """MathML is dropped whole by the sanitizer (a foreign namespace); keep its text instead."""
    for math in list(root.iter("math", "{http://www.w3.org/1998/Math/MathML}math")):
        for note in list(math.iter("annotation", "annotation-xml")):
            note.drop_tree()
        text = " ".join(math.text_content().split())
        span = lxml.html.Element("span")
        span.text = text
        span.tail = math.tail
        math.getparent().replace(math, span)
        _tree_changed()


def remove_empty(root: HtmlElement) -> None:
    """Drop elements with no text and no image. One that holds only whitespace keeps it: a
    highlighter's <span class="w"> </span> is the space between two words of the code, and
    without it "import sqlalchemy" reads "importsqlalchemy"."""
    for el in reversed(list(root.iter())):
        if el is root or not isinstance(el.tag, str) or el.getparent() is None:
            continue
        if el.tag in ("img", "br", "hr", "picture", "source", "video", "audio", "iframe", "td", "th"):
            continue
        if not has_text(el) and not holds(el, "img"):
            # whitespace only: the space stays where it was
            _remove(el, keep_content=bool(_text(el)))


def clean_text_blocks(blocks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The same rules for plain text (a page selected or copied whole), where no markup says
    where a widget ends: a widget label takes the short lines after it (its teasers and
    brands) up to the next real paragraph; a tail heading in the second half ends the text;
    a repeated short line (a headline twice, a caption) is kept once."""
    total = max(sum(count_words(t) for _, t in blocks), 1)
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    before = 0
    in_widget = False
    for tag, text in blocks:
        n = count_words(text)
        label = text.lower()
        tail = n <= 12 and _TAIL.match(label)
        if tail and _ends_article(before, total):
            break
        if tail or (n <= 12 and _WIDGET.match(label)):
            in_widget = True  # early in the text a tail heading is a widget's title
            continue
        if in_widget and n < WIDGET_ITEM_MAX_WORDS:
            continue
        in_widget = False
        if n <= 25 and label in seen:
            continue
        seen.add(label)
        out.append((tag, text))
        before += n
    return out


def clean(root: HtmlElement, title: str | None = None, docs: bool = False,
          thread: bool = False) -> HtmlElement:
    """Apply every rule to the article root in place and return it. docs: the page is
    documentation (docs.documentation_page), whose "See also" is part of the reference.
    thread: the article is a thread's posts (page/thread.py), which are not readers' comments."""
    with _remembering():
        _clean(root, title, docs, thread)
    return root


def _clean(root: HtmlElement, title: str | None, docs: bool = False, thread: bool = False) -> None:
    fix_lazy_images(root)
    remove_media_labels(root)
    flatten_math(root)
    drop_title_heading(root, title)
    remove_by_class(root)
    mark_captions(root)
    mark_picture_boxes(root)
    remove_widgets(root, docs)
    remove_author_boxes(root)
    cut_tail_sections(root)
    if not thread:
        remove_signed_comments(root)
    if not docs:
        remove_comment_form(root)  # a docs page's "name" and "email" are an API's fields
    cut_closing_footer(root)  # what the site put under the last paragraph without a label
    remove_excerpt_runs(root)
    remove_promo_paragraphs(root, docs)
    remove_site_notices(root)
    remove_link_runs(root)
    remove_lead_clutter(root)
    dedupe_blocks(root)
    if not thread:
        remove_repeated_opening(root)  # a thread's posts quote each other (thread.py drops those)
    mark_credit_lines(root)
    remove_dangling_labels(root)
    remove_empty(root)
