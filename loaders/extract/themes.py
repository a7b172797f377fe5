"""Policy themes a sentence names, and the cues that say someone works on them."""

from __future__ import annotations

import re
from functools import cache

from graph_api.ontology import load_ontology

THEMES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (theme, re.compile(pattern))
    for theme, pattern in (
        (
            "national-migration-policy",
            r"\bpoliticas? (?:nacional(?:es)? )?migratorias?\b|\bpolitica nacional de migracion"
            r"|\bpolitica de estado (?:en (?:el ambito|materia) migratori[oa]|sobre migracion)",
        ),
        ("migration-drivers", r"\bcausas,? origenes y destinos\b|\bcausas (?:estructurales )?de la migracion"),
        (
            "diaspora-wellbeing",
            r"\bbienestar (?:y (?:el )?desarrollo )?de (?:nuestros |nuestras |los |las |la )?"
            r"(?:compatriotas|connacionales|peruanos|colombianos|ecuatorianos|diaspora|comunidades)",
        ),
        (
            "inter-institutional-coordination",
            r"\bsinergias? entre\b|\b(?:coordinacion|articulacion) (?:interinstitucional|intersectorial|multisectorial)"
            r"|\bincorporar a otras (?:entidades|instituciones)",
        ),
        (
            "migration-data",
            r"\b(?:estadisticas?|datos|cifras)(?: [a-z]+)? (?:migratori[oa]s|sobre (?:[a-z]+ ){0,3}?"
            r"(?:migra\w*|diaspora|movilidad|extranjer\w*|refugiad\w*))",
        ),
        ("consular-protection", r"\b(?:proteccion|asistencia) (?:y asistencia )?consular"),
        (
            "labour-migration",
            r"\bmigracion laboral\b|\btrabajadores migrantes\b|\btrabajo decente\b|\bmovilidad laboral\b",
        ),
        (
            "documentation",
            r"\bdocumentacion\b|\bdocumentos? (?:nacional )?de identidad\b|\bdni\b|\bcarne de extranjeria\b",
        ),
        (
            "access-to-services",
            r"\bacce(?:so|der)(?: de [^.]{0,60}?)? a (?:los )?servicios\b|\bservicios (?:basicos|publicos|sociales)\b",
        ),
        ("return-reintegration", r"\bretorn\w*|\breintegra\w*|\breinsercion\b|\bregres\w* al pais\b"),
    )
)


# A theme counts only where the text says someone acts on it, not where it describes a situation.
PURPOSE = re.compile(
    r"\b(?:para|a fin de|con el (?:objetivo|proposito|fin) de|con la finalidad de|finalidad|objetivo|tareas?|"
    r"mandato|acordaron|acordo|busca\w*|propon\w*|promov\w*|fortalec\w*|garantiz\w*|consolid\w*|mejorar|"
    r"elabor\w*|crear|abord\w*|analiz\w*|impuls\w*|implement\w*|atend\w*|revis\w*|ampli\w*|incorporar|articul\w*|"
    r"facilitar|a su cargo|encarg\w*|funcion(?:es)?|formul\w*|responsab\w*)\b"
)


# Where it ends (right before a placeholder) is looked up: `View.framework_ends`.
FRAMEWORK = re.compile(r"\ben\s+el\s+marco\s+de(?:l|\s+la|\s+los|\s+las)?\s*(?=⟦)")


@cache
def theme_names() -> dict[str, str]:
    return {term.id: term.es for term in load_ontology().vocabularies["policy_themes"].terms}
