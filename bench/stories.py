"""Invented news stories for tests and benchmarks: no text from anywhere, any number of articles.

Each story runs in English, Spanish and German with the same two tweets translated (so they link across
languages) and a quotation in the prose; a story's number is in its texts, so every story's statements are its own
(each is embedded once, as a new archive's would be).
"""
from __future__ import annotations

from pathlib import Path

_STORY = {
    "en": ("Council {n} weighs a new bus plan\nPosted: March {d}, 2024\n\n"
           "The plan would add {n} buses to the northern routes.\n\n"
           "We will add {n} buses before the winter timetable starts. #transit{n}\n"
           "— Mira Okafor (@miraokafor) Mar {d}, 2024\n\n"
           "Riders in district {n} asked for later trains on weekends. #transit{n}\n"
           "— Tomas Lindqvist (@tlindqvist) Mar {d}, 2024\n\n"
           "“The depot in district {n} is ready for the new fleet,” said Mira Okafor.\n"),
    "es": ("El consejo {n} estudia un nuevo plan de autobuses\nPublicado: 2024-03-{d:02d}\n\n"
           "El plan añadiría {n} autobuses a las rutas del norte.\n\n"
           "Añadiremos {n} autobuses antes de que empiece el horario de invierno. #transit{n}\n"
           "— Mira Okafor (@miraokafor) {d} de marzo de 2024\n\n"
           "Los viajeros del distrito {n} pidieron trenes más tarde los fines de semana. #transit{n}\n"
           "— Tomas Lindqvist (@tlindqvist) {d} de marzo de 2024\n\n"
           "«La cochera del distrito {n} está lista para la nueva flota», dijo Mira Okafor.\n"),
    "de": ("Rat {n} berät einen neuen Busplan\nVeröffentlicht: {d:02d}.03.2024\n\n"
           "Der Plan brächte {n} Busse auf die nördlichen Linien.\n\n"
           "Wir setzen {n} Busse ein, bevor der Winterfahrplan beginnt. #transit{n}\n"
           "— Mira Okafor (@miraokafor) {d}. März 2024\n\n"
           "Fahrgäste im Bezirk {n} baten um spätere Züge am Wochenende. #transit{n}\n"
           "— Tomas Lindqvist (@tlindqvist) {d}. März 2024\n\n"
           "„Das Depot im Bezirk {n} ist bereit für die neue Flotte“, sagte Mira Okafor.\n"),
}


def write_stories(folder: Path, n: int, start: int = 0) -> list[Path]:
    """Stories `start` … `start + n - 1`, each in three languages: 3·n invented articles."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(start, start + n):
        for lang, text in _STORY.items():
            out.append(folder / f"story{i:05d}_{lang}.txt")
            out[-1].write_text(text.format(n=i + 2, d=i % 28 + 1), encoding="utf-8")
    return out
