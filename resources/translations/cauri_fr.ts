<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="fr_FR">
<context>
    <name>ClipDialog</name>
    <message>
        <location filename="../../viewer/ui/clip_dialog.py" line="14" />
        <source>3D clip box</source>
        <translation>Découpe 3D</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/clip_dialog.py" line="18" />
        <source>Right – left</source>
        <translation>Droite – gauche</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/clip_dialog.py" line="18" />
        <source>Anterior – posterior</source>
        <translation>Antérieur – postérieur</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/clip_dialog.py" line="18" />
        <source>Foot – head</source>
        <translation>Pieds – tête</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/clip_dialog.py" line="31" />
        <source>Whole volume</source>
        <translation>Volume entier</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="68" />
        <source>Studies</source>
        <translation>Examens</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="80" />
        <source>Measurements</source>
        <translation>Mesures</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="86" />
        <source>Transfers</source>
        <translation>Transferts</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="115" />
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="138" />
        <source>Tools</source>
        <translation>Outils</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="142" />
        <source>Import files…</source>
        <translation>Importer des fichiers…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="143" />
        <source>Import folder…</source>
        <translation>Importer un dossier…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="148" />
        <location filename="../../viewer/ui/main_window.py" line="330" />
        <source>Layout</source>
        <translation>Disposition</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="164" />
        <location filename="../../viewer/ui/main_window.py" line="335" />
        <source>Window/level</source>
        <translation>Fenêtrage</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="173" />
        <source>Auto window</source>
        <translation>Fenêtrage auto</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="174" />
        <source>Invert</source>
        <translation>Inverser</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="175" />
        <source>Fit</source>
        <translation>Ajuster</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="176" />
        <source>1:1</source>
        <translation>1:1</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="177" />
        <source>Rotate 90°</source>
        <translation>Rotation 90°</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="178" />
        <source>Flip H</source>
        <translation>Symétrie H</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="179" />
        <source>Flip V</source>
        <translation>Symétrie V</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="180" />
        <source>Reset</source>
        <translation>Réinitialiser</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="184" />
        <source>Cine</source>
        <translation>Ciné</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="184" />
        <source>Play/pause cine</source>
        <translation>Lecture/pause du ciné</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="189" />
        <source> fps</source>
        <translation> im/s</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="194" />
        <source>Measurement tool (Esc: back to navigation)</source>
        <translation>Outil de mesure (Échap : retour à la navigation)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="195" />
        <source>Navigate</source>
        <translation>Navigation</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="201" />
        <source>Key image</source>
        <translation>Image clé</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="201" />
        <source>Flag/unflag the image as a key image</source>
        <translation>Marquer/démarquer l'image comme image clé</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="203" />
        <source>Distance tool</source>
        <translation>Outil distance</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="204" />
        <source>Delete measurement</source>
        <translation>Supprimer la mesure</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="205" />
        <source>Undo</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="206" />
        <source>Redo</source>
        <translation>Rétablir</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="207" />
        <source>Save findings as DICOM</source>
        <translation>Enregistrer les résultats en DICOM</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="209" />
        <source>MPR</source>
        <translation>MPR</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="209" />
        <source>Multiplanar reconstruction</source>
        <translation>Reconstruction multiplanaire</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="216" />
        <source>Slab thickness (0: thin slice)</source>
        <translation>Épaisseur de coupe (0 : coupe fine)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="218" />
        <source>Average</source>
        <translation>Moyenne</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="225" />
        <source>3D</source>
        <translation>3D</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="225" />
        <source>Volume rendering</source>
        <translation>Rendu volumique</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="230" />
        <source>Volume rendering preset</source>
        <translation>Préréglage du rendu volumique</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="234" />
        <source>Clip…</source>
        <translation>Découpe…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="234" />
        <source>3D clip box</source>
        <translation>Découpe 3D</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="241" />
        <source>Overlays</source>
        <translation>Informations</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="244" />
        <source>Preferences…</source>
        <translation>Préférences…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="245" />
        <location filename="../../viewer/ui/main_window.py" line="837" />
        <source>Keyboard and mouse</source>
        <translation>Clavier et souris</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="247" />
        <source>Next viewport</source>
        <translation>Fenêtre suivante</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="299" />
        <source>This series cannot be displayed as images.</source>
        <translation>Cette série ne peut pas être affichée en images.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="322" />
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="328" />
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="329" />
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="334" />
        <source>&amp;Image</source>
        <translation>&amp;Image</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="339" />
        <source>&amp;Help</source>
        <translation>Ai&amp;de</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="355" />
        <source>MPR is not available for this series: </source>
        <translation>MPR impossible pour cette série : </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="380" />
        <source>3D needs a stack of at least 3 images.</source>
        <translation>La 3D demande une pile d'au moins 3 images.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="462" />
        <source>Key image flagged</source>
        <translation>Image clé marquée</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="462" />
        <source>Key image unflagged</source>
        <translation>Image clé démarquée</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="507" />
        <source>Findings not saved: </source>
        <translation>Résultats non enregistrés : </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="510" />
        <source>Findings saved as DICOM (%1 objects)</source>
        <translation>Résultats enregistrés en DICOM (%1 objets)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="538" />
        <location filename="../../viewer/ui/main_window.py" line="541" />
        <source>File</source>
        <translation>Fichier DICOM</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="602" />
        <source>Import DICOM files</source>
        <translation>Importer des fichiers DICOM</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="602" />
        <source>DICOM, DICOMDIR or zip (*)</source>
        <translation>DICOM, DICOMDIR ou zip (*)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="607" />
        <source>Import a folder or a CD/USB</source>
        <translation>Importer un dossier, un CD ou une clé USB</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="623" />
        <source>An import is already running.</source>
        <translation>Une importation est déjà en cours.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="626" />
        <source>Importing…</source>
        <translation>Importation…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="630" />
        <source>Preparing the demo study…</source>
        <translation>Préparation de l'examen de démonstration…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="657" />
        <source>Imported: %1, already present: %2, rejected: %3</source>
        <translation>Importées : %1, déjà présentes : %2, rejetées : %3</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="660" />
        <source>cancelled</source>
        <translation>annulée</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="710" />
        <source>Searching the archive…</source>
        <translation>Recherche dans l'archive…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="753" />
        <source>Retrieve cancelled; what arrived stays in the cache</source>
        <translation>Récupération annulée ; ce qui est arrivé reste dans le cache</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="793" />
        <source>Another transfer is running; try again when it ends.</source>
        <translation>Un transfert est déjà en cours ; réessayez à la fin.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="718" />
        <source>Retrieving from the archive…</source>
        <translation>Récupération depuis l'archive…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="799" />
        <source>Sending to %1…</source>
        <translation>Envoi vers %1…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="809" />
        <source>Send failed: </source>
        <translation>Échec de l'envoi : </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="811" />
        <source>Sent %1 of %2 images; %3 failed: </source>
        <translation>%1 images envoyées sur %2 ; %3 en échec : </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="815" />
        <source>Sent %1 images</source>
        <translation>%1 images envoyées</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="725" />
        <source>Retrieve failed: </source>
        <translation>Échec de la récupération : </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="751" />
        <source>Study complete: %1 images</source>
        <translation>Examen complet : %1 images</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="756" />
        <source>Study incomplete: %1 of %2 images (retrieve again to resume)</source>
        <translation>Examen incomplet : %1 images sur %2 (récupérer à nouveau pour reprendre)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="845" />
        <source>Mouse wheel, ↑/↓, Page Up/Down, Home/End: move through the images</source>
        <translation>Molette, ↑/↓, Page préc./suiv., Début/Fin : parcourir les coupes</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="846" />
        <source>Left drag: window/level — Ctrl + left drag: scroll</source>
        <translation>Glisser bouton gauche : fenêtrage — Ctrl + glisser gauche : défilement</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="847" />
        <source>Right drag: zoom — Middle drag: pan — Double click: fit</source>
        <translation>Glisser bouton droit : zoom — Glisser bouton du milieu : déplacer — Double clic : ajuster</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="848" />
        <source>1: the file's window (again: next one) — 2 to 9: presets — 0: auto</source>
        <translation>1 : fenêtrage du fichier (encore : le suivant) — 2 à 9 : préréglages — 0 : auto</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="849" />
        <source>I: invert — F: fit — =: 1:1 — R: rotate 90° — H/V: flip — Esc: reset</source>
        <translation>I : inverser — F : ajuster — = : 1:1 — R : rotation 90° — H/V : symétrie — Échap : réinitialiser</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="850" />
        <source>Space: cine — O: overlays — Ctrl+Tab: next viewport — Ctrl+O: import</source>
        <translation>Espace : ciné — O : informations — Ctrl+Tab : fenêtre suivante — Ctrl+O : importer</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="851" />
        <source>M: MPR (click: move the point, Shift: window, Ctrl: oblique) — D: 3D</source>
        <translation>M : MPR (clic : déplacer le point, Maj : fenêtrage, Ctrl : oblique) — D : 3D</translation>
    </message>
</context>
<context>
    <name>MeasureController</name>
    <message>
        <location filename="../../viewer/ui/measure_controller.py" line="301" />
        <source>Annotation</source>
        <translation>Annotation</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_controller.py" line="301" />
        <source>Text:</source>
        <translation>Texte :</translation>
    </message>
</context>
<context>
    <name>MeasurePanel</name>
    <message>
        <location filename="../../viewer/ui/measure_panel.py" line="20" />
        <source>Distance</source>
        <translation>Distance</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_panel.py" line="20" />
        <source>Angle</source>
        <translation>Angle</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_panel.py" line="20" />
        <source>Cobb angle</source>
        <translation>Angle de Cobb</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_panel.py" line="21" />
        <source>Bidirectional</source>
        <translation>Bidirectionnelle</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_panel.py" line="21" />
        <source>Ellipse ROI</source>
        <translation>ROI ellipse</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_panel.py" line="22" />
        <source>Rectangle ROI</source>
        <translation>ROI rectangle</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_panel.py" line="22" />
        <source>Polygon ROI</source>
        <translation>ROI polygone</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_panel.py" line="23" />
        <source>Freehand ROI</source>
        <translation>ROI main levée</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_panel.py" line="23" />
        <source>Pixel value</source>
        <translation>Densité (sonde)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_panel.py" line="23" />
        <source>Arrow</source>
        <translation>Flèche</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_panel.py" line="24" />
        <source>Text</source>
        <translation>Texte</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_panel.py" line="30" />
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_panel.py" line="32" />
        <source>Save as DICOM</source>
        <translation>Enregistrer en DICOM</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_panel.py" line="33" />
        <source>Structured report (measurements), presentation state (annotations, window), key images</source>
        <translation>Compte rendu structuré (mesures), état de présentation (annotations, fenêtrage), images clés</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_panel.py" line="54" />
        <source>Key images: %1</source>
        <translation>Images clés : %1</translation>
    </message>
</context>
<context>
    <name>NetworkTab</name>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="91" />
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="91" />
        <source>AE title</source>
        <translation>Titre AE</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="91" />
        <source>Host</source>
        <translation>Hôte</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="91" />
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="96" />
        <source>Add…</source>
        <translation>Ajouter…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="96" />
        <source>Edit…</source>
        <translation>Modifier…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="97" />
        <source>Remove</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="97" />
        <source>Test (C-ECHO)</source>
        <translation>Tester (C-ECHO)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="104" />
        <source>This workstation's AE title</source>
        <translation>Titre AE de ce poste</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="105" />
        <source>Storage port (receives images)</source>
        <translation>Port de réception (images entrantes)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="111" />
        <source>Archives (PACS)</source>
        <translation>Archives (PACS)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="164" />
        <source>%1: connected (%2 ms)</source>
        <translation>%1 : connecté (%2 ms)</translation>
    </message>
</context>
<context>
    <name>NodeDialog</name>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="30" />
        <source>Archive</source>
        <translation>Archive</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="44" />
        <source>CA file (PEM) to enable TLS</source>
        <translation>Fichier d'autorité (PEM) pour activer TLS</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="46" />
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="47" />
        <source>AE title</source>
        <translation>Titre AE</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="48" />
        <source>Host</source>
        <translation>Hôte</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="49" />
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="50" />
        <source>DICOMweb URL</source>
        <translation>URL DICOMweb</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="51" />
        <source>Retrieve with</source>
        <translation>Récupérer par</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="52" />
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="185" />
        <source>Preferences</source>
        <translation>Préférences</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="187" />
        <source>Automatic (system language)</source>
        <translation>Automatique (langue du système)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="194" />
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="197" />
        <source>General</source>
        <translation>Général</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="198" />
        <source>Network</source>
        <translation>Réseau</translation>
    </message>
</context>
<context>
    <name>StudyBrowser</name>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="117" />
        <source>Name, patient ID, accession, description</source>
        <translation>Nom, ID patient, n° d'accession, description</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="121" />
        <source>All</source>
        <translation>Toutes</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="122" />
        <source>Dates</source>
        <translation>Dates</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="131" />
        <source>Search</source>
        <translation>Rechercher</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="140" />
        <source>Modality</source>
        <translation>Modalité</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="151" />
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="151" />
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="151" />
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="151" />
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="106" />
        <location filename="../../viewer/ui/study_browser.py" line="151" />
        <source>Accession</source>
        <translation>N° d'accession</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="102" />
        <source>Local cache</source>
        <translation>Cache local</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="103" />
        <source>Where to search: the local cache or an archive (PACS)</source>
        <translation>Où rechercher : le cache local ou une archive (PACS)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="105" />
        <source>Any field</source>
        <translation>Tous les champs</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="105" />
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="105" />
        <source>Patient ID</source>
        <translation>ID patient</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="108" />
        <source>Retrieve</source>
        <translation>Récupérer</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="134" />
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="152" />
        <source>Modalities</source>
        <translation>Modalités</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="152" />
        <source>Series/Images</source>
        <translation>Séries/Images</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="152" />
        <source>Availability</source>
        <translation>Disponibilité</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="177" />
        <source>Series</source>
        <translation>Séries</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="218" />
        <source>Search the archive with the fields above.</source>
        <translation>Rechercher dans l'archive avec les champs ci-dessus.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../viewer/ui/study_browser.py" line="267" />
        <location filename="../../viewer/ui/study_browser.py" line="308" />
        <source>%n study(ies)</source>
        <translation>
            <numerusform>%n examen</numerusform>
            <numerusform>%n examens</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="276" />
        <source>Searching the archive…</source>
        <translation>Recherche dans l'archive…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="287" />
        <source>Archive search failed: </source>
        <translation>Échec de la recherche dans l'archive : </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="291" />
        <source>Local</source>
        <translation>Local</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="291" />
        <source>Partial</source>
        <translation>Partiel</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="291" />
        <source>Remote</source>
        <translation>Distant</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="319" />
        <source>Send to</source>
        <translation>Envoyer vers</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="370" />
        <source>not displayable</source>
        <translation>non affichable</translation>
    </message>
    <message numerus="yes">
        <location filename="../../viewer/ui/study_browser.py" line="372" />
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n image</numerusform>
            <numerusform>%n images</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TransferPanel</name>
    <message>
        <location filename="../../viewer/ui/transfers.py" line="53" />
        <source>Study</source>
        <translation>Examen</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/transfers.py" line="53" />
        <source>Archive</source>
        <translation>Archive</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/transfers.py" line="53" />
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/transfers.py" line="53" />
        <source>Progress</source>
        <translation>Progression</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/transfers.py" line="57" />
        <source>Cancel transfer</source>
        <translation>Annuler le transfert</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/transfers.py" line="59" />
        <source>Retry</source>
        <translation>Réessayer</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/transfers.py" line="67" />
        <source>waiting</source>
        <translation>en attente</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/transfers.py" line="67" />
        <source>receiving</source>
        <translation>en cours</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/transfers.py" line="67" />
        <source>complete</source>
        <translation>complet</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/transfers.py" line="68" />
        <source>failed</source>
        <translation>échec</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/transfers.py" line="68" />
        <source>cancelled</source>
        <translation>annulée</translation>
    </message>
</context>
</TS>