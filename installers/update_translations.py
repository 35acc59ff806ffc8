"""Refresh the Qt translation files: extract strings (pyside6-lupdate), fill missing French, compile (.qm).

The .ts file is the source of truth (edit it in Qt Linguist if you prefer); FRENCH below only fills
entries still unfinished, so new strings get their wording reviewed here, in one place. Every French
entry then gets French typography (a no-break space before ":", ";", "!", "?", "%": the same rule as the
domain messages, ``viewer.core.numbers.punctuate``).

Two more catalogues are made here:
- ``cauri_en``: English plurals only. A source text counting with ``%n`` ("%n study(ies)") needs a
  translation even in English for Qt to pick "1 study" or "2 studies" (Qt's documented way).
- ``qt_extra_fr``: French for the few texts of Qt's own dialogs that Qt's ``qtbase_fr.qm`` (shipped with
  PySide6-Essentials, loaded from Qt's translations folder) leaves in English in Qt 6 (the file dialog's
  "&Look in:"). Installed after ``qtbase_fr``, so it only adds.
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
TS_EN = TS.with_name("cauri_en.ts")
TS_QT_EXTRA = TS.with_name("qt_extra_fr.ts")
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))
from viewer.core.numbers import punctuate  # noqa: E402 (after the path: the script runs from a checkout)

# Wording chosen as a French-speaking radiologist says it (see docs/USERS words list).
FRENCH = {
    "Black out the text around ultrasound images (where their header says where the image is)":
        "Masquer le texte autour des images d'échographie (là où leur en-tête situe l'image)",
    "A screen was unplugged: its views are folded away": "Un écran a été débranché : ses vues sont repliées",
    "Making the package…": "Préparation du paquet…",
    "The package could not be made (%1).": "Le paquet n'a pas pu être préparé (%1).",
    "Keep the hospital's name": "Garder le nom de l'hôpital",
    "PS3.15 Retain Institution Identity Option: institution name, address and department stay on the images":
        "Option PS3.15 « conserver l'identité de l'établissement » : nom, adresse et service restent sur les images",
    # The study cache's size limit (issue 20)
    "Pinned": "Épinglé",
    "Unpin": "Désépingler",
    "Pin (keep on this computer)": "Épingler (garder sur ce poste)",
    "Free the space (keep on the archive)…": "Libérer la place (garder sur l'archive)…",
    "This study is open or arriving: its space cannot be freed now.":
        "Cet examen est ouvert ou en cours d'arrivée : sa place ne peut pas être libérée maintenant.",
    "Remove this study's images from this computer? It stays listed, on the archive, and is retrieved again "
    "when opened.": "Retirer les images de cet examen de ce poste ? Il reste dans la liste, sur l'archive, et sera "
                    "récupéré de nouveau à l'ouverture.",
    "It is protected: %1.": "Il est protégé : %1.",
    "The cache could not be trimmed: %1": "Le cache n'a pas pu être allégé : %1",
    "The cache is over its limit: %n protected study(ies) wait for your confirmation (Free the space, in the "
    "study list).": ("Le cache dépasse sa limite : %n examen protégé attend votre confirmation (Libérer la place, "
                     "dans la liste des examens).",
                     "Le cache dépasse sa limite : %n examens protégés attendent votre confirmation (Libérer la "
                     "place, dans la liste des examens)."),
    "Cache limit: %n study(ies) left for the archive.": ("Limite du cache : %n examen laissé à l'archive.",
                                                          "Limite du cache : %n examens laissés à l'archive."),
    " GB": " Go",
    "Study cache size limit": "Taille maximale du cache d'examens",
    "Past this size, the studies opened longest ago leave this computer (they stay on the archive); pinned "
    "studies, key images, unsent findings and reports, and today's studies stay":
        "Au-delà de cette taille, les examens ouverts il y a le plus longtemps quittent ce poste (ils restent sur "
        "l'archive) ; les examens épinglés, les images clés, les constatations et comptes rendus non envoyés et "
        "les examens du jour restent",
    "De-identify (no name, ID or birth date on the disc; the link back stays on this workstation)":
        "Anonymiser (ni nom, ni identifiant, ni date de naissance sur le disque ; le lien reste sur ce poste)",
    "%n series may show text burned into the pixels (%1), such as the patient's name: de-identification cannot "
    "remove it. Export anyway?": ("%n série peut montrer du texte incrusté dans les pixels (%1), comme le nom du "
                                  "patient : l'anonymisation ne peut pas l'enlever. Exporter quand même ?",
                                  "%n séries peuvent montrer du texte incrusté dans les pixels (%1), comme le nom "
                                  "du patient : l'anonymisation ne peut pas l'enlever. Exporter quand même ?"),
    "Lock after inactivity": "Verrouiller après inactivité",
    "Memory for images": "Mémoire pour les images",
    " MB": " Mo",
    "Automatic (%1 MB)": "Automatique (%1 Mo)",
    "Decoded images, MPR and 3D volumes and thumbnails of every open study and prior share this memory. Images "
    "that do not fit are read again from the cache when shown; a volume that does not fit is refused with its "
    "reason. Automatic: a quarter of this computer's memory.":
        "Les images décodées, les volumes MPR et 3D et les vignettes de tous les examens ouverts et antérieurs "
        "partagent cette mémoire. Les images qui n'y tiennent pas sont relues depuis le cache à l'affichage ; un "
        "volume qui n'y tient pas est refusé, avec la raison. Automatique : un quart de la mémoire de cet ordinateur.",
    "Never": "Jamais",
    " min": " min",
    "Patient data is hidden after this long without keyboard, mouse or touch input, until the reader unlocks":
        "Les données du patient sont masquées après ce délai sans clavier, souris ni toucher, jusqu'au "
        "déverrouillage",
    # Segmentations (issue 21: SEG, RT Structure Sets)
    "Segments": "Segments",
    "Segment": "Segment",
    "Volume": "Volume",
    "Opacity": "Opacité",
    "Show or hide this segment": "Afficher ou masquer ce segment",
    "Opacity of the filling": "Opacité du remplissage",
    "Volumes: %1": "Volumes : %1",
    "SEG (binary)": "SEG (binaire)",
    "SEG (fractional)": "SEG (fractionnelle)",
    "SEG (label map)": "SEG (carte d'étiquettes)",
    "RT structures": "Structures RT",
    "%n segment(s)": ("%n segment", "%n segments"),
    # Worklist, screens, About (issue 14)
    "Worklist": "Liste de travail",
    "Birth date": "Date de naissance",
    "Sex": "Sexe",
    "Age": "Âge",
    "Images": "Images",
    "Status": "État",
    "Next study": "Examen suivant",
    "Previous study": "Examen précédent",
    "Next unread study": "Examen non lu suivant",
    "About Cauri": "À propos de Cauri",
    "Screens": "Écrans",
    "One window per screen": "Une fenêtre par écran",
    "One window over all screens": "Une seule fenêtre sur tous les écrans",
    "Worklist on screen %1": "Liste de travail sur l'écran %1",
    "DICOM reading workstation for Benin's teaching hospitals.": "Station de lecture DICOM pour les CHU du Bénin.",
    "No telemetry: Cauri sends nothing about you, your patients or its use to anyone. It talks only to the archives and devices you configure.":
        "Aucune télémétrie : Cauri n'envoie rien sur vous, vos patients ni son utilisation à qui que ce soit. Il ne communique qu'avec les archives et les appareils que vous configurez.",
    "Component": "Composant",
    "Version": "Version",
    "Licence": "Licence",
    "Licences": "Licences",
    "Overlay text size": "Taille du texte des annotations",
    "Automatic (screen DPI)": "Automatique (résolution de l'écran)",
    " pt": " pt",
    "Several screens": "Plusieurs écrans",
    "Worklist on screen": "Liste de travail sur l'écran",
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
    "%1: %2": "%1 : %2",
    "Study complete: %n image(s)": ("Examen complet : %n image", "Examen complet : %n images"),
    "Sent %n image(s)": ("%n image envoyée", "%n images envoyées"),
    "Findings saved as DICOM (%n object(s))":
        ("Résultats enregistrés en DICOM (%n objet)", "Résultats enregistrés en DICOM (%n objets)"),
    "not displayable": "non affichable",
    "%n image(s)": ("%n image", "%n images"),
    "%n object(s)": ("%n objet", "%n objets"),
    "Key images are marked on their images (K) and listed in the measurements panel.":
        "Les images clés sont signalées sur leurs images (K) et listées dans le panneau des mesures.",
    "Presentation states are applied to the images they reference (P: the next one).":
        "Les états de présentation s'appliquent aux images qu'ils désignent (P : le suivant).",
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
    "Another transfer is running; try again when it ends.": "Un transfert est déjà en cours ; réessayez à la fin.",
    "Retrieving from the archive…": "Récupération depuis l'archive…",
    "Retrieve failed: ": "Échec de la récupération : ",
    "no archive is configured (Preferences > Network)": "aucune archive n'est configurée (Préférences > Réseau)",
    "Accession number %1": "N° d'accession %1",
    "Study %1": "Examen %1",
    "The patient's study": "L'examen du patient",
    "%1 was found neither in the local cache nor on: %2": "%1 : introuvable dans le cache local et sur : %2",
    "%1 is not in the local cache, and no archive is configured (Preferences > Network)":
        "%1 : absent du cache local, et aucune archive n'est configurée (Préférences > Réseau)",
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
    "Calibration: ": "Calibration : ",
    "Measurement on an MPR plane: open its series in MPR (M)": "Mesure sur un plan MPR : ouvrir sa série en MPR (M)",
    "No MPR view is parallel to this measurement's plane": "Aucune vue MPR n'est parallèle au plan de cette mesure",
    "PEM file; empty: no TLS": "fichier PEM ; vide : sans TLS",
    "Storage port TLS certificate": "Certificat TLS du port de réception",
    "Storage port TLS key": "Clé TLS du port de réception",
    "CA required of senders (optional)": "AC exigée des expéditeurs (facultatif)",
    "Filters cleared to show the open study: %1": "Filtres effacés pour afficher l'examen ouvert : %1",
    "archive search": "recherche dans l'archive",
    "search text": "texte recherché",
    "modality": "modalité",
    "dates": "dates",
    "too many studies: the patient's studies are listed": "trop d'examens : ceux du patient sont listés",
    "Different patients on screen: %1": "Patients différents à l'écran : %1",
    "These views show different patients.": "Ces vues montrent des patients différents.",
    "Link them anyway?": "Les lier quand même ?",
    # Portable build: a disc shown in place, a profile that cannot be written, the setup wizard.
    "Your profile folder cannot be written: settings and cache are temporary this time":
        "Votre dossier de profil n'est pas modifiable : réglages et cache sont temporaires cette fois",
    "Reading the disc…": "Lecture du disque…",
    "Disc read in place (not imported): %n image(s)":
        ("Disque lu sur place (non importé) : %n image", "Disque lu sur place (non importé) : %n images"),
    "not shown: %1": "non affichées : %1",
    "Import the disc into the cache": "Importer le disque dans le cache",
    "Copy the disc's studies into this computer's study cache":
        "Copier les examens du disque dans le cache d'examens de cet ordinateur",
    "Setup wizard…": "Assistant de configuration…",
    "Cauri setup": "Configuration de Cauri",
    "Welcome to Cauri": "Bienvenue dans Cauri",
    "Language of the workstation": "Langue du poste",
    "This workstation on the network": "Ce poste sur le réseau",
    "The archive and the modalities know this workstation by its AE title; they send images to its storage port.":
        "L'archive et les modalités connaissent ce poste par son titre AE ; elles envoient les images à son port "
        "de réception.",
    "An AE title is 1 to 16 letters, digits or spaces (no backslash).":
        "Un titre AE compte de 1 à 16 lettres, chiffres ou espaces (sans barre oblique inverse).",
    "The archive (PACS)": "L'archive (PACS)",
    "Where studies are searched and retrieved. Leave it empty to work without one.":
        "Là où les examens sont recherchés et récupérés. Laissez vide pour travailler sans archive.",
    "The archive must know this workstation too (its AE title, address and port).":
        "L'archive doit aussi connaître ce poste (son titre AE, son adresse et son port).",
    "Give the archive's AE title and host first.": "Indiquez d'abord le titre AE et l'hôte de l'archive.",
    "Testing…": "Test en cours…",
    "The study cache": "Le cache d'examens",
    "Studies imported, retrieved or received are kept on this computer.":
        "Les examens importés, récupérés ou reçus sont conservés sur cet ordinateur.",
    "Folder": "Dossier",
    "Largest size (GB)": "Taille maximale (Go)",
    "no limit": "sans limite",
    "Browse…": "Parcourir…",
    "A new folder takes effect at the next start; studies already in the cache stay in the old folder.":
        "Un nouveau dossier prend effet au prochain démarrage ; les examens déjà en cache restent dans "
        "l'ancien dossier.",
    "Folder of the study cache": "Dossier du cache d'examens",
    "This folder cannot be written: %1": "Ce dossier n'est pas modifiable : %1",
    "Next >": "Suivant >",
    "< Back": "< Précédent",
    "Finish": "Terminer",
    "Skip": "Passer",
    # Idle lock (issue 19)
    "Cauri is locked: patient data is hidden.": "Cauri est verrouillé : les données patient sont masquées.",
    "Unlock": "Déverrouiller",
    # Theatre mode (issue 15): the words on the theatre screen, as the surgeon reads them
    "Theatre": "Théâtre",
    "Theatre mode: full screen, by touch, read-only": "Mode théâtre : plein écran, tactile, lecture seule",
    "Leave theatre": "Quitter le théâtre",
    "Close": "Fermer",
    "Thick MIP": "MIP épais",
    "3D bone": "3D osseux",
    "Present": "Présenter",
    "Scroll": "Défiler",
    "Window": "Fenêtrer",
    "What one finger dragged does": "Ce que fait un doigt qui glisse sur l'image",
    "No study open": "Aucun examen ouvert",
    "ID: ": "ID : ",
    "Born: ": "Né(e) le ",
    "Study: ": "Examen du ",
    "Key images and measurements": "Images clés et mesures",
    "Report": "Compte rendu",
    "No second screen: connect one to present": "Pas de second écran : branchez-en un pour présenter",
    # Second opinion abroad and black-out of burned-in text (issue 16)
    "Ask for a second opinion…": "Demander un avis…",
    "External opinion": "Avis externe",
    "Second opinion": "Avis externe",
    "Open a request…": "Ouvrir une demande…",
    "Import a reply…": "Importer une réponse…",
    "Open a second-opinion request": "Ouvrir une demande d'avis",
    "Import a second-opinion reply": "Importer une réponse d'avis",
    "Question from %1 (answer wanted by %2):\n\n%3": "Question de %1 (réponse souhaitée pour le %2) :\n\n%3",
    "Answer from %1:\n\n%2": "Réponse de %1 :\n\n%2",
    "Ask for a second opinion": "Demander un avis",
    "Series %1 — %2 (%3)": "Série %1 — %2 (%3)",
    "burned-in text?": "texte incrusté ?",
    "Black out text...": "Masquer le texte…",
    "I checked the marked series: no text is burned into their images":
        "J'ai vérifié les séries marquées : aucun texte n'est incrusté dans leurs images",
    "The clinical question for the expert": "La question clinique posée à l'expert",
    "De-identify (recommended)": "Anonymiser (recommandé)",
    "Browse...": "Parcourir…",
    "Create the package": "Créer le paquet",
    "Clinical question": "Question clinique",
    "Requesting physician": "Médecin demandeur",
    "Answer wanted by": "Réponse souhaitée pour le",
    "Password": "Mot de passe",
    "Password (again)": "Mot de passe (confirmation)",
    "Package file": "Fichier du paquet",
    "Series to send": "Séries à envoyer",
    "Write the clinical question.": "Écrivez la question clinique.",
    "The two passwords differ.": "Les deux mots de passe diffèrent.",
    "Package created: %1 (%2 images, %3 MB). Give the password to the expert by another way (telephone).":
        "Paquet créé : %1 (%2 images, %3 Mo). Donnez le mot de passe à l'expert par un autre moyen (téléphone).",
    "Black out burned-in text": "Masquer le texte incrusté",
    "Draw a rectangle over every text (name, ID, date) with the left button. The regions are blacked out in every image of the series.":
        "Tracez un rectangle sur chaque texte (nom, identifiant, date) avec le bouton gauche. "
        "Les zones sont noircies dans toutes les images de la série.",
    "Undo last": "Annuler le dernier",
    "Answer the request": "Répondre à la demande",
    "Answer the request…": "Répondre à la demande…",
    "Open the study of a second-opinion request first.": "Ouvrez d'abord l'examen d'une demande d'avis.",
    "Your name": "Votre nom",
    "Reply written: %1": "Réponse écrite : %1",
    "%n region(s) blacked out": ("%n zone noircie", "%n zones noircies"),
    # Patient media (issue 16)
    "Burn / Export…": "Graver / Exporter…",
    "Burn / Export the study": "Graver / exporter l'examen",
    "The study to a USB key, a folder to burn or an ISO image": "L'examen sur une clé USB, un dossier à graver ou une image ISO",
    "A USB key or a new folder (to burn), or an image file ending in .iso:":
        "Une clé USB ou un nouveau dossier (à graver), ou un fichier image terminé par .iso :",
    "Folder…": "Dossier…",
    "ISO image…": "Image ISO…",
    "Add the Cauri viewer (opens on a computer with nothing installed)":
        "Ajouter la visionneuse Cauri (s'ouvre sur un ordinateur sans rien d'installé)",
    "No portable build of Cauri here: %1": "Pas de version portable de Cauri ici : %1",
    "The disc holds the images and the patient's identity, as any DICOM disc; its README and INDEX pages name no one. Nothing starts by itself.":
        "Le disque contient les images et l'identité du patient, comme tout disque DICOM ; ses pages README et INDEX ne nomment personne. Rien ne démarre tout seul.",
    "Export": "Exporter",
    "USB key or folder": "Clé USB ou dossier",
    "ISO image": "Image ISO",
    "Preparing…": "Préparation…",
    "Copying the images…": "Copie des images…",
    "Writing the DICOMDIR…": "Écriture du DICOMDIR…",
    "Copying the Cauri viewer…": "Copie de la visionneuse Cauri…",
    "Writing the ISO image…": "Écriture de l'image ISO…",
    "Written: %1 (%n image(s))": ("Écrit : %1 (%n image)", "Écrit : %1 (%n images)"),
    # Pictures and print (issue 16)
    "Export the image…": "Exporter l'image…",
    "Export the image": "Exporter l'image",
    "The viewport or the layout as PNG or JPEG, with or without the patient's identity":
        "La vue ou toute la disposition en PNG ou JPEG, avec ou sans l'identité du patient",
    "File (.png, .jpg, or .mp4 for the cine of the active stack or a turn of the 3-D view):":
        "Fichier (.png, .jpg, ou .mp4 pour le ciné de la pile active ou un tour de la vue 3D) :",
    "Cine saved: %1 (%n image(s))": ("Ciné enregistré : %1 (%n image)", "Ciné enregistré : %1 (%n images)"),
    "The active viewport": "La vue active",
    "The whole layout": "Toute la disposition",
    "Overlay texts and scale": "Textes de surimpression et échelle",
    "Measurements and annotations": "Mesures et annotations",
    "Without the patient's name, ID and birth date": "Sans le nom, l'ID ni la date de naissance du patient",
    "Cannot write %1": "Impossible d'écrire %1",
    "Image saved: %1": "Image enregistrée : %1",
    "Print…": "Imprimer…",
    "Print a film sheet": "Imprimer une planche",
    "Rows": "Lignes",
    "Columns": "Colonnes",
    "One page, from the image shown": "Une page, à partir de l'image affichée",
    "The whole series": "Toute la série",
    "True size (1 mm = 1 mm, for templating)": "Taille réelle (1 mm = 1 mm, pour la planification)",
    "PDF file (empty: a printer)": "Fichier PDF (vide : une imprimante)",
    "Print": "Imprimer",
    "Show a series of images in the active view first.": "Affichez d'abord une série d'images dans la vue active.",
    "Printed: %1 (%2 page(s))": "Imprimé : %1 (%2 page(s))",
    "A film sheet to a printer or a PDF": "Une planche film vers une imprimante ou un PDF",
    "Patient's identity not printed": "Identité du patient non imprimée",
    "Page %1 / %2": "Page %1 / %2",
    "TRUE SIZE: 1 mm on this sheet = 1 mm in the patient (%1). Print at 100 %, no fitting to the page.":
        "TAILLE RÉELLE : 1 mm sur cette feuille = 1 mm chez le patient (%1). Imprimer à 100 %, sans ajustement à la page.",
    "NOT TRUE SIZE: %1. Images fitted to their boxes: do not measure on paper.":
        "PAS EN TAILLE RÉELLE : %1. Images ajustées à leurs cases : ne pas mesurer sur le papier.",
    "Images fitted to their boxes: do not measure on paper (use the scale on each image).":
        "Images ajustées à leurs cases : ne pas mesurer sur le papier (utiliser l'échelle de chaque image).",
    # Hanging protocols and priors (issue 14)
    "Priors": "Antérieurs",
    "Next stage": "Étape suivante",
    "Previous stage": "Étape précédente",
    "Save the layout as a protocol…": "Enregistrer la disposition comme protocole…",
    "Edit the protocol's match rules…": "Modifier les règles du protocole…",
    "&Protocol": "&Protocole",
    "Protocol %1, stage %2/%3: %4": "Protocole %1, étape %2/%3 : %4",
    "CURRENT %1": "ACTUEL %1",
    "PRIOR %1": "ANTÉRIEUR %1",
    "The protocol could not be saved: %1": "Le protocole n'a pas pu être enregistré : %1",
    "Protocol saved: %1": "Protocole enregistré : %1",
    "Click: show beside the open study": "Clic : afficher à côté de l'examen ouvert",
    "here": "ici",
    "on %1 (fetched when chosen)": "sur %1 (récupéré au choix)",
    "No prior for this patient.": "Aucun antérieur pour ce patient.",
    "%n prior(s) of this patient:": ("%n antérieur de ce patient :", "%n antérieurs de ce patient :"),
    "Hanging protocol": "Protocole d'affichage",
    "with or without priors": "avec ou sans antérieurs",
    "only with a prior": "seulement avec un antérieur",
    "only without priors": "seulement sans antérieur",
    "Patterns separated by commas; each matches the start of a word, case and accents ignored.":
        "Motifs séparés par des virgules ; chacun trouve le début d'un mot, sans tenir compte des majuscules ni des accents.",
    "Body parts": "Régions anatomiques",
    "Study description": "Description de l'examen",
    "Series description": "Description de la série",
    "At least this many images": "Nombre d'images minimal",
    # Linked viewports and priors (issue 14)
    "Links": "Liens",
    "Link scroll": "Lier le défilement",
    "Link zoom": "Lier le zoom",
    "Link window": "Lier le fenêtrage",
    "Scroll the visible views together, by patient position": "Faire défiler les vues ensemble, selon la position dans le patient",
    "Zoom and pan the visible views together, in millimetres": "Zoomer et déplacer les vues ensemble, en millimètres",
    "Window/level the visible views together": "Fenêtrer les vues ensemble",
    "Sync here": "Synchroniser ici",
    "The two slices shown are the same level: link them there": "Les deux coupes affichées sont au même niveau : les lier ici",
    "Sync here needs a view of another frame of reference (a prior)": "Synchroniser ici demande une vue d'un autre référentiel (un antérieur)",
    "Accept": "Accepter",
    "Adjust": "Ajuster",
    "Refuse": "Refuser",
    "Done": "Terminé",
    "−1 mm": "−1 mm",
    "+1 mm": "+1 mm",
    "Automatic registration: offset {offset} mm, rotation {angle}°": "Recalage automatique : décalage {offset} mm, rotation {angle}°",
    "Automatic registration failed: use Sync here": "Le recalage automatique a échoué : utilisez Synchroniser ici",
    "Registration refused: align two slices and use Sync here": "Recalage refusé : alignez deux coupes et utilisez Synchroniser ici",
    # The report (issue 18)
    "Template": "Modèle",
    "Insert measurements": "Insérer les mesures",
    "Insert key images": "Insérer les images clés",
    "Compare with prior": "Comparer avec l'antérieur",
    "Add word to dictionary": "Ajouter au dictionnaire",
    "Preliminary": "Préliminaire",
    "Sign (final)": "Valider et signer",
    "Amend": "Amender",
    "Other reports of this study": "Autres comptes rendus de cet examen",
    "Draft": "Brouillon",
    "Final (signed)": "Validé (signé)",
    "Amended (signed)": "Amendé (signé)",
    "Amendment (draft)": "Amendement (brouillon)",
    "PDF document": "Document PDF",
    "Draft not saved: ": "Brouillon non enregistré\xa0: ",
    "No measurement in this study.": "Aucune mesure dans cet examen.",
    "No key image flagged (K on an image).": "Aucune image clé marquée (K sur une image).",
    "Report stored (SR and PDF).": "Compte rendu enregistré (SR et PDF).",
    "Report sent to %1: %2 object(s), %3 failed": "Compte rendu envoyé à %1\xa0: %2 objet(s), %3 en échec",
    "HL7: %1 message(s) acknowledged by the RIS": "HL7\xa0: %1 message(s) acquitté(s) par le RIS",
    "HL7: waiting to send (%1)": "HL7\xa0: en attente d'envoi (%1)",
    "FAMILY^Given, e.g. KOUASSI^Awa": "NOM^Prénom, par exemple KOUASSI^Awa",
    "e.g. Dr, radiologist": "par exemple Dr, radiologue",
    "Reader's name": "Nom du lecteur",
    "Title and credentials": "Titre et qualité",
    "Reader's code at the RIS": "Code du lecteur dans le RIS",
    "Hospital (report header)": "Établissement (en-tête du compte rendu)",
    "Report profile": "Profil du compte rendu",
    "Unverified": "Non vérifié",
    # Fusion and RT Dose (ui.fusion_controls)
    "Fusion": "Fusion",
    "Fuse…": "Fusionner…",
    "Lay a PET, SPECT, MR or RT Dose of this study over the active view": "Superposer une TEP, une TEMP, une IRM ou une dose RT de cet examen à la vue active",
    "No PET, SPECT, MR or RT Dose in this study to fuse": "Aucune TEP, TEMP, IRM ou dose RT à fusionner dans cet examen",
    "Fuse": "Fusionner",
    "Series to lay over the view:": "Série à superposer à la vue\xa0:",
    "Fusing…": "Fusion en cours…",
    "Hot iron": "Fer chaud",
    "PET": "TEP",
    "Rainbow": "Arc-en-ciel",
    "Grey": "Gris",
    "Colour map": "Palette",
    "From": "De",
    "To": "À",
    "Isodose lines": "Lignes isodoses",
    "Remove the fusion": "Retirer la fusion",
    "No fused layer on this view. «Fuse…», or drop a series with Shift held.": "Aucune fusion sur cette vue. «\xa0Fusionner…\xa0», ou déposez une série en tenant Maj.",
    "RT Dose": "Dose RT",
    "Fused": "Fusion",
    "Under the cursor": "Sous le curseur",
}


# English forms of the texts that count (see the module's docstring).
ENGLISH_PLURALS = {
    "The cache is over its limit: %n protected study(ies) wait for your confirmation (Free the space, in the "
    "study list).": ("The cache is over its limit: %n protected study waits for your confirmation (Free the space, "
                     "in the study list).",
                     "The cache is over its limit: %n protected studies wait for your confirmation (Free the "
                     "space, in the study list)."),
    "Cache limit: %n study(ies) left for the archive.": ("Cache limit: %n study left for the archive.",
                                                          "Cache limit: %n studies left for the archive."),
    "Cine saved: %1 (%n image(s))": ("Cine saved: %1 (%n image)", "Cine saved: %1 (%n images)"),
    "%n series may show text burned into the pixels (%1), such as the patient's name: de-identification cannot "
    "remove it. Export anyway?": ("%n series may show text burned into the pixels (%1), such as the patient's name: "
                                  "de-identification cannot remove it. Export anyway?",
                                  "%n series may show text burned into the pixels (%1), such as the patient's "
                                  "name: de-identification cannot remove it. Export anyway?"),
    "%n region(s) blacked out": ("%n region blacked out", "%n regions blacked out"),
    "%n study(ies)": ("%n study", "%n studies"),
    "%n image(s)": ("%n image", "%n images"),
    "Study complete: %n image(s)": ("Study complete: %n image", "Study complete: %n images"),
    "Sent %n image(s)": ("Sent %n image", "Sent %n images"),
    "Written: %1 (%n image(s))": ("Written: %1 (%n image)", "Written: %1 (%n images)"),
    "Findings saved as DICOM (%n object(s))": ("Findings saved as DICOM (%n object)", "Findings saved as DICOM (%n objects)"),
    "%n prior(s) of this patient:": ("%n prior of this patient:", "%n priors of this patient:"),
    "%n object(s)": ("%n object", "%n objects"),
    "%n segment(s)": ("%n segment", "%n segments"),
    "Disc read in place (not imported): %n image(s)":
        ("Disc read in place (not imported): %n image", "Disc read in place (not imported): %n images"),
}
# Qt's own dialogs: (context, source) -> French, where qtbase_fr.qm has none for Qt 6's wording.
QT_FRENCH = {
    ("QFileDialog", "&Look in:"): "&Voir dans :",
    ("QFileDialog", "Files of &type:"): "&Type de fichier :",
}


def _typeset(tr: ET.Element) -> None:
    """French typography on a finished translation (its numerus forms too)."""
    for node in [tr, *tr.findall("numerusform")]:
        if node.text:
            node.text = punctuate(node.text, "fr")


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
            _typeset(tr)
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
        _typeset(tr)
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    return missing


def english_plurals(fr_ts: Path, en_ts: Path) -> list[str]:
    """``en_ts``: the counting messages of ``fr_ts`` (same contexts and locations), in English forms."""
    root = ET.Element("TS", version="2.1", language="en_US")
    missing = []
    for context in ET.parse(fr_ts).getroot().iter("context"):
        kept = [m for m in context.iter("message") if m.get("numerus") == "yes"]
        if not kept:
            continue
        out = ET.SubElement(root, "context")
        ET.SubElement(out, "name").text = context.findtext("name")
        for message in kept:
            source = message.findtext("source")
            forms = ENGLISH_PLURALS.get(source)
            if forms is None:
                missing.append(source)
                continue
            copy = ET.SubElement(out, "message", numerus="yes")
            for location in message.findall("location"):
                copy.append(location)
            ET.SubElement(copy, "source").text = source
            tr = ET.SubElement(copy, "translation")
            for form in forms:
                ET.SubElement(tr, "numerusform").text = form
    ET.indent(root)
    ET.ElementTree(root).write(en_ts, encoding="utf-8", xml_declaration=True)
    return missing


def qt_extra(ts_path: Path) -> None:
    root = ET.Element("TS", version="2.1", language="fr_FR")
    for context in sorted({c for c, _ in QT_FRENCH}):
        out = ET.SubElement(root, "context")
        ET.SubElement(out, "name").text = context
        for (c, source), french in QT_FRENCH.items():
            if c == context:
                message = ET.SubElement(out, "message")
                ET.SubElement(message, "source").text = source
                ET.SubElement(message, "translation").text = punctuate(french, "fr")
    ET.indent(root)
    ET.ElementTree(root).write(ts_path, encoding="utf-8", xml_declaration=True)


def main() -> int:
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "viewer").rglob("*.py"))
    subprocess.run([str(BIN / "pyside6-lupdate"), *sources, "-no-obsolete", "-ts", str(TS)], cwd=ROOT, check=True)
    missing = fill(TS)
    missing += english_plurals(TS, TS_EN)
    qt_extra(TS_QT_EXTRA)
    for ts in (TS, TS_EN, TS_QT_EXTRA):
        subprocess.run([str(BIN / "pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))], cwd=ROOT, check=True)
    for m in missing:
        print(f"untranslated: {m!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
