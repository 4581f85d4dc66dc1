/** An image platform: `linux/amd64`, `linux/arm64/v8`, `windows/amd64`. */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export function parsePlatform(text: string): Platform | undefined {
  const [os, architecture, variant] = text.trim().toLowerCase().split('/');
  if (!os || !architecture) return undefined;
  return variant ? { os, architecture, variant } : { os, architecture };
}

const NODE_ARCH: Record<string, Platform> = {
  x64: { os: 'linux', architecture: 'amd64' },
  arm64: { os: 'linux', architecture: 'arm64', variant: 'v8' },
  arm: { os: 'linux', architecture: 'arm', variant: 'v7' },
  ia32: { os: 'linux', architecture: '386' },
  ppc64: { os: 'linux', architecture: 'ppc64le' },
  s390x: { os: 'linux', architecture: 's390x' },
  riscv64: { os: 'linux', architecture: 'riscv64' },
};

/** The platform a build on this machine targets by default: Linux containers, even on macOS and Windows hosts. */
export function hostPlatform(): Platform {
  return NODE_ARCH[process.arch] ?? { os: 'linux', architecture: process.arch };
}

export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter((s) => s !== undefined).join('/');
}

/** The entry of an image index for `wanted`: same OS and architecture, and the variant when both name one. */
export function choosePlatform<T extends { platform?: { os?: string; architecture?: string; variant?: string } }>(
  entries: readonly T[],
  wanted: Platform,
): T | undefined {
  const fits = entries.filter((e) => e.platform?.os === wanted.os && e.platform.architecture === wanted.architecture);
  return fits.find((e) => wanted.variant === undefined || e.platform?.variant === undefined || e.platform.variant === wanted.variant) ?? undefined;
}
