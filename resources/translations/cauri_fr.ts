<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="fr_FR">
<context>
    <name>AboutBox</name>
    <message>
        <location filename="../../viewer/ui/about.py" line="18" />
        <source>About Cauri</source>
        <translation>À propos de Cauri</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/about.py" line="21" />
        <source>DICOM reading workstation for Benin's teaching hospitals.</source>
        <translation>Station de lecture DICOM pour les CHU du Bénin.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/about.py" line="23" />
        <source>No telemetry: Cauri sends nothing about you, your patients or its use to anyone. It talks only to the archives and devices you configure.</source>
        <translation>Aucune télémétrie : Cauri n'envoie rien sur vous, vos patients ni son utilisation à qui que ce soit. Il ne communique qu'avec les archives et les appareils que vous configurez.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/about.py" line="38" />
        <source>Licences</source>
        <translation>Licences</translation>
    </message>
</context>
<context>
    <name>ArchivePage</name>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="147" />
        <source>The archive (PACS)</source>
        <translation>L'archive (PACS)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="148" />
        <source>Where studies are searched and retrieved. Leave it empty to work without one.</source>
        <translation>Là où les examens sont recherchés et récupérés. Laissez vide pour travailler sans archive.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="149" />
        <source>The archive must know this workstation too (its AE title, address and port).</source>
        <translation>L'archive doit aussi connaître ce poste (son titre AE, son adresse et son port).</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="150" />
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="150" />
        <source>AE title</source>
        <translation>Titre AE</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="151" />
        <source>Host</source>
        <translation>Hôte</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="151" />
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="153" />
        <source>Test (C-ECHO)</source>
        <translation>Tester (C-ECHO)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="176" />
        <source>Give the archive's AE title and host first.</source>
        <translation>Indiquez d'abord le titre AE et l'hôte de l'archive.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="181" />
        <source>Testing…</source>
        <translation>Test en cours…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="182" />
        <source>%1: connected (%2 ms)</source>
        <translation>%1 : connecté (%2 ms)</translation>
    </message>
</context>
<context>
    <name>BlackoutDialog</name>
    <message>
        <location filename="../../viewer/ui/blackout_dialog.py" line="95" />
        <source>Black out burned-in text</source>
        <translation>Masquer le texte incrusté</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/blackout_dialog.py" line="97" />
        <source>Draw a rectangle over every text (name, ID, date) with the left button. The regions are blacked out in every image of the series.</source>
        <translation>Tracez un rectangle sur chaque texte (nom, identifiant, date) avec le bouton gauche. Les zones sont noircies dans toutes les images de la série.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/blackout_dialog.py" line="101" />
        <source>Undo last</source>
        <translation>Annuler le dernier</translation>
    </message>
    <message numerus="yes">
        <location filename="../../viewer/ui/blackout_dialog.py" line="119" />
        <source>%n region(s) blacked out</source>
        <translation>
            <numerusform>%n zone noircie</numerusform>
            <numerusform>%n zones noircies</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CacheActions</name>
    <message>
        <location filename="../../viewer/ui/cache_actions.py" line="38" />
        <source>This study is open or arriving: its space cannot be freed now.</source>
        <translation>Cet examen est ouvert ou en cours d'arrivée : sa place ne peut pas être libérée maintenant.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/cache_actions.py" line="40" />
        <source>Remove this study's images from this computer? It stays listed, on the archive, and is retrieved again when opened.</source>
        <translation>Retirer les images de cet examen de ce poste ? Il reste dans la liste, sur l'archive, et sera récupéré de nouveau à l'ouverture.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/cache_actions.py" line="43" />
        <source>It is protected: %1.</source>
        <translation>Il est protégé : %1.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/cache_actions.py" line="58" />
        <source>The cache could not be trimmed: %1</source>
        <translation>Le cache n'a pas pu être allégé : %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../viewer/ui/cache_actions.py" line="61" />
        <source>The cache is over its limit: %n protected study(ies) wait for your confirmation (Free the space, in the study list).</source>
        <translation>
            <numerusform>Le cache dépasse sa limite : %n examen protégé attend votre confirmation (Libérer la place, dans la liste des examens).</numerusform>
            <numerusform>Le cache dépasse sa limite : %n examens protégés attendent votre confirmation (Libérer la place, dans la liste des examens).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../viewer/ui/cache_actions.py" line="65" />
        <source>Cache limit: %n study(ies) left for the archive.</source>
        <translation>
            <numerusform>Limite du cache : %n examen laissé à l'archive.</numerusform>
            <numerusform>Limite du cache : %n examens laissés à l'archive.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CachePage</name>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="238" />
        <source>The study cache</source>
        <translation>Le cache d'examens</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="239" />
        <source>Studies imported, retrieved or received are kept on this computer.</source>
        <translation>Les examens importés, récupérés ou reçus sont conservés sur cet ordinateur.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="240" />
        <source>Folder</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="241" />
        <source>Largest size (GB)</source>
        <translation>Taille maximale (Go)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="242" />
        <source>no limit</source>
        <translation>sans limite</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="243" />
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="244" />
        <source>A new folder takes effect at the next start; studies already in the cache stay in the old folder.</source>
        <translation>Un nouveau dossier prend effet au prochain démarrage ; les examens déjà en cache restent dans l'ancien dossier.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="248" />
        <source>Folder of the study cache</source>
        <translation>Dossier du cache d'examens</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="269" />
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
    <name>FusionControls</name>
    <message>
        <location filename="../../viewer/ui/fusion_controls.py" line="66" />
        <source>Fusion</source>
        <translation>Fusion</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/fusion_controls.py" line="75" />
        <source>Fuse…</source>
        <translation>Fusionner…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/fusion_controls.py" line="76" />
        <source>Lay a PET, SPECT, MR or RT Dose of this study over the active view</source>
        <translation>Superposer une TEP, une TEMP, une IRM ou une dose RT de cet examen à la vue active</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/fusion_controls.py" line="113" />
        <source>No PET, SPECT, MR or RT Dose in this study to fuse</source>
        <translation>Aucune TEP, TEMP, IRM ou dose RT à fusionner dans cet examen</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/fusion_controls.py" line="118" />
        <source>Fuse</source>
        <translation>Fusionner</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/fusion_controls.py" line="118" />
        <source>Series to lay over the view:</source>
        <translation>Série à superposer à la vue :</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/fusion_controls.py" line="127" />
        <source>Fusing…</source>
        <translation>Fusion en cours…</translation>
    </message>
</context>
<context>
    <name>FusionPanel</name>
    <message>
        <location filename="../../viewer/ui/fusion_controls.py" line="162" />
        <source>Hot iron</source>
        <translation>Fer chaud</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/fusion_controls.py" line="162" />
        <source>PET</source>
        <translation>TEP</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/fusion_controls.py" line="162" />
        <source>Rainbow</source>
        <translation>Arc-en-ciel</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/fusion_controls.py" line="163" />
        <source>Grey</source>
        <translation>Gris</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/fusion_controls.py" line="167" />
        <source>Colour map</source>
        <translation>Palette</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/fusion_controls.py" line="171" />
        <source>Opacity</source>
        <translation>Opacité</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/fusion_controls.py" line="178" />
        <source>From</source>
        <translation>De</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/fusion_controls.py" line="178" />
        <source>To</source>
        <translation>À</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/fusion_controls.py" line="181" />
        <source>Isodose lines</source>
        <translation>Lignes isodoses</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/fusion_controls.py" line="187" />
        <source>Remove the fusion</source>
        <translation>Retirer la fusion</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/fusion_controls.py" line="205" />
        <source>No fused layer on this view. «Fuse…», or drop a series with Shift held.</source>
        <translation>Aucune fusion sur cette vue. « Fusionner… », ou déposez une série en tenant Maj.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/fusion_controls.py" line="209" />
        <source>RT Dose</source>
        <translation>Dose RT</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/fusion_controls.py" line="209" />
        <source>Fused</source>
        <translation>Fusion</translation>
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
        <translation>
            <numerusform>Disque lu sur place (non importé) : %n image</numerusform>
            <numerusform>Disque lu sur place (non importé) : %n images</numerusform>
        </translation>
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
        <location filename="../../viewer/ui/setup_wizard.py" line="69" />
        <source>Welcome to Cauri</source>
        <translation>Bienvenue dans Cauri</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="70" />
        <source>Language of the workstation</source>
        <translation>Langue du poste</translation>
    </message>
</context>
<context>
    <name>LinkControls</name>
    <message>
        <location filename="../../viewer/ui/link_controls.py" line="42" />
        <source>Link scroll</source>
        <translation>Lier le défilement</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/link_controls.py" line="42" />
        <source>Scroll the visible views together, by patient position</source>
        <translation>Faire défiler les vues ensemble, selon la position dans le patient</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/link_controls.py" line="43" />
        <source>Link zoom</source>
        <translation>Lier le zoom</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/link_controls.py" line="43" />
        <source>Zoom and pan the visible views together, in millimetres</source>
        <translation>Zoomer et déplacer les vues ensemble, en millimètres</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/link_controls.py" line="44" />
        <source>Link window</source>
        <translation>Lier le fenêtrage</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/link_controls.py" line="44" />
        <source>Window/level the visible views together</source>
        <translation>Fenêtrer les vues ensemble</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/link_controls.py" line="53" />
        <source>Sync here</source>
        <translation>Synchroniser ici</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/link_controls.py" line="54" />
        <source>The two slices shown are the same level: link them there</source>
        <translation>Les deux coupes affichées sont au même niveau : les lier ici</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/link_controls.py" line="98" />
        <source>Sync here needs a view of another frame of reference (a prior)</source>
        <translation>Synchroniser ici demande une vue d'un autre référentiel (un antérieur)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/link_controls.py" line="116" />
        <location filename="../../viewer/ui/link_controls.py" line="167" />
        <source>Accept</source>
        <translation>Accepter</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/link_controls.py" line="117" />
        <source>Adjust</source>
        <translation>Ajuster</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/link_controls.py" line="118" />
        <source>Refuse</source>
        <translation>Refuser</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/link_controls.py" line="119" />
        <source>−1 mm</source>
        <translation>−1 mm</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/link_controls.py" line="120" />
        <source>+1 mm</source>
        <translation>+1 mm</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/link_controls.py" line="134" />
        <source>Automatic registration: offset {offset} mm, rotation {angle}°</source>
        <translation>Recalage automatique : décalage {offset} mm, rotation {angle}°</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/link_controls.py" line="144" />
        <source>Automatic registration failed: use Sync here</source>
        <translation>Le recalage automatique a échoué : utilisez Synchroniser ici</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/link_controls.py" line="156" />
        <source>Done</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/link_controls.py" line="175" />
        <source>Registration refused: align two slices and use Sync here</source>
        <translation>Recalage refusé : alignez deux coupes et utilisez Synchroniser ici</translation>
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
        <location filename="../../viewer/ui/main_window.py" line="116" />
        <source>Links</source>
        <translation>Liens</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="156" />
        <source>Worklist</source>
        <translation>Liste de travail</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="163" />
        <source>Measurements</source>
        <translation>Mesures</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="168" />
        <source>Transfers</source>
        <translation>Transferts</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/main_window.py" line="297" />
        <source>Keyboard and mouse</source>
        <translation>Clavier et souris</translation>
    </message>
</context>
<context>
    <name>MeasureController</name>
    <message>
        <location filename="../../viewer/ui/measure_controller.py" line="175" />
        <source>Calibration: </source>
        <translation>Calibration : </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_controller.py" line="185" />
        <source>Measurement on an MPR plane: open its series in MPR (M)</source>
        <translation>Mesure sur un plan MPR : ouvrir sa série en MPR (M)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/measure_controller.py" line="186" />
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
    <name>MediaDialog</name>
    <message>
        <location filename="../../viewer/ui/media_dialog.py" line="29" />
        <source>Burn / Export the study</source>
        <translation>Graver / exporter l'examen</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/media_dialog.py" line="32" />
        <source>A USB key or a new folder (to burn), or an image file ending in .iso:</source>
        <translation>Une clé USB ou un nouveau dossier (à graver), ou un fichier image terminé par .iso :</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/media_dialog.py" line="37" />
        <source>Folder…</source>
        <translation>Dossier…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/media_dialog.py" line="39" />
        <source>ISO image…</source>
        <translation>Image ISO…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/media_dialog.py" line="44" />
        <source>Add the Cauri viewer (opens on a computer with nothing installed)</source>
        <translation>Ajouter la visionneuse Cauri (s'ouvre sur un ordinateur sans rien d'installé)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/media_dialog.py" line="50" />
        <source>No portable build of Cauri here: %1</source>
        <translation>Pas de version portable de Cauri ici : %1</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/media_dialog.py" line="53" />
        <source>De-identify (no name, ID or birth date on the disc; the link back stays on this workstation)</source>
        <translation>Anonymiser (ni nom, ni identifiant, ni date de naissance sur le disque ; le lien reste sur ce poste)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/media_dialog.py" line="64" />
        <source>Keep the hospital's name</source>
        <translation>Garder le nom de l'hôpital</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/media_dialog.py" line="66" />
        <source>PS3.15 Retain Institution Identity Option: institution name, address and department stay on the images</source>
        <translation>Option PS3.15 « conserver l'identité de l'établissement » : nom, adresse et service restent sur les images</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/media_dialog.py" line="71" />
        <source>Black out the text around ultrasound images (where their header says where the image is)</source>
        <translation>Masquer le texte autour des images d'échographie (là où leur en-tête situe l'image)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/media_dialog.py" line="79" />
        <source>The disc holds the images and the patient's identity, as any DICOM disc; its README and INDEX pages name no one. Nothing starts by itself.</source>
        <translation>Le disque contient les images et l'identité du patient, comme tout disque DICOM ; ses pages README et INDEX ne nomment personne. Rien ne démarre tout seul.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/media_dialog.py" line="84" />
        <source>Export</source>
        <translation>Exporter</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/media_dialog.py" line="90" />
        <source>USB key or folder</source>
        <translation>Clé USB ou dossier</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/media_dialog.py" line="95" />
        <source>ISO image</source>
        <translation>Image ISO</translation>
    </message>
</context>
<context>
    <name>MediaExport</name>
    <message>
        <location filename="../../viewer/ui/media_dialog.py" line="175" />
        <source>Preparing…</source>
        <translation>Préparation…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/media_dialog.py" line="175" />
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/media_dialog.py" line="152" />
        <location filename="../../viewer/ui/media_dialog.py" line="177" />
        <location filename="../../viewer/ui/media_dialog.py" line="231" />
        <source>Burn / Export the study</source>
        <translation>Graver / exporter l'examen</translation>
    </message>
    <message numerus="yes">
        <location filename="../../viewer/ui/media_dialog.py" line="153" />
        <source>%n series may show text burned into the pixels (%1), such as the patient's name: de-identification cannot remove it. Export anyway?</source>
        <translation>
            <numerusform>%n série peut montrer du texte incrusté dans les pixels (%1), comme le nom du patient : l'anonymisation ne peut pas l'enlever. Exporter quand même ?</numerusform>
            <numerusform>%n séries peuvent montrer du texte incrusté dans les pixels (%1), comme le nom du patient : l'anonymisation ne peut pas l'enlever. Exporter quand même ?</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/media_dialog.py" line="209" />
        <source>Copying the images…</source>
        <translation>Copie des images…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/media_dialog.py" line="211" />
        <source>Writing the DICOMDIR…</source>
        <translation>Écriture du DICOMDIR…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/media_dialog.py" line="213" />
        <source>Copying the Cauri viewer…</source>
        <translation>Copie de la visionneuse Cauri…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/media_dialog.py" line="214" />
        <source>Writing the ISO image…</source>
        <translation>Écriture de l'image ISO…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../viewer/ui/media_dialog.py" line="225" />
        <source>Written: %1 (%n image(s))</source>
        <translation>
            <numerusform>Écrit : %1 (%n image)</numerusform>
            <numerusform>Écrit : %1 (%n images)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NetworkTab</name>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="94" />
        <source>PEM file; empty: no TLS</source>
        <translation>fichier PEM ; vide : sans TLS</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="96" />
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="96" />
        <source>AE title</source>
        <translation>Titre AE</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="96" />
        <source>Host</source>
        <translation>Hôte</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="96" />
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="101" />
        <source>Add…</source>
        <translation>Ajouter…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="101" />
        <source>Edit…</source>
        <translation>Modifier…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="102" />
        <source>Remove</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="102" />
        <source>Test (C-ECHO)</source>
        <translation>Tester (C-ECHO)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="109" />
        <source>This workstation's AE title</source>
        <translation>Titre AE de ce poste</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="110" />
        <source>Storage port (receives images)</source>
        <translation>Port de réception (images entrantes)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="111" />
        <source>Storage port TLS certificate</source>
        <translation>Certificat TLS du port de réception</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="112" />
        <source>Storage port TLS key</source>
        <translation>Clé TLS du port de réception</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="113" />
        <source>CA required of senders (optional)</source>
        <translation>AC exigée des expéditeurs (facultatif)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="119" />
        <source>Archives (PACS)</source>
        <translation>Archives (PACS)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="170" />
        <source>%1: connected (%2 ms)</source>
        <translation>%1 : connecté (%2 ms)</translation>
    </message>
</context>
<context>
    <name>NodeDialog</name>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="35" />
        <source>Archive</source>
        <translation>Archive</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="49" />
        <source>CA file (PEM) to enable TLS</source>
        <translation>Fichier d'autorité (PEM) pour activer TLS</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="51" />
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="52" />
        <source>AE title</source>
        <translation>Titre AE</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="53" />
        <source>Host</source>
        <translation>Hôte</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="54" />
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="55" />
        <source>DICOMweb URL</source>
        <translation>URL DICOMweb</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="56" />
        <source>Retrieve with</source>
        <translation>Récupérer par</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="57" />
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
    <name>PictureDialog</name>
    <message>
        <location filename="../../viewer/ui/picture_dialog.py" line="24" />
        <location filename="../../viewer/ui/picture_dialog.py" line="55" />
        <location filename="../../viewer/ui/picture_dialog.py" line="74" />
        <location filename="../../viewer/ui/picture_dialog.py" line="97" />
        <source>Export the image</source>
        <translation>Exporter l'image</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/picture_dialog.py" line="29" />
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/picture_dialog.py" line="31" />
        <source>File (.png, .jpg, or .mp4 for the cine of the active stack or a turn of the 3-D view):</source>
        <translation>Fichier (.png, .jpg, ou .mp4 pour le ciné de la pile active ou un tour de la vue 3D) :</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/picture_dialog.py" line="36" />
        <source>The active viewport</source>
        <translation>La vue active</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/picture_dialog.py" line="37" />
        <source>The whole layout</source>
        <translation>Toute la disposition</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/picture_dialog.py" line="41" />
        <source>Overlay texts and scale</source>
        <translation>Textes de surimpression et échelle</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/picture_dialog.py" line="43" />
        <source>Measurements and annotations</source>
        <translation>Mesures et annotations</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/picture_dialog.py" line="45" />
        <source>Without the patient's name, ID and birth date</source>
        <translation>Sans le nom, l'ID ni la date de naissance du patient</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/picture_dialog.py" line="49" />
        <source>Export</source>
        <translation>Exporter</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/picture_dialog.py" line="74" />
        <source>Cannot write %1</source>
        <translation>Impossible d'écrire %1</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/picture_dialog.py" line="76" />
        <source>Image saved: %1</source>
        <translation>Image enregistrée : %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../viewer/ui/picture_dialog.py" line="102" />
        <source>Cine saved: %1 (%n image(s))</source>
        <translation>
            <numerusform>Ciné enregistré : %1 (%n image)</numerusform>
            <numerusform>Ciné enregistré : %1 (%n images)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="215" />
        <source>Preferences</source>
        <translation>Préférences</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="217" />
        <source>Automatic (system language)</source>
        <translation>Automatique (langue du système)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="224" />
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="228" />
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="229" />
        <source>Never</source>
        <translation>Jamais</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="230" />
        <source>Patient data is hidden after this long without keyboard, mouse or touch input, until the reader unlocks</source>
        <translation>Les données du patient sont masquées après ce délai sans clavier, souris ni toucher, jusqu'au déverrouillage</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="232" />
        <source>Lock after inactivity</source>
        <translation>Verrouiller après inactivité</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="236" />
        <source> pt</source>
        <translation> pt</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="237" />
        <source>Automatic (screen DPI)</source>
        <translation>Automatique (résolution de l'écran)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="239" />
        <source>Overlay text size</source>
        <translation>Taille du texte des annotations</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="244" />
        <source> MB</source>
        <translation> Mo</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="245" />
        <source>Automatic (%1 MB)</source>
        <translation>Automatique (%1 Mo)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="248" />
        <source>Decoded images, MPR and 3D volumes and thumbnails of every open study and prior share this memory. Images that do not fit are read again from the cache when shown; a volume that does not fit is refused with its reason. Automatic: a quarter of this computer's memory.</source>
        <translation>Les images décodées, les volumes MPR et 3D et les vignettes de tous les examens ouverts et antérieurs partagent cette mémoire. Les images qui n'y tiennent pas sont relues depuis le cache à l'affichage ; un volume qui n'y tient pas est refusé, avec la raison. Automatique : un quart de la mémoire de cet ordinateur.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="251" />
        <source>Memory for images</source>
        <translation>Mémoire pour les images</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="253" />
        <source>One window per screen</source>
        <translation>Une fenêtre par écran</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="254" />
        <source>One window over all screens</source>
        <translation>Une seule fenêtre sur tous les écrans</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="262" />
        <source>Several screens</source>
        <translation>Plusieurs écrans</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="263" />
        <source>Worklist on screen</source>
        <translation>Liste de travail sur l'écran</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="268" />
        <source> GB</source>
        <translation> Go</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="269" />
        <source>no limit</source>
        <translation>sans limite</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="271" />
        <source>Past this size, the studies opened longest ago leave this computer (they stay on the archive); pinned studies, key images, unsent findings and reports, and today's studies stay</source>
        <translation>Au-delà de cette taille, les examens ouverts il y a le plus longtemps quittent ce poste (ils restent sur l'archive) ; les examens épinglés, les images clés, les constatations et comptes rendus non envoyés et les examens du jour restent</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="274" />
        <source>Study cache size limit</source>
        <translation>Taille maximale du cache d'examens</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="277" />
        <source>General</source>
        <translation>Général</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="278" />
        <source>Network</source>
        <translation>Réseau</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="281" />
        <source>Report profile</source>
        <translation>Profil du compte rendu</translation>
    </message>
</context>
<context>
    <name>PrintDialog</name>
    <message>
        <location filename="../../viewer/ui/print_dialog.py" line="22" />
        <source>Print a film sheet</source>
        <translation>Imprimer une planche</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/print_dialog.py" line="29" />
        <source>Rows</source>
        <translation>Lignes</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/print_dialog.py" line="30" />
        <source>Columns</source>
        <translation>Colonnes</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/print_dialog.py" line="32" />
        <source>One page, from the image shown</source>
        <translation>Une page, à partir de l'image affichée</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/print_dialog.py" line="33" />
        <source>The whole series</source>
        <translation>Toute la série</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/print_dialog.py" line="37" />
        <source>True size (1 mm = 1 mm, for templating)</source>
        <translation>Taille réelle (1 mm = 1 mm, pour la planification)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/print_dialog.py" line="38" />
        <source>Overlay texts and scale</source>
        <translation>Textes de surimpression et échelle</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/print_dialog.py" line="40" />
        <source>Without the patient's name, ID and birth date</source>
        <translation>Sans le nom, l'ID ni la date de naissance du patient</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/print_dialog.py" line="45" />
        <source>PDF file (empty: a printer)</source>
        <translation>Fichier PDF (vide : une imprimante)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/print_dialog.py" line="49" />
        <source>Print</source>
        <translation>Imprimer</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/print_dialog.py" line="59" />
        <source>Show a series of images in the active view first.</source>
        <translation>Affichez d'abord une série d'images dans la vue active.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/print_dialog.py" line="69" />
        <source>Cannot write %1</source>
        <translation>Impossible d'écrire %1</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/print_dialog.py" line="78" />
        <source>Printed: %1 (%2 page(s))</source>
        <translation>Imprimé : %1 (%2 page(s))</translation>
    </message>
</context>
<context>
    <name>PriorsPanel</name>
    <message>
        <location filename="../../viewer/ui/priors_panel.py" line="27" />
        <source>Click: show beside the open study</source>
        <translation>Clic : afficher à côté de l'examen ouvert</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/priors_panel.py" line="36" />
        <source>here</source>
        <translation>ici</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/priors_panel.py" line="36" />
        <source>on %1 (fetched when chosen)</source>
        <translation>sur %1 (récupéré au choix)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/priors_panel.py" line="42" />
        <source>No prior for this patient.</source>
        <translation>Aucun antérieur pour ce patient.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../viewer/ui/priors_panel.py" line="43" />
        <source>%n prior(s) of this patient:</source>
        <translation>
            <numerusform>%n antérieur de ce patient :</numerusform>
            <numerusform>%n antérieurs de ce patient :</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProfileTab</name>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="199" />
        <source>FAMILY^Given, e.g. KOUASSI^Awa</source>
        <translation>NOM^Prénom, par exemple KOUASSI^Awa</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="200" />
        <source>e.g. Dr, radiologist</source>
        <translation>par exemple Dr, radiologue</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="202" />
        <source>Reader's name</source>
        <translation>Nom du lecteur</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="203" />
        <source>Title and credentials</source>
        <translation>Titre et qualité</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="204" />
        <source>Reader's code at the RIS</source>
        <translation>Code du lecteur dans le RIS</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/preferences.py" line="205" />
        <source>Hospital (report header)</source>
        <translation>Établissement (en-tête du compte rendu)</translation>
    </message>
</context>
<context>
    <name>ProtocolDialog</name>
    <message>
        <location filename="../../viewer/ui/protocol_dialog.py" line="28" />
        <source>Hanging protocol</source>
        <translation>Protocole d'affichage</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/protocol_dialog.py" line="42" />
        <source>with or without priors</source>
        <translation>avec ou sans antérieurs</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/protocol_dialog.py" line="42" />
        <source>only with a prior</source>
        <translation>seulement avec un antérieur</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/protocol_dialog.py" line="43" />
        <source>only without priors</source>
        <translation>seulement sans antérieur</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/protocol_dialog.py" line="46" />
        <source>Patterns separated by commas; each matches the start of a word, case and accents ignored.</source>
        <translation>Motifs séparés par des virgules ; chacun trouve le début d'un mot, sans tenir compte des majuscules ni des accents.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/protocol_dialog.py" line="49" />
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/protocol_dialog.py" line="50" />
        <source>Modalities</source>
        <translation>Modalités</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/protocol_dialog.py" line="51" />
        <source>Body parts</source>
        <translation>Régions anatomiques</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/protocol_dialog.py" line="52" />
        <source>Study description</source>
        <translation>Description de l'examen</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/protocol_dialog.py" line="53" />
        <source>Series description</source>
        <translation>Description de la série</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/protocol_dialog.py" line="54" />
        <source>At least this many images</source>
        <translation>Nombre d'images minimal</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/protocol_dialog.py" line="55" />
        <source>Priors</source>
        <translation>Antérieurs</translation>
    </message>
</context>
<context>
    <name>ReadingControls</name>
    <message>
        <location filename="../../viewer/ui/reading_controls.py" line="33" />
        <source>Priors</source>
        <translation>Antérieurs</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/reading_controls.py" line="54" />
        <source>Next stage</source>
        <translation>Étape suivante</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/reading_controls.py" line="55" />
        <source>Previous stage</source>
        <translation>Étape précédente</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/reading_controls.py" line="56" />
        <source>Save the layout as a protocol…</source>
        <translation>Enregistrer la disposition comme protocole…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/reading_controls.py" line="57" />
        <source>Edit the protocol's match rules…</source>
        <translation>Modifier les règles du protocole…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/reading_controls.py" line="60" />
        <source>&amp;Protocol</source>
        <translation>&amp;Protocole</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/reading_controls.py" line="80" />
        <source>Protocol %1, stage %2/%3: %4</source>
        <translation>Protocole %1, étape %2/%3 : %4</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/reading_controls.py" line="103" />
        <source>CURRENT %1</source>
        <translation>ACTUEL %1</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/reading_controls.py" line="107" />
        <source>PRIOR %1</source>
        <translation>ANTÉRIEUR %1</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/reading_controls.py" line="137" />
        <source>The protocol could not be saved: %1</source>
        <translation>Le protocole n'a pas pu être enregistré : %1</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/reading_controls.py" line="140" />
        <source>Protocol saved: %1</source>
        <translation>Protocole enregistré : %1</translation>
    </message>
</context>
<context>
    <name>ReportController</name>
    <message>
        <location filename="../../viewer/ui/report_controller.py" line="41" />
        <source>Report</source>
        <translation>Compte rendu</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/report_controller.py" line="113" />
        <source>Draft</source>
        <translation>Brouillon</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/report_controller.py" line="113" />
        <location filename="../../viewer/ui/report_controller.py" line="123" />
        <source>Preliminary</source>
        <translation>Préliminaire</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/report_controller.py" line="113" />
        <location filename="../../viewer/ui/report_controller.py" line="123" />
        <source>Final (signed)</source>
        <translation>Validé (signé)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/report_controller.py" line="114" />
        <source>Amended (signed)</source>
        <translation>Amendé (signé)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/report_controller.py" line="117" />
        <source>Amendment (draft)</source>
        <translation>Amendement (brouillon)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/report_controller.py" line="124" />
        <source>Unverified</source>
        <translation>Non vérifié</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/report_controller.py" line="132" />
        <source>PDF document</source>
        <translation>Document PDF</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/report_controller.py" line="156" />
        <source>Draft not saved: </source>
        <translation>Brouillon non enregistré : </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/report_controller.py" line="171" />
        <source>No measurement in this study.</source>
        <translation>Aucune mesure dans cet examen.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/report_controller.py" line="187" />
        <source>No key image flagged (K on an image).</source>
        <translation>Aucune image clé marquée (K sur une image).</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/report_controller.py" line="234" />
        <source>Report stored (SR and PDF).</source>
        <translation>Compte rendu enregistré (SR et PDF).</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/report_controller.py" line="255" />
        <source>Report sent to %1: %2 object(s), %3 failed</source>
        <translation>Compte rendu envoyé à %1 : %2 objet(s), %3 en échec</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/report_controller.py" line="271" />
        <source>HL7: %1 message(s) acknowledged by the RIS</source>
        <translation>HL7 : %1 message(s) acquitté(s) par le RIS</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/report_controller.py" line="273" />
        <source>HL7: waiting to send (%1)</source>
        <translation>HL7 : en attente d'envoi (%1)</translation>
    </message>
</context>
<context>
    <name>ReportPanel</name>
    <message>
        <location filename="../../viewer/ui/report_panel.py" line="91" />
        <source>Template</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/report_panel.py" line="100" />
        <source>Insert measurements</source>
        <translation>Insérer les mesures</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/report_panel.py" line="101" />
        <source>Insert key images</source>
        <translation>Insérer les images clés</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/report_panel.py" line="102" />
        <source>Compare with prior</source>
        <translation>Comparer avec l'antérieur</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/report_panel.py" line="103" />
        <source>Add word to dictionary</source>
        <translation>Ajouter au dictionnaire</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/report_panel.py" line="104" />
        <source>Preliminary</source>
        <translation>Préliminaire</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/report_panel.py" line="105" />
        <source>Sign (final)</source>
        <translation>Valider et signer</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/report_panel.py" line="106" />
        <source>Amend</source>
        <translation>Amender</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/report_panel.py" line="120" />
        <source>Other reports of this study</source>
        <translation>Autres comptes rendus de cet examen</translation>
    </message>
</context>
<context>
    <name>ScreenArrangement</name>
    <message>
        <location filename="../../viewer/ui/screens.py" line="136" />
        <source>A screen was unplugged: its views are folded away</source>
        <translation>Un écran a été débranché : ses vues sont repliées</translation>
    </message>
</context>
<context>
    <name>SecondOpinionDialog</name>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="65" />
        <source>Ask for a second opinion</source>
        <translation>Demander un avis</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="70" />
        <source>Series %1 — %2 (%3)</source>
        <translation>Série %1 — %2 (%3)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="71" />
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n image</numerusform>
            <numerusform>%n images</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="73" />
        <source>burned-in text?</source>
        <translation>texte incrusté ?</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="79" />
        <source>Black out text...</source>
        <translation>Masquer le texte…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="82" />
        <source>I checked the marked series: no text is burned into their images</source>
        <translation>J'ai vérifié les séries marquées : aucun texte n'est incrusté dans leurs images</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="84" />
        <source>The clinical question for the expert</source>
        <translation>La question clinique posée à l'expert</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="94" />
        <source>De-identify (recommended)</source>
        <translation>Anonymiser (recommandé)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="103" />
        <source>Browse...</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="110" />
        <source>Create the package</source>
        <translation>Créer le paquet</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="113" />
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="117" />
        <source>Clinical question</source>
        <translation>Question clinique</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="118" />
        <source>Requesting physician</source>
        <translation>Médecin demandeur</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="119" />
        <source>Answer wanted by</source>
        <translation>Réponse souhaitée pour le</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="121" />
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="122" />
        <source>Password (again)</source>
        <translation>Mot de passe (confirmation)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="126" />
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="174" />
        <source>Package file</source>
        <translation>Fichier du paquet</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="132" />
        <source>Series to send</source>
        <translation>Séries à envoyer</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="195" />
        <source>Write the clinical question.</source>
        <translation>Écrivez la question clinique.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="197" />
        <source>The two passwords differ.</source>
        <translation>Les deux mots de passe diffèrent.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="203" />
        <source>Making the package…</source>
        <translation>Préparation du paquet…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="232" />
        <source>The package could not be made (%1).</source>
        <translation>Le paquet n'a pas pu être préparé (%1).</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="236" />
        <source>Package created: %1 (%2 images, %3 MB). Give the password to the expert by another way (telephone).</source>
        <translation>Paquet créé : %1 (%2 images, %3 Mo). Donnez le mot de passe à l'expert par un autre moyen (téléphone).</translation>
    </message>
</context>
<context>
    <name>SegmentsPanel</name>
    <message>
        <location filename="../../viewer/ui/segments_panel.py" line="32" />
        <source>Segment</source>
        <translation>Segment</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/segments_panel.py" line="32" />
        <source>Volume</source>
        <translation>Volume</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/segments_panel.py" line="32" />
        <source>Opacity</source>
        <translation>Opacité</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/segments_panel.py" line="80" />
        <source>Show or hide this segment</source>
        <translation>Afficher ou masquer ce segment</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/segments_panel.py" line="87" />
        <source>Opacity of the filling</source>
        <translation>Opacité du remplissage</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/segments_panel.py" line="93" />
        <source>Volumes: %1</source>
        <translation>Volumes : %1</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/segments_panel.py" line="96" />
        <source>SEG (binary)</source>
        <translation>SEG (binaire)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/segments_panel.py" line="96" />
        <source>SEG (fractional)</source>
        <translation>SEG (fractionnelle)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/segments_panel.py" line="97" />
        <source>SEG (label map)</source>
        <translation>SEG (carte d'étiquettes)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/segments_panel.py" line="97" />
        <source>RT structures</source>
        <translation>Structures RT</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="300" />
        <source>Cauri setup</source>
        <translation>Configuration de Cauri</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="301" />
        <source>Next &gt;</source>
        <translation>Suivant &gt;</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="302" />
        <source>&lt; Back</source>
        <translation>&lt; Précédent</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="303" />
        <source>Finish</source>
        <translation>Terminer</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="304" />
        <source>Skip</source>
        <translation>Passer</translation>
    </message>
</context>
<context>
    <name>SheetPainter</name>
    <message>
        <location filename="../../viewer/ui/print_sheet.py" line="115" />
        <source>Patient's identity not printed</source>
        <translation>Identité du patient non imprimée</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/print_sheet.py" line="121" />
        <source>Page %1 / %2</source>
        <translation>Page %1 / %2</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/print_sheet.py" line="125" />
        <source>TRUE SIZE: 1 mm on this sheet = 1 mm in the patient (%1). Print at 100 %, no fitting to the page.</source>
        <translation>TAILLE RÉELLE : 1 mm sur cette feuille = 1 mm chez le patient (%1). Imprimer à 100 %, sans ajustement à la page.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/print_sheet.py" line="128" />
        <source>NOT TRUE SIZE: %1. Images fitted to their boxes: do not measure on paper.</source>
        <translation>PAS EN TAILLE RÉELLE : %1. Images ajustées à leurs cases : ne pas mesurer sur le papier.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/print_sheet.py" line="131" />
        <source>Images fitted to their boxes: do not measure on paper (use the scale on each image).</source>
        <translation>Images ajustées à leurs cases : ne pas mesurer sur le papier (utiliser l'échelle de chaque image).</translation>
    </message>
</context>
<context>
    <name>StationPage</name>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="96" />
        <source>This workstation on the network</source>
        <translation>Ce poste sur le réseau</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="97" />
        <source>The archive and the modalities know this workstation by its AE title; they send images to its storage port.</source>
        <translation>L'archive et les modalités connaissent ce poste par son titre AE ; elles envoient les images à son port de réception.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="99" />
        <source>This workstation's AE title</source>
        <translation>Titre AE de ce poste</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="100" />
        <source>Storage port (receives images)</source>
        <translation>Port de réception (images entrantes)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/setup_wizard.py" line="108" />
        <source>An AE title is 1 to 16 letters, digits or spaces (no backslash).</source>
        <translation>Un titre AE compte de 1 à 16 lettres, chiffres ou espaces (sans barre oblique inverse).</translation>
    </message>
</context>
<context>
    <name>StudyBrowser</name>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="129" />
        <source>Name, patient ID, accession, description</source>
        <translation>Nom, ID patient, n° d'accession, description</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="133" />
        <source>All</source>
        <translation>Toutes</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="134" />
        <source>Dates</source>
        <translation>Dates</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="148" />
        <source>Search</source>
        <translation>Rechercher</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="157" />
        <location filename="../../viewer/ui/study_browser.py" line="168" />
        <source>Modality</source>
        <translation>Modalité</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="167" />
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="167" />
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="167" />
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="167" />
        <source>Birth date</source>
        <translation>Date de naissance</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="167" />
        <source>Sex</source>
        <translation>Sexe</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="167" />
        <source>Age</source>
        <translation>Âge</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="168" />
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="113" />
        <location filename="../../viewer/ui/study_browser.py" line="168" />
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
        <translation>Où rechercher : le cache local ou une archive (PACS)</translation>
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
        <location filename="../../viewer/ui/study_browser.py" line="151" />
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="168" />
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="168" />
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="169" />
        <source>Availability</source>
        <translation>Disponibilité</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="189" />
        <source>Series</source>
        <translation>Séries</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="228" />
        <source>Search the archive with the fields above.</source>
        <translation>Rechercher dans l'archive avec les champs ci-dessus.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="269" />
        <source>External opinion</source>
        <translation>Avis externe</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="272" />
        <source>Pinned</source>
        <translation>Épinglé</translation>
    </message>
    <message numerus="yes">
        <location filename="../../viewer/ui/study_browser.py" line="274" />
        <location filename="../../viewer/ui/study_browser.py" line="375" />
        <source>%n study(ies)</source>
        <translation>
            <numerusform>%n examen</numerusform>
            <numerusform>%n examens</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="296" />
        <source>archive search</source>
        <translation>recherche dans l'archive</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="309" />
        <source>too many studies: the patient's studies are listed</source>
        <translation>trop d'examens : ceux du patient sont listés</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="324" />
        <source>search text</source>
        <translation>texte recherché</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="328" />
        <source>modality</source>
        <translation>modalité</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="332" />
        <source>dates</source>
        <translation>dates</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="358" />
        <source>Searching the archive…</source>
        <translation>Recherche dans l'archive…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="367" />
        <source>Archive search failed: </source>
        <translation>Échec de la recherche dans l'archive : </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="371" />
        <source>Local</source>
        <translation>Local</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="371" />
        <source>Partial</source>
        <translation>Partiel</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="371" />
        <source>Remote</source>
        <translation>Distant</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="387" />
        <source>Send to</source>
        <translation>Envoyer vers</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="393" />
        <source>Ask for a second opinion…</source>
        <translation>Demander un avis…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="395" />
        <source>Burn / Export…</source>
        <translation>Graver / Exporter…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="398" />
        <source>Unpin</source>
        <translation>Désépingler</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="398" />
        <source>Pin (keep on this computer)</source>
        <translation>Épingler (garder sur ce poste)</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="400" />
        <source>Free the space (keep on the archive)…</source>
        <translation>Libérer la place (garder sur l'archive)…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../viewer/ui/study_browser.py" line="498" />
        <source>%n segment(s)</source>
        <translation>
            <numerusform>%n segment</numerusform>
            <numerusform>%n segments</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_browser.py" line="501" />
        <source>not displayable</source>
        <translation>non affichable</translation>
    </message>
    <message numerus="yes">
        <location filename="../../viewer/ui/study_browser.py" line="505" />
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n image</numerusform>
            <numerusform>%n images</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../viewer/ui/study_browser.py" line="509" />
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
        <location filename="../../viewer/ui/study_switch.py" line="78" />
        <source>Key images are marked on their images (K) and listed in the measurements panel.</source>
        <translation>Les images clés sont signalées sur leurs images (K) et listées dans le panneau des mesures.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_switch.py" line="80" />
        <source>Presentation states are applied to the images they reference (P: the next one).</source>
        <translation>Les états de présentation s'appliquent aux images qu'ils désignent (P : le suivant).</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/study_switch.py" line="84" />
        <source>This series cannot be displayed as images.</source>
        <translation>Cette série ne peut pas être affichée en images.</translation>
    </message>
</context>
<context>
    <name>TheatreController</name>
    <message>
        <location filename="../../viewer/ui/theatre/__init__.py" line="67" />
        <source>No second screen: connect one to present</source>
        <translation>Pas de second écran : branchez-en un pour présenter</translation>
    </message>
</context>
<context>
    <name>TheatreWindow</name>
    <message>
        <location filename="../../viewer/ui/theatre/window.py" line="74" />
        <source>Leave theatre</source>
        <translation>Quitter le théâtre</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/theatre/window.py" line="102" />
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/theatre/window.py" line="109" />
        <source>Scroll</source>
        <translation>Défiler</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/theatre/window.py" line="110" />
        <source>Window</source>
        <translation>Fenêtrer</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/theatre/window.py" line="111" />
        <source>Fit</source>
        <translation>Ajuster</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/theatre/window.py" line="112" />
        <source>Cine</source>
        <translation>Ciné</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/theatre/window.py" line="114" />
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/theatre/window.py" line="115" />
        <source>MPR</source>
        <translation>MPR</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/theatre/window.py" line="116" />
        <source>Thick MIP</source>
        <translation>MIP épais</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/theatre/window.py" line="117" />
        <source>3D bone</source>
        <translation>3D osseux</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/theatre/window.py" line="119" />
        <source>Present</source>
        <translation>Présenter</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/theatre/window.py" line="218" />
        <source>No study open</source>
        <translation>Aucun examen ouvert</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/theatre/window.py" line="222" />
        <source>ID: </source>
        <translation>ID : </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/theatre/window.py" line="222" />
        <source>Born: </source>
        <translation>Né(e) le </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/theatre/window.py" line="223" />
        <source>Study: </source>
        <translation>Examen du </translation>
    </message>
    <message>
        <location filename="../../viewer/ui/theatre/window.py" line="229" />
        <source>Key images and measurements</source>
        <translation>Images clés et mesures</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/theatre/window.py" line="230" />
        <source>Report</source>
        <translation>Compte rendu</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/theatre/window.py" line="230" />
        <source>Series</source>
        <translation>Séries</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/theatre/window.py" line="298" />
        <source>What one finger dragged does</source>
        <translation>Ce que fait un doigt qui glisse sur l'image</translation>
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
        <location filename="../../viewer/ui/window_actions.py" line="51" />
        <source>Tools</source>
        <translation>Outils</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="55" />
        <source>Import files…</source>
        <translation>Importer des fichiers…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="56" />
        <source>Import folder…</source>
        <translation>Importer un dossier…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="57" />
        <source>Burn / Export…</source>
        <translation>Graver / Exporter…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="58" />
        <source>The study to a USB key, a folder to burn or an ISO image</source>
        <translation>L'examen sur une clé USB, un dossier à graver ou une image ISO</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="61" />
        <source>Import the disc into the cache</source>
        <translation>Importer le disque dans le cache</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="62" />
        <source>Copy the disc's studies into this computer's study cache</source>
        <translation>Copier les examens du disque dans le cache d'examens de cet ordinateur</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="70" />
        <source>Auto window</source>
        <translation>Fenêtrage auto</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="71" />
        <source>Invert</source>
        <translation>Inverser</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="72" />
        <source>Fit</source>
        <translation>Ajuster</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="73" />
        <source>1:1</source>
        <translation>1:1</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="74" />
        <source>Rotate 90°</source>
        <translation>Rotation 90°</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="75" />
        <source>Flip H</source>
        <translation>Symétrie H</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="76" />
        <source>Flip V</source>
        <translation>Symétrie V</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="77" />
        <source>Reset</source>
        <translation>Réinitialiser</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="81" />
        <source>Cine</source>
        <translation>Ciné</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="81" />
        <source>Play/pause cine</source>
        <translation>Lecture/pause du ciné</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="86" />
        <source>Key image</source>
        <translation>Image clé</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="86" />
        <source>Flag/unflag the image as a key image</source>
        <translation>Marquer/démarquer l'image comme image clé</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="88" />
        <source>Distance tool</source>
        <translation>Outil distance</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="89" />
        <source>Presentation state</source>
        <translation>État de présentation</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="90" />
        <source>Show the image as its next presentation state (GSPS) says</source>
        <translation>Afficher l'image selon son état de présentation (GSPS) suivant</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="91" />
        <source>Delete measurement</source>
        <translation>Supprimer la mesure</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="92" />
        <source>Undo</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="93" />
        <source>Redo</source>
        <translation>Rétablir</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="94" />
        <source>Export the image…</source>
        <translation>Exporter l'image…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="95" />
        <source>The viewport or the layout as PNG or JPEG, with or without the patient's identity</source>
        <translation>La vue ou toute la disposition en PNG ou JPEG, avec ou sans l'identité du patient</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="96" />
        <source>Print…</source>
        <translation>Imprimer…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="96" />
        <source>A film sheet to a printer or a PDF</source>
        <translation>Une planche film vers une imprimante ou un PDF</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="97" />
        <source>Save findings as DICOM</source>
        <translation>Enregistrer les résultats en DICOM</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="99" />
        <source>MPR</source>
        <translation>MPR</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="99" />
        <source>Multiplanar reconstruction</source>
        <translation>Reconstruction multiplanaire</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="103" />
        <source>3D</source>
        <translation>3D</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="103" />
        <source>Volume rendering</source>
        <translation>Rendu volumique</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="106" />
        <source>Clip…</source>
        <translation>Découpe…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="106" />
        <source>3D clip box</source>
        <translation>Découpe 3D</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="110" />
        <source>Theatre</source>
        <translation>Théâtre</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="111" />
        <source>Theatre mode: full screen, by touch, read-only</source>
        <translation>Mode théâtre : plein écran, tactile, lecture seule</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="113" />
        <source>Overlays</source>
        <translation>Informations</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="115" />
        <source>Preferences…</source>
        <translation>Préférences…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="116" />
        <source>Setup wizard…</source>
        <translation>Assistant de configuration…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="117" />
        <source>Keyboard and mouse</source>
        <translation>Clavier et souris</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="119" />
        <source>Next study</source>
        <translation>Examen suivant</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="120" />
        <source>Previous study</source>
        <translation>Examen précédent</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="121" />
        <source>Next unread study</source>
        <translation>Examen non lu suivant</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="122" />
        <source>Worklist</source>
        <translation>Liste de travail</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="123" />
        <source>About Cauri</source>
        <translation>À propos de Cauri</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="125" />
        <source>Next viewport</source>
        <translation>Fenêtre suivante</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="130" />
        <location filename="../../viewer/ui/window_actions.py" line="163" />
        <source>Layout</source>
        <translation>Disposition</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="149" />
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="153" />
        <source>Second opinion</source>
        <translation>Avis externe</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="154" />
        <source>Open a request…</source>
        <translation>Ouvrir une demande…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="155" />
        <source>Answer the request…</source>
        <translation>Répondre à la demande…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="156" />
        <source>Import a reply…</source>
        <translation>Importer une réponse…</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="162" />
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="167" />
        <source>&amp;Image</source>
        <translation>&amp;Image</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="168" />
        <source>Window/level</source>
        <translation>Fenêtrage</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="179" />
        <source>&amp;Help</source>
        <translation>Ai&amp;de</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="187" />
        <source>Screens</source>
        <translation>Écrans</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="191" />
        <source>One window per screen</source>
        <translation>Une fenêtre par écran</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="191" />
        <source>One window over all screens</source>
        <translation>Une seule fenêtre sur tous les écrans</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="201" />
        <source>Worklist on screen %1</source>
        <translation>Liste de travail sur l'écran %1</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/window_actions.py" line="210" />
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="267" />
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
</context>
<context>
    <name>self.panel</name>
    <message>
        <location filename="../../viewer/ui/segments_panel.py" line="130" />
        <source>Segments</source>
        <translation>Segments</translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="278" />
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="279" />
        <source>Open a second-opinion request</source>
        <translation>Ouvrir une demande d'avis</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="286" />
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="291" />
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="311" />
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="314" />
        <source>Second opinion</source>
        <translation>Avis externe</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="291" />
        <source>Question from %1 (answer wanted by %2):

%3</source>
        <translation>Question de %1 (réponse souhaitée pour le %2) :

%3</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="303" />
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="304" />
        <source>Import a second-opinion reply</source>
        <translation>Importer une réponse d'avis</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="314" />
        <source>Answer from %1:

%2</source>
        <translation>Réponse de %1 :

%2</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="327" />
        <source>Answer the request</source>
        <translation>Répondre à la demande</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="334" />
        <source>Open the study of a second-opinion request first.</source>
        <translation>Ouvrez d'abord l'examen d'une demande d'avis.</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="337" />
        <source>Your name</source>
        <translation>Votre nom</translation>
    </message>
    <message>
        <location filename="../../viewer/ui/second_opinion_dialog.py" line="348" />
        <source>Reply written: %1</source>
        <translation>Réponse écrite : %1</translation>
    </message>
</context>
</TS>