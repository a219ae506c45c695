"""Synthetic news articles for the ingest benchmarks, written to a folder as `.txt` files.

The vocabulary (agencies as the samples write them, people with their agency, countries) comes
from the gold annotations of the sample corpus, places from the city gazetteer restricted to those
countries; the sentences are templates written for the benchmark, one set per event type and
language. Texts are deterministic for a seed and all distinct, so every article is stored once.

    .venv/bin/python -m bench.generate_articles OUT_DIR --count 1000 [--seed 0]
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path

from lib.config import GOLD_DIR, PROJECT_ROOT

CITIES_CSV = PROJECT_ROOT / "lib" / "data" / "cities.csv"
SOURCES = ("Wire desk", "Security Review", "Regional Herald", "Ministry press office", "Le Courrier sécurité")
# Share of English articles, as in the sample corpus (about two in three).
ENGLISH_SHARE = 0.65

MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre")

# Event sentences per language and type. Slots: {a} {b} agencies, {p} a person, {city}, {when}, {n} a number.
EVENT_TEMPLATES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "visit": ("{p} paid a working visit to {b} in {city} {when}.",
                  "A delegation from {a} travelled to {city} {when} to visit the headquarters of {b}."),
        "meeting": ("Senior officials of {a} and {b} met in {city} {when} to review their cooperation.",
                    "{p} held talks with the leadership of {b} in {city} {when}."),
        "agreement": ("{a} and {b} signed a memorandum of understanding in {city} {when}.",
                      "The two services agreed {when} in {city} to set up a permanent liaison channel."),
        "arrest": ("Officers of {a} arrested {n} suspects in {city} {when}, with support from {b}.",
                   "{n} people were detained {when} near {city} in an operation led by {a}."),
        "joint_operation": ("{a} and {b} carried out a joint operation in {city} {when}, seizing {n} phones.",
                            "A joint investigation team of {a} and {b} searched {n} addresses around {city} {when}."),
        "judicial_cooperation": ("{a} handed a suspect over to {b} {when} under a European arrest warrant.",
                                 "Prosecutors of {a} sent a request for mutual legal assistance to {b} {when}."),
        "intelligence_sharing": ("{a} shared intelligence with {b} {when} ahead of a major event in {city}.",
                                 "Analysts of {a} and {b} exchanged information {when} on {n} travelling suspects."),
        "statement": ("{p} said {when} that cooperation with {b} had never been closer.",
                      "In a statement issued in {city} {when}, {a} thanked {b} for its support."),
    },
    "fr": {
        "visit": ("{p} a effectué une visite de travail auprès de {b} à {city} {when}.",
                  "Une délégation de {a} s'est rendue à {city} {when} au siège de {b}."),
        "meeting": ("Les responsables de {a} et de {b} se sont réunis à {city} {when}.",
                    "{p} s'est entretenu avec la direction de {b} à {city} {when}."),
        "agreement": ("{a} et {b} ont signé un accord de coopération à {city} {when}.",
                      "Les deux services sont convenus {when} à {city} d'ouvrir un canal de liaison permanent."),
        "arrest": ("Les enquêteurs de {a} ont interpellé {n} suspects à {city} {when}, avec l'appui de {b}.",
                   "{n} personnes ont été arrêtées {when} près de {city} lors d'une opération de {a}."),
        "joint_operation": ("{a} et {b} ont mené une opération conjointe à {city} {when} et saisi {n} téléphones.",
                            "Une équipe commune d'enquête de {a} et de {b} a perquisitionné {n} adresses {when}."),
        "judicial_cooperation": ("{a} a remis un suspect à {b} {when} en exécution d'un mandat d'arrêt européen.",
                                 "Le parquet de {a} a adressé une demande d'entraide pénale à {b} {when}."),
        "intelligence_sharing": ("{a} a partagé des renseignements avec {b} {when} avant un grand événement à {city}.",
                                 "Les analystes de {a} et de {b} ont échangé des informations {when} sur {n} suspects."),
        "statement": ("{p} a déclaré {when} que la coopération avec {b} n'avait jamais été aussi étroite.",
                      "Dans un communiqué publié à {city} {when}, {a} a remercié {b} pour son soutien."),
    },
}
# Background sentences without events, to reach the length of a real article.
FILLERS: dict[str, tuple[str, ...]] = {
    "en": ("The investigation began {n} months earlier after a tip from a partner service.",
           "Officials declined to give further details, citing the ongoing proceedings.",
           "The case is part of a wider effort against organised crime networks operating across borders.",
           "Encrypted messaging applications were central to the network's logistics.",
           "According to investigators, the group had moved drugs and cash through several ports.",
           "Both sides described the exchange as routine but essential.",
           "A spokesperson for {a} confirmed the figures to reporters in {city}."),
    "fr": ("L'enquête avait été ouverte {n} mois plus tôt sur la foi d'un signalement d'un service partenaire.",
           "Les autorités n'ont pas souhaité donner plus de détails, l'instruction étant en cours.",
           "L'affaire s'inscrit dans un effort plus large contre les réseaux criminels transfrontaliers.",
           "Les messageries chiffrées étaient au cœur de la logistique du réseau.",
           "Selon les enquêteurs, le groupe faisait transiter de la drogue et de l'argent par plusieurs ports.",
           "Les deux parties ont qualifié cet échange de routinier mais indispensable.",
           "Un porte-parole de {a} a confirmé ces chiffres à la presse à {city}."),
}
TITLES: dict[str, tuple[str, ...]] = {
    "en": ("{a} and {b} step up cooperation", "{n} arrests after operation by {a}", "{a} chief visits {city}",
           "{a} and {b} sign new agreement", "Joint investigation led by {a} ends in {city}"),
    "fr": ("{a} et {b} renforcent leur coopération", "{n} interpellations après une opération de {a}",
           "Le chef de {a} en visite à {city}", "Nouvel accord entre {a} et {b}", "Coup de filet de {a} à {city}"),
}


@dataclass(frozen=True)
class Vocabulary:
    agencies: dict[str, list[tuple[str, str]]]  # language -> (surface form, country)
    people: list[str]
    cities: list[str]


@dataclass(frozen=True)
class Article:
    title: str
    published: dt.date
    source: str
    language: str
    text: str

    def render(self) -> str:
        """The `.txt` form with a header block, as the readers expect it."""
        return (f"Title: {self.title}\nDate: {self.published.isoformat()}\nSource: {self.source}\n\n"
                f"{self.text}\n")


def load_vocabulary(gold_dir: Path = GOLD_DIR, cities_csv: Path = CITIES_CSV) -> Vocabulary:
    agencies: dict[str, dict[str, str]] = {"en": {}, "fr": {}}
    people: dict[str, None] = {}
    countries: set[str] = set()
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        language = gold.get("language", "en")
        for agency in gold.get("agencies", []):
            for mention in agency.get("mentions", []):
                agencies.setdefault(language, {})[mention] = agency.get("country") or ""
            countries.add(agency.get("country") or "")
        for person in gold.get("persons", []):
            people[person["name"]] = None
        countries.update(gold.get("countries", []))
    with cities_csv.open(encoding="utf-8") as handle:
        cities = [row["name"] for row in csv.DictReader(handle) if row["country"] in countries]
    if not people or not cities or not all(agencies.get(lang) for lang in ("en", "fr")):
        raise ValueError(f"no usable vocabulary under {gold_dir}")
    return Vocabulary({lang: sorted(forms.items()) for lang, forms in agencies.items()}, list(people), cities)


def _when(rng: random.Random, published: dt.date, language: str) -> tuple[str, dt.date]:
    day = published - dt.timedelta(days=rng.randint(0, 6))
    if language == "fr":
        return f"le {day.day} {MONTHS_FR[day.month - 1]} {day.year}", day
    return f"on {day.strftime('%B')} {day.day}, {day.year}", day


def make_article(rng: random.Random, vocabulary: Vocabulary, start: dt.date = dt.date(2016, 1, 1),
                 days: int = 3650) -> Article:
    language = "en" if rng.random() < ENGLISH_SHARE else "fr"
    published = start + dt.timedelta(days=rng.randrange(days))
    agencies = vocabulary.agencies[language]

    def slots() -> dict[str, object]:
        (a, _), (b, _) = rng.sample(agencies, 2)
        when, _ = _when(rng, published, language)
        return {"a": a, "b": b, "p": rng.choice(vocabulary.people), "city": rng.choice(vocabulary.cities),
                "when": when, "n": rng.randint(2, 120)}

    paragraphs = []
    for _ in range(rng.randint(3, 5)):
        sentences = []
        for _ in range(rng.randint(2, 4)):
            if rng.random() < 0.55:
                kind = rng.choice(list(EVENT_TEMPLATES[language]))
                template = rng.choice(EVENT_TEMPLATES[language][kind])
            else:
                template = rng.choice(FILLERS[language])
            sentences.append(template.format(**slots()))
        paragraphs.append(" ".join(sentences))
    title = rng.choice(TITLES[language]).format(**slots())
    return Article(title, published, rng.choice(SOURCES), language, "\n\n".join(paragraphs))


def generate(count: int, seed: int = 0, vocabulary: Vocabulary | None = None) -> list[Article]:
    """`count` articles with pairwise distinct texts, the same for the same seed."""
    rng = random.Random(seed)
    vocabulary = vocabulary or load_vocabulary()
    seen: set[str] = set()
    articles: list[Article] = []
    while len(articles) < count:
        article = make_article(rng, vocabulary)
        if article.text not in seen:
            seen.add(article.text)
            articles.append(article)
    return articles


def write_articles(folder: Path, count: int, seed: int = 0) -> list[Path]:
    """Write `count` articles as `article-00001.txt`... into `folder` (created); their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, article in enumerate(generate(count, seed), start=1):
        path = folder / f"article-{i:05d}.txt"
        path.write_text(article.render(), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write synthetic articles for the benchmarks.")
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    paths = write_articles(args.out, args.count, args.seed)
    print(f"{len(paths)} articles in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
