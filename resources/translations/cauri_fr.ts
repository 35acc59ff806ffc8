<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="fr_FR">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="54" />
        <source>Studies</source>
        <translation>Examens</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="71" />
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="94" />
        <source>Tools</source>
        <translation>Outils</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="98" />
        <source>Import files…</source>
        <translation>Importer des fichiers…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="99" />
        <source>Import folder…</source>
        <translation>Importer un dossier…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="105" />
        <source>Layout</source>
        <translation>Disposition</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="121" />
        <source>Window/level</source>
        <translation>Fenêtrage</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="130" />
        <source>Auto window</source>
        <translation>Fenêtrage auto</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="131" />
        <source>Invert</source>
        <translation>Inverser</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="132" />
        <source>Fit</source>
        <translation>Ajuster</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="133" />
        <source>1:1</source>
        <translation>1:1</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="134" />
        <source>Rotate 90°</source>
        <translation>Rotation 90°</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="135" />
        <source>Flip H</source>
        <translation>Symétrie H</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="136" />
        <source>Flip V</source>
        <translation>Symétrie V</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="137" />
        <source>Reset</source>
        <translation>Réinitialiser</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="141" />
        <source>Cine</source>
        <translation>Ciné</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="141" />
        <source>Play/pause cine</source>
        <translation>Lecture/pause du ciné</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="146" />
        <source> fps</source>
        <translation> im/s</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="150" />
        <source>Overlays</source>
        <translation>Informations</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="153" />
        <source>Preferences…</source>
        <translation>Préférences…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="154" />
        <location filename="../../viewer/ui/main_window.py" line="381" />
        <source>Keyboard and mouse</source>
        <translation>Clavier et souris</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="157" />
        <source>Next viewport</source>
        <translation>Fenêtre suivante</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="191" />
        <source>This series cannot be displayed as images.</source>
        <translation>Cette série ne peut pas être affichée en images.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="245" />
        <location filename="../../viewer/ui/main_window.py" line="248" />
        <source>File</source>
        <translation>Fichier DICOM</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="291" />
        <source>Import DICOM files</source>
        <translation>Importer des fichiers DICOM</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="291" />
        <source>DICOM, DICOMDIR or zip (*)</source>
        <translation>DICOM, DICOMDIR ou zip (*)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="296" />
        <source>Import a folder or a CD/USB</source>
        <translation>Importer un dossier, un CD ou une clé USB</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="312" />
        <source>An import is already running.</source>
        <translation>Une importation est déjà en cours.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="315" />
        <source>Importing…</source>
        <translation>Importation…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="319" />
        <source>Preparing the demo study…</source>
        <translation>Préparation de l'examen de démonstration…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="346" />
        <source>Imported: %1, already present: %2, rejected: %3</source>
        <translation>Importées : %1, déjà présentes : %2, rejetées : %3</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="349" />
        <source>cancelled</source>
        <translation>annulée</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="389" />
        <source>Mouse wheel, ↑/↓, Page Up/Down, Home/End: move through the images</source>
        <translation>Molette, ↑/↓, Page préc./suiv., Début/Fin : parcourir les coupes</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="390" />
        <source>Left drag: window/level — Ctrl + left drag: scroll</source>
        <translation>Glisser bouton gauche : fenêtrage — Ctrl + glisser gauche : défilement</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="391" />
        <source>Right drag: zoom — Middle drag: pan — Double click: fit</source>
        <translation>Glisser bouton droit : zoom — Glisser bouton du milieu : déplacer — Double clic : ajuster</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="392" />
        <source>1: the file's window (again: next one) — 2 to 9: presets — 0: auto</source>
        <translation>1 : fenêtrage du fichier (encore : le suivant) — 2 à 9 : préréglages — 0 : auto</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="393" />
        <source>I: invert — F: fit — =: 1:1 — R: rotate 90° — H/V: flip — Esc: reset</source>
        <translation>I : inverser — F : ajuster — = : 1:1 — R : rotation 90° — H/V : symétrie — Échap : réinitialiser</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="394" />
        <source>Space: cine — O: overlays — Ctrl+Tab: next viewport — Ctrl+O: import</source>
        <translation>Espace : ciné — O : informations — Ctrl+Tab : fenêtre suivante — Ctrl+O : importer</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="11" />
        <source>Preferences</source>
        <translation>Préférences</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="13" />
        <source>Automatic (system language)</source>
        <translation>Automatique (langue du système)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="19" />
        <source>Language</source>
        <translation>Langue</translation>
    </message>
</context>
<context>
    <name>StudyBrowser</name>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="97" />
        <source>Name, patient ID, accession, description</source>
        <translation>Nom, ID patient, n° d'accession, description</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="101" />
        <source>All</source>
        <translation>Toutes</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="102" />
        <source>Dates</source>
        <translation>Dates</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="111" />
        <source>Search</source>
        <translation>Rechercher</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="116" />
        <source>Modality</source>
        <translation>Modalité</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="127" />
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="127" />
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="127" />
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="127" />
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="127" />
        <source>Accession</source>
        <translation>N° d'accession</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="128" />
        <source>Modalities</source>
        <translation>Modalités</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="128" />
        <source>Series/Images</source>
        <translation>Séries/Images</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="149" />
        <source>Series</source>
        <translation>Séries</translation>
    </message>
    <message numerus="yes">
        <location filename="../../viewer/ui/study_browser.py" line="188" />
        <source>%n study(ies)</source>
        <translation><numerusform>%n examen</numerusform><numerusform>%n examens</numerusform></translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="219" />
        <source>not displayable</source>
        <translation>non affichable</translation>
    </message>
    <message numerus="yes">
        <location filename="../../viewer/ui/study_browser.py" line="221" />
        <source>%n image(s)</source>
        <translation><numerusform>%n image</numerusform><numerusform>%n images</numerusform></translation>
    </message>
</context>
</TS>