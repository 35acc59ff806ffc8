<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="fr_FR">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="62" />
        <source>Studies</source>
        <translation>Examens</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="79" />
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="102" />
        <source>Tools</source>
        <translation>Outils</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="106" />
        <source>Import files…</source>
        <translation>Importer des fichiers…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="107" />
        <source>Import folder…</source>
        <translation>Importer un dossier…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="112" />
        <location filename="../../viewer/ui/main_window.py" line="258" />
        <source>Layout</source>
        <translation>Disposition</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="128" />
        <location filename="../../viewer/ui/main_window.py" line="263" />
        <source>Window/level</source>
        <translation>Fenêtrage</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="137" />
        <source>Auto window</source>
        <translation>Fenêtrage auto</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="138" />
        <source>Invert</source>
        <translation>Inverser</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="139" />
        <source>Fit</source>
        <translation>Ajuster</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="140" />
        <source>1:1</source>
        <translation>1:1</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="141" />
        <source>Rotate 90°</source>
        <translation>Rotation 90°</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="142" />
        <source>Flip H</source>
        <translation>Symétrie H</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="143" />
        <source>Flip V</source>
        <translation>Symétrie V</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="144" />
        <source>Reset</source>
        <translation>Réinitialiser</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="148" />
        <source>Cine</source>
        <translation>Ciné</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="148" />
        <source>Play/pause cine</source>
        <translation>Lecture/pause du ciné</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="153" />
        <source> fps</source>
        <translation> im/s</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="157" />
        <source>MPR</source>
        <translation>MPR</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="157" />
        <source>Multiplanar reconstruction</source>
        <translation>Reconstruction multiplanaire</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="164" />
        <source>Slab thickness (0: thin slice)</source>
        <translation>Épaisseur de coupe (0 : coupe fine)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="166" />
        <source>Average</source>
        <translation>Moyenne</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="173" />
        <source>3D</source>
        <translation>3D</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="173" />
        <source>Volume rendering</source>
        <translation>Rendu volumique</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="178" />
        <source>Volume rendering preset</source>
        <translation>Préréglage du rendu volumique</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="186" />
        <source>Overlays</source>
        <translation>Informations</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="189" />
        <source>Preferences…</source>
        <translation>Préférences…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="190" />
        <location filename="../../viewer/ui/main_window.py" line="540" />
        <source>Keyboard and mouse</source>
        <translation>Clavier et souris</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="192" />
        <source>Next viewport</source>
        <translation>Fenêtre suivante</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="228" />
        <source>This series cannot be displayed as images.</source>
        <translation>Cette série ne peut pas être affichée en images.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="250" />
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="256" />
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="257" />
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="262" />
        <source>&amp;Image</source>
        <translation>&amp;Image</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="267" />
        <source>&amp;Help</source>
        <translation>Ai&amp;de</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="283" />
        <source>MPR is not available for this series: </source>
        <translation>MPR impossible pour cette série : </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="308" />
        <source>3D needs a stack of at least 3 images.</source>
        <translation>La 3D demande une pile d'au moins 3 images.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="386" />
        <location filename="../../viewer/ui/main_window.py" line="389" />
        <source>File</source>
        <translation>Fichier DICOM</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="450" />
        <source>Import DICOM files</source>
        <translation>Importer des fichiers DICOM</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="450" />
        <source>DICOM, DICOMDIR or zip (*)</source>
        <translation>DICOM, DICOMDIR ou zip (*)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="455" />
        <source>Import a folder or a CD/USB</source>
        <translation>Importer un dossier, un CD ou une clé USB</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="471" />
        <source>An import is already running.</source>
        <translation>Une importation est déjà en cours.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="474" />
        <source>Importing…</source>
        <translation>Importation…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="478" />
        <source>Preparing the demo study…</source>
        <translation>Préparation de l'examen de démonstration…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="505" />
        <source>Imported: %1, already present: %2, rejected: %3</source>
        <translation>Importées : %1, déjà présentes : %2, rejetées : %3</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="508" />
        <source>cancelled</source>
        <translation>annulée</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="548" />
        <source>Mouse wheel, ↑/↓, Page Up/Down, Home/End: move through the images</source>
        <translation>Molette, ↑/↓, Page préc./suiv., Début/Fin : parcourir les coupes</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="549" />
        <source>Left drag: window/level — Ctrl + left drag: scroll</source>
        <translation>Glisser bouton gauche : fenêtrage — Ctrl + glisser gauche : défilement</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="550" />
        <source>Right drag: zoom — Middle drag: pan — Double click: fit</source>
        <translation>Glisser bouton droit : zoom — Glisser bouton du milieu : déplacer — Double clic : ajuster</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="551" />
        <source>1: the file's window (again: next one) — 2 to 9: presets — 0: auto</source>
        <translation>1 : fenêtrage du fichier (encore : le suivant) — 2 à 9 : préréglages — 0 : auto</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="552" />
        <source>I: invert — F: fit — =: 1:1 — R: rotate 90° — H/V: flip — Esc: reset</source>
        <translation>I : inverser — F : ajuster — = : 1:1 — R : rotation 90° — H/V : symétrie — Échap : réinitialiser</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="553" />
        <source>Space: cine — O: overlays — Ctrl+Tab: next viewport — Ctrl+O: import</source>
        <translation>Espace : ciné — O : informations — Ctrl+Tab : fenêtre suivante — Ctrl+O : importer</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="554" />
        <source>M: MPR (click: move the point, Shift: window, Ctrl: oblique) — D: 3D</source>
        <translation>M : MPR (clic : déplacer le point, Maj : fenêtrage, Ctrl : oblique) — D : 3D</translation>
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
        <translation>
            <numerusform>%n examen</numerusform>
            <numerusform>%n examens</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="219" />
        <source>not displayable</source>
        <translation>non affichable</translation>
    </message>
    <message numerus="yes">
        <location filename="../../viewer/ui/study_browser.py" line="221" />
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n image</numerusform>
            <numerusform>%n images</numerusform>
        </translation>
    </message>
</context>
</TS>