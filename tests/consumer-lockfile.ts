/**
 * A lockfile for a fresh consumer stack, cut from this repository's own lockfile, so the
 * consumer test installs with `npm ci --offline` from the cache that `npm ci` filled here
 * (a plain `npm install` would ask the registry for package metadata the cache lacks).
 */

/** One `packages` entry of a lockfile (v3). */
interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dev?: boolean;
  devOptional?: boolean;
  [key: string]: unknown;
}

/** The fields of a package.json this needs. */
export interface Manifest {
  name: string;
  version?: string;
  license?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  bin?: Record<string, string>;
  engines?: Record<string, string>;
}

/** Where Node would find `name` when required from the package at `from` (a lockfile path, "" for the root). */
function locate(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  for (let at = from; ;) {
    const candidate = `${at ? `${at}/` : ""}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!at) return undefined;
    const i = at.lastIndexOf("/node_modules/");
    at = i < 0 ? "" : at.slice(0, i);
  }
}

/**
 * The consumer's lockfile: its own dependencies and this package's (from the tarball
 * `tarball` with `integrity`), with everything they need, at the versions locked here.
 */
export function consumerLockfile(
  repoLock: { packages: Record<string, LockEntry> },
  consumer: Manifest,
  pkg: Manifest,
  tarball: { filename: string; integrity: string },
): object {
  const out: Record<string, LockEntry> = {
    "": { name: consumer.name, dependencies: consumer.dependencies, devDependencies: consumer.devDependencies },
  };
  const queue: string[] = [];
  const want = (from: string, deps: Record<string, string> = {}, meta: LockEntry["peerDependenciesMeta"] = {}) => {
    for (const name of Object.keys(deps)) {
      if (meta[name]?.optional || name === pkg.name) continue;
      const at = locate(repoLock.packages, from, name);
      if (!at) throw new Error(`${name} (needed by ${from || "the consumer"}) is not in this repository's lockfile`);
      queue.push(at);
    }
  };
  want("", { ...consumer.dependencies, ...consumer.devDependencies, ...pkg.dependencies });
  while (queue.length > 0) {
    const at = queue.shift()!;
    if (out[at]) continue;
    const { dev: _dev, devOptional: _devOptional, ...entry } = repoLock.packages[at];
    out[at] = entry;
    want(at, entry.dependencies);
    want(at, entry.optionalDependencies);
    want(at, entry.peerDependencies, entry.peerDependenciesMeta);
  }
  out[`node_modules/${pkg.name}`] = {
    version: pkg.version,
    resolved: `file:${tarball.filename}`,
    integrity: tarball.integrity,
    license: pkg.license,
    dependencies: pkg.dependencies,
    peerDependencies: pkg.peerDependencies,
    peerDependenciesMeta: pkg.peerDependenciesMeta,
    bin: pkg.bin,
    engines: pkg.engines,
  };
  return { name: consumer.name, lockfileVersion: 3, requires: true, packages: out };
}
