/**
 * Joins a base URL and a path with exactly one slash between them and no doubled slashes inside
 * the path. KRA's own pages print `https://api.kra.go.ke//checker/v1/pinbypin`, and configured
 * bases come with or without a trailing slash (`…/etims-api/`), so every URL we build goes
 * through here.
 */
export function joinUrl(baseUrl: string, path: string): string {
  const url = new URL(baseUrl);
  const basePath = url.pathname.replace(/\/+$/, '');
  const cleanPath = path.replace(/\/{2,}/g, '/').replace(/^\/+/, '');
  url.pathname = cleanPath ? `${basePath}/${cleanPath}` : basePath || '/';
  url.pathname = url.pathname.replace(/\/{2,}/g, '/');
  return url.toString();
}

/** Returns the origin (`https://host[:port]`) of a URL, e.g. the OAuth host of a host-B base URL. */
export function originOf(url: string): string {
  return new URL(url).origin;
}
