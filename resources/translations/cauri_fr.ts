<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="fr_FR">
<context>
    <name>Cauri</name>
    <message>
        <location filename="../../viewer/app.py" line="262" />
        <source>its TLS certificate, key or CA cannot be used (Preferences &gt; Network)</source>
        <translation>certificat, clé ou autorité TLS inutilisable (Préférences &gt; Réseau)</translation>
    </message>
    <message>
        <location filename="../../viewer/app.py" line="264" />
        <source>the port is in use or not allowed</source>
        <translation>port déjà utilisé ou non autorisé</translation>
    </message>
    <message>
        <location filename="../../viewer/app.py" line="267" />
        <source>DICOM reception is off: port %1 could not be opened: %2</source>
        <translation>Réception DICOM arrêtée : le port %1 n'a pas pu être ouvert : %2</translation>
    </message>
</context>
<context>
    <name>ClipDialog</name>
    <message>
        <location filename="../../viewer/ui/clip_dialog.py" line="22" />
        <source>3D clip box</source>
        <translation>Découpe 3D</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/clip_dialog.py" line="26" />
        <source>Right – left</source>
        <translation>Droite – gauche</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/clip_dialog.py" line="26" />
        <source>Anterior – posterior</source>
        <translation>Antérieur – postérieur</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/clip_dialog.py" line="26" />
        <source>Foot – head</source>
        <translation>Pieds – tête</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/clip_dialog.py" line="39" />
        <source>Whole volume</source>
        <translation>Volume entier</translation>
    </message>
</context>
<context>
    <name>LockPanel</name>
    <message>
        <location filename="../../viewer/ui/idle_lock.py" line="35" />
        <source>Cauri is locked: patient data is hidden.</source>
        <translation>Cauri est verrouillé : les données patient sont masquées.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/idle_lock.py" line="38" />
        <source>Unlock</source>
        <translation>Déverrouiller</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="91" />
        <source>Studies</source>
        <translation>Examens</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="103" />
        <source>Measurements</source>
        <translation>Mesures</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="109" />
        <source>Transfers</source>
        <translation>Transferts</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="139" />
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="162" />
        <source>Tools</source>
        <translation>Outils</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="166" />
        <source>Import files…</source>
        <translation>Importer des fichiers…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="167" />
        <source>Import folder…</source>
        <translation>Importer un dossier…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="172" />
        <location filename="../../viewer/ui/main_window.py" line="355" />
        <source>Layout</source>
        <translation>Disposition</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="188" />
        <location filename="../../viewer/ui/main_window.py" line="360" />
        <source>Window/level</source>
        <translation>Fenêtrage</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="197" />
        <source>Auto window</source>
        <translation>Fenêtrage auto</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="198" />
        <source>Invert</source>
        <translation>Inverser</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="199" />
        <source>Fit</source>
        <translation>Ajuster</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="200" />
        <source>1:1</source>
        <translation>1:1</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="201" />
        <source>Rotate 90°</source>
        <translation>Rotation 90°</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="202" />
        <source>Flip H</source>
        <translation>Symétrie H</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="203" />
        <source>Flip V</source>
        <translation>Symétrie V</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="204" />
        <source>Reset</source>
        <translation>Réinitialiser</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="208" />
        <source>Cine</source>
        <translation>Ciné</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="208" />
        <source>Play/pause cine</source>
        <translation>Lecture/pause du ciné</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="213" />
        <source> fps</source>
        <translation> im/s</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="218" />
        <source>Measurement tool (Esc: back to navigation)</source>
        <translation>Outil de mesure (Échap : retour à la navigation)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="219" />
        <source>Navigate</source>
        <translation>Navigation</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="225" />
        <source>Key image</source>
        <translation>Image clé</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="225" />
        <source>Flag/unflag the image as a key image</source>
        <translation>Marquer/démarquer l'image comme image clé</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="227" />
        <source>Distance tool</source>
        <translation>Outil distance</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="228" />
        <source>Presentation state</source>
        <translation>État de présentation</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="229" />
        <source>Show the image as its next presentation state (GSPS) says</source>
        <translation>Afficher l'image selon son état de présentation (GSPS) suivant</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="230" />
        <source>Delete measurement</source>
        <translation>Supprimer la mesure</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="231" />
        <source>Undo</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="232" />
        <source>Redo</source>
        <translation>Rétablir</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="233" />
        <source>Save findings as DICOM</source>
        <translation>Enregistrer les résultats en DICOM</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="235" />
        <source>MPR</source>
        <translation>MPR</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="235" />
        <source>Multiplanar reconstruction</source>
        <translation>Reconstruction multiplanaire</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="242" />
        <source>Slab thickness (0: thin slice)</source>
        <translation>Épaisseur de coupe (0 : coupe fine)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="244" />
        <source>Average</source>
        <translation>Moyenne</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="251" />
        <source>3D</source>
        <translation>3D</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="251" />
        <source>Volume rendering</source>
        <translation>Rendu volumique</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="256" />
        <source>Volume rendering preset</source>
        <translation>Préréglage du rendu volumique</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="260" />
        <source>Clip…</source>
        <translation>Découpe…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="260" />
        <source>3D clip box</source>
        <translation>Découpe 3D</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="267" />
        <source>Overlays</source>
        <translation>Informations</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="270" />
        <source>Preferences…</source>
        <translation>Préférences…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="271" />
        <location filename="../../viewer/ui/main_window.py" line="882" />
        <source>Keyboard and mouse</source>
        <translation>Clavier et souris</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="273" />
        <source>Next viewport</source>
        <translation>Fenêtre suivante</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="324" />
        <source>This series cannot be displayed as images.</source>
        <translation>Cette série ne peut pas être affichée en images.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="347" />
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="353" />
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="354" />
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="359" />
        <source>&amp;Image</source>
        <translation>&amp;Image</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="364" />
        <source>&amp;Help</source>
        <translation>Ai&amp;de</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="380" />
        <source>MPR is not available for this series: </source>
        <translation>MPR impossible pour cette série : </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="405" />
        <source>3D needs a stack of at least 3 images.</source>
        <translation>La 3D demande une pile d'au moins 3 images.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="487" />
        <source>No presentation state for this image</source>
        <translation>Aucun état de présentation pour cette image</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="489" />
        <source>Presentation state: </source>
        <translation>État de présentation : </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="495" />
        <source>Key image flagged</source>
        <translation>Image clé marquée</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="495" />
        <source>Key image unflagged</source>
        <translation>Image clé démarquée</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="545" />
        <source>Findings not saved: </source>
        <translation>Résultats non enregistrés : </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="548" />
        <source>Findings saved as DICOM (%1 objects)</source>
        <translation>Résultats enregistrés en DICOM (%1 objets)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="576" />
        <location filename="../../viewer/ui/main_window.py" line="579" />
        <source>File</source>
        <translation>Fichier DICOM</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="640" />
        <source>Import DICOM files</source>
        <translation>Importer des fichiers DICOM</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="640" />
        <source>DICOM, DICOMDIR or zip (*)</source>
        <translation>DICOM, DICOMDIR ou zip (*)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="645" />
        <source>Import a folder or a CD/USB</source>
        <translation>Importer un dossier, un CD ou une clé USB</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="661" />
        <source>An import is already running.</source>
        <translation>Une importation est déjà en cours.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="664" />
        <source>Importing…</source>
        <translation>Importation…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="668" />
        <source>Preparing the demo study…</source>
        <translation>Préparation de l'examen de démonstration…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="695" />
        <source>Imported: %1, already present: %2, rejected: %3</source>
        <translation>Importées : %1, déjà présentes : %2, rejetées : %3</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="698" />
        <source>cancelled</source>
        <translation>annulée</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="748" />
        <source>Searching the archive…</source>
        <translation>Recherche dans l'archive…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="791" />
        <source>Retrieve cancelled; what arrived stays in the cache</source>
        <translation>Récupération annulée ; ce qui est arrivé reste dans le cache</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="838" />
        <source>Another transfer is running; try again when it ends.</source>
        <translation>Un transfert est déjà en cours ; réessayez à la fin.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="756" />
        <source>Retrieving from the archive…</source>
        <translation>Récupération depuis l'archive…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="844" />
        <source>Sending to %1…</source>
        <translation>Envoi vers %1…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="854" />
        <source>Send failed: </source>
        <translation>Échec de l'envoi : </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="856" />
        <source>Sent %1 of %2 images; %3 failed: </source>
        <translation>%1 images envoyées sur %2 ; %3 en échec : </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="860" />
        <source>Sent %1 images</source>
        <translation>%1 images envoyées</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="763" />
        <source>Retrieve failed: </source>
        <translation>Échec de la récupération : </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="789" />
        <source>Study complete: %1 images</source>
        <translation>Examen complet : %1 images</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="794" />
        <source>Study incomplete: %1 of %2 images (retrieve again to resume)</source>
        <translation>Examen incomplet : %1 images sur %2 (récupérer à nouveau pour reprendre)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="890" />
        <source>Mouse wheel, ↑/↓, Page Up/Down, Home/End: move through the images</source>
        <translation>Molette, ↑/↓, Page préc./suiv., Début/Fin : parcourir les coupes</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="891" />
        <source>Left drag: window/level — Ctrl + left drag: scroll</source>
        <translation>Glisser bouton gauche : fenêtrage — Ctrl + glisser gauche : défilement</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="892" />
        <source>Right drag: zoom — Middle drag: pan — Double click: fit</source>
        <translation>Glisser bouton droit : zoom — Glisser bouton du milieu : déplacer — Double clic : ajuster</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="893" />
        <source>1: the file's window (again: next one) — 2 to 9: presets — 0: auto</source>
        <translation>1 : fenêtrage du fichier (encore : le suivant) — 2 à 9 : préréglages — 0 : auto</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="894" />
        <source>I: invert — F: fit — =: 1:1 — R: rotate 90° — H/V: flip — Esc: reset</source>
        <translation>I : inverser — F : ajuster — = : 1:1 — R : rotation 90° — H/V : symétrie — Échap : réinitialiser</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="895" />
        <source>Space: cine — O: overlays — Ctrl+Tab: next viewport — Ctrl+O: import</source>
        <translation>Espace : ciné — O : informations — Ctrl+Tab : fenêtre suivante — Ctrl+O : importer</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="896" />
        <source>P: the image as its presentation state says (again: the next one)</source>
        <translation>P : l'image selon son état de présentation (encore : le suivant)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="897" />
        <source>M: MPR (click: move the point, Shift: window, Ctrl: oblique) — D: 3D</source>
        <translation>M : MPR (clic : déplacer le point, Maj : fenêtrage, Ctrl : oblique) — D : 3D</translation>
    </message>
</context>
<context>
    <name>MeasureController</name>
    <message>
        <location filename="../../viewer/ui/measure_controller.py" line="154" />
        <source>True size unknown: scaled to fit</source>
        <translation>Taille réelle inconnue : ajustée à la fenêtre</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_controller.py" line="309" />
        <source>Calibration: </source>
        <translation>Calibration : </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_controller.py" line="420" />
        <source>Annotation</source>
        <translation>Annotation</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_controller.py" line="420" />
        <source>Text:</source>
        <translation>Texte :</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_controller.py" line="441" />
        <source>Measurement on an MPR plane: open its series in MPR (M)</source>
        <translation>Mesure sur un plan MPR : ouvrir sa série en MPR (M)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_controller.py" line="442" />
        <source>No MPR view is parallel to this measurement's plane</source>
        <translation>Aucune vue MPR n'est parallèle au plan de cette mesure</translation>
    </message>
</context>
<context>
    <name>MeasurePanel</name>
    <message>
        <location filename="../../viewer/ui/measure_panel.py" line="28" />
        <source>Distance</source>
        <translation>Distance</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_panel.py" line="28" />
        <source>Angle</source>
        <translation>Angle</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_panel.py" line="28" />
        <source>Cobb angle</source>
        <translation>Angle de Cobb</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_panel.py" line="29" />
        <source>Bidirectional</source>
        <translation>Bidirectionnelle</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_panel.py" line="29" />
        <source>Ellipse ROI</source>
        <translation>ROI ellipse</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_panel.py" line="30" />
        <source>Rectangle ROI</source>
        <translation>ROI rectangle</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_panel.py" line="30" />
        <source>Polygon ROI</source>
        <translation>ROI polygone</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_panel.py" line="31" />
        <source>Freehand ROI</source>
        <translation>ROI main levée</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_panel.py" line="31" />
        <source>Pixel value</source>
        <translation>Densité (sonde)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_panel.py" line="31" />
        <source>Arrow</source>
        <translation>Flèche</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_panel.py" line="32" />
        <source>Text</source>
        <translation>Texte</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_panel.py" line="38" />
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_panel.py" line="40" />
        <source>Save as DICOM</source>
        <translation>Enregistrer en DICOM</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_panel.py" line="41" />
        <source>Structured report (measurements), presentation state (annotations, window), key images</source>
        <translation>Compte rendu structuré (mesures), état de présentation (annotations, fenêtrage), images clés</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_panel.py" line="63" />
        <source>Key images: %1</source>
        <translation>Images clés : %1</translation>
    </message>
</context>
<context>
    <name>MprController</name>
    <message>
        <location filename="../../viewer/ui/mpr_controller.py" line="80" />
        <source>needs a stack of at least 3 images</source>
        <translation>il faut une pile d'au moins 3 images</translation>
    </message>
</context>
<context>
    <name>NetworkTab</name>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="92" />
        <source>PEM file; empty: no TLS</source>
        <translation>fichier PEM ; vide : sans TLS</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="94" />
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="94" />
        <source>AE title</source>
        <translation>Titre AE</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="94" />
        <source>Host</source>
        <translation>Hôte</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="94" />
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="99" />
        <source>Add…</source>
        <translation>Ajouter…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="99" />
        <source>Edit…</source>
        <translation>Modifier…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="100" />
        <source>Remove</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="100" />
        <source>Test (C-ECHO)</source>
        <translation>Tester (C-ECHO)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="107" />
        <source>This workstation's AE title</source>
        <translation>Titre AE de ce poste</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="108" />
        <source>Storage port (receives images)</source>
        <translation>Port de réception (images entrantes)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="109" />
        <source>Storage port TLS certificate</source>
        <translation>Certificat TLS du port de réception</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="110" />
        <source>Storage port TLS key</source>
        <translation>Clé TLS du port de réception</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="111" />
        <source>CA required of senders (optional)</source>
        <translation>AC exigée des expéditeurs (facultatif)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="117" />
        <source>Archives (PACS)</source>
        <translation>Archives (PACS)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="170" />
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
        <location filename="../../viewer/ui/preferences.py" line="195" />
        <source>Preferences</source>
        <translation>Préférences</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="197" />
        <source>Automatic (system language)</source>
        <translation>Automatique (langue du système)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="204" />
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="207" />
        <source>General</source>
        <translation>Général</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="208" />
        <source>Network</source>
        <translation>Réseau</translation>
    </message>
</context>
<context>
    <name>StudyBrowser</name>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="126" />
        <source>Name, patient ID, accession, description</source>
        <translation>Nom, ID patient, n° d'accession, description</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="130" />
        <source>All</source>
        <translation>Toutes</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="131" />
        <source>Dates</source>
        <translation>Dates</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="140" />
        <source>Search</source>
        <translation>Rechercher</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="149" />
        <source>Modality</source>
        <translation>Modalité</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="160" />
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="160" />
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="160" />
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="160" />
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="113" />
        <location filename="../../viewer/ui/study_browser.py" line="160" />
        <source>Accession</source>
        <translation>N° d'accession</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="109" />
        <source>Local cache</source>
        <translation>Cache local</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="110" />
        <source>Where to search: the local cache or an archive (PACS)</source>
        <translation>Où rechercher : le cache local ou une archive (PACS)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="112" />
        <source>Any field</source>
        <translation>Tous les champs</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="112" />
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="112" />
        <source>Patient ID</source>
        <translation>ID patient</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="115" />
        <source>Retrieve</source>
        <translation>Récupérer</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="143" />
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="161" />
        <source>Modalities</source>
        <translation>Modalités</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="161" />
        <source>Series/Images</source>
        <translation>Séries/Images</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="161" />
        <source>Availability</source>
        <translation>Disponibilité</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="186" />
        <source>Series</source>
        <translation>Séries</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="227" />
        <source>Search the archive with the fields above.</source>
        <translation>Rechercher dans l'archive avec les champs ci-dessus.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../viewer/ui/study_browser.py" line="276" />
        <location filename="../../viewer/ui/study_browser.py" line="317" />
        <source>%n study(ies)</source>
        <translation>
            <numerusform>%n examen</numerusform>
            <numerusform>%n examens</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="285" />
        <source>Searching the archive…</source>
        <translation>Recherche dans l'archive…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="296" />
        <source>Archive search failed: </source>
        <translation>Échec de la recherche dans l'archive : </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="300" />
        <source>Local</source>
        <translation>Local</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="300" />
        <source>Partial</source>
        <translation>Partiel</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="300" />
        <source>Remote</source>
        <translation>Distant</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="328" />
        <source>Send to</source>
        <translation>Envoyer vers</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="381" />
        <source>not displayable</source>
        <translation>non affichable</translation>
    </message>
    <message numerus="yes">
        <location filename="../../viewer/ui/study_browser.py" line="383" />
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