; Cauri's Windows installer (Inno Setup 6). It installs the portable build dist\cauri\ made by
; installers\build-portable.ps1, which also runs this script:  build-portable.ps1 -Installer
;   (by hand: iscc /DAppVersion=0.1.0 installers\windows\cauri.iss  ->  dist\cauri-0.1.0-setup.exe)
;
; Silent install for IT (every user of the machine, no question asked):
;   cauri-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /ALLUSERS
;       [/DIR="D:\Cauri"] [/TASKS="desktopicon"] [/LOG="C:\Windows\Temp\cauri-install.log"]
;       [/MACHINESETTINGS="\\serveur\deploiement\cauri-settings.json"]
;   /MACHINESETTINGS copies that file to %ProgramData%\Cauri\settings.json: the machine's defaults (AE title,
;   storage port, archives, language, cache folder and size; "setup_done": true skips the first-run wizard).
; Silent uninstall:  "C:\Program Files\Cauri\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES [/REMOVECACHE]
;   The study cache, settings and logs (%LOCALAPPDATA%\Cauri of the user who uninstalls) are kept unless
;   /REMOVECACHE is given or, uninstalling by hand, the reader answers yes. A cache moved elsewhere (the
;   wizard's folder) and %ProgramData%\Cauri (IT's file) are never removed.

#ifndef VariantSuffix
  #define VariantSuffix ""
#endif
#ifndef AppVersion
  #error Give the version: iscc /DAppVersion=X.Y.Z cauri.iss (build-portable.ps1 -Installer reads pyproject.toml)
#endif

[Setup]
AppId={{4F0C7C8E-2B1A-4C52-9E7D-CA0B1A170017}
AppName=Cauri
AppVersion={#AppVersion}
AppPublisher=Cauri
AppComments=Poste de lecture DICOM / DICOM reading workstation
DefaultDirName={autopf}\Cauri
DefaultGroupName=Cauri
DisableProgramGroupPage=yes
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=cauri-{#AppVersion}{#VariantSuffix}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\cauri.exe
UninstallDisplayName=Cauri {#AppVersion}
ShowLanguageDialog=auto

[Languages]
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
fr.RemoveCacheQuestion=Supprimer aussi le cache d'examens, les réglages et les journaux de Cauri de cet utilisateur ?%n%nNon : ils restent et serviront si Cauri est réinstallé.
en.RemoveCacheQuestion=Also delete this user's Cauri study cache, settings and logs?%n%nNo: they stay, for a reinstall.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\cauri\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Cauri"; Filename: "{app}\cauri.exe"
Name: "{autodesktop}\Cauri"; Filename: "{app}\cauri.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\cauri.exe"; Description: "{cm:LaunchProgram,Cauri}"; Flags: nowait postinstall skipifsilent

[Code]
function ParamGiven(const Name: string): Boolean;
var I: Integer;
begin
  Result := False;
  for I := 1 to ParamCount do
    if CompareText(ParamStr(I), Name) = 0 then
    begin
      Result := True;
      Exit;
    end;
end;

function ParamValue(const Name: string): string;
var I: Integer;
    Prefix: string;
begin
  Result := '';
  Prefix := Name + '=';
  for I := 1 to ParamCount do
    if CompareText(Copy(ParamStr(I), 1, Length(Prefix)), Prefix) = 0 then
    begin
      Result := RemoveQuotes(Copy(ParamStr(I), Length(Prefix) + 1, MaxInt));
      Exit;
    end;
end;

procedure CurStepChanged(CurStep: TSetupStep);
var Source, Target: string;
begin
  if CurStep = ssPostInstall then
  begin
    Source := ParamValue('/MACHINESETTINGS');
    if Source <> '' then
    begin
      Target := ExpandConstant('{commonappdata}\Cauri\settings.json');
      ForceDirectories(ExtractFileDir(Target));
      if FileCopy(Source, Target, False) then
        Log('machine settings installed: ' + Target)
      else
        Log('machine settings NOT installed: cannot copy ' + Source);
    end;
  end;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var Remove: Boolean;
begin
  if CurUninstallStep = usPostUninstall then
  begin
    Remove := ParamGiven('/REMOVECACHE');
    if (not Remove) and (not UninstallSilent) then
      Remove := MsgBox(CustomMessage('RemoveCacheQuestion'), mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
    if Remove then
      DelTree(ExpandConstant('{localappdata}\Cauri'), True, True, True);
  end;
end;
