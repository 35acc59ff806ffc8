"""French for ``viewer.core.messages``: English template -> French template (same parameter names).

The words are those of French-speaking radiologists and hospital IT (docs: USERS.md): coupe, série, UH,
étiquettes DICOM named by their tag, "non calibré (px)". Sentence fragments that are a parameter of another
message (the reason inside "SUV non disponible : ...") start in lower case.
"""

FRENCH = {
    # Measurements: calibration (the panel's tooltip)
    "ImagerPixelSpacing (magnification-corrected)": "ImagerPixelSpacing (corrigé de l'agrandissement)",
    "ImagerPixelSpacing (at the detector, no magnification factor)":
        "ImagerPixelSpacing (au niveau du détecteur, sans facteur d'agrandissement)",
    "NominalScannedPixelSpacing (scanned film)": "NominalScannedPixelSpacing (film numérisé)",
    "Ultrasound region (2-D, cm)": "région échographique (2D, cm)",
    "uncalibrated px": "non calibré (px)",
    "patient coordinates (MPR plane)": "coordonnées patient (plan MPR)",
    # Measurements: values
    "colour image: statistics of luminance (Y)": "image couleur : statistiques de la luminance (Y)",
    "no pixel spacing in the header: lengths and areas in pixels":
        "pas de taille de pixel dans l'en-tête : longueurs et surfaces en pixels",
    "the probe is outside the image": "le point de mesure est hors de l'image",
    "the probe is outside the volume": "le point de mesure est hors du volume",
    "the region contains no pixel centre": "la région ne contient aucun centre de pixel",
    "angle: draw its second side": "angle : tracez le second côté",
    "angle: its first side has no length": "angle : le premier côté n'a pas de longueur",
    "Cobb angle: the first line has no length": "angle de Cobb : la première ligne n'a pas de longueur",
    "Cobb angle: draw the second line": "angle de Cobb : tracez la seconde ligne",
    "parallel lines: the Cobb angle is 0°": "lignes parallèles : l'angle de Cobb est nul",
    "{n} {n:value is|values are} not a number and {n:is|are} not shown":
        "{n} {n:valeur n'est pas un nombre et n'est pas affichée|valeurs ne sont pas des nombres et ne sont pas affichées}",
    "the pixel under the probe has no value (not a number in the file)":
        "le pixel sous le point de mesure n'a pas de valeur (pas un nombre dans le fichier)",
    "{n} {n:pixel has|pixels have} no value (not a number in the file) and {n:is|are} left out":
        "{n} {n:pixel n'a pas de valeur (pas un nombre dans le fichier) et est écarté|pixels n'ont pas de valeur "
        "(pas un nombre dans le fichier) et sont écartés}",
    "pixel values unavailable: {why}": "valeurs des pixels indisponibles : {why}",
    "frame not loaded": "image non chargée",
    "file missing from the cache": "fichier absent du cache",
    "the volume of this series is not loaded": "le volume de cette série n'est pas chargé",
    "part of the region lies outside the volume: statistics of the inside only":
        "une partie de la région est hors du volume : statistiques de la partie intérieure seulement",
    "values of the plane itself (1 voxel thick), not of the slab shown":
        "valeurs du plan lui-même (1 voxel d'épaisseur), et non de la coupe épaisse affichée",
    # SUV
    "SUV not available: {why}": "SUV non disponible : {why}",
    "SUV applies to PET images only": "le SUV ne s'applique qu'aux images TEP",
    "pixel values are already SUVbw (Units GML)": "les valeurs des pixels sont déjà en SUVbw (Units GML)",
    "pixel units are CNTS, not BQML": "unités des pixels CNTS, et non BQML",
    "pixel units (0054,1001) are {units}, not BQML": "unités des pixels (0054,1001) {units}, et non BQML",
    "pixel units (0054,1001) are not given, not BQML": "unités des pixels (0054,1001) non renseignées (BQML attendu)",
    "{why}, and no Philips private SUV Scale Factor (7053,1000)":
        "{why}, et pas de facteur SUV privé Philips (7053,1000)",
    "SUV from the Philips private SUV Scale Factor (7053,1000) ({why})":
        "SUV d'après le facteur SUV privé Philips (7053,1000) ({why})",
    "counts converted to Bq/ml by the Philips private Activity Concentration Scale Factor (7053,1009)":
        "coups convertis en Bq/ml par le facteur privé Philips de concentration d'activité (7053,1009)",
    "the image is not attenuation-corrected (0028,0051)": "image non corrigée de l'atténuation (0028,0051)",
    "Patient's Weight (0010,1030) is missing": "poids du patient (0010,1030) absent",
    "no Radiopharmaceutical Information Sequence (0054,0016)":
        "pas de séquence d'information sur le radiopharmaceutique (0054,0016)",
    "Radionuclide Total Dose (0018,1074) is missing": "activité injectée (0018,1074) absente",
    "Radionuclide Half Life (0018,1075) is missing": "période du radionucléide (0018,1075) absente",
    "Series Time (0008,0031) is missing": "heure de la série (0008,0031) absente",
    "Acquisition Time (0008,0032) is missing": "heure d'acquisition (0008,0032) absente",
    "Radiopharmaceutical Start Time (0018,1072) is missing": "heure d'injection (0018,1072) absente",
    "the injection time is after the scan time": "l'heure d'injection est postérieure à l'heure d'acquisition",
    "Decay Correction (0054,1102) is {decay}": "correction de décroissance (0054,1102) {decay}",
    "Decay Correction (0054,1102) is not given": "correction de décroissance (0054,1102) non renseignée",
    # Stack geometry (status bar) and MPR (viewport corner)
    "The series mixes {orientations} slice orientations; only the {kept} slices of the main orientation form a "
    "volume (split the series into stacks).":
        "La série mêle {orientations} orientations de coupe ; seules les {kept} coupes de l'orientation principale "
        "forment un volume (séparer la série en piles).",
    "{missing} of {n} slices {missing:has|have} no Image Position (Patient); the slices are kept in the order "
    "received and distances cannot be measured between them.":
        "{missing} {missing:coupe|coupes} sur {n} {missing:n'a|n'ont} pas d'Image Position (Patient) ; les coupes restent dans l'ordre de réception "
        "et les distances entre elles ne sont pas mesurables.",
    "The slices have no Image Orientation (Patient); the stacking direction was estimated from their positions.":
        "Les coupes n'ont pas d'Image Orientation (Patient) ; la direction d'empilement a été estimée d'après leurs "
        "positions.",
    "{n} {n:slice shares|slices share} the position of another slice: the series probably mixes echoes, phases or "
    "acquisitions (split it into stacks).":
        "{n} {n:coupe|coupes} à la même position qu'une autre : la série mêle sans doute des échos, des phases ou des "
        "acquisitions (la séparer en piles).",
    "{start:trim}-{end:trim} mm": "{start:trim}–{end:trim} mm",
    "{missing} {missing:slice appears|slices appear} to be missing (gaps of a multiple of the {spacing:trim} mm "
    "spacing between {gaps}).":
        "{missing} {missing:coupe semble|coupes semblent} manquer (écarts multiples de l'intervalle de {spacing:trim} mm entre {gaps}).",
    "{missing} {missing:slice appears|slices appear} to be missing (gaps of a multiple of the {spacing:trim} mm "
    "spacing between {gaps} and {more} more).":
        "{missing} {missing:coupe semble|coupes semblent} manquer (écarts multiples de l'intervalle de {spacing:trim} mm entre {gaps} "
        "et {more} autres).",
    "Irregular slice spacing: from {low:trim} to {high:trim} mm (usual {spacing:trim} mm); measurements across "
    "slices and MPR need resampling.":
        "Intervalle entre coupes irrégulier : de {low:trim} à {high:trim} mm (habituellement {spacing:trim} mm) ; "
        "les mesures entre coupes et la MPR demandent un rééchantillonnage.",
    "The stack is sheared by {tilt:.1f} degrees (gantry/detector tilt): each slice is shown correctly, but MPR "
    "and 3-D need resampling.":
        "La pile est inclinée de {tilt:.1f} degrés (inclinaison du statif ou du détecteur) : chaque coupe s'affiche "
        "correctement, mais la MPR et la 3D demandent un rééchantillonnage.",
    "The slice origins do not lie on one line; the series may combine different stacks.":
        "Les origines des coupes ne sont pas alignées ; la série peut réunir plusieurs piles.",
    # The grid a volume is shown on (model.acquisition): the planes' overlay and why MPR cannot start.
    "resampled to {step:.2f} mm ({reasons})": "rééchantillonné à {step:.2f} mm ({reasons})",
    "irregular spacing": "espacement irrégulier",
    "tilt {angle:.1f}°": "inclinaison {angle:.1f}°",
    "{count} slice(s) missing": "{count} coupe(s) manquante(s)",
    "slices out of order": "coupes dans le désordre",
    "missing slices": "coupes manquantes",
    "too few slices to register (at least 4 are needed)": "trop peu de coupes pour le recalage (il en faut au moins 4)",
    "{shared} of its {n} images share their position with another image ({places} distinct positions): the "
    "series holds several volumes (diffusion directions or b-values, phases, echoes, or a mosaic) and its headers "
    "do not tell which image belongs to which, so it cannot be split into stacks. Read these images one by one.":
        "{shared} de ses {n} images ont la position d'une autre image ({places} positions distinctes) : la série "
        "contient plusieurs volumes (directions ou valeurs b de diffusion, phases, échos, ou une mosaïque) et ses "
        "en-têtes ne disent pas à quel volume appartient chaque image : elle ne peut pas être séparée en piles. "
        "Lire ces images une à une.",
    # Saving the findings (status bar)
    "annotations on MPR planes (arrows, text) have no DICOM form and were not saved":
        "les annotations sur les plans MPR (flèches, texte) n'ont pas de forme DICOM et n'ont pas été enregistrées",
    "{n} colour {n:image has|images have} no grayscale presentation state; their annotations are in the SR only":
        "{n} {n:image couleur|images couleur} sans état de présentation en niveaux de gris ; leurs annotations sont dans le SR seulement",
    "{n} {n:measurement has|measurements have} no value and {n:is|are} not in the SR":
        "{n} {n:mesure n'a pas de valeur et ne figure pas|mesures n'ont pas de valeur et ne figurent pas} dans le SR",
    "nothing to save": "rien à enregistrer",
    # Import report
    "not a DICOM file": "pas un fichier DICOM",
    "empty file": "fichier vide",
    "gzip-compressed file; unpack it first": "fichier compressé gzip ; le décompresser d'abord",
    "file is truncated (ends inside its header)": "fichier tronqué (s'arrête dans son en-tête)",
    "file is truncated (ends inside its image data)": "fichier tronqué (s'arrête dans ses données d'image)",
    "file is truncated (image data incomplete)": "fichier tronqué (données d'image incomplètes)",
    "file is truncated (compressed image data incomplete)": "fichier tronqué (données d'image compressées incomplètes)",
    "image data is shorter than its header says (damaged or truncated file)":
        "données d'image plus courtes que ne l'indique l'en-tête (fichier endommagé ou tronqué)",
    "compressed image data is damaged": "données d'image compressées endommagées",
    "DICOM header is damaged and cannot be read": "en-tête DICOM endommagé, illisible",
    "DICOMDIR index file, not an image (its folder is imported instead)":
        "fichier index DICOMDIR, pas une image (son dossier est importé à la place)",
    "missing SOP Class UID (file without DICOM file header)": "SOP Class UID absent (fichier sans en-tête de fichier DICOM)",
    "encrypted zip member (password-protected archives are not supported)":
        "élément zip chiffré (les archives protégées par mot de passe ne sont pas prises en charge)",
    "zip member too large": "élément zip trop volumineux",
    "damaged or unsupported zip archive": "archive zip endommagée ou non prise en charge",
    "zip member could not be read (damaged, or unsupported compression)":
        "élément zip illisible (endommagé, ou compression non prise en charge)",
    "zip member could not be unpacked ({why})": "élément zip impossible à extraire ({why})",
    "zip archive inside a zip archive; unpack the outer one first":
        "archive zip dans une archive zip ; extraire d'abord l'archive extérieure",
    "could not be read ({why})": "illisible ({why})",
    "could not be converted ({why})": "conversion impossible ({why})",
    "DICOM data without file header could not be converted to a standard file":
        "données DICOM sans en-tête de fichier : conversion en fichier standard impossible",
    "could not be checked against the study index": "vérification impossible dans l'index des examens",
    "could not be stored ({why})": "enregistrement impossible ({why})",
    "could not be stored (unexpected error)": "enregistrement impossible (erreur inattendue)",
    "could not be added to the study index": "ajout impossible à l'index des examens",
    "could not be imported (unexpected error)": "import impossible (erreur inattendue)",
    "file changed while it was being imported; import it again": "fichier modifié pendant l'import ; l'importer à nouveau",
    "disk full; import stopped": "disque plein ; import arrêté",
    "its series is already in the cache under another study; not merged":
        "sa série est déjà dans le cache sous un autre examen ; non fusionnée",
    "not found": "introuvable",
    "not a regular file": "pas un fichier ordinaire",
    "folder could not be read ({why})": "dossier illisible ({why})",
    "link to a folder; not followed": "lien vers un dossier ; non suivi",
    "broken link": "lien rompu",
    "link pointing outside the imported folder; refused": "lien pointant hors du dossier importé ; refusé",
    "DICOMDIR index is damaged; the media folder was scanned without it":
        "index DICOMDIR endommagé ; le dossier du support a été parcouru sans lui",
    "listed in the DICOMDIR but missing from the media": "listé dans le DICOMDIR mais absent du support",
    "DICOMDIR entry points outside the media folder; refused": "entrée DICOMDIR pointant hors du dossier du support ; refusée",
    # Hardening (issue 19): hostile files and archives, with a true reason each
    "an element of the header declares a length larger than the file (damaged header)":
        "un élément de l'en-tête annonce une longueur supérieure au fichier (en-tête endommagé)",
    "invalid value representation (VR) in the header (damaged file)":
        "représentation de valeur (VR) invalide dans l'en-tête (fichier endommagé)",
    "a sequence in the header is damaged (item structure)":
        "une séquence de l'en-tête est endommagée (structure des éléments)",
    "sequences are nested too deeply (more than {limit} levels)":
        "séquences imbriquées trop profondément (plus de {limit} niveaux)",
    "compressed (deflated) dataset is damaged": "jeu de données compressé (deflate) endommagé",
    "the study cache repaired itself: {indexed} stored file(s) missing from the index added, "
    "{removed} unusable or duplicate file(s) removed, {temp} leftover temp folder(s) cleaned":
        "le cache des examens s'est réparé : {indexed} fichier(s) stocké(s) absent(s) de l'index ajouté(s), "
        "{removed} fichier(s) inutilisable(s) ou en double supprimé(s), {temp} dossier(s) temporaire(s) nettoyé(s)",
    "internal error while describing it ({what})": "erreur interne pendant sa description ({what})",
    "compressed image data, but the file names no compressed transfer syntax (damaged file meta information)":
        "données d'image compressées, mais le fichier n'indique aucune syntaxe de transfert compressée "
        "(méta-informations du fichier endommagées)",
    "DICOMDIR entry is not a valid file name; ignored": "entrée DICOMDIR qui n'est pas un nom de fichier valide ; ignorée",
    "zip bomb: unpacks to {size} MiB from {packed} MiB; refused":
        "bombe zip : se décompresse en {size} Mio à partir de {packed} Mio ; refusée",
    # Operating-system reasons (inside the import texts above)
    "no such file or directory": "fichier ou dossier introuvable",
    "permission denied": "accès refusé",
    "operation not permitted": "opération non permise",
    "no space left on device": "plus d'espace disque",
    "input/output error": "erreur d'entrée/sortie",
    "read-only file system": "système de fichiers en lecture seule",
    "is a directory": "c'est un dossier",
    "not a directory": "pas un dossier",
    "file name too long": "nom de fichier trop long",
    # Decoding (the viewport's reason for an image it cannot show); a codec's own words stay as they are
    "decoding needs more memory than the {mb} MB allowed":
        "le décodage demande plus de mémoire que les {mb} Mo permis",
    "the decoder was killed (SIGKILL; out of memory?)": "le décodeur a été arrêté (SIGKILL ; mémoire insuffisante ?)",
    "the decoder crashed ({signal})": "le décodeur a planté ({signal})",
    "the decoder process exited unexpectedly (status {status})":
        "le processus de décodage s'est arrêté de façon inattendue (code {status})",
    "the decode worker could not start ({detail})": "le processus de décodage n'a pas pu démarrer ({detail})",
    "the decoded frame could not be received ({detail})": "l'image décodée n'a pas pu être reçue ({detail})",
    "the decoder did not finish within {seconds:g} s (stopped)":
        "le décodeur n'a pas fini en {seconds:g} s (arrêté)",
    "the decode worker did not start within {seconds:g} s":
        "le processus de décodage n'a pas démarré en {seconds:g} s",
    # Volume (MPR and 3D refused, status bar)
    "empty display set": "série d'affichage vide",
    "the slices cannot be decoded: {reason}": "les coupes ne peuvent pas être décodées : {reason}",
    "unknown error": "erreur inconnue",
    "colour images are shown as 2-D stacks, not volumes":
        "les images couleur s'affichent en piles 2D, pas en volumes",
    "needs a stack of at least 3 images": "il faut une pile d'au moins 3 images",
    "3D needs a stack of at least 3 images.": "La 3D demande une pile d'au moins 3 images.",
    # The key and mouse map (viewer.tools): the help (F1) and a reader's keymap.json that cannot be used
    "import files": "importer des fichiers",
    "import a folder or a CD": "importer un dossier ou un CD",
    "the file's window (again: the next one)": "fenêtrage du fichier (encore : le suivant)",
    "window presets": "préréglages de fenêtrage",
    "automatic window": "fenêtrage automatique",
    "invert": "inverser",
    "fit": "ajuster",
    "1:1": "1:1",
    "rotate 90°": "rotation 90°",
    "flip horizontally": "symétrie horizontale",
    "flip vertically": "symétrie verticale",
    "reset (first: drop the drawing, then the tool)": "réinitialiser (d'abord : abandonner le tracé, puis l'outil)",
    "cine": "ciné",
    "overlays": "informations",
    "key image": "image clé",
    "distance tool": "outil distance",
    "the image as its presentation state says (again: the next one)":
        "l'image selon son état de présentation (encore : le suivant)",
    "delete the measurement": "supprimer la mesure",
    "undo": "annuler",
    "redo": "rétablir",
    "save the findings as DICOM": "enregistrer les résultats en DICOM",
    "MPR": "MPR",
    "3D": "3D",
    "next viewport": "fenêtre suivante",
    "next stage of the hanging protocol": "étape suivante du protocole d'affichage",
    "previous stage of the hanging protocol": "étape précédente du protocole d'affichage",
    # Hanging protocols and priors (viewer.model.hanging, viewer.workstation.reading)
    "Hanging protocol {file} left out: {reason}": "Protocole d'affichage {file} ignoré : {reason}",
    "This study is not a prior of the open study": "Cet examen n'est pas un antérieur de l'examen ouvert",
    "A study of another patient cannot be shown as a prior": "L'examen d'un autre patient ne peut pas être affiché comme antérieur",
    "No archive is configured": "Aucune archive n'est configurée",
    "preferences": "préférences",
    "this help": "cette aide",
    "move through the images": "parcourir les coupes",
    "previous image": "image précédente",
    "next image": "image suivante",
    "10 images back": "10 images en arrière",
    "10 images on": "10 images en avant",
    "first image": "première image",
    "last image": "dernière image",
    "with a measuring tool: draw it; without: move the measurement under the pointer":
        "avec un outil de mesure : la tracer ; sans : déplacer la mesure sous le pointeur",
    "window/level": "fenêtrage",
    "zoom": "zoom",
    "pan": "déplacer",
    "move the shared point": "déplacer le point commun",
    "oblique planes": "plans obliques",
    "turn the volume": "tourner le volume",
    "opacity and brightness": "opacité et luminosité",
    "Images": "Images",
    "next study of the worklist": "examen suivant de la liste de travail",
    "previous study of the worklist": "examen précédent de la liste de travail",
    "next unread study": "examen non lu suivant",
    "go to the worklist": "aller à la liste de travail",
    "Unread": "Non lu",
    "Measuring": "Mesure",
    "Read": "Lu",
    "Reported": "Compte rendu",
    "Draft report": "Compte rendu en brouillon",
    "Preliminary report": "Compte rendu préliminaire",
    "Amended report": "Compte rendu amendé",
    "Being retrieved": "En cours de récupération",
    "MPR planes": "Plans MPR",
    "3D view": "Vue 3D",
    "Commands": "Commandes",
    "{keys}: {action}": "{keys} : {action}",
    "{file} is not readable JSON ({error}): the default keys apply":
        "{file} n'est pas un JSON lisible ({error}) : les touches par défaut s'appliquent",
    "{file} must hold sections of actions: the default keys apply":
        "{file} doit contenir des sections d'actions : les touches par défaut s'appliquent",
    "{file}: unknown section {name}": "{file} : section inconnue {name}",
    "{file}: unknown action {name} in {section}": "{file} : action inconnue {name} dans {section}",
    "{file}: {name} has a binding that is not a key or gesture":
        "{file} : {name} a une affectation qui n'est ni une touche ni un geste",
    # Files opened in place (cauri info, cauri render PATH)
    "same SOP instance as {other}; shown once": "même instance SOP que {other} ; affichée une seule fois",
    "dataset without file header could not be read": "jeu de données sans en-tête de fichier illisible",
    # Presentation states and SRs read back (notes on what is not applied or not shown)
    "a displayed area without its two corners is not applied":
        "une zone d'affichage sans ses deux coins n'est pas appliquée",
    "an empty displayed area is not applied": "une zone d'affichage vide n'est pas appliquée",
    "presentation size mode {mode} unknown: scaled to fit":
        "mode de taille de présentation {mode} inconnu : ajusté à la fenêtre",
    "a MAGNIFY displayed area without a valid ratio: scaled to fit":
        "zone d'affichage MAGNIFY sans facteur valide : ajustée à la fenêtre",
    "a VOI LUT table in the presentation state is unreadable":
        "une table VOI LUT de l'état de présentation est illisible",
    "graphic type {type} not shown": "type de graphique {type} non affiché",
    "a bitmap display shutter without its overlay plane is not applied":
        "un cache d'affichage bitmap sans son plan de superposition n'est pas appliqué",
    "a measurement with 3-D coordinates was skipped": "une mesure en coordonnées 3D a été ignorée",
    "measurement group '{group}' has 3-D coordinates only; not drawn on an image":
        "le groupe de mesures « {group} » n'a que des coordonnées 3D ; non dessiné sur une image",
    "measurement group '{group}' references no image; not shown on images":
        "le groupe de mesures « {group} » ne référence aucune image ; non affiché sur les images",
    "an object of series {number} cannot be read ({error})": "un objet de la série {number} est illisible ({error})",
    "a {kind} object could not be read ({error})": "un objet {kind} n'a pas pu être lu ({error})",
    # What a view shows (viewer.presentation): a TRUE SIZE area on a screen of unknown size (corner), and
    # the number keys' first choice, the file's own window (window menu)
    "True size unknown: scaled to fit": "Taille réelle inconnue : ajustée à la fenêtre",
    "File": "Fichier DICOM",
    # Stacks a series is split into (geometry.split_stacks) and plane names: the series list, the viewport's
    # series line and the split warning name them. The plane is an adjective of "plan" (le plan sagittal).
    "{parts}": "{parts}",
    "{value:trim}": "{value:trim}",
    "orientation {number} ({plane})": "orientation {number} ({plane})",
    "AXIAL": "axial",
    "CORONAL": "coronal",
    "SAGITTAL": "sagittal",
    "OBLIQUE": "oblique",
    "unknown": "inconnue",
    "stack {value}": "pile {value}",
    "echo {value}": "écho {value}",
    "echo time {value}": "temps d'écho {value}",
    "phase {value}": "phase {value}",
    "trigger time {value}": "temps de déclenchement {value}",
    "b-value {value}": "valeur b {value}",
    "acquisition {value}": "acquisition {value}",
    "image type {value}": "type d'image {value}",
    "volume {value}": "volume {value}",
    # Series that are not images (the dialog when one is opened) and the documents shown instead.
    "structured report": "compte rendu structuré (SR)",
    "presentation state": "état de présentation (GSPS)",
    "encapsulated PDF": "PDF encapsulé",
    "raw data / registration": "données brutes / recalage",
    "radiotherapy object": "objet de radiothérapie",
    "{what} ({sop})": "{what} ({sop})",
    "no instances": "aucune instance",
    "unreadable report ({error})": "compte rendu illisible ({error})",
    "unreadable PDF ({error})": "PDF illisible ({error})",
    "This series cannot be shown ({error})": "Cette série ne peut pas être affichée ({error})",
    "no PDF viewer on this computer; the document is at {path}":
        "aucun lecteur PDF sur cet ordinateur ; le document se trouve ici : {path}",
    "no document in this series": "aucun document dans cette série",
    # Series of the reading's own objects, in the study browser
    "Measurements": "Mesures",
    "Presentation states": "États de présentation",
    "Key images": "Images clés",
    "Structured report": "Compte rendu structuré",
    # Sending: instances whose UIDs Cauri derived stay here
    "{count} instance(s) not sent: Cauri derived their UIDs (the files have none, or invalid ones), and an "
    "archive must not take them for the originals":
        "{count} instance(s) non envoyée(s) : Cauri a dérivé leurs UID (les fichiers n'en ont pas, ou de non "
        "valides), et une archive ne doit pas les prendre pour les originaux",
    # Pixel data that cannot become an image (the codec's own words go to the log only)
    "the file has no pixel data (it is not an image, or the image was stripped)":
        "le fichier n'a pas de données d'image (ce n'est pas une image, ou l'image en a été retirée)",
    "the image data could not be decoded": "les données d'image n'ont pas pu être décodées",
    "the image is too large to decode in the memory available":
        "l'image est trop grande pour être décodée dans la mémoire disponible",
    "the image header is invalid: {attribute} is missing or wrong":
        "l'en-tête de l'image n'est pas valide : {attribute} manque ou est faux",
    "the image header is invalid": "l'en-tête de l'image n'est pas valide",
    "the pixel data is shorter than the image header says":
        "les données d'image sont plus courtes que ne l'annonce l'en-tête",
    "unknown transfer syntax {uid}": "syntaxe de transfert inconnue {uid}",
    "frame {frame} does not exist: the image has {n} {n:frame|frames}":
        "la trame {frame} n'existe pas : l'image a {n} {n:trame|trames}",
    "{syntax} is not supported: no decoder exists for it": "{syntax} n'est pas pris en charge : aucun décodeur n'existe",
    "{syntax} cannot be decoded on this installation (a decoder is missing)":
        "{syntax} ne peut pas être décodé sur cette installation (un décodeur manque)",
    "the {syntax} image data is damaged: no decoder could read it":
        "les données d'image {syntax} sont endommagées : aucun décodeur n'a pu les lire",
    "the pixel data is truncated: {have} bytes where {n} {n:frame|frames} of {columns} x {rows} need {need}":
        "les données d'image sont tronquées : {have} octets alors que {n} {n:trame|trames} de {columns} x {rows} "
        "en demandent {need}",
    "the PALETTE COLOR lookup tables are unusable": "les tables de couleurs PALETTE COLOR sont inutilisables",
    "the file is missing": "le fichier est introuvable",
    "the decode service is shut down": "le service de décodage est arrêté",
    "the decode service stopped": "le service de décodage s'est arrêté",
    "automatic registration is not part of this build: align the two views and use \"Sync here\"":
        "le recalage automatique n'est pas inclus dans cette version : alignez les deux vues et utilisez "
        "« Synchroniser ici »",
    # Theatre mode (issue 15): the patient side in big type, the content strip, the planning views
    "theatre mode (full screen, touch, read-only)": "mode théâtre (plein écran, tactile, lecture seule)",
    "RIGHT": "DROITE",
    "LEFT": "GAUCHE",
    "orientation unknown: no side shown": "orientation inconnue : aucun côté affiché",
    "Key image": "Image clé",
    "Report": "Compte rendu",
    "series {number}, image {index} of {count}": "série {number}, image {index} sur {count}",
    "{modality}, {n} {n:image|images}": "{modality}, {n} {n:image|images}",
    "the bone preset is for CT; this series is {modality}": "le préréglage osseux est pour le scanner ; cette série est {modality}",
    # De-identification and the second opinion abroad (viewer/distribute)
    "Basic profile (PS3.15 E.1)": "Profil de base (PS3.15 E.1)",
    "Second opinion (age, sex, weight, shifted dates)": "Avis externe (âge, sexe, poids, dates décalées)",
    "Research (device identity, same pseudonyms across exports)":
        "Recherche (identité des appareils, mêmes pseudonymes d'un export à l'autre)",
    "unknown de-identification profile {name} (known: {known})":
        "profil d'anonymisation inconnu : {name} (connus : {known})",
    "Burned In Annotation is YES": "Burned In Annotation (0028,0301) vaut YES",
    "secondary capture: text is often burned in": "capture secondaire : du texte est souvent incrusté",
    "{modality} images often carry burned-in text": "les images {modality} portent souvent du texte incrusté",
    "{modality} derived image: text may be burned in": "image {modality} dérivée : du texte peut être incrusté",
    "the pseudonym map cannot be read ({error})": "la table des pseudonymes est illisible ({error})",
    "no request opened here has this identifier; open the request package first":
        "aucune demande ouverte ici ne porte cet identifiant ; ouvrez d'abord le paquet de demande",
    "no such study in the cache": "examen absent du cache",
    "a file of the package cannot be filed ({reason}): nothing was imported":
        "un fichier du paquet ne peut pas être classé ({reason}) : rien n'a été importé",
    "{n} {n:file conflicts|files conflict} with the cache ({reason}): nothing was imported":
        "{n} {n:fichier est|fichiers sont} en conflit avec le cache ({reason}) : rien n'a été importé",
    "no such package: {path}": "paquet introuvable : {path}",
    "nothing to send: no image of the study was chosen": "rien à envoyer : aucune image de l'examen n'est choisie",
    "reply": "réponse",
    "request": "demande",
    "the answer is empty": "la réponse est vide",
    "the package cannot be read ({error})": "le paquet est illisible ({error})",
    "the package is damaged or incomplete ({error})": "le paquet est endommagé ou incomplet ({error})",
    "the package is damaged or incomplete: a file is missing": "le paquet est endommagé ou incomplet : un fichier manque",
    "the package is damaged: a DICOM file cannot be read ({error})":
        "le paquet est endommagé : un fichier DICOM est illisible ({error})",
    "the package is damaged: a file does not match its checksum":
        "le paquet est endommagé : un fichier ne correspond pas à sa somme de contrôle",
    "the password must have at least {n} characters": "le mot de passe doit compter au moins {n} caractères",
    "the reply refers to a study that was not part of the request: it was not imported":
        "la réponse concerne un examen qui ne faisait pas partie de la demande : elle n'a pas été importée",
    "the request's study is no longer in this cache; open the request package again":
        "l'examen de la demande n'est plus dans le cache ; ouvrez de nouveau le paquet de demande",
    "this file is not a Cauri second-opinion package": "ce fichier n'est pas un paquet d'avis externe Cauri",
    "this package is a {found}, not a {wanted}": "ce paquet est une {found}, pas une {wanted}",
    "this package was made by a newer Cauri; update Cauri to open it":
        "ce paquet vient d'une version plus récente de Cauri ; mettez Cauri à jour pour l'ouvrir",
    "this reply answers a request this workstation did not send (unknown pseudonym): it was not imported":
        "cette réponse concerne une demande qui n'est pas partie de ce poste (pseudonyme inconnu) : "
        "elle n'a pas été importée",
    "wrong password for this package": "mot de passe incorrect pour ce paquet",
    "{n} {n:file was|files were} refused by the cache: {reason}":
        "{n} {n:fichier refusé|fichiers refusés} par le cache : {reason}",
    "{n} {n:series may show|series may show} text burned into the pixels (such as the patient's name): black it out or confirm there is none":
        "{n} {n:série peut|séries peuvent} montrer du texte incrusté dans les pixels (comme le nom du patient) : "
        "masquez-le ou confirmez qu'il n'y en a pas",
    # Patient media (cauri export, Graver / Exporter)
    "cannot write in {path} (read-only, or no permission)":
        "impossible d'écrire dans {path} (lecture seule, ou pas d'autorisation)",
    "export cancelled; nothing was written": "export annulé ; rien n'a été écrit",
    "not enough space on {path}: the media was not written (nothing was left there)":
        "pas assez de place sur {path} : le support n'a pas été écrit (rien n'y a été laissé)",
    "nothing to write: no instance of the study can go on a disc ({why})":
        "rien à écrire : aucune instance de l'examen ne peut aller sur un disque ({why})",
    "nothing to write: the study has no instances": "rien à écrire : l'examen n'a aucune instance",
    "the ISO image could not be made ({reason})": "l'image ISO n'a pas pu être créée ({reason})",
    "the folder {path} does not exist": "le dossier {path} n'existe pas",
    "the folder {path} is not empty; choose an empty folder or a new name":
        "le dossier {path} n'est pas vide ; choisissez un dossier vide ou un nouveau nom",
    "the media could not be written ({reason})": "le support n'a pas pu être écrit ({reason})",
    "{path} already exists; choose another name": "{path} existe déjà ; choisissez un autre nom",
    "{path} exists and is not a folder": "{path} existe et n'est pas un dossier",
    "true size refused: the pixel spacing is unknown": "taille réelle refusée : la taille du pixel est inconnue",
    "true size refused: only Imager Pixel Spacing (at the detector), and no magnification factor is stated":
        "taille réelle refusée : seulement Imager Pixel Spacing (au niveau du détecteur), et aucun facteur "
        "d'agrandissement n'est indiqué",
    "true size refused: the pixel size is not known in the patient ({source})":
        "taille réelle refusée : la taille du pixel chez le patient n'est pas connue ({source})",
    "video cancelled; nothing was written": "vidéo annulée ; rien n'a été écrit",
    "the frames of a video must all have the same size": "les images d'une vidéo doivent toutes avoir la même taille",
    "no image to put in the video": "aucune image à mettre dans la vidéo",
    "cannot write {path} ({reason})": "impossible d'écrire {path} ({reason})",
    "{path} is not a portable Cauri build (no cauri program in it); build one with "
    "installers/build-portable.sh or give --viewer-from":
        "{path} n'est pas une version portable de Cauri (pas de programme cauri dedans) ; créez-la avec "
        "installers/build-portable.sh ou indiquez --viewer-from",
    # The report (compte rendu): printed banner, states, inserts, templates, storing, HL7 delivery
    "Patient": "Patient",
    "Patient ID": "ID patient",
    "Birth date": "Date de naissance",
    "Sex": "Sexe",
    "Study date": "Date de l'examen",
    "Accession number": "N° d'accès",
    "Study": "Examen",
    "Draft": "Brouillon",
    "Preliminary report (not signed)": "Compte rendu préliminaire (non signé)",
    "Final report": "Compte rendu validé",
    "Amended report (replaces the previous version)": "Compte rendu amendé (remplace la version précédente)",
    "Signed by {name} ({credentials}) on {date}": "Signé par {name} ({credentials}) le {date}",
    "Series {series}, image {image}": "Série {series}, image {image}",
    "series {series}, image {image}": "série {series}, image {image}",
    "Key images: {list}": "Images clés : {list}",
    "No previous study of this patient in the cache.": "Aucun examen antérieur de ce patient dans le cache.",
    "Compared with the study of {date} ({description}).": "Comparaison avec l'examen du {date} ({description}).",
    "Its conclusion: {text}": "Sa conclusion : {text}",
    "a report is stored as preliminary, final or amended": "un compte rendu est enregistré préliminaire, validé ou amendé",
    "a signed report cannot be changed: amend it": "un compte rendu signé ne se modifie pas : amendez-le",
    "an amendment is signed, not preliminary": "un amendement se signe, il n'est pas préliminaire",
    "only a signed report is amended": "seul un compte rendu signé peut être amendé",
    "this report has no section {key}": "ce compte rendu n'a pas de rubrique {key}",
    "this study's report was saved by a newer Cauri": "le compte rendu de cet examen a été enregistré par un Cauri plus récent",
    "set your name in Preferences (report profile) before signing":
        "indiquez votre nom dans les Préférences (profil du compte rendu) avant de signer",
    "the study has no image in the cache to write a report on": "l'examen n'a aucune image dans le cache pour y rattacher un compte rendu",
    "no report template {name}; known: {ids}": "pas de modèle de compte rendu {name} ; modèles connus : {ids}",
    "not a readable MRRT template ({error})": "modèle MRRT illisible ({error})",
    "not an MRRT template: no <section> in the file": "ce n'est pas un modèle MRRT : aucune <section> dans le fichier",
    "template file unreadable ({error})": "fichier de modèle illisible ({error})",
    "an HL7 message file cannot be read ({error})": "un fichier de message HL7 est illisible ({error})",
    "the HL7 receiver acknowledged another message": "le destinataire HL7 a acquitté un autre message",
    "the HL7 receiver asked to send again later ({code})": "le destinataire HL7 demande de renvoyer plus tard ({code})",
    "the HL7 receiver cannot be reached ({error})": "le destinataire HL7 est injoignable ({error})",
    "the HL7 receiver closed the connection before answering": "le destinataire HL7 a fermé la connexion sans répondre",
    "the HL7 receiver did not answer in time": "le destinataire HL7 n'a pas répondu à temps",
    "the HL7 receiver's answer is not an acknowledgement ({error})": "la réponse du destinataire HL7 n'est pas un acquittement ({error})",
    "the HL7 receiver's answer is too long": "la réponse du destinataire HL7 est trop longue",
    "the HL7 target is HOST:PORT (for example ris.hopital.bj:2575)": "la cible HL7 s'écrit HÔTE:PORT (par exemple ris.hopital.bj:2575)",
    "the video stream is damaged and cannot be decoded": "le flux vidéo est endommagé et ne peut pas être décodé",
    # Segmentations (SEG, RT Structure Sets)
    "segmentation": "segmentation",
    "the segmentation describes no segment": "la segmentation ne décrit aucun segment",
    "unreadable segmentation: {why}": "segmentation illisible : {why}",
    "the segmentation's frames have no position in the patient":
        "les images de la segmentation n'ont pas de position dans le patient",
    "voxel count x voxel volume": "nombre de voxels × volume du voxel",
    "contour areas x slice spacing": "surfaces des contours × espacement des coupes",
    "the images this segmentation was made on are not in this study":
        "les images sur lesquelles cette segmentation a été faite ne sont pas dans cet examen",
    # Fusion and RT Dose colourwash (dicom.scalar_volume, workstation.fusion)
    "not an RT Dose object": "pas un objet RT Dose",
    "this RT Dose has no dose grid": "ce RT Dose n'a pas de matrice de dose",
    "the Grid Frame Offset Vector does not match the number of frames":
        "le Grid Frame Offset Vector ne correspond pas au nombre d'images",
    "uneven dose planes: shown on a regular grid": "plans de dose irréguliers\u00a0: affichés sur une grille régulière",
    "relative dose (Dose Units {units}): the values are not in Gy":
        "dose relative (Dose Units {units})\u00a0: les valeurs ne sont pas en Gy",
    "no slices with a position to fuse": "aucune coupe avec une position à fusionner",
    "the slices differ in size": "les coupes n'ont pas toutes la même taille",
    "fusion needs SimpleITK, which this installation does not have":
        "la fusion demande SimpleITK, absent de cette installation",
    "the two series do not share a Frame of Reference": "les deux séries n'ont pas le même repère (Frame of Reference)",
    "could not fuse ({what})": "fusion impossible ({what})",
    "several frames at one position: the first of each is fused":
        "plusieurs images à une même position\u00a0: la première de chacune est fusionnée",
    "pinned by the reader": "épinglé par le lecteur",
    "key images": "images clés",
    "today's worklist": "liste de travail du jour",
    "images with UIDs made here (the archive cannot give them back)": "images aux UID créés ici (l'archive ne peut pas les rendre)",
    "the only copy known: imported or received here, never retrieved from nor sent to an archive":
        "seul exemplaire connu : importé ou reçu ici, jamais récupéré depuis une archive ni envoyé à une archive",
    "findings not sent": "constatations non envoyées",
    "report not sent": "compte rendu non envoyé",
    "open on screen": "ouvert à l'écran",
    "being retrieved": "en cours de récupération",
    "On the archive": "Sur l'archive",
    "the layer needs {need} of memory, more than the image memory budget ({limit}) can give; the budget is set in Preferences":
        "la couche demande {need} de mémoire, plus que la mémoire réservée aux images ({limit}) ne peut en donner ; elle se règle dans les Préférences",
    "MPR and 3D need {need} of memory for this series, more than the image memory budget ({limit}) can give: the series stays in 2D, every image at full resolution. The budget is set in Preferences.":
        "La MPR et la 3D demandent {need} de mémoire pour cette série, plus que la mémoire réservée aux images ({limit}) ne peut en donner : la série reste en 2D, chaque image en pleine résolution. Cette mémoire se règle dans les Préférences.",
    "{value:trim} GB": "{value:trim} Go",
    "{value} MB": "{value} Mo",
}

# Templates whose French is word for word the English (a list, a number, words French shares): listed so
# that the catalogue test tells them from an entry copied and never translated.
SAME_IN_FRENCH = frozenset({
    "{parts}", "{value:trim}", "orientation {number} ({plane})", "phase {value}", "acquisition {value}",
    "{what} ({sop})", "volume {value}", "1:1", "MPR", "3D", "zoom", "Images",
    "{modality}, {n} {n:image|images}",
    "{what} ({sop})", "volume {value}", "1:1", "MPR", "3D", "zoom", "Images", "Patient", "segmentation",
})
