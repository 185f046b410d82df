"""A small collection in the source format: the seed plus a few articles that reach every
kind of page (several topics and months, a full date, a quotation box, text that looks like
markup), written into a content folder the tests build from."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT, SEED

ARTICLES = {
    "001_a1b2c3d4e5f60718.txt": (
        " date 2024-03-14 Mit einem späten Tor hat die Mannschaft von Trainerin Petra Lange das"
        " Pokalfinale im Berliner Stadion gewonnen. Der Verein feiert damit seinen ersten Titel"
        " seit zwölf Jahren.\n\n"
        "Lange hatte vor dem Spiel drei Spieler ausgewechselt. Die Abwehr stand sicher, im"
        " Mittelfeld fehlte lange der Zug zum Tor. Erst in der Nachspielzeit traf die"
        " eingewechselte Stürmerin zum Sieg.\n\n"
        "Ein Finale für die Geschichtsbücher\n\n"
        "Die Fans feierten bis tief in die Nacht. Der Kapitän sprach von der schönsten Saison"
        " seiner Karriere, der Gegner von einem unglücklichen Ende eines guten Spiels.\n\n"
        "„Wir haben nie aufgehört, an uns zu glauben.“ Die Trainerin über das Finale."
    ),
    "002_0f1e2d3c4b5a6978.txt": (
        " date 2022-11 Die Inflation in der Eurozone ist im Oktober auf einen neuen Höchststand"
        " gestiegen. Die Europäische Zentralbank will den Leitzins deshalb weiter anheben.\n\n"
        "Vor allem die Preise für Energie und Lebensmittel treiben die Teuerung. Viele"
        " Unternehmen geben die höheren Kosten an ihre Kunden weiter, der Handel rechnet mit"
        " einem schwachen Weihnachtsgeschäft.\n\n"
        "Ökonomen erwarten, dass die Konjunktur im Winter in eine Rezession rutscht. Die Börse"
        " reagierte gelassen, der Dax schloss leicht im Plus."
    ),
    "003_9a8b7c6d5e4f3021.txt": (
        " date 2023-09 Das Stadttheater eröffnet die neue Spielzeit mit einer Inszenierung von"
        " Goethes „Faust“. Die Regisseurin verlegt das Drama in ein Museum der Gegenwart.\n\n"
        "Das Ensemble probt seit dem Sommer. Die Bühne zeigt einen leeren Ausstellungssaal, in"
        " dem Faust zwischen Gemälden und Skulpturen nach dem Sinn sucht.\n\n"
        "Die Premiere ist ausverkauft; Kritiker und Publikum erwarten einen Abend, über den die"
        " Stadt noch lange sprechen wird."
    ),
    "004_1029384756abcdef.txt": (
        " date 2021-05 Forscher haben in der Antarktis einen Eisbohrkern geborgen, der älter ist"
        " als eine Million Jahre. Die Wissenschaftler hoffen auf neue Daten über das Klima der"
        " Vergangenheit.\n\n"
        "Die Studie erscheint in einer Fachzeitschrift. Im Labor untersuchen die Forscherinnen"
        " winzige Luftblasen im Eis, die Spuren der damaligen Atmosphäre enthalten.\n\n"
        "Das Experiment könnte erklären, warum sich der Rhythmus der Eiszeiten vor rund einer"
        " Million Jahren verändert hat."
    ),
    # Markup in the text, even in the derived title, must reach the reader as visible text.
    "005_fedcba9876543210.txt": (
        ' date 2024-01 Der Text </title><script>alert("x")</script> legte am Montag die Website'
        " eines Softwarekonzerns lahm. Hacker hatten eine Sicherheitslücke im Server"
        " ausgenutzt.\n\n"
        "Nutzer sahen statt der Startseite nur Code. Der Konzern spielte ein Update ein und"
        " empfiehlt allen Kunden, ihr Passwort zu ändern.\n\n"
        "Datenschützer fordern nach dem Cyberangriff strengere Regeln für die Sicherheit von"
        " Online-Plattformen."
    ),
}
SPORT_ID = "a1b2c3d4e5f60718"
MARKUP_ID = "fedcba9876543210"
ARTICLE_COUNT = len(ARTICLES) + 1


def write_collection(content: Path) -> Path:
    """Write the sample collection into ``content`` (with the real topic lexicon)."""
    articles = content / "articles"
    articles.mkdir(parents=True)
    shutil.copy(ROOT / "content" / "ressorts.toml", content / "ressorts.toml")
    shutil.copy(SEED, articles / SEED.name)
    for name, text in ARTICLES.items():
        (articles / name).write_text(text, encoding="utf-8")
    return content
