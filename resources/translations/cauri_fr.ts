<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="fr_FR">
<context>
    <name>ArchivePage</name>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="146" />
        <source>The archive (PACS)</source>
        <translation>L'archive (PACS)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="147" />
        <source>Where studies are searched and retrieved. Leave it empty to work without one.</source>
        <translation>Là où les examens sont recherchés et récupérés. Laissez vide pour travailler sans archive.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="148" />
        <source>The archive must know this workstation too (its AE title, address and port).</source>
        <translation>L'archive doit aussi connaître ce poste (son titre AE, son adresse et son port).</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="149" />
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="149" />
        <source>AE title</source>
        <translation>Titre AE</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="150" />
        <source>Host</source>
        <translation>Hôte</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="150" />
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="152" />
        <source>Test (C-ECHO)</source>
        <translation>Tester (C-ECHO)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="175" />
        <source>Give the archive's AE title and host first.</source>
        <translation>Indiquez d'abord le titre AE et l'hôte de l'archive.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="180" />
        <source>Testing…</source>
        <translation>Test en cours…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="181" />
        <source>%1: connected (%2 ms)</source>
        <translation>%1 : connecté (%2 ms)</translation>
    </message>
</context>
<context>
    <name>CachePage</name>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="235" />
        <source>The study cache</source>
        <translation>Le cache d'examens</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="236" />
        <source>Studies imported, retrieved or received are kept on this computer.</source>
        <translation>Les examens importés, récupérés ou reçus sont conservés sur cet ordinateur.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="237" />
        <source>Folder</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="238" />
        <source>Largest size (GB)</source>
        <translation>Taille maximale (Go)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="239" />
        <source>no limit</source>
        <translation>sans limite</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="240" />
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="241" />
        <source>A new folder takes effect at the next start; studies already in the cache stay in the old folder.</source>
        <translation>Un nouveau dossier prend effet au prochain démarrage ; les examens déjà en cache restent dans l'ancien dossier.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="245" />
        <source>Folder of the study cache</source>
        <translation>Dossier du cache d'examens</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="266" />
        <source>This folder cannot be written: %1</source>
        <translation>Ce dossier n'est pas modifiable : %1</translation>
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
    <name>FindingsDock</name>
    <message>
        <location filename="../../viewer/ui/findings_dock.py" line="73" />
        <source>Findings not saved: </source>
        <translation>Résultats non enregistrés : </translation>
    </message>
    <message numerus="yes">
        <location filename="../../viewer/ui/findings_dock.py" line="76" />
        <source>Findings saved as DICOM (%n object(s))</source>
        <translation>
            <numerusform>Résultats enregistrés en DICOM (%n objet)</numerusform>
            <numerusform>Résultats enregistrés en DICOM (%n objets)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImageCommands</name>
    <message>
        <location filename="../../viewer/ui/image_commands.py" line="29" />
        <source>Window/level</source>
        <translation>Fenêtrage</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/image_commands.py" line="37" />
        <source> fps</source>
        <translation> im/s</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/image_commands.py" line="40" />
        <source>Measurement tool (Esc: back to navigation)</source>
        <translation>Outil de mesure (Échap : retour à la navigation)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/image_commands.py" line="41" />
        <source>Navigate</source>
        <translation>Navigation</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/image_commands.py" line="91" />
        <source>No presentation state for this image</source>
        <translation>Aucun état de présentation pour cette image</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/image_commands.py" line="93" />
        <source>Presentation state: </source>
        <translation>État de présentation : </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/image_commands.py" line="99" />
        <source>Key image flagged</source>
        <translation>Image clé marquée</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/image_commands.py" line="99" />
        <source>Key image unflagged</source>
        <translation>Image clé démarquée</translation>
    </message>
</context>
<context>
    <name>JobStatus</name>
    <message>
        <location filename="../../viewer/ui/job_status.py" line="26" />
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/job_status.py" line="54" />
        <source>Your profile folder cannot be written: settings and cache are temporary this time</source>
        <translation>Votre dossier de profil n'est pas modifiable : réglages et cache sont temporaires cette fois</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/job_status.py" line="58" />
        <source>Import DICOM files</source>
        <translation>Importer des fichiers DICOM</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/job_status.py" line="59" />
        <source>DICOM, DICOMDIR or zip (*)</source>
        <translation>DICOM, DICOMDIR ou zip (*)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/job_status.py" line="64" />
        <source>Import a folder or a CD/USB</source>
        <translation>Importer un dossier, un CD ou une clé USB</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/job_status.py" line="70" />
        <location filename="../../viewer/ui/job_status.py" line="74" />
        <source>An import is already running.</source>
        <translation>Une importation est déjà en cours.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/job_status.py" line="78" />
        <source>Another transfer is running; try again when it ends.</source>
        <translation>Un transfert est déjà en cours ; réessayez à la fin.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/job_status.py" line="80" />
        <source>Sending to %1…</source>
        <translation>Envoi vers %1…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/job_status.py" line="85" />
        <source>Importing…</source>
        <translation>Importation…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/job_status.py" line="87" />
        <source>Preparing the demo study…</source>
        <translation>Préparation de l'examen de démonstration…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/job_status.py" line="89" />
        <source>Reading the disc…</source>
        <translation>Lecture du disque…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../viewer/ui/job_status.py" line="112" />
        <source>Disc read in place (not imported): %n image(s)</source>
        <translation><numerusform>Disque lu sur place (non importé) : %n image</numerusform><numerusform>Disque lu sur place (non importé) : %n images</numerusform></translation>
    </message>
    <message>
        <location filename="../../viewer/ui/job_status.py" line="114" />
        <source>not shown: %1</source>
        <translation>non affichées : %1</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/job_status.py" line="117" />
        <source>Imported: %1, already present: %2, rejected: %3</source>
        <translation>Importées : %1, déjà présentes : %2, rejetées : %3</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/job_status.py" line="120" />
        <source>cancelled</source>
        <translation>annulée</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/job_status.py" line="140" />
        <source>Send failed: </source>
        <translation>Échec de l'envoi : </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/job_status.py" line="143" />
        <source>Sent %1 of %2 images; %3 failed: </source>
        <translation>%1 images envoyées sur %2 ; %3 en échec : </translation>
    </message>
    <message numerus="yes">
        <location filename="../../viewer/ui/job_status.py" line="146" />
        <source>Sent %n image(s)</source>
        <translation>
            <numerusform>%n image envoyée</numerusform>
            <numerusform>%n images envoyées</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/job_status.py" line="151" />
        <source>Searching the archive…</source>
        <translation>Recherche dans l'archive…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/job_status.py" line="153" />
        <source>Retrieving from the archive…</source>
        <translation>Récupération depuis l'archive…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/job_status.py" line="162" />
        <source>Retrieve failed: </source>
        <translation>Échec de la récupération : </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/job_status.py" line="162" />
        <source>no archive is configured (Preferences &gt; Network)</source>
        <translation>aucune archive n'est configurée (Préférences &gt; Réseau)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../viewer/ui/job_status.py" line="168" />
        <source>Study complete: %n image(s)</source>
        <translation>
            <numerusform>Examen complet : %n image</numerusform>
            <numerusform>Examen complet : %n images</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/job_status.py" line="170" />
        <source>Retrieve cancelled; what arrived stays in the cache</source>
        <translation>Récupération annulée ; ce qui est arrivé reste dans le cache</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/job_status.py" line="172" />
        <source>Study incomplete: %1 of %2 images (retrieve again to resume)</source>
        <translation>Examen incomplet : %1 images sur %2 (récupérer à nouveau pour reprendre)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/job_status.py" line="180" />
        <source>Accession number %1</source>
        <translation>N° d'accession %1</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/job_status.py" line="182" />
        <source>Study %1</source>
        <translation>Examen %1</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/job_status.py" line="184" />
        <source>The patient's study</source>
        <translation>L'examen du patient</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/job_status.py" line="186" />
        <source>%1 is not in the local cache, and no archive is configured (Preferences &gt; Network)</source>
        <translation>%1 : absent du cache local, et aucune archive n'est configurée (Préférences &gt; Réseau)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/job_status.py" line="187" />
        <source>%1 was found neither in the local cache nor on: %2</source>
        <translation>%1 : introuvable dans le cache local et sur : %2</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/job_status.py" line="195" />
        <source>its TLS certificate, key or CA cannot be used (Preferences &gt; Network)</source>
        <translation>certificat, clé ou autorité TLS inutilisable (Préférences &gt; Réseau)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/job_status.py" line="197" />
        <source>the port is in use or not allowed</source>
        <translation>port déjà utilisé ou non autorisé</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/job_status.py" line="200" />
        <source>DICOM reception is off: port %1 could not be opened: %2</source>
        <translation>Réception DICOM arrêtée : le port %1 n'a pas pu être ouvert : %2</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="68" />
        <source>Welcome to Cauri</source>
        <translation>Bienvenue dans Cauri</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="69" />
        <source>Language of the workstation</source>
        <translation>Langue du poste</translation>
    </message>
</context>
<context>
    <name>LockPanel</name>
    <message>
        <location filename="../../viewer/ui/idle_lock.py" line="36" />
        <source>Cauri is locked: patient data is hidden.</source>
        <translation>Cauri est verrouillé : les données patient sont masquées.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/idle_lock.py" line="39" />
        <source>Unlock</source>
        <translation>Déverrouiller</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="122" />
        <source>Studies</source>
        <translation>Examens</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="128" />
        <source>Measurements</source>
        <translation>Mesures</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="133" />
        <source>Transfers</source>
        <translation>Transferts</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="221" />
        <source>Keyboard and mouse</source>
        <translation>Clavier et souris</translation>
    </message>
</context>
<context>
    <name>MeasureController</name>
    <message>
        <location filename="../../viewer/ui/measure_controller.py" line="176" />
        <source>Calibration: </source>
        <translation>Calibration : </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_controller.py" line="186" />
        <source>Measurement on an MPR plane: open its series in MPR (M)</source>
        <translation>Mesure sur un plan MPR : ouvrir sa série en MPR (M)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_controller.py" line="187" />
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
        <location filename="../../viewer/ui/measure_panel.py" line="58" />
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_panel.py" line="64" />
        <source>Key images: %1</source>
        <translation>Images clés : %1</translation>
    </message>
</context>
<context>
    <name>MeasurePointer</name>
    <message>
        <location filename="../../viewer/ui/measure_input.py" line="100" />
        <source>Annotation</source>
        <translation>Annotation</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_input.py" line="100" />
        <source>Text:</source>
        <translation>Texte :</translation>
    </message>
</context>
<context>
    <name>NetworkTab</name>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="92" />
        <source>PEM file; empty: no TLS</source>
        <translation>fichier PEM ; vide : sans TLS</translation>
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
        <location filename="../../viewer/ui/preferences.py" line="168" />
        <source>%1: connected (%2 ms)</source>
        <translation>%1 : connecté (%2 ms)</translation>
    </message>
</context>
<context>
    <name>NodeDialog</name>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="33" />
        <source>Archive</source>
        <translation>Archive</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="47" />
        <source>CA file (PEM) to enable TLS</source>
        <translation>Fichier d'autorité (PEM) pour activer TLS</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="49" />
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="50" />
        <source>AE title</source>
        <translation>Titre AE</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="51" />
        <source>Host</source>
        <translation>Hôte</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="52" />
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="53" />
        <source>DICOMweb URL</source>
        <translation>URL DICOMweb</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="54" />
        <source>Retrieve with</source>
        <translation>Récupérer par</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="55" />
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
</context>
<context>
    <name>PatientGuard</name>
    <message>
        <location filename="../../viewer/ui/patient_guard.py" line="72" />
        <source>Different patients on screen: %1</source>
        <translation>Patients différents à l'écran : %1</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/patient_guard.py" line="89" />
        <source>These views show different patients.</source>
        <translation>Ces vues montrent des patients différents.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/patient_guard.py" line="92" />
        <source>Link them anyway?</source>
        <translation>Les lier quand même ?</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="191" />
        <source>Preferences</source>
        <translation>Préférences</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="193" />
        <source>Automatic (system language)</source>
        <translation>Automatique (langue du système)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="200" />
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="203" />
        <source>General</source>
        <translation>Général</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="204" />
        <source>Network</source>
        <translation>Réseau</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="297" />
        <source>Cauri setup</source>
        <translation>Configuration de Cauri</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="298" />
        <source>Next &gt;</source>
        <translation>Suivant &gt;</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="299" />
        <source>&lt; Back</source>
        <translation>&lt; Précédent</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="300" />
        <source>Finish</source>
        <translation>Terminer</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="301" />
        <source>Skip</source>
        <translation>Passer</translation>
    </message>
</context>
<context>
    <name>StationPage</name>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="95" />
        <source>This workstation on the network</source>
        <translation>Ce poste sur le réseau</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="96" />
        <source>The archive and the modalities know this workstation by its AE title; they send images to its storage port.</source>
        <translation>L'archive et les modalités connaissent ce poste par son titre AE ; elles envoient les images à son port de réception.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="98" />
        <source>This workstation's AE title</source>
        <translation>Titre AE de ce poste</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="99" />
        <source>Storage port (receives images)</source>
        <translation>Port de réception (images entrantes)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="107" />
        <source>An AE title is 1 to 16 letters, digits or spaces (no backslash).</source>
        <translation>Un titre AE compte de 1 à 16 lettres, chiffres ou espaces (sans barre oblique inverse).</translation>
    </message>
</context>
<context>
    <name>StudyBrowser</name>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="146" />
        <source>Name, patient ID, accession, description</source>
        <translation>Nom, ID patient, n° d'accession, description</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="150" />
        <source>All</source>
        <translation>Toutes</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="151" />
        <source>Dates</source>
        <translation>Dates</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="165" />
        <source>Search</source>
        <translation>Rechercher</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="174" />
        <source>Modality</source>
        <translation>Modalité</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="186" />
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="186" />
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="186" />
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="186" />
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="133" />
        <location filename="../../viewer/ui/study_browser.py" line="186" />
        <source>Accession</source>
        <translation>N° d'accession</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="129" />
        <source>Local cache</source>
        <translation>Cache local</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="130" />
        <source>Where to search: the local cache or an archive (PACS)</source>
        <translation>Où rechercher : le cache local ou une archive (PACS)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="132" />
        <source>Any field</source>
        <translation>Tous les champs</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="132" />
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="132" />
        <source>Patient ID</source>
        <translation>ID patient</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="135" />
        <source>Retrieve</source>
        <translation>Récupérer</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="168" />
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="187" />
        <source>Modalities</source>
        <translation>Modalités</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="187" />
        <source>Series/Images</source>
        <translation>Séries/Images</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="187" />
        <source>Availability</source>
        <translation>Disponibilité</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="212" />
        <source>Series</source>
        <translation>Séries</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="251" />
        <source>Search the archive with the fields above.</source>
        <translation>Rechercher dans l'archive avec les champs ci-dessus.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../viewer/ui/study_browser.py" line="302" />
        <location filename="../../viewer/ui/study_browser.py" line="418" />
        <source>%n study(ies)</source>
        <translation>
            <numerusform>%n examen</numerusform>
            <numerusform>%n examens</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="324" />
        <source>archive search</source>
        <translation>recherche dans l'archive</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="337" />
        <source>too many studies: the patient's studies are listed</source>
        <translation>trop d'examens : ceux du patient sont listés</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="352" />
        <source>search text</source>
        <translation>texte recherché</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="356" />
        <source>modality</source>
        <translation>modalité</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="360" />
        <source>dates</source>
        <translation>dates</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="386" />
        <source>Searching the archive…</source>
        <translation>Recherche dans l'archive…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="395" />
        <source>Archive search failed: </source>
        <translation>Échec de la recherche dans l'archive : </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="399" />
        <source>Local</source>
        <translation>Local</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="399" />
        <source>Partial</source>
        <translation>Partiel</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="399" />
        <source>Remote</source>
        <translation>Distant</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="430" />
        <source>Send to</source>
        <translation>Envoyer vers</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="497" />
        <source>not displayable</source>
        <translation>non affichable</translation>
    </message>
    <message numerus="yes">
        <location filename="../../viewer/ui/study_browser.py" line="499" />
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n image</numerusform>
            <numerusform>%n images</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../viewer/ui/study_browser.py" line="503" />
        <source>%n object(s)</source>
        <translation>
            <numerusform>%n objet</numerusform>
            <numerusform>%n objets</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StudySwitch</name>
    <message>
        <location filename="../../viewer/ui/study_switch.py" line="58" />
        <source>Filters cleared to show the open study: %1</source>
        <translation>Filtres effacés pour afficher l'examen ouvert : %1</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_switch.py" line="74" />
        <source>Key images are marked on their images (K) and listed in the measurements panel.</source>
        <translation>Les images clés sont signalées sur leurs images (K) et listées dans le panneau des mesures.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_switch.py" line="76" />
        <source>Presentation states are applied to the images they reference (P: the next one).</source>
        <translation>Les états de présentation s'appliquent aux images qu'ils désignent (P : le suivant).</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_switch.py" line="80" />
        <source>This series cannot be displayed as images.</source>
        <translation>Cette série ne peut pas être affichée en images.</translation>
    </message>
</context>
<context>
    <name>TransferPanel</name>
    <message>
        <location filename="../../viewer/ui/transfers.py" line="28" />
        <source>Study</source>
        <translation>Examen</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/transfers.py" line="28" />
        <source>Archive</source>
        <translation>Archive</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/transfers.py" line="28" />
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/transfers.py" line="28" />
        <source>Progress</source>
        <translation>Progression</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/transfers.py" line="32" />
        <source>Cancel transfer</source>
        <translation>Annuler le transfert</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/transfers.py" line="34" />
        <source>Retry</source>
        <translation>Réessayer</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/transfers.py" line="42" />
        <source>waiting</source>
        <translation>en attente</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/transfers.py" line="42" />
        <source>receiving</source>
        <translation>en cours</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/transfers.py" line="42" />
        <source>complete</source>
        <translation>complet</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/transfers.py" line="43" />
        <source>failed</source>
        <translation>échec</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/transfers.py" line="43" />
        <source>cancelled</source>
        <translation>annulée</translation>
    </message>
</context>
<context>
    <name>VolumeControls</name>
    <message>
        <location filename="../../viewer/ui/volume_controls.py" line="26" />
        <source>Slab thickness (0: thin slice)</source>
        <translation>Épaisseur de coupe (0 : coupe fine)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/volume_controls.py" line="28" />
        <source>Average</source>
        <translation>Moyenne</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/volume_controls.py" line="37" />
        <source>Volume rendering preset</source>
        <translation>Préréglage du rendu volumique</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/volume_controls.py" line="50" />
        <source>MPR is not available for this series: </source>
        <translation>MPR impossible pour cette série : </translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="43" />
        <source>Tools</source>
        <translation>Outils</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="47" />
        <source>Import files…</source>
        <translation>Importer des fichiers…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="48" />
        <source>Import folder…</source>
        <translation>Importer un dossier…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="51" />
        <source>Import the disc into the cache</source>
        <translation>Importer le disque dans le cache</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="52" />
        <source>Copy the disc's studies into this computer's study cache</source>
        <translation>Copier les examens du disque dans le cache d'examens de cet ordinateur</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="60" />
        <source>Auto window</source>
        <translation>Fenêtrage auto</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="61" />
        <source>Invert</source>
        <translation>Inverser</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="62" />
        <source>Fit</source>
        <translation>Ajuster</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="63" />
        <source>1:1</source>
        <translation>1:1</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="64" />
        <source>Rotate 90°</source>
        <translation>Rotation 90°</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="65" />
        <source>Flip H</source>
        <translation>Symétrie H</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="66" />
        <source>Flip V</source>
        <translation>Symétrie V</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="67" />
        <source>Reset</source>
        <translation>Réinitialiser</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="71" />
        <source>Cine</source>
        <translation>Ciné</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="71" />
        <source>Play/pause cine</source>
        <translation>Lecture/pause du ciné</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="76" />
        <source>Key image</source>
        <translation>Image clé</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="76" />
        <source>Flag/unflag the image as a key image</source>
        <translation>Marquer/démarquer l'image comme image clé</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="78" />
        <source>Distance tool</source>
        <translation>Outil distance</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="79" />
        <source>Presentation state</source>
        <translation>État de présentation</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="80" />
        <source>Show the image as its next presentation state (GSPS) says</source>
        <translation>Afficher l'image selon son état de présentation (GSPS) suivant</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="81" />
        <source>Delete measurement</source>
        <translation>Supprimer la mesure</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="82" />
        <source>Undo</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="83" />
        <source>Redo</source>
        <translation>Rétablir</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="84" />
        <source>Save findings as DICOM</source>
        <translation>Enregistrer les résultats en DICOM</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="86" />
        <source>MPR</source>
        <translation>MPR</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="86" />
        <source>Multiplanar reconstruction</source>
        <translation>Reconstruction multiplanaire</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="90" />
        <source>3D</source>
        <translation>3D</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="90" />
        <source>Volume rendering</source>
        <translation>Rendu volumique</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="93" />
        <source>Clip…</source>
        <translation>Découpe…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="93" />
        <source>3D clip box</source>
        <translation>Découpe 3D</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="97" />
        <source>Overlays</source>
        <translation>Informations</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="99" />
        <source>Preferences…</source>
        <translation>Préférences…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="100" />
        <source>Setup wizard…</source>
        <translation>Assistant de configuration…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="101" />
        <source>Keyboard and mouse</source>
        <translation>Clavier et souris</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="103" />
        <source>Next viewport</source>
        <translation>Fenêtre suivante</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="108" />
        <location filename="../../viewer/ui/window_actions.py" line="136" />
        <source>Layout</source>
        <translation>Disposition</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="127" />
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="135" />
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="140" />
        <source>&amp;Image</source>
        <translation>&amp;Image</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="141" />
        <source>Window/level</source>
        <translation>Fenêtrage</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="145" />
        <source>&amp;Help</source>
        <translation>Ai&amp;de</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="151" />
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
</context>
</TS>