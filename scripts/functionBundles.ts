/** Builds the deployable function folders; see scripts/build-functions.ts for what each holds. */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { modelsLock } from '../cloudfunctions/photo/models/lock';

export const ROOT = path.resolve(__dirname, '..');
export const FUNCTIONS_OUT = path.join(ROOT, 'build', 'functions');
const ENTRIES = path.join(ROOT, 'cloudfunctions', 'functions', 'deploy', 'entries');

/**
 * Packages left to npm: native code and wasm (with files found next to the code at run time), and the
 * engine's tfjs family, which must be one instance for the wasm backend to register with the core.
 */
const EXTERNAL = ['sharp', 'better-sqlite3', '@tensorflow/*', '@tensorflow-models/*', 'pdfkit'];
/** Only the `local` adapter set uses these: never installed on CloudBase, supplied by the dry-run. */
export const LOCAL_ONLY = ['better-sqlite3'];

/** The WeChat open APIs (云调用) each function may call, for its config.json. */
const OPEN_APIS: Record<string, string[]> = {
  student: ['subscribeMessage.send', 'phonenumber.getPhoneNumber'],
  review: ['subscribeMessage.send'],
  school: ['wxacode.getUnlimited', 'subscribeMessage.send'],
  ops: ['subscribeMessage.send'],
  payNotify: ['subscribeMessage.send'],
  timers: ['subscribeMessage.send'],
};

export interface BundleManifest {
  name: string;
  dir: string;
  dependencies: Record<string, string>;
  localOnlyDependencies: Record<string, string>;
  /** The CJK font shipped for the print sheet (school). */
  font?: string | undefined;
}

/** The deployed functions, by their entry files. */
export function functionNames(): string[] {
  return fs
    .readdirSync(ENTRIES)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => file.slice(0, -3))
    .sort();
}

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function installedVersion(pkg: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

/** The external packages the bundle actually requires, with the exact versions installed here. */
function externalPackages(metafile: Metafile): Record<string, string> {
  const packages = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const { path: specifier, external } of output.imports) {
      if (!external || specifier.startsWith('node:') || builtinModules.includes(packageOf(specifier))) continue;
      packages.add(packageOf(specifier));
    }
  }
  return Object.fromEntries([...packages].sort().map((pkg) => [pkg, installedVersion(pkg)]));
}

function copyModels(target: string): void {
  const source = process.env.GRADPHOTO_MODELS_DIR ?? path.join(ROOT, '.models');
  fs.mkdirSync(target, { recursive: true });
  for (const [file, expected] of Object.entries(modelsLock.files)) {
    const data = fs.readFileSync(path.join(source, file));
    if (createHash('sha256').update(data).digest('hex') !== expected) throw new Error(`model ${file} does not match models.lock.json: run npm run models:install`);
    fs.writeFileSync(path.join(target, file), data);
  }
}

/**
 * The school function's print sheet captions need a CJK font, and the CloudBase runtime has none: the
 * first one found (GRADPHOTO_CJK_FONT_SOURCE, else the Debian/Ubuntu packages printFont.ts knows) is
 * copied into `fonts/` with its face name; without one the sheet prints numbers only.
 */
function copyPrintFont(target: string): string | undefined {
  const candidates = [
    ...(process.env.GRADPHOTO_CJK_FONT_SOURCE ? [{ path: process.env.GRADPHOTO_CJK_FONT_SOURCE, family: process.env.GRADPHOTO_CJK_FONT_FAMILY }] : []),
    { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
    { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  ];
  const font = candidates.find((candidate) => fs.existsSync(candidate.path));
  if (!font) return undefined;
  fs.mkdirSync(target, { recursive: true });
  const file = path.basename(font.path);
  fs.copyFileSync(font.path, path.join(target, file));
  fs.writeFileSync(path.join(target, 'font.json'), `${JSON.stringify({ file, family: font.family })}\n`);
  return file;
}

export async function buildFunction(name: string): Promise<BundleManifest> {
  const dir = path.join(FUNCTIONS_OUT, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const result = await build({
    entryPoints: [path.join(ENTRIES, `${name}.ts`)],
    outfile: path.join(dir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: EXTERNAL,
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'error',
  });
  const all = externalPackages(result.metafile);
  const dependencies = Object.fromEntries(Object.entries(all).filter(([pkg]) => !LOCAL_ONLY.includes(pkg)));
  const localOnlyDependencies = Object.fromEntries(Object.entries(all).filter(([pkg]) => LOCAL_ONLY.includes(pkg)));
  const manifest = {
    name: `gradphoto-${name.toLowerCase()}`,
    version: '0.1.0',
    private: true,
    description: `GradPhoto cloud function ${name} (built by scripts/build-functions.ts; do not edit)`,
    main: 'index.js',
    engines: { node: '>=20.19' },
    dependencies,
    gradphoto: { localOnlyDependencies },
  };
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'config.json'), `${JSON.stringify({ permissions: { openapi: OPEN_APIS[name] ?? [] } }, null, 2)}\n`);
  if (name === 'imaging') copyModels(path.join(dir, 'models'));
  const font = name === 'school' ? copyPrintFont(path.join(dir, 'fonts')) : undefined;
  return { name, dir, dependencies, localOnlyDependencies, font };
}

export async function buildFunctions(only?: string[]): Promise<BundleManifest[]> {
  const names = functionNames().filter((name) => !only || only.includes(name));
  const unknown = (only ?? []).filter((name) => !functionNames().includes(name));
  if (unknown.length) throw new Error(`unknown functions: ${unknown.join(', ')}`);
  fs.mkdirSync(FUNCTIONS_OUT, { recursive: true });
  const built: BundleManifest[] = [];
  for (const name of names) built.push(await buildFunction(name));
  return built;
}
