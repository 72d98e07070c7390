//! Whether a workspace is an Electron app ipcls should serve: it has `.proto` files, an
//! `ipcls.toml`, or a `package.json` that depends on `electron`. Pure over file texts.

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];

/** Packages that mean "this is an Electron app" when a package.json depends on them. */
const ELECTRON_PACKAGES = ['electron', 'electron-nightly'];

/** Whether a `package.json` text declares an Electron dependency; a broken file does not. */
export function dependsOnElectron(packageJson: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(packageJson);
  } catch {
    return false;
  }
  if (!parsed || typeof parsed !== 'object') return false;
  const pkg = parsed as Record<string, unknown>;
  return DEPENDENCY_FIELDS.some((field) => {
    const deps = pkg[field];
    return !!deps && typeof deps === 'object' && ELECTRON_PACKAGES.some((p) => p in (deps as object));
  });
}

/** The evidence that decides whether to start the server, as found in the workspace. */
export interface WorkspaceEvidence {
  protoFiles: number;
  hasConfigFile: boolean;
  packageJsons: { path: string; text: string }[];
}

/** Why the server should start, or `undefined` when nothing says this is an Electron app. */
export function reasonToStart(e: WorkspaceEvidence): string | undefined {
  if (e.hasConfigFile) return 'ipcls.toml found';
  const electron = e.packageJsons.find((p) => dependsOnElectron(p.text));
  if (electron) return `${electron.path} depends on electron`;
  if (e.protoFiles > 0) return `${e.protoFiles} .proto file${e.protoFiles === 1 ? '' : 's'} found`;
  return undefined;
}
