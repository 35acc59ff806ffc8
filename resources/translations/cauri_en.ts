<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
  <context>
    <name>BlackoutDialog</name>
    <message numerus="yes">
      <location filename="../../viewer/ui/blackout_dialog.py" line="119" />
      <source>%n region(s) blacked out</source>
      <translation>
        <numerusform>%n region blacked out</numerusform>
        <numerusform>%n regions blacked out</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>CacheActions</name>
    <message numerus="yes">
      <location filename="../../viewer/ui/cache_actions.py" line="61" />
      <source>The cache is over its limit: %n protected study(ies) wait for your confirmation (Free the space, in the study list).</source>
      <translation>
        <numerusform>The cache is over its limit: %n protected study waits for your confirmation (Free the space, in the study list).</numerusform>
        <numerusform>The cache is over its limit: %n protected studies wait for your confirmation (Free the space, in the study list).</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../viewer/ui/cache_actions.py" line="65" />
      <source>Cache limit: %n study(ies) left for the archive.</source>
      <translation>
        <numerusform>Cache limit: %n study left for the archive.</numerusform>
        <numerusform>Cache limit: %n studies left for the archive.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>FindingsDock</name>
    <message numerus="yes">
      <location filename="../../viewer/ui/findings_dock.py" line="76" />
      <source>Findings saved as DICOM (%n object(s))</source>
      <translation>
        <numerusform>Findings saved as DICOM (%n object)</numerusform>
        <numerusform>Findings saved as DICOM (%n objects)</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>JobStatus</name>
    <message numerus="yes">
      <location filename="../../viewer/ui/job_status.py" line="112" />
      <source>Disc read in place (not imported): %n image(s)</source>
      <translation>
        <numerusform>Disc read in place (not imported): %n image</numerusform>
        <numerusform>Disc read in place (not imported): %n images</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../viewer/ui/job_status.py" line="146" />
      <source>Sent %n image(s)</source>
      <translation>
        <numerusform>Sent %n image</numerusform>
        <numerusform>Sent %n images</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../viewer/ui/job_status.py" line="168" />
      <source>Study complete: %n image(s)</source>
      <translation>
        <numerusform>Study complete: %n image</numerusform>
        <numerusform>Study complete: %n images</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>MediaExport</name>
    <message numerus="yes">
      <location filename="../../viewer/ui/media_dialog.py" line="153" />
      <source>%n series may show text burned into the pixels (%1), such as the patient's name: de-identification cannot remove it. Export anyway?</source>
      <translation>
        <numerusform>%n series may show text burned into the pixels (%1), such as the patient's name: de-identification cannot remove it. Export anyway?</numerusform>
        <numerusform>%n series may show text burned into the pixels (%1), such as the patient's name: de-identification cannot remove it. Export anyway?</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../viewer/ui/media_dialog.py" line="225" />
      <source>Written: %1 (%n image(s))</source>
      <translation>
        <numerusform>Written: %1 (%n image)</numerusform>
        <numerusform>Written: %1 (%n images)</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>PictureDialog</name>
    <message numerus="yes">
      <location filename="../../viewer/ui/picture_dialog.py" line="102" />
      <source>Cine saved: %1 (%n image(s))</source>
      <translation>
        <numerusform>Cine saved: %1 (%n image)</numerusform>
        <numerusform>Cine saved: %1 (%n images)</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>PriorsPanel</name>
    <message numerus="yes">
      <location filename="../../viewer/ui/priors_panel.py" line="43" />
      <source>%n prior(s) of this patient:</source>
      <translation>
        <numerusform>%n prior of this patient:</numerusform>
        <numerusform>%n priors of this patient:</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>SecondOpinionDialog</name>
    <message numerus="yes">
      <location filename="../../viewer/ui/second_opinion_dialog.py" line="71" />
      <source>%n image(s)</source>
      <translation>
        <numerusform>%n image</numerusform>
        <numerusform>%n images</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>StudyBrowser</name>
    <message numerus="yes">
      <location filename="../../viewer/ui/study_browser.py" line="274" />
      <location filename="../../viewer/ui/study_browser.py" line="375" />
      <source>%n study(ies)</source>
      <translation>
        <numerusform>%n study</numerusform>
        <numerusform>%n studies</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../viewer/ui/study_browser.py" line="498" />
      <source>%n segment(s)</source>
      <translation>
        <numerusform>%n segment</numerusform>
        <numerusform>%n segments</numerusform>
      </translation>
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
        <numerusform>%n object</numerusform>
        <numerusform>%n objects</numerusform>
      </translation>
    </message>
  </context>
</TS>