"""Generate synthetic German news collections in the Artikelarchiv source format.

A source file starts with " date YYYY-MM" (about 10% carry "YYYY-MM-DD"),
followed on the same line by the lead paragraph. Paragraphs are single lines
separated by one blank line, and the file has no final newline.

Every article is derived from (seed, index) alone: runs are reproducible, and
article i is the same whether 1,000 or 100,000 articles are generated.

Usage: python bench/generate.py OUT_DIR --count N [--seed S] [--markdown MD_DIR]
"""

from __future__ import annotations

import argparse
import calendar
import hashlib
import random
import sys
from dataclasses import dataclass
from pathlib import Path

RESSORTS = (
    "Politik",
    "Wirtschaft",
    "Sport",
    "Kultur",
    "Wissenschaft",
    "Digital",
    "Gesundheit",
    "Panorama",
)
FIRST_YEAR, LAST_YEAR = 2015, 2024
MIN_WORDS, MAX_WORDS = 300, 900
FULL_DATE_SHARE = 0.10
SUBHEADING_SHARE = 0.60
QUOTE_BOX_SHARE = 0.30
TITLE_MAX_CHARS = 80

# --- Vocabulary -------------------------------------------------------------
# Nouns are "gender:word" with gender m/f/n or p (plural). Proper names with a
# fixed adjective are written "gender:Adjective/Noun" so the adjective can be
# declined like any other ("der Europäischen Zentralbank").


def _items(spec: str) -> tuple[str, ...]:
    """Split a comma-separated vocabulary spec; keeps the word lists compact."""
    return tuple(spec.split(", "))


_NOUNS = {
    "Politik": (
        "m:Haushaltsentwurf, f:Koalition, m:Gesetzentwurf, f:Wahlrechtsreform, "
        "m:Koalitionsvertrag, f:Opposition, m:Misstrauensantrag, f:Schuldenbremse, "
        "n:Bürgergeld, f:Migrationspolitik, m:Untersuchungsausschuss, "
        "f:Landtagswahl, n:Wahlprogramm, f:Abstimmung, m:Parteitag, "
        "f:Grundgesetzänderung, n:Sondervermögen, m:Kompromiss, p:Sanktionen, "
        "p:Verhandlungen, m:Staatsbesuch, f:Regierungserklärung, n:Asylrecht, "
        "f:Verteidigungspolitik, m:Wahlkampf, f:Rentenreform, p:Umfragewerte, "
        "m:Bundeshaushalt, f:Föderalismusreform, n:Einwanderungsgesetz"
    ),
    "Wirtschaft": (
        "f:Inflation, m:Leitzins, f:Konjunktur, m:Exportüberschuss, f:Lieferkette, "
        "m:Tarifvertrag, f:Insolvenz, m:Aktienkurs, m:Quartalsgewinn, f:Übernahme, "
        "m:Mindestlohn, p:Energiepreise, f:Arbeitslosenquote, m:Umsatz, "
        "f:Rezession, m:Fachkräftemangel, n:Lieferkettengesetz, f:Fusion, "
        "m:Börsengang, m:Strompreis, f:Investition, m:Streik, f:Tarifrunde, "
        "m:Standort, n:Werk, m:Handelsstreit, p:Zölle, f:Kurzarbeit, "
        "m:Mittelstand, f:Jahresbilanz"
    ),
    "Sport": (
        "f:Meisterschaft, n:Finale, m:Trainerwechsel, f:Saison, n:Derby, "
        "n:Halbfinale, m:Abstieg, m:Aufstieg, m:Kader, f:Titelverteidigung, "
        "n:Elfmeterschießen, f:Tabellenführung, m:Transfer, m:Weltrekord, "
        "f:Olympiaqualifikation, n:Heimspiel, f:Niederlage, m:Auswärtssieg, "
        "f:Verletzung, m:DFB-Pokal, f:Nationalmannschaft, p:Fans, n:Stadion, "
        "f:Ablösesumme, f:Vertragsverlängerung, f:Saisonvorbereitung, "
        "m:Spieltag, p:Dopingvorwürfe, f:Champions League, n:Trainingslager"
    ),
    "Kultur": (
        "f:Ausstellung, f:Premiere, f:Inszenierung, m:Roman, n:Festival, "
        "f:Filmförderung, n:Museum, f:Sammlung, n:Konzert, f:Uraufführung, "
        "m:Literaturpreis, f:Restitution, n:Theater, n:Orchester, f:Biografie, "
        "m:Dokumentarfilm, f:Kulturförderung, n:Ensemble, f:Spielzeit, "
        "p:Kunstwerke, n:Gemälde, f:Retrospektive, m:Spielplan, f:Oper, "
        "f:Verfilmung, m:Bestseller, n:Denkmal, f:Kunsthalle, m:Musikpreis, "
        "f:Lesereise"
    ),
    "Wissenschaft": (
        "f:Studie, n:Experiment, m:Teilchenbeschleuniger, f:Raumsonde, "
        "n:Forschungsprojekt, f:Klimaforschung, m:Meeresspiegel, n:Genom, "
        "f:Messreihe, p:Messdaten, m:Satellit, f:Trägerrakete, n:Teleskop, "
        "f:Hypothese, n:Fachjournal, m:Forschungsverbund, f:Grundlagenforschung, "
        "n:Labor, f:Expedition, m:Permafrost, f:Kernfusion, m:Quantencomputer, "
        "n:Ökosystem, f:Artenvielfalt, m:Asteroid, n:Fossil, f:Veröffentlichung, "
        "n:RD-180-Triebwerk, f:Mondmission, m:Gletscherschwund"
    ),
    "Digital": (
        "f:KI-Verordnung, m:Datenschutz, m:Hackerangriff, f:Sicherheitslücke, "
        "n:Glasfasernetz, n:5G-Netz, f:Plattform, m:Algorithmus, f:Cloud, "
        "n:Sprachmodell, f:Verschlüsselung, m:Chip, f:Halbleiterfabrik, "
        "n:Update, f:App, p:Nutzerdaten, m:Onlinehandel, f:Digitalisierung, "
        "n:Rechenzentrum, f:Schadsoftware, m:Breitbandausbau, f:Netzstörung, "
        "n:Smartphone, f:Software, m:Browser, p:Cookies, n:Passwort, "
        "f:Suchmaschine, f:Urheberrechtsreform, m:Server"
    ),
    "Gesundheit": (
        "f:Krankenhausreform, m:Impfstoff, f:Pflegeversicherung, m:Ärztemangel, "
        "f:Notaufnahme, f:Pandemie, n:Medikament, m:Lieferengpass, f:Vorsorge, "
        "f:Krankenkasse, m:Zusatzbeitrag, f:Impfquote, p:Infektionszahlen, "
        "f:Therapie, f:Klinik, n:Pflegepersonal, f:Behandlung, f:Diagnose, "
        "f:Grippewelle, n:Gesundheitssystem, f:Apotheke, n:E-Rezept, "
        "f:Patientenakte, m:Wirkstoff, f:Nebenwirkung, p:Kassenbeiträge, "
        "f:Reha, m:Hitzeschutzplan, f:Organspende, f:Bluthochdruckstudie"
    ),
    "Panorama": (
        "m:Unfall, n:Unwetter, m:Polizeieinsatz, n:Hochwasser, m:Brand, "
        "f:Festnahme, m:Prozess, n:Urteil, f:Ermittlung, m:Sturm, f:Evakuierung, "
        "m:Stau, f:Vermisstensuche, m:Einbruch, m:Rettungseinsatz, n:Volksfest, "
        "f:Hitzewelle, m:Waldbrand, f:Vollsperrung, n:Gewitter, m:Lottogewinn, "
        "f:Schlägerei, m:Zugausfall, m:Tierpark, n:Erdbeben, f:Fahndung, "
        "n:Glatteis, p:Sturmschäden, m:Großbrand, f:Bergung"
    ),
}
_GENERAL_NOUNS = (
    "m:Vorschlag, f:Entscheidung, m:Plan, f:Kritik, n:Ergebnis, m:Bericht, "
    "f:Lage, p:Kosten, f:Debatte, m:Streit, f:Forderung, m:Zeitplan, f:Reform, "
    "n:Konzept, f:Entwicklung, n:Vorhaben"
)
_ORGS = {
    "Politik": (
        "f:SPD, f:CDU, p:Grün/, f:FDP, f:EU, m:Bundestag, m:Bundesrat, f:NATO, "
        "p:Vereint/Nationen, n:Bundesverfassungsgericht, f:Bundesregierung, "
        "f:EU-Kommission"
    ),
    "Wirtschaft": (
        "f:Europäisch/Zentralbank, m:IWF, f:Bundesbank, f:IG Metall, m:DGB, "
        "f:Nordstahl AG, f:Brenner Logistik GmbH, f:Westfalia Energie AG, "
        "n:Ifo-Institut, f:Bundesagentur für Arbeit"
    ),
    "Sport": (
        "m:DFB, f:UEFA, f:FIFA, m:FC Lindenau, m:SV Rheinfels, f:Borussia Ostheim, "
        "n:IOC, m:DOSB, f:Deutsch/Fußball Liga, m:TSV Mühlenbach"
    ),
    "Kultur": (
        "f:Berlinale, f:Staatsoper, n:Goethe-Institut, "
        "f:Stiftung Preußischer Kulturbesitz, f:Kulturstiftung des Bundes, "
        "n:Literaturhaus Lübeck, f:Elbphilharmonie, m:Börsenverein, "
        "n:Staatstheater Würzburg"
    ),
    "Wissenschaft": (
        "f:Max-Planck-Gesellschaft, n:Helmholtz-Zentrum, f:ESA, f:NASA, f:DFG, "
        "n:CERN, f:Universität Tübingen, n:Forschungszentrum Jülich, "
        "n:Alfred-Wegener-Institut, f:Leopoldina"
    ),
    "Digital": (
        "n:BSI, f:Bundesnetzagentur, m:Chaos Computer Club, "
        "f:Datenschutzkonferenz, f:Quantix GmbH, m:Branchenverband Bitkom, "
        "f:EU-Kommission, f:Verbraucherzentrale"
    ),
    "Gesundheit": (
        "f:WHO, n:RKI, f:Ständig/Impfkommission, m:Gemeinsam/Bundesausschuss, "
        "f:Bundesärztekammer, f:AOK, f:Charité, f:Deutsch/Krankenhausgesellschaft, "
        "n:Paul-Ehrlich-Institut"
    ),
    "Panorama": (
        "m:ADAC, n:THW, f:Feuerwehr, f:Polizei, m:Deutsch/Wetterdienst, "
        "f:Deutsch/Bahn, f:Staatsanwaltschaft, f:Bergwacht, f:DLRG"
    ),
}
# Masculine/feminine job titles per Ressort.
_ROLES = {
    "Politik": (
        "Bundesinnenminister/Bundesinnenministerin, "
        "SPD-Fraktionschef/SPD-Fraktionschefin, "
        "Regierungssprecher/Regierungssprecherin, "
        "Oppositionsführer/Oppositionsführerin, "
        "EU-Abgeordneter/EU-Abgeordnete, Ministerpräsident/Ministerpräsidentin"
    ),
    "Wirtschaft": (
        "Vorstandschef/Vorstandschefin, Finanzminister/Finanzministerin, "
        "Chefvolkswirt/Chefvolkswirtin, Gewerkschaftschef/Gewerkschaftschefin, "
        "Wirtschaftsminister/Wirtschaftsministerin"
    ),
    "Sport": (
        "Trainer/Trainerin, Kapitän/Kapitänin, Sportdirektor/Sportdirektorin, "
        "Torhüter/Torhüterin, Verbandspräsident/Verbandspräsidentin"
    ),
    "Kultur": (
        "Regisseur/Regisseurin, Intendant/Intendantin, Autor/Autorin, "
        "Kurator/Kuratorin, Dirigent/Dirigentin"
    ),
    "Wissenschaft": (
        "Physiker/Physikerin, Studienleiter/Studienleiterin, "
        "Klimaforscher/Klimaforscherin, Institutsdirektor/Institutsdirektorin, "
        "Forschungsministerin/Forschungsministerin"
    ),
    "Digital": (
        "Datenschutzbeauftragter/Datenschutzbeauftragte, Gründer/Gründerin, "
        "Sicherheitsforscher/Sicherheitsforscherin, "
        "Digitalminister/Digitalministerin, Netzaktivist/Netzaktivistin"
    ),
    "Gesundheit": (
        "Gesundheitsminister/Gesundheitsministerin, Chefarzt/Chefärztin, "
        "Virologe/Virologin, Kassenchef/Kassenchefin, Pflegerat/Pflegerätin"
    ),
    "Panorama": (
        "Polizeisprecher/Polizeisprecherin, Bürgermeister/Bürgermeisterin, "
        "Feuerwehrchef/Feuerwehrchefin, Oberstaatsanwalt/Oberstaatsanwältin, "
        "Landrat/Landrätin"
    ),
}
_FIRST_NAMES_M = _items(
    "Jörg, Matthias, Thomas, Stefan, Andreas, Jürgen, Günter, Markus, Tobias, "
    "Lukas, Felix, Jens, Björn, Sören, Hans-Peter, Karl-Heinz, Uwe, Frank, Florian, "
    "Moritz, Niklas, Sebastian, Ralf, Olaf, Rüdiger, Dieter"
)
_FIRST_NAMES_F = _items(
    "Petra, Sabine, Andrea, Claudia, Katrin, Jana, Anja, Ulrike, Bärbel, Jutta, "
    "Kerstin, Martina, Nadine, Lena, Sophie, Hannah, Miriam, Julia, Franziska, "
    "Renate, Dörte, Silke, Annegret, Gesine, Maren"
)
_LAST_NAMES = _items(
    "Weißhaupt, Brückner, Köhler, Schäfer, Müllerschön, Hölzl, Strauß, Böttcher, "
    "Krämer, Lübbers, Großmann, Jäger, Völker, Wendt, Hartmann, Reuß, Dörfler, "
    "Kühn, Falkenrath, Ahrensfeld, Bernstorff, Claßen, Dürrschmidt, Eßer, "
    "Fröhlich, Gödecke, Häusler, Iffland, Kleinschmidt, Löwenthal, Mühlhoff, "
    "Oltmanns, Pöschl, Quandtner, Rößler, Sauerbrey, Thüringer, Uhlenbrock, "
    "von der Heydt, de Vries, van Dorsten, Zöllner"
)
_PLACES = _items(
    "Berlin, München, Hamburg, Köln, Frankfurt am Main, Düsseldorf, Leipzig, "
    "Dresden, Stuttgart, Hannover, Bremen, Kiel, Rostock, Erfurt, Magdeburg, "
    "Potsdam, Mainz, Wiesbaden, Lübeck, Görlitz, Würzburg, Tübingen, Göttingen, "
    "Saarbrücken, Osnabrück, Gießen, Fürth, Jülich, Darmstadt, Halle an der Saale, "
    "Brüssel, Straßburg, Zürich, Genf, Wien, Paris, Warschau, Washington"
)
_NEWSPAPERS = (
    "Rheinblick",
    "Märkische Tagespost",
    "Westfälische Abendzeitung",
    "Hanseatischer Kurier",
    "Süddeutsche Rundschau",
)
_ADJECTIVES = _items(
    "neu, geplant, umstritten, aktuell, bisherig, erheblich, künftig, öffentlich, "
    "gemeinsam, vorläufig, endgültig, groß, schwierig, zuständig, jüngst, wichtig, "
    "ehemalig, größt, europäisch, ursprünglich, zusätzlich, möglich"
)
_RESSORT_ADJECTIVES = {
    "Politik": "politisch, parlamentarisch, außenpolitisch, föderal",
    "Wirtschaft": "wirtschaftlich, milliardenschwer, konjunkturell, finanziell",
    "Sport": "sportlich, entscheidend, dramatisch, olympisch",
    "Kultur": "künstlerisch, literarisch, zeitgenössisch, preisgekrönt",
    "Wissenschaft": "wissenschaftlich, experimentell, international, bahnbrechend",
    "Digital": "digital, technisch, vernetzt, datenschutzrechtlich",
    "Gesundheit": "medizinisch, ambulant, stationär, gesundheitlich",
    "Panorama": "schwer, tragisch, örtlich, nächtlich",
}
# Verbs are "infinitive:preterite:particle:participle"; the particle is set for
# separable verbs ("legte ... vor").
_VERBS = (
    "kritisieren:kritisierte::kritisiert, fordern:forderte::gefordert, "
    "planen:plante::geplant, verteidigen:verteidigte::verteidigt, "
    "prüfen:prüfte::geprüft, begrüßen:begrüßte::begrüßt, "
    "ablehnen:lehnte:ab:abgelehnt, vorstellen:stellte:vor:vorgestellt, "
    "ankündigen:kündigte:an:angekündigt, vorlegen:legte:vor:vorgelegt, "
    "durchsetzen:setzte:durch:durchgesetzt, unterstützen:unterstützte::unterstützt, "
    "bestätigen:bestätigte::bestätigt, verschieben:verschob::verschoben, "
    "untersuchen:untersuchte::untersucht, stoppen:stoppte::gestoppt, "
    "überprüfen:überprüfte::überprüft, bewerten:bewertete::bewertet"
)
_RESSORT_VERBS = {
    "Politik": (
        "beschließen:beschloss::beschlossen, blockieren:blockierte::blockiert, "
        "verabschieden:verabschiedete::verabschiedet"
    ),
    "Wirtschaft": (
        "senken:senkte::gesenkt, erhöhen:erhöhte::erhöht, finanzieren:finanzierte::finanziert"
    ),
    "Sport": (
        "gewinnen:gewann::gewonnen, verlieren:verlor::verloren, bestreiten:bestritt::bestritten"
    ),
    "Kultur": (
        "inszenieren:inszenierte::inszeniert, zeigen:zeigte::gezeigt, würdigen:würdigte::gewürdigt"
    ),
    "Wissenschaft": (
        "messen:maß::gemessen, nachweisen:wies:nach:nachgewiesen, "
        "veröffentlichen:veröffentlichte::veröffentlicht"
    ),
    "Digital": (
        "schließen:schloss::geschlossen, entwickeln:entwickelte::entwickelt, "
        "abschalten:schaltete:ab:abgeschaltet"
    ),
    "Gesundheit": (
        "zulassen:ließ:zu:zugelassen, empfehlen:empfahl::empfohlen, behandeln:behandelte::behandelt"
    ),
    "Panorama": ("räumen:räumte::geräumt, sperren:sperrte::gesperrt, melden:meldete::gemeldet"),
}
# Singular quantities that can rise and fall, with their article.
_MEASURES = {
    "Politik": "die Wahlbeteiligung, die Zustimmung zur Regierung, der Frauenanteil",
    "Wirtschaft": "die Inflationsrate, der DAX, die Arbeitslosenquote, der Umsatz",
    "Sport": "die Zuschauerzahl, der Marktwert des Kaders, die Ballbesitzquote",
    "Kultur": "die Besucherzahl, die Auflage, die Auslastung der Säle",
    "Wissenschaft": "die Durchschnittstemperatur, der Meeresspiegel, die Fehlerquote",
    "Digital": "die Zahl der Nutzer, der Marktanteil, die Zahl der Cyberangriffe",
    "Gesundheit": "die Impfquote, die Zahl der Neuinfektionen, der Zusatzbeitrag",
    "Panorama": "die Zahl der Verletzten, der Pegelstand, die Zahl der Einsätze",
}
_SAYINGS = (
    "Wir bleiben bei unserem Kurs.",
    "Das ist erst der Anfang.",
    "Wer nichts wagt, gewinnt nichts.",
    "Am Ende zählt nur das Ergebnis.",
    "Wir haben unsere Hausaufgaben gemacht.",
    "So kann es nicht weitergehen.",
    "Die Zeit drängt.",
    "Geduld ist keine Schwäche.",
    "Man muss die Dinge beim Namen nennen.",
    "Ohne Vertrauen geht es nicht.",
    "Wir lassen niemanden zurück.",
    "Jeder Euro muss zweimal umgedreht werden.",
    "Zahlen lügen nicht.",
    "Ein alter Freund ist besser als zwei neue.",
    "Wir stehen erst am Anfang eines langen Weges.",
    "Stillstand können wir uns nicht leisten.",
)
_RESSORT_SAYINGS = {
    "Politik": ("Demokratie lebt vom Streit.", "Wir regieren nicht für Umfragen."),
    "Wirtschaft": ("Der Markt verzeiht keine Fehler.", "Ohne Wachstum kein Wohlstand."),
    "Sport": ("Der Ball ist rund.", "Nach dem Spiel ist vor dem Spiel."),
    "Kultur": ("Kunst muss wehtun dürfen.", "Das Theater ist ein Ort der Freiheit."),
    "Wissenschaft": ("Fehler gehören zur Forschung.", "Die Daten sind eindeutig."),
    "Digital": ("Daten sind das neue Öl.", "Sicherheit ist kein Zustand."),
    "Gesundheit": ("Vorsorge ist die beste Medizin.", "Die Pflege ist am Limit."),
    "Panorama": ("Wir hatten großes Glück.", "So etwas habe ich noch nie erlebt."),
}
_QUESTIONS = (
    "Wer soll das bezahlen?",
    "Wie soll das gehen?",
    "Warum erst jetzt?",
    "Was kommt als Nächstes?",
    "Haben wir aus den Fehlern nichts gelernt?",
)
_CATCHWORDS = _items(
    "Meilenstein, Rückschlag, Befreiungsschlag, Weckruf, historischen Tag, "
    "fatalen Signal, Etappensieg, Neuanfang, Armutszeugnis, Kraftakt, Dammbruch, "
    "Glücksfall"
)
_PREDICATES = _items(
    "umstritten, überfällig, riskant, ehrgeizig, unrealistisch, alternativlos, "
    "zu teuer, wegweisend, gescheitert, ungewiss, notwendig, problematisch"
)
_TIMES = _items(
    "am Montag, am Dienstag, am Mittwoch, am Donnerstag, am Freitag, am Wochenende, "
    "am Dienstagabend, am Donnerstagmorgen, in der vergangenen Woche, zuletzt, "
    "erneut, überraschend, nach langen Verhandlungen, bereits im Frühjahr, "
    "noch vor der Sommerpause"
)
_FUTURES = _items(
    "noch in diesem Jahr, bis zum Herbst, im kommenden Frühjahr, vor der "
    "Sommerpause, bis Ende des Jahres, in den nächsten Wochen, möglichst bald"
)
_MONTHS = _items(
    "Januar, Februar, März, April, Mai, Juni, Juli, August, September, Oktober, November, Dezember"
)
_FIXED_HEADINGS = (
    "Wie geht es weiter",
    "Offene Fragen",
    "Zahlen und Fakten",
    "Ein langer Weg",
    "Blick nach vorn",
    "Die Reaktionen",
)

# --- Grammar ----------------------------------------------------------------

_ARTICLES = {
    "nom": {"m": "der", "f": "die", "n": "das", "p": "die"},
    "acc": {"m": "den", "f": "die", "n": "das", "p": "die"},
    "dat": {"m": "dem", "f": "der", "n": "dem", "p": "den"},
}
# Weak adjective endings after the definite article.
_WEAK_ENDINGS = {
    "nom": {"m": "e", "f": "e", "n": "e", "p": "en"},
    "acc": {"m": "en", "f": "e", "n": "e", "p": "en"},
    "dat": {"m": "en", "f": "en", "n": "en", "p": "en"},
}
_CONTRACTIONS = {
    ("von", "dem"): "vom",
    ("zu", "dem"): "zum",
    ("zu", "der"): "zur",
    ("in", "dem"): "im",
    ("bei", "dem"): "beim",
    ("an", "dem"): "am",
}


@dataclass(frozen=True, slots=True)
class Noun:
    gender: str
    word: str
    fixed_adjective: str = ""

    @property
    def plural(self) -> bool:
        return self.gender == "p"

    def phrase(self, case: str, adjective: str = "") -> str:
        """Definite noun phrase in the given case, e.g. 'den neuen Plan'."""
        adjective = self.fixed_adjective or adjective
        word = self.word
        # Dative plural nouns take -n unless they already end in -n or -s.
        if case == "dat" and self.plural and word and word[-1] not in "ns":
            word += "n"
        parts = [_ARTICLES[case][self.gender]]
        if adjective:
            parts.append(adjective + _WEAK_ENDINGS[case][self.gender])
        if word:
            parts.append(word)
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class Verb:
    infinitive: str
    preterite: str
    particle: str
    participle: str

    def past(self, plural: bool) -> str:
        if not plural:
            return self.preterite
        return self.preterite + ("n" if self.preterite.endswith("e") else "en")


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    surname: str
    role: str
    female: bool


def _with_prep(prep: str, phrase: str) -> str:
    """Join a preposition and a dative phrase, contracting 'von dem' to 'vom'."""
    article, _, rest = phrase.partition(" ")
    short = _CONTRACTIONS.get((prep, article))
    return f"{short} {rest}" if short else f"{prep} {phrase}"


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def _words(text: str) -> int:
    return len(text.split())


def _german_int(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _german_float(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


# --- Parsed pools -----------------------------------------------------------


def _parse_nouns(spec: str) -> tuple[Noun, ...]:
    nouns = []
    for entry in _items(spec):
        gender, text = entry.split(":", 1)
        adjective, _, word = text.rpartition("/")
        nouns.append(Noun(gender, word, adjective))
    return tuple(nouns)


def _parse_verbs(spec: str) -> tuple[Verb, ...]:
    return tuple(Verb(*entry.split(":")) for entry in _items(spec))


def _build_people(ressort_index: int, count: int = 15) -> tuple[Person, ...]:
    """Fixed cast per Ressort so that names recur across the whole collection."""
    rng = random.Random(f"people-{ressort_index}")
    roles = [pair.split("/") for pair in _items(_ROLES[RESSORTS[ressort_index]])]
    people: dict[str, Person] = {}
    while len(people) < count:
        female = rng.random() < 0.5
        first = rng.choice(_FIRST_NAMES_F if female else _FIRST_NAMES_M)
        surname = rng.choice(_LAST_NAMES)
        role = rng.choice(roles)[1 if female else 0]
        name = f"{first} {surname}"
        people.setdefault(name, Person(name, surname, role, female))
    return tuple(people.values())


@dataclass(frozen=True, slots=True)
class Pool:
    nouns: tuple[Noun, ...]
    orgs: tuple[Noun, ...]
    people: tuple[Person, ...]
    adjectives: tuple[str, ...]
    verbs: tuple[Verb, ...]
    measures: tuple[str, ...]
    sayings: tuple[str, ...]


def _build_pools() -> dict[str, Pool]:
    verbs = _parse_verbs(_VERBS)
    pools = {}
    for index, ressort in enumerate(RESSORTS):
        pools[ressort] = Pool(
            nouns=_parse_nouns(_NOUNS[ressort]),
            orgs=_parse_nouns(_ORGS[ressort]),
            people=_build_people(index),
            adjectives=_ADJECTIVES + _items(_RESSORT_ADJECTIVES[ressort]),
            verbs=verbs + _parse_verbs(_RESSORT_VERBS[ressort]),
            measures=_items(_MEASURES[ressort]),
            sayings=_SAYINGS + _RESSORT_SAYINGS[ressort],
        )
    return pools


_POOLS = _build_pools()
_GENERAL = _parse_nouns(_GENERAL_NOUNS)

# --- Article model ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # "p" paragraph, "h" subheading, "q" quotation box
    text: str


@dataclass(frozen=True, slots=True)
class Article:
    ressort: str
    date: str  # YYYY-MM or YYYY-MM-DD
    title: str
    blocks: tuple[Block, ...]

    @property
    def iso_date(self) -> str:
        return self.date if len(self.date) == 10 else f"{self.date}-01"

    def word_count(self) -> int:
        return sum(_words(block.text) for block in self.blocks)


# --- Sentence writer --------------------------------------------------------


class _Writer:
    """Builds the sentences of one article around a few recurring focus terms."""

    def __init__(self, rng: random.Random, ressort: str, year: int) -> None:
        self.rng = rng
        self.pool = _POOLS[ressort]
        self.year = year
        self.focus_nouns = rng.sample(self.pool.nouns, 3)
        self.focus_people = rng.sample(self.pool.people, 2)
        self.focus_org = rng.choice(self.pool.orgs)
        self.place = rng.choice(_PLACES)
        self.introduced: set[Person] = set()
        self.sentences = (
            self.action, self.action, self.perfect, self.passive, self.reported,
            self.quote, self.quote, self.question, self.catchword, self.measure,
            self.money, self.crowd, self.predicate, self.opinion, self.that,
            self.reported_that, self.criticism, self.debate, self.earlier,
            self.open_question, self.decision, self.contrast,
        )  # fmt: skip

    # Building blocks ----------------------------------------------------

    def noun(self) -> Noun:
        roll = self.rng.random()
        if roll < 0.5:
            return self.rng.choice(self.focus_nouns)
        if roll < 0.9:
            return self.rng.choice(self.pool.nouns)
        return self.rng.choice(_GENERAL)

    def np(self, case: str) -> str:
        rng = self.rng
        adjective = rng.choice(self.pool.adjectives) if rng.random() < 0.3 else ""
        return self.noun().phrase(case, adjective)

    def org(self) -> Noun:
        if self.rng.random() < 0.6:
            return self.focus_org
        return self.rng.choice(self.pool.orgs)

    def person(self, full: bool = False) -> str:
        """Role and full name on first mention, then mostly the surname."""
        rng = self.rng
        pick = rng.choice(self.focus_people if rng.random() < 0.75 else self.pool.people)
        if pick not in self.introduced:
            self.introduced.add(pick)
            return f"{pick.role} {pick.name}"
        return pick.name if full or rng.random() < 0.4 else pick.surname

    def agent(self) -> tuple[str, bool]:
        """Nominative subject that can act, and whether it is plural."""
        if self.rng.random() < 0.55:
            return self.person(), False
        org = self.org()
        return org.phrase("nom"), org.plural

    def agent_from(self) -> str:
        if self.rng.random() < 0.5:
            # Full name avoids clashes like "von von der Heydt".
            return f"von {self.person(full=True)}"
        return _with_prep("von", self.org().phrase("dat"))

    def verb(self) -> Verb:
        return self.rng.choice(self.pool.verbs)

    def time(self) -> str:
        if self.rng.random() < 0.2:
            return f"im {self.rng.choice(_MONTHS)}"
        return self.rng.choice(_TIMES)

    def future(self) -> str:
        return self.rng.choice(_FUTURES)

    def where(self) -> str:
        rng = self.rng
        return f"in {self.place if rng.random() < 0.6 else rng.choice(_PLACES)}"

    def level(self) -> str:
        return f"{self.rng.randint(2, 95)} Prozent"

    def change(self) -> str:
        return f"{_german_float(self.rng.uniform(0.1, 12.0))} Prozent"

    def amount(self) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            amount, unit = str(rng.randint(12, 950)), "Millionen"
        else:
            amount, unit = _german_float(rng.uniform(1.1, 9.9)), "Milliarden"
        return f"{rng.choice(('rund ', 'knapp ', 'mehr als ', ''))}{amount} {unit} Euro"

    # Sentences (lower-case start; capitalized by the caller) -----------

    def action(self) -> str:
        subject, plural = self.agent()
        verb, time, obj = self.verb(), self.time(), self.np("acc")
        tail = f"{obj} {verb.particle}".rstrip()
        if self.rng.random() < 0.3:
            return f"{time} {verb.past(plural)} {subject} {tail}."
        return f"{subject} {verb.past(plural)} {time} {tail}."

    def perfect(self) -> str:
        subject, plural = self.agent()
        aux = "haben" if plural else "hat"
        return f"{subject} {aux} {self.time()} {self.np('acc')} {self.verb().participle}."

    def passive(self) -> str:
        noun = self.noun()
        aux = "wurden" if noun.plural else "wurde"
        by = self.agent_from()
        return f"{noun.phrase('nom')} {aux} {self.time()} {by} {self.verb().participle}."

    def reported(self) -> str:
        rng = self.rng
        subject, plural = self.agent()
        verb = self.verb()
        source = rng.choice(
            (
                f"Wie die Zeitung „{rng.choice(_NEWSPAPERS)}“ berichtete,",
                f"Nach Angaben aus {rng.choice(_PLACES)}",
                "Nach Informationen unserer Redaktion",
            )
        )
        modal = "sollen" if plural else "soll"
        obj = self.np("acc")
        return f"{source} {modal} {subject} {obj} {self.future()} {verb.infinitive}."

    def quote(self) -> str:
        saying = self.rng.choice(self.pool.sayings)[:-1]
        place = f" {self.where()}" if self.rng.random() < 0.3 else ""
        return f"„{saying}“, sagte {self.person()}{place}."

    def question(self) -> str:
        return f"„{self.rng.choice(_QUESTIONS)}“, fragte {self.person()}."

    def catchword(self) -> str:
        return f"{self.person()} sprach von einem „{self.rng.choice(_CATCHWORDS)}“."

    def measure(self) -> str:
        rng = self.rng
        what, month = rng.choice(self.pool.measures), rng.choice(_MONTHS)
        if rng.random() < 0.5:
            return f"im {month} lag {what} bei {self.level()}."
        direction = rng.choice(("stieg", "sank"))
        return f"{what} {direction} {self.time()} um {self.change()}."

    def money(self) -> str:
        rng = self.rng
        kind = rng.randrange(3)
        if kind == 0:
            return f"dafür sind {self.amount()} eingeplant."
        if kind == 1:
            subject, plural = self.agent()
            verb = "rechnen" if plural else "rechnet"
            return f"{subject} {verb} mit Mehrkosten von {self.amount()}."
        return f"die Kosten für {self.np('acc')} belaufen sich auf {self.amount()}."

    def crowd(self) -> str:
        rng = self.rng
        count = _german_int(rng.randint(2, 400) * rng.choice((10, 100)))
        prefix = rng.choice(("mehr als", "rund", "knapp", "etwa"))
        doing = rng.choice(
            (
                f"verfolgten {self.np('acc')}",
                f"beteiligten sich {_with_prep('an', self.np('dat'))}",
                f"protestierten {self.where()} gegen {self.np('acc')}",
            )
        )
        return f"{prefix} {count} Menschen {doing}."

    def predicate(self) -> str:
        noun = self.noun()
        verb = "gelten" if noun.plural else "gilt"
        return f"{noun.phrase('nom')} {verb} als {self.rng.choice(_PREDICATES)}."

    def opinion(self) -> str:
        return f"{self.person()} hält {self.np('acc')} für {self.rng.choice(_PREDICATES)}."

    def that(self) -> str:
        subject, plural = self.agent()
        said = self.rng.choice(("betonte", "erklärte", "versicherte", "bestätigte"))
        noun = self.noun()
        modal = "sollen" if noun.plural else "soll"
        participle = self.verb().participle
        return (
            f"{subject} {said}{'n' if plural else ''}, dass {noun.phrase('nom')} "
            f"{self.future()} {participle} werden {modal}."
        )

    def reported_that(self) -> str:
        subject, plural = self.agent()
        aux = "hätten" if plural else "habe"
        return (
            f"{self.person()} sagte, dass {subject} {self.np('acc')} "
            f"{self.verb().participle} {aux}."
        )

    def criticism(self) -> str:
        target = _with_prep("an", self.np("dat"))
        return f"Kritik {target} kam vor allem {self.agent_from()}."

    def debate(self) -> str:
        noun = self.noun()
        aux = "werden" if noun.plural else "wird"
        span = self.rng.choice(("Wochen", "Monaten", "Jahren"))
        how = self.rng.choice(("diskutiert", "kontrovers diskutiert", "kritisch gesehen"))
        return f"{self.where()} {aux} {noun.phrase('nom')} seit {span} {how}."

    def earlier(self) -> str:
        subject, plural = self.agent()
        year = self.year - self.rng.randint(1, 5)
        aux = "hatten" if plural else "hatte"
        obj, participle = self.np("acc"), self.verb().participle
        return f"bereits im Jahr {year} {aux} {subject} {obj} {participle}."

    def open_question(self) -> str:
        noun = self.noun()
        aux = "werden" if noun.plural else "wird"
        end = self.rng.choice(("ist noch offen", "bleibt abzuwarten", "gilt als unklar"))
        participle = self.verb().participle
        return f"ob {noun.phrase('nom')} {self.future()} {participle} {aux}, {end}."

    def decision(self) -> str:
        return f"eine Entscheidung über {self.np('acc')} soll {self.future()} fallen."

    def contrast(self) -> str:
        first = self.action()[:-1]
        return f"{first}, doch {self.action()}"

    # Larger units -------------------------------------------------------

    def sentence(self) -> str:
        return _capitalize(self.rng.choice(self.sentences)())

    def lead(self) -> str:
        # Short agent-verb-object sentences make readable titles.
        return _capitalize(self.rng.choice((self.action, self.perfect))())

    def subheading(self) -> str:
        while True:
            heading = _capitalize(self._heading_candidate())
            if 2 <= _words(heading) <= 5:
                return heading

    def _heading_candidate(self) -> str:
        rng = self.rng
        options = (
            lambda: f"Streit um {self.noun().phrase('acc')}",
            lambda: f"{rng.choice(self.focus_nouns).word} unter Druck",
            lambda: f"Kritik aus {rng.choice(_PLACES)}",
            lambda: f"Neue Regeln für {self.noun().phrase('acc')}",
            lambda: f"{self.noun().phrase('nom')} im Überblick",
            lambda: f"Hoffnung auf {self.noun().phrase('acc')}",
            lambda: f"Zweifel {_with_prep('an', self.noun().phrase('dat'))}",
            lambda: f"Blick nach {rng.choice(_PLACES)}",
            lambda: rng.choice(_FIXED_HEADINGS),
        )
        return rng.choice(options)()

    def quote_box(self) -> str:
        rng = self.rng
        saying = rng.choice(self.pool.sayings)
        speaker = rng.choice(self.focus_people)
        kind = rng.randrange(3)
        if kind == 0:
            article = "Die" if speaker.female else "Der"
            who = f"{article} {speaker.role} über {self.np('acc')}."
        elif kind == 1:
            who = f"{speaker.name} über {self.np('acc')}."
        else:
            who = f"{speaker.name} {_with_prep('zu', self.np('dat'))}."
        return f"{saying} {who}"


# --- Article assembly -------------------------------------------------------


def _digest(seed: int, index: int, attempt: int = 0) -> bytes:
    # Hash-derived rather than drawn from one shared stream, so each article
    # depends only on (seed, index) and not on the articles generated before it.
    key = f"{seed}:{index}" if attempt == 0 else f"{seed}:{index}:{attempt}"
    return hashlib.blake2b(key.encode(), digest_size=16).digest()


def _random_date(rng: random.Random) -> tuple[int, str]:
    year, month = rng.randint(FIRST_YEAR, LAST_YEAR), rng.randint(1, 12)
    date = f"{year}-{month:02d}"
    if rng.random() < FULL_DATE_SHARE:
        day = rng.randint(1, calendar.monthrange(year, month)[1])
        date = f"{date}-{day:02d}"
    return year, date


def _title(sentence: str) -> str:
    """First sentence without final punctuation, cut at a word boundary."""
    text = sentence.rstrip(".?!")
    if len(text) > TITLE_MAX_CHARS:
        text = text[: TITLE_MAX_CHARS + 1].rsplit(" ", 1)[0]
    return text.rstrip(",;:– ")


def _paragraphs(writer: _Writer, target: int, ceiling: int) -> list[list[str]]:
    """Sentences grouped into paragraphs until the body reaches `target` words."""
    rng = writer.rng
    paragraphs = [[writer.lead()]]
    size = rng.randint(2, 3)
    total = _words(paragraphs[0][0])
    while total < target:
        sentence = writer.sentence()
        length = _words(sentence)
        if total + length > ceiling:
            break
        if len(paragraphs[-1]) >= size:
            paragraphs.append([])
            size = rng.randint(2, 5)
        paragraphs[-1].append(sentence)
        total += length
    return paragraphs


def _assemble(
    rng: random.Random, paragraphs: list[str], headings: list[str], box: str | None
) -> tuple[Block, ...]:
    """Place subheadings and the quotation box in gaps between paragraphs."""
    gaps = range(1, len(paragraphs))
    # Keep headings away from the lead when the article is long enough.
    heading_gaps = range(2, len(paragraphs)) if len(gaps) > len(headings) else gaps
    chosen = rng.sample(heading_gaps, min(len(headings), len(heading_gaps)))
    before: dict[int, list[Block]] = {}
    if box is not None:
        before.setdefault(rng.choice(gaps), []).append(Block("q", box))
    for gap, heading in zip(sorted(chosen), headings, strict=False):
        before.setdefault(gap, []).append(Block("h", heading))
    blocks: list[Block] = []
    for position, text in enumerate(paragraphs):
        blocks.extend(before.get(position, ()))
        blocks.append(Block("p", text))
    return tuple(blocks)


def generate_article(seed: int, index: int) -> Article:
    """The article at `index` of the collection with the given seed."""
    rng = random.Random(int.from_bytes(_digest(seed, index)))
    ressort = rng.choice(RESSORTS)
    year, date = _random_date(rng)
    writer = _Writer(rng, ressort, year)
    headings = []
    if rng.random() < SUBHEADING_SHARE:
        headings = [writer.subheading() for _ in range(rng.randint(1, 3))]
    box = writer.quote_box() if rng.random() < QUOTE_BOX_SHARE else None
    # Reserve room for the extras so the whole article stays within bounds even
    # if a heading is dropped for lack of gaps.
    extra = sum(map(_words, headings)) + (_words(box) if box else 0)
    target = max(rng.randint(MIN_WORDS, MAX_WORDS) - extra, MIN_WORDS)
    sentences = _paragraphs(writer, target, MAX_WORDS - extra)
    paragraphs = [" ".join(group) for group in sentences]
    blocks = _assemble(rng, paragraphs, headings, box)
    return Article(ressort, date, _title(sentences[0][0]), blocks)


# --- Rendering and output ---------------------------------------------------

_MARKDOWN_PREFIX = {"p": "", "h": "## ", "q": "> "}


def render_source(article: Article) -> str:
    """The collection's own format: header on the lead line, no final newline."""
    body = "\n\n".join(block.text for block in article.blocks)
    return f" date {article.date} {body}"


def render_markdown(article: Article, slug: str) -> str:
    """Plain Pelican Markdown with the same text, for speed comparisons."""
    # An explicit slug keeps output paths unique when two titles coincide.
    header = (
        f"Title: {article.title}\nDate: {article.iso_date}\n"
        f"Category: {article.ressort}\nSlug: {slug}\n\n"
    )
    body = "\n\n".join(_MARKDOWN_PREFIX[b.kind] + b.text for b in article.blocks)
    return f"{header}{body}\n"


def file_stem(seed: int, index: int, count: int, taken: set[str]) -> str:
    """`NNN_<16 hex>` with a width that grows with the collection size."""
    width = max(3, len(str(max(count - 1, 0))))
    attempt = 0
    while (file_id := _digest(seed, index, attempt)[:8].hex()) in taken:
        attempt += 1
    taken.add(file_id)
    return f"{index:0{width}d}_{file_id}"


def generate_collection(
    out_dir: Path, count: int, seed: int = 1, markdown_dir: Path | None = None
) -> list[Path]:
    """Write `count` source files (and optional Markdown twins); return sources."""
    out_dir.mkdir(parents=True, exist_ok=True)
    if markdown_dir is not None:
        markdown_dir.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    paths = []
    for index in range(count):
        stem = file_stem(seed, index, count, taken)
        article = generate_article(seed, index)
        path = out_dir / f"{stem}.txt"
        # write_bytes: no newline translation on any platform.
        path.write_bytes(render_source(article).encode("utf-8"))
        paths.append(path)
        if markdown_dir is not None:
            markdown = render_markdown(article, stem)
            (markdown_dir / f"{stem}.md").write_bytes(markdown.encode("utf-8"))
    return paths


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be >= 0")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="directory for the .txt sources")
    parser.add_argument("--count", type=_non_negative, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--markdown", type=Path, metavar="MD_DIR", default=None)
    args = parser.parse_args(argv)
    paths = generate_collection(args.out_dir, args.count, args.seed, args.markdown)
    print(f"wrote {len(paths)} articles to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
