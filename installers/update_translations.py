"""Refresh the Qt translation files: extract strings (pyside6-lupdate), fill missing French, compile (.qm).

The .ts file is the source of truth (edit it in Qt Linguist if you prefer); FRENCH below only fills
entries still unfinished, so new strings get their wording reviewed here, in one place.
Run: python installers/update_translations.py
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "translations" / "cauri_fr.ts"
QM = TS.with_suffix(".qm")
BIN = Path(sys.executable).parent

# Wording chosen as a French-speaking radiologist says it (see docs/USERS words list).
FRENCH = {
    "Studies": "Examens",
    "Cancel": "Annuler",
    "Tools": "Outils",
    "Import files…": "Importer des fichiers…",
    "Import folder…": "Importer un dossier…",
    "Layout": "Disposition",
    "Window/level": "Fenêtrage",
    "Auto window": "Fenêtrage auto",
    "Invert": "Inverser",
    "Fit": "Ajuster",
    "1:1": "1:1",
    "Rotate 90°": "Rotation 90°",
    "Flip H": "Symétrie H",
    "Flip V": "Symétrie V",
    "Reset": "Réinitialiser",
    "True size unknown: scaled to fit": "Taille réelle inconnue : ajustée à la fenêtre",
    "Presentation state": "État de présentation",
    "Show the image as its next presentation state (GSPS) says": "Afficher l'image selon son état de présentation (GSPS) suivant",
    "No presentation state for this image": "Aucun état de présentation pour cette image",
    "Presentation state: ": "État de présentation : ",
    "P: the image as its presentation state says (again: the next one)": "P : l'image selon son état de présentation (encore : le suivant)",
    "Cine": "Ciné",
    "Play/pause cine": "Lecture/pause du ciné",
    " fps": " im/s",
    "Overlays": "Informations",
    "Preferences…": "Préférences…",
    "Keyboard and mouse": "Clavier et souris",
    "Next viewport": "Fenêtre suivante",
    "This series cannot be displayed as images.": "Cette série ne peut pas être affichée en images.",
    "File": "Fichier DICOM",
    "Import DICOM files": "Importer des fichiers DICOM",
    "DICOM, DICOMDIR or zip (*)": "DICOM, DICOMDIR ou zip (*)",
    "Import a folder or a CD/USB": "Importer un dossier, un CD ou une clé USB",
    "An import is already running.": "Une importation est déjà en cours.",
    "Importing…": "Importation…",
    "Preparing the demo study…": "Préparation de l'examen de démonstration…",
    "Imported: %1, already present: %2, rejected: %3": "Importées : %1, déjà présentes : %2, rejetées : %3",
    "cancelled": "annulée",
    "DICOM reception is off: port %1 could not be opened: %2":
        "Réception DICOM arrêtée : le port %1 n'a pas pu être ouvert : %2",
    "the port is in use or not allowed": "port déjà utilisé ou non autorisé",
    "its TLS certificate, key or CA cannot be used (Preferences > Network)":
        "certificat, clé ou autorité TLS inutilisable (Préférences > Réseau)",
    "Mouse wheel, ↑/↓, Page Up/Down, Home/End: move through the images":
        "Molette, ↑/↓, Page préc./suiv., Début/Fin : parcourir les coupes",
    "Left drag: window/level — Ctrl + left drag: scroll":
        "Glisser bouton gauche : fenêtrage — Ctrl + glisser gauche : défilement",
    "Right drag: zoom — Middle drag: pan — Double click: fit":
        "Glisser bouton droit : zoom — Glisser bouton du milieu : déplacer — Double clic : ajuster",
    "1: the file's window (again: next one) — 2 to 9: presets — 0: auto":
        "1 : fenêtrage du fichier (encore : le suivant) — 2 à 9 : préréglages — 0 : auto",
    "I: invert — F: fit — =: 1:1 — R: rotate 90° — H/V: flip — Esc: reset":
        "I : inverser — F : ajuster — = : 1:1 — R : rotation 90° — H/V : symétrie — Échap : réinitialiser",
    "Space: cine — O: overlays — Ctrl+Tab: next viewport — Ctrl+O: import":
        "Espace : ciné — O : informations — Ctrl+Tab : fenêtre suivante — Ctrl+O : importer",
    "Preferences": "Préférences",
    "Automatic (system language)": "Automatique (langue du système)",
    "Language": "Langue",
    "Name, patient ID, accession, description": "Nom, ID patient, n° d'accession, description",
    "All": "Toutes",
    "Dates": "Dates",
    "Search": "Rechercher",
    "Modality": "Modalité",
    "Patient": "Patient",
    "ID": "ID",
    "Date": "Date",
    "Description": "Description",
    "Accession": "N° d'accession",
    "Modalities": "Modalités",
    "Series/Images": "Séries/Images",
    "Series": "Séries",
    "%n study(ies)": ("%n examen", "%n examens"),
    "not displayable": "non affichable",
    "%n image(s)": ("%n image", "%n images"),
    "MPR": "MPR",
    "Multiplanar reconstruction": "Reconstruction multiplanaire",
    "Slab thickness (0: thin slice)": "Épaisseur de coupe (0 : coupe fine)",
    "Average": "Moyenne",
    "3D": "3D",
    "Volume rendering": "Rendu volumique",
    "Volume rendering preset": "Préréglage du rendu volumique",
    "&File": "&Fichier",
    "Quit": "Quitter",
    "&View": "&Affichage",
    "&Image": "&Image",
    "&Help": "Ai&de",
    "MPR is not available for this series: ": "MPR impossible pour cette série : ",
    "M: MPR (click: move the point, Shift: window, Ctrl: oblique) — D: 3D":
        "M : MPR (clic : déplacer le point, Maj : fenêtrage, Ctrl : oblique) — D : 3D",
    "Another transfer is running; try again when it ends.": "Un transfert est déjà en cours ; réessayez à la fin.",
    "Retrieving from the archive…": "Récupération depuis l'archive…",
    "Retrieve failed: ": "Échec de la récupération : ",
    "Study complete: %1 images": "Examen complet : %1 images",
    "Study incomplete: %1 of %2 images (retrieve again to resume)":
        "Examen incomplet : %1 images sur %2 (récupérer à nouveau pour reprendre)",
    "Local cache": "Cache local",
    "Where to search: the local cache or an archive (PACS)": "Où rechercher : le cache local ou une archive (PACS)",
    "Any field": "Tous les champs",
    "Name": "Nom",
    "Patient ID": "ID patient",
    "Retrieve": "Récupérer",
    "Source": "Source",
    "Availability": "Disponibilité",
    "Search the archive with the fields above.": "Rechercher dans l'archive avec les champs ci-dessus.",
    "Searching the archive…": "Recherche dans l'archive…",
    "Archive search failed: ": "Échec de la recherche dans l'archive : ",
    "Local": "Local",
    "Partial": "Partiel",
    "Remote": "Distant",
    "Archive": "Archive",
    "AE title": "Titre AE",
    "Host": "Hôte",
    "Port": "Port",
    "This workstation's AE title": "Titre AE de ce poste",
    "Storage port (receives images)": "Port de réception (images entrantes)",
    "Archives (PACS)": "Archives (PACS)",
    "%1: connected (%2 ms)": "%1 : connecté (%2 ms)",
    "CA file (PEM) to enable TLS": "Fichier d'autorité (PEM) pour activer TLS",
    "DICOMweb URL": "URL DICOMweb",
    "Retrieve with": "Récupérer par",
    "TLS": "TLS",
    "General": "Général",
    "Network": "Réseau",
    "Add…": "Ajouter…",
    "Edit…": "Modifier…",
    "Remove": "Supprimer",
    "Test (C-ECHO)": "Tester (C-ECHO)",
    "Send to": "Envoyer vers",
    "Sending to %1…": "Envoi vers %1…",
    "Send failed: ": "Échec de l'envoi : ",
    "Sent %1 of %2 images; %3 failed: ": "%1 images envoyées sur %2 ; %3 en échec : ",
    "Sent %1 images": "%1 images envoyées",
    "Measurements": "Mesures",
    "Measurement tool (Esc: back to navigation)": "Outil de mesure (Échap : retour à la navigation)",
    "Navigate": "Navigation",
    "Key image": "Image clé",
    "Flag/unflag the image as a key image": "Marquer/démarquer l'image comme image clé",
    "Distance tool": "Outil distance",
    "Delete measurement": "Supprimer la mesure",
    "Undo": "Annuler",
    "Redo": "Rétablir",
    "Save findings as DICOM": "Enregistrer les résultats en DICOM",
    "Key image flagged": "Image clé marquée",
    "Key image unflagged": "Image clé démarquée",
    "Findings not saved: ": "Résultats non enregistrés : ",
    "Findings saved as DICOM (%1 objects)": "Résultats enregistrés en DICOM (%1 objets)",
    "Distance": "Distance",
    "Angle": "Angle",
    "Cobb angle": "Angle de Cobb",
    "Bidirectional": "Bidirectionnelle",
    "Ellipse ROI": "ROI ellipse",
    "Rectangle ROI": "ROI rectangle",
    "Polygon ROI": "ROI polygone",
    "Freehand ROI": "ROI main levée",
    "Pixel value": "Densité (sonde)",
    "Arrow": "Flèche",
    "Text": "Texte",
    "Delete": "Supprimer",
    "Save as DICOM": "Enregistrer en DICOM",
    "Structured report (measurements), presentation state (annotations, window), key images":
        "Compte rendu structuré (mesures), état de présentation (annotations, fenêtrage), images clés",
    "Key images: %1": "Images clés : %1",
    "Annotation": "Annotation",
    "Text:": "Texte :",
    "3D clip box": "Découpe 3D",
    "Clip…": "Découpe…",
    "Right – left": "Droite – gauche",
    "Anterior – posterior": "Antérieur – postérieur",
    "Foot – head": "Pieds – tête",
    "Whole volume": "Volume entier",
    "Transfers": "Transferts",
    "Retrieve cancelled; what arrived stays in the cache": "Récupération annulée ; ce qui est arrivé reste dans le cache",
    "Study": "Examen",
    "State": "État",
    "Progress": "Progression",
    "Cancel transfer": "Annuler le transfert",
    "Retry": "Réessayer",
    "waiting": "en attente",
    "receiving": "en cours",
    "complete": "complet",
    "failed": "échec",
    "3D needs a stack of at least 3 images.": "La 3D demande une pile d'au moins 3 images.",
    "needs a stack of at least 3 images": "il faut une pile d'au moins 3 images",
    "Calibration: ": "Calibration : ",
    "Measurement on an MPR plane: open its series in MPR (M)": "Mesure sur un plan MPR : ouvrir sa série en MPR (M)",
    "No MPR view is parallel to this measurement's plane": "Aucune vue MPR n'est parallèle au plan de cette mesure",
    "PEM file; empty: no TLS": "fichier PEM ; vide : sans TLS",
    "Storage port TLS certificate": "Certificat TLS du port de réception",
    "Storage port TLS key": "Clé TLS du port de réception",
    "CA required of senders (optional)": "AC exigée des expéditeurs (facultatif)",
    # Idle lock (issue 19)
    "Cauri is locked: patient data is hidden.": "Cauri est verrouillé : les données patient sont masquées.",
    "Unlock": "Déverrouiller",
}


def fill(ts_path: Path) -> list[str]:
    tree = ET.parse(ts_path)
    missing = []
    for message in tree.iter("message"):
        source = message.findtext("source")
        tr = message.find("translation")
        if tr is None:
            continue
        numerus = message.get("numerus") == "yes"
        done = tr.get("type") not in ("unfinished", "vanished", "obsolete")
        if done:
            continue
        if tr.get("type") in ("vanished", "obsolete"):
            continue
        french = FRENCH.get(source)
        if french is None:
            missing.append(source)
            continue
        for child in list(tr):
            tr.remove(child)
        tr.text = None
        if numerus:
            forms = french if isinstance(french, tuple) else (french, french)
            for form in forms:
                ET.SubElement(tr, "numerusform").text = form
        else:
            tr.text = french
        del tr.attrib["type"]
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    return missing


def main() -> int:
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "viewer").rglob("*.py"))
    subprocess.run([str(BIN / "pyside6-lupdate"), *sources, "-no-obsolete", "-ts", str(TS)], cwd=ROOT, check=True)
    missing = fill(TS)
    subprocess.run([str(BIN / "pyside6-lrelease"), str(TS), "-qm", str(QM)], cwd=ROOT, check=True)
    for m in missing:
        print(f"untranslated: {m!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
